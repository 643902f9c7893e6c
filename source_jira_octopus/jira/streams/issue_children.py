"""Comments, worklogs and changelogs from the issue-search partitions, asking only for the field they need.

Issue search embeds the first page of each (`fields.comment`, `fields.worklog`, `changelog` with
`expand=changelog`) with its `total`; the rest is fetched only for issues whose `total` exceeds what was embedded:
per issue for comments and worklogs, in bulk for Cloud changelogs (`POST changelog/bulkfetch`, up to 1,000 issues a
request). Data Center embeds every entry. Records carry `issueId` and `issueKey`; an incremental read keeps the
entries changed since the partition's lower bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.jira.paginators import JiraOffsetPaginator
from source_jira_octopus.jira.streams.issues import JiraIssueSearch

OVERFLOW_PAGE_SIZE = 1000
BULK_CHANGELOG_ISSUES = 1000


class JiraIssueChildStream(JiraIssueSearch):
    embedded_field: ClassVar[str]  # where issue search embeds the first page
    records_key: ClassVar[str]  # the entries inside that page
    changed_field: ClassVar[str] = "updated"  # an incremental read keeps entries changed at or after the bound

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        issues = [issue for issue in self.route.paginator.records(json_body(response)) if isinstance(issue, Mapping)]
        overflowing = [issue for issue in issues if self._overflows(issue)]
        extra = self.remaining_entries(overflowing) if overflowing else {}
        bound = self.updated_from(stream_slice)
        for issue in issues:
            entries = extra.get(str(issue.get("id"))) or self.embedded(issue).get(self.records_key) or []
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, Mapping):
                    self.report_shape(self.records_key, "an entry that is not a JSON object, skipped", entry)
                    continue
                record = {**entry, "issueId": str(issue.get("id")), "issueKey": issue.get("key")}
                if bound is None or _changed_since(record.get(self.changed_field), bound):
                    yield record

    def embedded(self, issue: Mapping[str, Any]) -> Mapping[str, Any]:
        fields = issue.get("fields")
        page = fields.get(self.embedded_field) if isinstance(fields, Mapping) else None
        return page if isinstance(page, Mapping) else {}

    def _overflows(self, issue: Mapping[str, Any]) -> bool:
        page = self.embedded(issue)
        total = page.get("total")
        return isinstance(total, int) and total > len(page.get(self.records_key) or [])

    def remaining_entries(self, issues: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
        """issue id -> every entry, for the issues whose embedded page was truncated."""
        return {str(issue["id"]): list(self.all_entries(issue)) for issue in issues}

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        raise NotImplementedError


class JiraIssueComments(JiraIssueChildStream):
    name = "jira_issue_comments"
    search_fields = ("comment", "updated")
    embedded_field, records_key = "comment", "comments"

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        path = f"rest/api/{self.context.site.api_version}/issue/{issue['id']}/comment"
        return self.context.client.pages(
            path, JiraOffsetPaginator("comments"), OVERFLOW_PAGE_SIZE, {"orderBy": "created"}
        )


class JiraIssueWorklogs(JiraIssueChildStream):
    name = "jira_issue_worklogs"
    search_fields = ("worklog", "updated")
    embedded_field, records_key = "worklog", "worklogs"

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        path = f"rest/api/{self.context.site.api_version}/issue/{issue['id']}/worklog"
        return self.context.client.pages(path, JiraOffsetPaginator("worklogs"), OVERFLOW_PAGE_SIZE)


class JiraIssueChangelogs(JiraIssueChildStream):
    """Every history entry, not the 40 (search/jql) or 100 (legacy search) that the expand embeds."""

    name = "jira_issue_changelogs"
    cursor_field = "created"
    changed_field = "created"
    search_fields = ("updated",)
    search_expand = "changelog"
    records_key = "histories"

    def embedded(self, issue: Mapping[str, Any]) -> Mapping[str, Any]:
        changelog = issue.get("changelog")
        return changelog if isinstance(changelog, Mapping) else {}

    def remaining_entries(self, issues: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
        if not self.context.site.is_cloud:
            return super().remaining_entries(issues)
        found: dict[str, list[Mapping[str, Any]]] = {}
        for start in range(0, len(issues), BULK_CHANGELOG_ISSUES):
            ids = [str(issue["id"]) for issue in issues[start : start + BULK_CHANGELOG_ISSUES]]
            self._bulk_fetch(ids, found)
        return found

    def _bulk_fetch(self, ids: list[str], found: dict[str, list[Mapping[str, Any]]]) -> None:
        """`POST changelog/bulkfetch` -> {"issueChangeLogs": [{"issueId", "changeHistories"}], "nextPageToken"}."""
        body: dict[str, Any] = {"issueIdsOrKeys": ids, "maxResults": OVERFLOW_PAGE_SIZE}
        sent: str | None = None
        while True:
            page = self.context.client.post("rest/api/3/changelog/bulkfetch", body)
            for log in page.get("issueChangeLogs") or []:
                found.setdefault(str(log.get("issueId")), []).extend(log.get("changeHistories") or [])
            token = page.get("nextPageToken")
            if not token or token == sent:
                return
            body, sent = {**body, "nextPageToken": token}, token

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        """Data Center: the issue itself with `expand=changelog` carries every history entry."""
        body = self.context.client.get(f"rest/api/2/issue/{issue['id']}", {"expand": "changelog", "fields": "updated"})
        return (body.get("changelog") or {}).get("histories") or []


def _changed_since(value: Any, bound: datetime) -> bool:
    """Keeps entries whose time we cannot read: a duplicate is fine, a loss is not. Jira's `+0000` offsets read as
    they are (the skeleton writes them as RFC 3339 afterwards)."""
    if not isinstance(value, str):
        return True
    try:
        return datetime.fromisoformat(value) >= bound
    except (TypeError, ValueError):
        return True
