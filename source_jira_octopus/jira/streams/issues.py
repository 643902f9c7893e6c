"""Issue search and `jira_issues`.

Cloud: `POST /rest/api/3/search/jql` with nextPageToken (the old /search answers 410). Data Center:
`GET /rest/api/2/search` with startAt. Only a lower bound on `updated` and `ORDER BY id ASC` inside fixed `created`
windows: an issue edited while we page keeps its place, so no page shifts past an issue (DESIGN.md §4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import pendulum

from source_jira_octopus.http.stream import PARTITION, Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import JiraOffsetPaginator, JiraTokenPaginator
from source_jira_octopus.jira.partitions import JQL, IssuePartitionPlanner


class JiraIssueSearch(JiraStream):
    """Every stream read from issue search: partitioned by project x `created` window, incremental on `updated`."""

    cursor_field = "updated"
    search_fields: ClassVar[tuple[str, ...]] = ("*all",)
    search_expand: ClassVar[str] = ""
    cloud = Route("search/jql", JiraTokenPaginator("issues"), method="POST")
    data_center = Route("search", JiraOffsetPaginator("issues"))

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        return IssuePartitionPlanner(self.context, self.checkpoint).slices()

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        cloud = self.context.site.is_cloud
        params: dict[str, Any] = {"fields": list(self.search_fields) if cloud else ",".join(self.search_fields)}
        if self.search_expand:
            params["expand"] = self.search_expand
        if JQL in stream_slice:
            params[JQL] = stream_slice[JQL]
        return params

    def updated_from(self, stream_slice: Mapping[str, Any]) -> datetime | None:
        """The lower bound this partition reads from (None on a full refresh)."""
        if self.checkpoint is None or not self.checkpoint.incremental:
            return None
        return IssuePartitionPlanner(self.context, self.checkpoint).updated_from(str(stream_slice.get(PARTITION)))


class JiraIssues(JiraIssueSearch):
    name = "jira_issues"

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        fields = _object(record.get("fields"))
        project = _object(fields.get("project"))
        return {
            **record,
            "projectId": project.get("id"),
            "projectKey": project.get("key"),
            "created": jira_timestamp_to_rfc3339(fields.get("created")),
            "updated": jira_timestamp_to_rfc3339(fields.get("updated")),
        }


def _object(value: Any) -> Mapping[str, Any]:
    """`fields` or `fields.project` as an object; anything else (a string, a list) reads as empty, kept in the record."""
    return value if isinstance(value, Mapping) else {}


def jira_timestamp_to_rfc3339(value: Any) -> Any:
    """Jira writes `2024-01-15T10:20:30.123+0000`; RFC 3339 wants a colon in the offset. Other shapes pass through
    (the skeleton's DateTimeNormaliser then reads numbers as epoch milliseconds and reports the rest)."""
    if not isinstance(value, str):
        return value
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z").isoformat()
    except ValueError:
        try:
            return pendulum.parse(value).isoformat()  # type: ignore[union-attr]
        except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError):
            return value
