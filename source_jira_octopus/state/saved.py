"""The saved state of one stream, version 2, and the migration from the foundation's single value.

    {"state_version": 2,
     "partitions": {"PROJ": {"cursor": "2026-11-20T12:00:00+00:00"}},       # incremental: next lower bound per partition
     "sync": {"started_at": "2026-11-21T08:00:00+00:00",                     # only while a sync is unfinished:
              "finished": ["OPS"],                                           #   partitions it completed
              "done": {"PROJ": [[null, 1700000000000], [1700000000000, 1710000000000]]}}}  # and windows of the rest

A partition's cursor is the start of the sync that last completed it (server clock), never the newest record seen:
an edit made while we page comes back next time. `*` is the site-wide partition; its cursor also stands for any
partition that has none of its own (the foundation's state, and a project added to a filter that covered it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pendulum
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.slice_keys import Window

STATE_VERSION = 2
SITE_WIDE = "*"
LEGACY_CURSOR_FIELD = "updated"  # the foundation saved `{"updated": "<sync start>"}` for jira_issues


@dataclass
class SavedState:
    cursors: dict[str, datetime] = field(default_factory=dict)
    sync_started_at: datetime | None = None
    finished: set[str] = field(default_factory=set)
    done: dict[str, list[Window]] = field(default_factory=dict)

    def cursor(self, partition: str) -> datetime | None:
        return self.cursors.get(partition) or self.cursors.get(SITE_WIDE)

    def to_json(self) -> dict[str, Any]:
        state: dict[str, Any] = {"state_version": STATE_VERSION}
        if self.cursors:
            state["partitions"] = {key: {"cursor": _iso(value)} for key, value in sorted(self.cursors.items())}
        if self.sync_started_at is not None:
            state["sync"] = {
                "started_at": _iso(self.sync_started_at),
                "finished": sorted(self.finished),
                "done": {
                    key: [list(window) for window in windows] for key, windows in sorted(self.done.items()) if windows
                },
            }
        return state


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
    sync = raw.get("sync")
    if not sync:
        return SavedState(cursors=cursors)
    done = {str(key): [_window(pair) for pair in windows] for key, windows in (sync.get("done") or {}).items()}
    return SavedState(cursors, _parse_time(sync["started_at"]), {str(key) for key in sync.get("finished") or []}, done)


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
