"""`jira_issues`: JQL search with epoch-millisecond lower bounds, paged in a stable order.

Cloud: `POST /rest/api/3/search/jql` with nextPageToken (the old /search answers 410). Data Center:
`GET /rest/api/2/search` with startAt. Only a lower bound on `updated` and `ORDER BY id ASC`: an issue edited
while we page keeps its place and the result set only grows at the end, so no offset page shifts past an issue.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Optional

import pendulum
import requests

from source_jira_octopus.config import JiraConfig
from source_jira_octopus.cursors import SyncStartCursor, server_clock
from source_jira_octopus.http.stream import HttpSettings
from source_jira_octopus.jira.base import JiraRoute, JiraStream
from source_jira_octopus.jira.paginators import JiraOffsetPaginator, JiraTokenPaginator
from source_jira_octopus.jira.site import JiraSite

CURSOR_FIELD = "updated"
JQL = "jql"
ALL_FIELDS = "*all"
CLOUD_ROUTE = JiraRoute("search/jql", JiraTokenPaginator("issues"), {"fields": [ALL_FIELDS]}, method="POST")
DATA_CENTER_ROUTE = JiraRoute("search", JiraOffsetPaginator("issues"), {"fields": ALL_FIELDS})


def build_issue_jql(updated_from: datetime, projects: tuple[str, ...]) -> str:
    """Epoch milliseconds are absolute; a formatted date would be read in the Jira user's time zone."""
    clauses = [f"updated >= {int(updated_from.timestamp() * 1000)}"]
    if projects:
        clauses.append("project in (" + ", ".join(f'"{key}"' for key in projects) + ")")
    return " AND ".join(clauses) + " ORDER BY id ASC"


def updated_lower_bound(state: Optional[Mapping[str, Any]], config: JiraConfig) -> datetime:
    """The saved sync start minus the lookback window, never earlier than `start_date`."""
    saved = (state or {}).get(CURSOR_FIELD)
    if not saved:
        return config.start_date
    resumed = pendulum.parse(str(saved)).in_timezone("UTC") - config.lookback_window
    return max(datetime.fromtimestamp(resumed.timestamp(), tz=timezone.utc), config.start_date)


class JiraIssuesStream(JiraStream):
    def __init__(self, config: JiraConfig, settings: HttpSettings, site: JiraSite) -> None:
        self._config = config
        route = CLOUD_ROUTE if site.is_cloud else DATA_CENTER_ROUTE
        super().__init__("jira_issues", settings, site, route, config.page_size)

    @property
    def cursor_field(self) -> str:
        return CURSOR_FIELD

    @property
    def supports_incremental(self) -> bool:
        return True

    def stream_slices(self, stream_state: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> Iterable[Mapping[str, Any]]:
        slices = [{JQL: build_issue_jql(updated_lower_bound(stream_state, self._config), self._config.projects)}]
        if isinstance(self.cursor, SyncStartCursor):
            return self.cursor.track(slices)
        return slices

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        return {JQL: stream_slice[JQL]} if JQL in stream_slice else {}

    def parse_response(self, response: requests.Response, **kwargs: Any) -> Iterable[Mapping[str, Any]]:
        if isinstance(self.cursor, SyncStartCursor):
            started = server_clock(response.headers.get("Date"), response.elapsed)
            if started is not None:
                self.cursor.note_server_time(started)
        yield from super().parse_response(response, **kwargs)

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        fields = record.get("fields") or {}
        project = fields.get("project") or {}
        return {
            **record,
            "projectId": project.get("id"),
            "projectKey": project.get("key"),
            "created": jira_timestamp_to_rfc3339(fields.get("created")),
            "updated": jira_timestamp_to_rfc3339(fields.get("updated")),
        }


def jira_timestamp_to_rfc3339(value: Optional[str]) -> Optional[str]:
    """Jira writes `2024-01-15T10:20:30.123+0000`; RFC 3339 wants a colon in the offset."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z").isoformat()
    except ValueError:
        return pendulum.parse(value).isoformat()
