"""What left Jira: the id census of every visible issue, and the worklogs deleted since the last sync.

`jira_issue_census` reads, per visible project (the `jira_projects` records, so `jira.projects` applies), the id
and key of every issue: issue search asking for `key` only, which Jira serves in pages of up to 5,000 on Cloud
(`search/jql`: "requesting id or key only ... max 5000") and up to 1,000 on Data Center (`search`, capped by
`jira.search.views.default.max`). It is a full refresh every sync: an issue in the warehouse that the latest census
lacks, in a project the latest `jira_projects` still lists, was deleted (README: "Deleted issues").

`jira_issue_worklogs_deleted` pages `worklog/deleted?since=` (Cloud and Data Center alike), incremental on the
deletion time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from source_jira_octopus.http.responses import json_body, request_query
from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import (
    SINCE,
    JiraChangedWorklogsPaginator,
    JiraOffsetPaginator,
    JiraTokenPaginator,
)
from source_jira_octopus.jira.partitions import JQL, epoch_ms, last_issue_id
from source_jira_octopus.jira.streams.projects import JiraProjects
from source_jira_octopus.slice_keys import PARTITION, RESUME_AFTER

# Ids per census page for each unit of `jira.page_size` (1-100): at the default 100 that is Jira's ids-only maximum
# (Cloud 5,000, Data Center 1,000), and a lowered page size lowers the census pages in proportion.
CLOUD_IDS_PER_PAGE_UNIT = 50
DATA_CENTER_IDS_PER_PAGE_UNIT = 10
# Jira leaves out worklogs deleted in the minute before the request ("will not return worklogs deleted during the
# last minute"): the next sync starts that much before this one's start, so none falls between two syncs.
UNREPORTED_DELETIONS = timedelta(minutes=1)


class JiraIssueCensus(JiraStream):
    name = "jira_issue_census"
    parent_kind = JiraProjects
    slice_keys = {"project_id": "id", "project_key": "key"}
    stamps = {"projectId": "project_id", "projectKey": "project_key"}
    cloud = Route("search/jql", JiraTokenPaginator("issues"), {"fields": ["key"]}, method="POST")
    data_center = Route("search", JiraOffsetPaginator("issues"), {"fields": "key"})

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        """A project an interrupted sync had partly read resumes after the last id it saved (`RESUME_AFTER`)."""
        after = stream_slice.get(RESUME_AFTER)
        resumed = f" AND id > {after}" if isinstance(after, int) and not isinstance(after, bool) else ""
        return {JQL: f"project = {stream_slice['project_id']}{resumed} ORDER BY id ASC"}

    def page_position(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Any:
        return last_issue_id(self.route.paginator.records(json_body(response)))

    def page_request(
        self, stream_slice: Mapping[str, Any], next_page_token: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        page = next_page_token or self.route.paginator.first_page(self.census_page_size)
        return {**self.route.params, **self.slice_params(stream_slice), **page}

    @property
    def census_page_size(self) -> int:
        unit = CLOUD_IDS_PER_PAGE_UNIT if self.context.site.is_cloud else DATA_CENTER_IDS_PER_PAGE_UNIT
        return self.context.page_size * unit

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"id": record.get("id"), "key": record.get("key")}


class JiraIssueDeletedWorklogs(JiraStream):
    name = "jira_issue_worklogs_deleted"
    cursor_field = "deleted"
    lookback = UNREPORTED_DELETIONS
    # Data Center serves the same endpoint (Jira Server 7.0+ `GET /rest/api/2/worklog/deleted`).
    cloud = Route("worklog/deleted", JiraChangedWorklogsPaginator())

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        """`start_date` on a first or full read; else the saved cursor minus the lookback and Jira's last minute."""
        return {SINCE: epoch_ms(self.lower_bound(str(stream_slice.get(PARTITION))))}

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        """A later page starts at the previous page's `until` and may repeat the entries deleted at that moment."""
        records = self.route.paginator.records(json_body(response))
        requested = int(request_query(response.request).get(SINCE, 0))
        if requested == self.slice_params(stream_slice)[SINCE]:
            return records
        return [record for record in records if not _deleted_at(record, requested)]

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        """`id` is the worklog id as `jira_issue_worklogs` writes it (a string), so the two tables join on it."""
        deleted, worklog_id = record.get("updatedTime"), record.get("worklogId")
        added: dict[str, Any] = {"id": None if worklog_id is None else str(worklog_id)}
        if isinstance(deleted, int) and not isinstance(deleted, bool):
            added["deleted"] = datetime.fromtimestamp(deleted / 1000, tz=UTC).isoformat(timespec="milliseconds")
        return {**record, **added}


def _deleted_at(record: Any, moment: int) -> bool:
    return isinstance(record, Mapping) and record.get("updatedTime") == moment


STREAMS: tuple[type[JiraStream], ...] = (JiraIssueCensus, JiraIssueDeletedWorklogs)
