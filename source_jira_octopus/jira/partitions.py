"""Issue-search partitions: one key per configured project (or the whole site), each cut into `created` windows.

`created` never changes, so a window's membership is fixed while we page; `updated` keeps only its lower bound
(DESIGN.md §4). Windows are sized from three cheap probes per key, sent side by side - the earliest and the latest
`created` in the result and the number of issues - so that `max_concurrent_requests` pages are in flight most of the
time, and a large read is cut finely enough that a killed sync loses little. The windows divide the span from the
earliest to the latest `created`, not to now: issues that stopped being created months ago (an archived project, an
incremental read of old issues) would otherwise leave the last windows empty and their workers idle while the
others read twice their share of pages one after another. A resumed sync splits only what its saved windows do not
cover; a window it had partly read keeps its bounds and resumes after the last issue id read (`AND id > N`: pages
are in id order, so every issue after N is still ahead).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.checkpoints import StreamCheckpoint
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.jira.base import JiraContext
from source_jira_octopus.jira.search_end import search_end
from source_jira_octopus.slice_keys import PARTITION, RESUME_AFTER, WINDOW_FROM, WINDOW_TO, Window
from source_jira_octopus.state.saved import SITE_WIDE

JQL = "jql"
# a key's `created` window boundaries, and Cloud's probe response (its `Date` places the search's end bound)
Probed = tuple[list[int], requests.Response | None]
# (project key, lower bound, plan it) -> what it probed, planned once for every stream of a read that asks
SharedPlan = Callable[[str, datetime, Callable[[], Probed]], Probed]
PAGES_PER_WINDOW_AT_SCALE = 50  # a large read gets a window (and a checkpoint) every ~50 pages


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def issue_jql(
    updated_from: datetime,
    project: str | None,
    window: Window,
    after_id: int | None = None,
    updated_to: datetime | None = None,
) -> str:
    """Epoch milliseconds are absolute; a formatted date would be read in the Jira user's time zone. `after_id`: the
    last issue id an interrupted sync read in this window (Jira JQL compares `id` numerically). `updated_to`: the
    end bound of a token-paged search (jira/search_end.py)."""
    clauses = [f"updated >= {epoch_ms(updated_from)}"]
    if updated_to is not None:
        clauses.append(f"updated <= {epoch_ms(updated_to)}")
    if project is not None:
        clauses.append(f'project = "{project}"')
    if window[0] is not None:
        clauses.append(f"created >= {window[0]}")
    if window[1] is not None:
        clauses.append(f"created < {window[1]}")
    if after_id is not None:
        clauses.append(f"id > {after_id}")
    return " AND ".join(clauses) + " ORDER BY id ASC"


def last_issue_id(issues: list[Any]) -> int | None:
    """The position a page of an id-ordered window reached: its highest issue id (None if an id is not a number)."""
    ids: list[int] = []
    for issue in issues:
        value = issue.get("id") if isinstance(issue, dict) else None
        if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).isdigit():
            return None
        ids.append(int(value))
    return max(ids, default=None)


def remaining(done: list[Window]) -> list[Window]:
    """The parts of (-inf, +inf) that the saved windows do not cover."""
    spans = sorted((-math.inf if low is None else low, math.inf if high is None else high) for low, high in done)
    gaps: list[tuple[float, float]] = []
    reached = -math.inf
    for low, high in spans:
        if low > reached:
            gaps.append((reached, low))
        reached = max(reached, high)
    if reached < math.inf:
        gaps.append((reached, math.inf))
    return [(_bound(low), _bound(high)) for low, high in gaps]


def _bound(value: float) -> int | None:
    return None if math.isinf(value) else int(value)


def split(gap: Window, boundaries: list[int]) -> list[Window]:
    inside = [b for b in boundaries if (gap[0] is None or b > gap[0]) and (gap[1] is None or b < gap[1])]
    edges: list[int | None] = [gap[0], *inside, gap[1]]
    return [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]


def window_count(issues: int | None, page_size: int, workers: int) -> int:
    """Enough windows to keep every worker busy, never more windows than pages; one per ~50 pages at scale."""
    if issues is None:
        return workers
    pages = math.ceil(issues / page_size)
    return max(1, min(pages, max(workers, math.ceil(pages / PAGES_PER_WINDOW_AT_SCALE))))


@dataclass(frozen=True)
class KeyPlan:
    key: str
    updated_from: datetime
    windows: list[Window]
    reached: dict[Window, int]  # windows a resumed sync had partly read -> last issue id read
    updated_to: datetime | None = None  # Cloud's end bound (jira/search_end.py)


class IssuePartitionPlanner:
    """Slices of issue search: per project key (or site-wide) x `created` window, from the stream's lower bound."""

    def __init__(
        self,
        context: JiraContext,
        checkpoint: StreamCheckpoint,
        lower_bound: Callable[[str], datetime],
        shared: SharedPlan | None = None,
    ) -> None:
        self._context = context
        self._checkpoint = checkpoint
        self._lower_bound = lower_bound  # the stream's rule: saved cursor minus the lookback, never before start_date
        self._shared = shared  # the boundaries other streams of the read planned from the same bound (search_pass.py)

    def slices(self) -> list[dict[str, Any]]:
        keys = list(self._context.config.projects) or [SITE_WIDE]
        with ThreadPoolExecutor(
            max_workers=max(1, min(len(keys), self._context.workers)), thread_name_prefix="plan"
        ) as pool:
            plans = list(pool.map(self._plan, keys))
        return [slice_for(plan, window) for plan in plans for window in plan.windows]

    def _plan(self, key: str) -> KeyPlan:
        updated_from = self._lower_bound(key)
        self._checkpoint.declare(key)
        project = None if key == SITE_WIDE else key

        def probed() -> Probed:
            span, count, response = self._probe(issue_jql(updated_from, project, (None, None)))
            return self._boundaries(span, count), response

        boundaries, response = probed() if self._shared is None else self._shared(key, updated_from, probed)
        lag = self._context.config.search_lag
        updated_to = search_end(response, self._checkpoint, lag) if response is not None else None
        if self._shared is not None:
            # members of one issue-search pass send equal requests, and a full-refresh member has no end bound (it
            # would miss the newest edits): the bound still caps this stream's cursor, which is what makes the next
            # sync read a late-indexed edit; read past it, an issue edited since may come twice, never be lost
            updated_to = None
        return key_plan(key, updated_from, self._checkpoint, boundaries, updated_to)

    def _boundaries(self, span: tuple[int, int] | None, count: int | None) -> list[int]:
        if span is None or count == 0:
            return []
        earliest, latest = span
        windows = window_count(count, self._context.page_size, self._context.workers)
        width = max((latest + 1 - earliest) / windows, 1)
        return sorted({int(earliest + width * i) for i in range(1, windows)})

    def _probe(self, jql: str) -> tuple[tuple[int, int] | None, int | None, requests.Response | None]:
        """The earliest and latest `created` of the issues to read, how many there are (None when unknown), and
        Cloud's token-paged probe response (its `Date` places the search's end bound). The probes run side by side:
        planning costs one round trip, not three."""
        unordered = jql.replace(" ORDER BY id ASC", "")
        oldest, newest = f"{unordered} ORDER BY created ASC", f"{unordered} ORDER BY created DESC"
        client, site = self._context.client, self._context.site
        response = None
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="probe") as pool:
            if site.is_cloud:
                counting = pool.submit(self._approximate_count, unordered)
                latest = pool.submit(self._cloud_probe, newest)
                response = client.send("POST", "rest/api/3/search/jql", body=_cloud_probe_body(oldest))
                body, count = json_body(response), counting.result()
            else:
                latest = pool.submit(self._data_center_probe, newest)
                body = self._data_center_probe(oldest)
                count = body.get("total")
            last = _first_created(latest.result())
        first = _first_created(body)
        if first is None:
            return None, 0, response
        return (first, max(first, last if last is not None else first)), count, response

    def _cloud_probe(self, jql: str) -> Any:
        return json_body(self._context.client.send("POST", "rest/api/3/search/jql", body=_cloud_probe_body(jql)))

    def _data_center_probe(self, jql: str) -> Any:
        return self._context.client.get(
            "rest/api/2/search", {JQL: jql, "fields": "created", "maxResults": 1, "startAt": 0}
        )

    def _approximate_count(self, jql: str) -> int | None:
        try:
            count = self._context.client.post("rest/api/3/search/approximate-count", {JQL: jql}).get("count")
        except AirbyteTracedException as error:
            self._context.logger.info(
                f"Jira: no approximate issue count ({error.message}); planning {self._context.workers} windows."
            )
            return None
        return int(count) if isinstance(count, (int, float)) else None


def key_plan(
    key: str,
    updated_from: datetime,
    checkpoint: StreamCheckpoint,
    boundaries: list[int],
    updated_to: datetime | None = None,
) -> KeyPlan:
    """The windows of `key` a stream reads: the gaps its saved windows leave, cut at `boundaries`, and the windows it
    had partly read (resumed after their last issue id); `updated_to`: Cloud's end bound (jira/search_end.py)."""
    done = checkpoint.done_windows(key)
    reached = {window: at for window, at in checkpoint.reached(key).items() if _is_issue_id(at)}
    windows = [window for gap in remaining([*done, *reached]) for window in split(gap, boundaries)]
    return KeyPlan(key, updated_from, sorted([*windows, *reached], key=_window_start), reached, updated_to)


def slice_for(plan: KeyPlan, window: Window) -> dict[str, Any]:
    project = None if plan.key == SITE_WIDE else plan.key
    after_id = plan.reached.get(window)
    resumed = {} if after_id is None else {RESUME_AFTER: after_id}
    return {
        PARTITION: plan.key,
        WINDOW_FROM: window[0],
        WINDOW_TO: window[1],
        JQL: issue_jql(plan.updated_from, project, window, after_id, plan.updated_to),
        **resumed,
    }


def _cloud_probe_body(jql: str) -> dict[str, Any]:
    return {JQL: jql, "fields": ["created"], "maxResults": 1}


def _first_created(body: Any) -> int | None:
    """The `created` (epoch ms) of a probe's one issue; None when the search found none."""
    issues = (body.get("issues") if isinstance(body, dict) else None) or []
    if not issues or not isinstance(issues[0], dict):
        return None
    return _created_ms((issues[0].get("fields") or {}).get("created"))


def _window_start(window: Window) -> float:
    return -math.inf if window[0] is None else window[0]


def _is_issue_id(position: Any) -> bool:
    """A saved position this planner can resume from; anything else re-reads its window from the start."""
    return isinstance(position, int) and not isinstance(position, bool) and position >= 0


def _created_ms(value: Any) -> int | None:
    if isinstance(value, (int, float)):
        return int(value)
    if not isinstance(value, str):
        return None
    try:
        return epoch_ms(datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z"))
    except ValueError:
        try:
            return epoch_ms(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
