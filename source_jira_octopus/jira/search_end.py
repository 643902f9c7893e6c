"""The end bound of an incremental, token-paged issue search on Jira Cloud: `updated <= <server now - lag>`.

Why: Jira Cloud's search index is eventually consistent (CHANGE-2046 for `search/jql`, RFC-127 for the
`/rest/software/1.0` lists): an edit can reach the index seconds after it was made. Without an end bound, a sync that
runs in that gap does not find the edit and saves its own start as the cursor; the next sync starts after the edit,
and the issue's new version is never read. With the bound, the search reads only what is at least `lag` old
(`jira.search_lag_minutes`, 5 by default: far longer than the index's usual delay, short enough that a sync every
few minutes is still current), and the partition's cursor becomes the bound, not the sync's start: whatever was edited
after it is read by the next sync, when the index has it.

Only token-paged searches take it: with offset paging (Data Center search, Agile 1.0 lists) an issue edited while we
page would leave the result set and shift every later page over an issue (DESIGN.md §4); a token is a position in the
order (`ORDER BY id`), which an issue leaving the set does not move.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests

from source_jira_octopus.http.checkpoints import StreamCheckpoint
from source_jira_octopus.http.server_clock import server_clock


def search_end(response: requests.Response | None, checkpoint: StreamCheckpoint, lag: timedelta) -> datetime | None:
    """The bound, from a response of the same server (its `Date`, read back to the request's start), never after
    the sync's start (a resumed sync keeps the interrupted one's), minus the lag. The checkpoint caps every cursor
    this read saves at it. None when there is no bound: a full refresh, or a lag of 0."""
    if not checkpoint.incremental or lag <= timedelta(0):
        return None
    server_now = None
    if response is not None:
        server_now = server_clock(response.headers.get("Date"), response.elapsed)
    now = min(server_now or datetime.now(UTC), checkpoint.sync_started_at)
    end = now - lag
    checkpoint.cap_cursor(end)
    return end
