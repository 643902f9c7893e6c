"""The saved state of one stream, version 2, and the migration from older shapes.

    {"state_version": 2,
     "partitions": {"PROJ": {"cursor": "2026-11-20T12:00:00+00:00"}},       # incremental: next lower bound per partition
     "sync": {"started_at": "2026-11-21T08:00:00+00:00",                     # only while a sync is unfinished:
              "finished": ["OPS"],                                           #   partitions it completed,
              "done": {"PROJ": [[null, 1710000000000]]},                     #   spans of windows of the rest,
              "reached": {"PROJ": [[1710000000000, null, 10467]],            #   and where a window in progress is:
                          "Spaces-1": [[null, null, [60, "Deployments-9"]]]}}}  # saved after every page

A stream that re-reads everything every few days (the per-issue children with `per_issue_children_updated_only`)
also keeps `"full_read_at"` (when the last complete full re-read began) and, while one is unfinished,
`sync.full_read_started`; both on the connector's clock, since they only measure days between syncs.

`done` spans are merged as windows complete, so the state stays small while it is written after every page.
`reached` holds a position per window in progress (`[null, null]` for a partition not cut into windows): an issue
window's last issue id read (resume with `id > N`), an Octopus newest-first list's next `skip` and the last `Id` read.
A state without `reached` (written before per-page progress) simply resumes those windows from their start.

A partition's cursor is the start of the sync that last completed it (server clock), never the newest record seen:
an edit made while we page comes back next time. `*` is the site-wide partition; its cursor also stands for any
partition that has none of its own (the foundation's state, and a project added to a filter that covered it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pendulum
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.slice_keys import Window

Position = Any  # a JSON value the stream that saved it understands (slice_keys.RESUME_AFTER)

STATE_VERSION = 2
SITE_WIDE = "*"
LEGACY_CURSOR_FIELD = "updated"  # the foundation saved `{"updated": "<sync start>"}` for jira_issues


@dataclass
class SavedState:
    cursors: dict[str, datetime] = field(default_factory=dict)
    sync_started_at: datetime | None = None
    finished: set[str] = field(default_factory=set)
    done: dict[str, list[Window]] = field(default_factory=dict)
    reached: dict[str, dict[Window, Position]] = field(default_factory=dict)
    full_read_at: datetime | None = None  # the start of the last completed full re-read
    full_read_started: datetime | None = None  # the start of the full re-read this unfinished sync is

    def mark_done(self, partition: str, window: Window) -> None:
        """The window is complete: it joins the partition's done spans (merged with those it touches)."""
        self.reached.get(partition, {}).pop(window, None)
        if not self.reached.get(partition, True):
            del self.reached[partition]
        self.done[partition] = merged([*self.done.get(partition, []), window])

    def is_done(self, partition: str, window: Window) -> bool:
        return any(_covers(span, window) for span in self.done.get(partition, []))

    def cursor(self, partition: str) -> datetime | None:
        return self.cursors.get(partition) or self.cursors.get(SITE_WIDE)

    def to_json(self) -> dict[str, Any]:
        state: dict[str, Any] = {"state_version": STATE_VERSION}
        if self.cursors:
            state["partitions"] = {key: {"cursor": _iso(value)} for key, value in sorted(self.cursors.items())}
        if self.full_read_at is not None:
            state["full_read_at"] = _iso(self.full_read_at)
        if self.sync_started_at is not None:
            state["sync"] = {
                "started_at": _iso(self.sync_started_at),
                "finished": sorted(self.finished),
                "done": {
                    key: [list(window) for window in windows] for key, windows in sorted(self.done.items()) if windows
                },
            }
            reached = {
                key: [[*window, position] for window, position in sorted(positions.items(), key=_window_order)]
                for key, positions in sorted(self.reached.items())
                if positions
            }
            if reached:
                state["sync"]["reached"] = reached
            if self.full_read_started is not None:
                state["sync"]["full_read_started"] = _iso(self.full_read_started)
        return state


def merged(windows: list[Window]) -> list[Window]:
    """Windows that touch or overlap become one span: `[[0, 5], [5, 9]]` -> `[[0, 9]]`."""
    spans: list[list[float]] = []
    for low, high in sorted((_low(w), _high(w)) for w in windows):
        if spans and low <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], high)
        else:
            spans.append([low, high])
    return [(None if math.isinf(low) else int(low), None if math.isinf(high) else int(high)) for low, high in spans]


def _low(window: Window) -> float:
    return -math.inf if window[0] is None else window[0]


def _high(window: Window) -> float:
    return math.inf if window[1] is None else window[1]


def _covers(span: Window, window: Window) -> bool:
    return _low(span) <= _low(window) and _high(window) <= _high(span)


def _window_order(item: tuple[Window, Position]) -> tuple[float, float]:
    return (_low(item[0]), _high(item[0]))


def legacy_cursor_field(stream: str) -> str | None:
    """The field of the foundation's single-value state, for the one stream that had one."""
    return LEGACY_CURSOR_FIELD if stream == "jira_issues" else None


def parse_saved_state(stream: str, raw: Mapping[str, Any] | None, legacy_cursor_field: str | None = None) -> SavedState:
    """Reads version 2, migrates `{"updated": "<iso>"}` (the foundation's shape), and names the stream when the
    state is malformed instead of failing later with an AttributeError."""
    if not raw:
        return SavedState()
    try:
        if raw.get("state_version") == STATE_VERSION:
            return _parse_v2(raw)
        if legacy_cursor_field and legacy_cursor_field in raw:
            return SavedState(cursors={SITE_WIDE: _parse_time(raw[legacy_cursor_field])})
        if raw.get("__ab_full_refresh_sync_complete") or raw.get("__ab_no_cursor_state_message"):
            return SavedState()
    except (TypeError, ValueError, AttributeError, KeyError, pendulum.parsing.exceptions.ParserError) as error:
        raise _malformed(stream, raw, str(error)) from None
    raise _malformed(stream, raw, "it has neither state_version 2 nor a known older shape")


def _parse_v2(raw: Mapping[str, Any]) -> SavedState:
    cursors = {str(key): _parse_time(value["cursor"]) for key, value in (raw.get("partitions") or {}).items()}
    full_read_at = _parse_time(raw["full_read_at"]) if raw.get("full_read_at") is not None else None
    sync = raw.get("sync")
    if not sync:
        return SavedState(cursors=cursors, full_read_at=full_read_at)
    done = {str(key): [_window(pair) for pair in windows] for key, windows in (sync.get("done") or {}).items()}
    reached = {
        str(key): {_window(entry[:2]): _position(entry) for entry in entries}
        for key, entries in (sync.get("reached") or {}).items()
    }
    finished = {str(key) for key in sync.get("finished") or []}
    started = sync.get("full_read_started")
    full_read_started = _parse_time(started) if started is not None else None
    return SavedState(
        cursors, _parse_time(sync["started_at"]), finished, done, reached, full_read_at, full_read_started
    )


def _position(entry: Any) -> Position:
    if not isinstance(entry, list) or len(entry) != 3 or entry[2] is None:
        raise ValueError(f"a position in progress is [from, to, position], not {entry!r}")
    return entry[2]


def _window(pair: Any) -> Window:
    low, high = pair
    for bound in (low, high):
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
            raise ValueError(f"window bounds must be epoch milliseconds or null, not {pair!r}")
    if low is not None and high is not None and low >= high:
        raise ValueError(f"a window must end after it starts, not {pair!r}")
    return (low, high)


def _parse_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"a cursor must be an RFC 3339 timestamp string, not {value!r}")
    parsed = pendulum.parse(value)  # also Jira's and Airbyte source-jira's `-0800` offsets
    if not isinstance(parsed, pendulum.DateTime):
        raise ValueError(f"a cursor must be a date and time, not {value!r}")
    return datetime.fromtimestamp(parsed.timestamp(), tz=UTC)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def _malformed(stream: str, raw: Mapping[str, Any], reason: str) -> AirbyteTracedException:
    shown = str(dict(raw))[:200]
    return AirbyteTracedException(
        message=f"The saved state of stream {stream} cannot be read ({reason}): {shown}. Reset the stream's state "
        f"(in Airbyte: the connection's Settings > Clear data for {stream}) or pass a state this connector emitted.",
        internal_message=f"malformed state for {stream}: {reason}",
        failure_type=FailureType.config_error,
    )
