"""Issue children that issue search embeds: comments, worklogs, changelogs and field history (the first page of each,
with its `total`), transitions and links (all of them). Children the search cannot give are in
`issue_children_per_issue.py`: watchers, votes, remote links and properties.

Every child reads the issue-search partitions (project x `created` window) and asks the search only for the fields
it needs, so that a child costs a request per issue only where the search cannot answer:

| stream | from the search | per issue (`jira/issue_fetch.py`), only for |
| --- | --- | --- |
| comments, worklogs | the first page (`fields.comment`, `fields.worklog`) | issues whose `total` exceeds the page |
| changelogs, field history | `expand=changelog` (40 on Cloud, every entry on Data Center) | Cloud: none, `POST changelog/bulkfetch` for 1,000 issues a request; Data Center: issues whose page was cut |
| transitions | `expand=transitions` (Cloud and Data Center) | - |
| links | `fields=issuelinks` | - |
| watchers, votes | the count (`fields.watches`, `fields.votes`) | issues with watchers / votes |
| remote links | nothing (no count is embedded) | every issue |
| properties | nothing | every issue (the keys); values: Cloud `POST issue/bulkfetch`, DC one request per key |

Records carry `issueId` and `issueKey`. Comments, worklogs, changelogs and field history are incremental: a read keeps
the entries changed since the partition's lower bound. An issue deleted while a child reads it is skipped
(`PerIssueFetch`), and the stream warns once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

import requests
from airbyte_cdk.models import SyncMode
from airbyte_cdk.sources.streams.core import StreamData

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.jira.base import JiraContext
from source_jira_octopus.jira.issue_fetch import PerIssueFetch, ReadEnd
from source_jira_octopus.jira.paginators import JiraOffsetPaginator
from source_jira_octopus.jira.streams.issues import JiraIssueSearch

OVERFLOW_PAGE_SIZE = 1000
BULK_CHANGELOG_ISSUES = 1000
_ENTRY_FIELDS = ("issueId", "issueKey", "author", "created")


def issue_stamp(issue: Mapping[str, Any]) -> dict[str, Any]:
    return {"issueId": str(issue.get("id")), "issueKey": issue.get("key")}


class JiraIssueChildStream(JiraIssueSearch):
    """A stream of issues' children: it owns the one per-issue fetch, and warns once per read about the issues that
    vanished while it read them."""

    def __init__(self, context: JiraContext, *args: Any, **kwargs: Any) -> None:
        super().__init__(context, *args, **kwargs)
        self.issue_fetch = PerIssueFetch(self.name, context)
        self._read_end = ReadEnd(lambda: self.issue_fetch.report(self.logger))

    def stream_slices(self, **kwargs: Any) -> Iterable[Mapping[str, Any] | None]:
        return self._read_end.listing(super().stream_slices(**kwargs))

    def read_records(self, sync_mode: SyncMode, *args: Any, **kwargs: Any) -> Iterable[StreamData]:
        return self._read_end.reading(super().read_records(sync_mode, *args, **kwargs))

    def issues(self, response: requests.Response) -> list[Mapping[str, Any]]:
        return [issue for issue in self.route.paginator.records(json_body(response)) if isinstance(issue, Mapping)]


class JiraIssueEmbeddedPageStream(JiraIssueChildStream):
    """Children whose first page the search embeds; the rest is read only for issues whose page was cut."""

    embedded_field: ClassVar[str]  # where issue search embeds the first page
    records_key: ClassVar[str]  # the entries inside that page
    changed_field: ClassVar[str] = "updated"  # an incremental read keeps entries changed at or after the bound

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        issues = self.issues(response)
        overflowing = [issue for issue in issues if self._overflows(issue)]
        extra = self.remaining_entries(overflowing) if overflowing else {}
        bound = self.updated_from(stream_slice)
        for issue in issues:
            issue_id = str(issue.get("id"))
            if issue_id in extra and extra[issue_id] is None:
                continue  # vanished while its overflow was read: skipped, the fetch counts it
            entries = extra.get(issue_id) or self.embedded(issue).get(self.records_key) or []
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, Mapping):
                    self.report_shape(self.records_key, "an entry that is not a JSON object, skipped", entry)
                    continue
                record = {**entry, **issue_stamp(issue)}
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

    def remaining_entries(self, issues: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]] | None]:
        """issue id -> every entry (None: the issue vanished), for the issues whose embedded page was cut (read side
        by side)."""
        found = self.issue_fetch.each(issues, self.all_entries)
        return {str(issue["id"]): entries for issue, entries in zip(issues, found, strict=True)}

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        raise NotImplementedError


class JiraIssueComments(JiraIssueEmbeddedPageStream):
    name = "jira_issue_comments"
    search_fields = ("comment", "updated")
    embedded_field, records_key = "comment", "comments"

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        paginator = JiraOffsetPaginator("comments")
        return self.issue_fetch.pages(issue["id"], "comment", paginator, OVERFLOW_PAGE_SIZE, {"orderBy": "created"})


class JiraIssueWorklogs(JiraIssueEmbeddedPageStream):
    name = "jira_issue_worklogs"
    search_fields = ("worklog", "updated")
    embedded_field, records_key = "worklog", "worklogs"

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        return self.issue_fetch.pages(issue["id"], "worklog", JiraOffsetPaginator("worklogs"), OVERFLOW_PAGE_SIZE)


class JiraIssueChangelogs(JiraIssueEmbeddedPageStream):
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

    def remaining_entries(self, issues: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]] | None]:
        if not self.context.site.is_cloud:
            return super().remaining_entries(issues)
        found: dict[str, list[Mapping[str, Any]] | None] = {}
        for start in range(0, len(issues), BULK_CHANGELOG_ISSUES):
            ids = [str(issue["id"]) for issue in issues[start : start + BULK_CHANGELOG_ISSUES]]
            self._bulk_fetch(ids, found)
        return found

    def _bulk_fetch(self, ids: list[str], found: dict[str, list[Mapping[str, Any]] | None]) -> None:
        """`POST changelog/bulkfetch` -> {"issueChangeLogs": [{"issueId", "changeHistories"}], "nextPageToken"}."""
        body: dict[str, Any] = {"issueIdsOrKeys": ids, "maxResults": OVERFLOW_PAGE_SIZE}
        sent: str | None = None
        while True:
            page = self.context.client.post("rest/api/3/changelog/bulkfetch", body)
            for log in page.get("issueChangeLogs") or []:
                histories = found.get(str(log.get("issueId"))) or []
                histories.extend(log.get("changeHistories") or [])
                found[str(log.get("issueId"))] = histories
            token = page.get("nextPageToken")
            if not token or token == sent:
                return
            body, sent = {**body, "nextPageToken": token}, token

    def all_entries(self, issue: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        """Data Center: the issue itself with `expand=changelog` carries every history entry."""
        body = self.issue_fetch.get(issue["id"], params={"expand": "changelog", "fields": "updated"})
        return (body.get("changelog") or {}).get("histories") or []


class JiraIssueFieldHistory(JiraIssueChangelogs):
    """`jira_issue_field_history`: one row per changed field per changelog entry, cut from exactly what the changelog
    stream reads, so the history is complete. PK `id` = "<changelog id>:<item index>": one entry may change a field
    twice (two fix versions added), so the field alone does not identify a row; the items' order within an entry is
    the order Jira stores them in."""

    name = "jira_issue_field_history"
    primary_key = "id"

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        for entry in super().page_records(response, stream_slice):
            items = entry.get("items")
            for index, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, Mapping):
                    self.report_shape("items", "a change item that is not a JSON object, skipped", item)
                    continue
                yield {
                    **item,
                    **{name: entry.get(name) for name in _ENTRY_FIELDS},
                    "id": f"{entry.get('id')}:{index}",
                    "changelogId": str(entry.get("id")),
                    "itemIndex": index,
                    "fieldId": item.get("fieldId"),  # null where Jira sends only the name (older Data Center)
                }


class JiraIssueDetailStream(JiraIssueChildStream):
    """An issue-search pass that turns each issue of a page into the child records of `entries(issue)`; an issue
    that vanished while its entries were read gives none."""

    cursor_field: ClassVar[list[str]] = []  # type: ignore[assignment,misc]  # full refresh: see below

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        issues = self.issues(response)
        for issue, entries in zip(issues, self.entries_of(issues), strict=True):
            for entry in entries or []:
                if isinstance(entry, Mapping):
                    yield {**entry, **self.record_stamp(issue)}
                else:
                    self.report_shape(self.name, "an entry that is not a JSON object, skipped", entry)

    def record_stamp(self, issue: Mapping[str, Any]) -> dict[str, Any]:
        """What each record takes from its issue."""
        return issue_stamp(issue)

    def entries_of(self, issues: list[Mapping[str, Any]]) -> list[list[Any] | None]:
        """Each issue's entries in the page's order (None: it vanished); per-issue streams read them side by side."""
        return [self.issue_fetch.entries(partial(self.entries, issue)) for issue in issues]

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        raise NotImplementedError


class JiraIssueTransitions(JiraIssueDetailStream):
    """The transitions the sync's user can perform now (`expand=transitions`; Data Center's search takes it too).
    Full refresh, like every detail stream: transitions, watching, voting, property edits and (on some sites) remote
    links do not move an issue's `updated`, so an incremental read on `updated` would miss changes."""

    name = "jira_issue_transitions"
    primary_key = ["issueId", "id"]  # transition ids belong to a workflow and repeat across issues
    search_fields = ("status",)
    search_expand = "transitions"

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        return as_list(issue.get("transitions"))


class JiraIssueLinks(JiraIssueDetailStream):
    """`fields.issuelinks`: one row per link and end issue (a link between two read issues appears on both)."""

    name = "jira_issue_links"
    primary_key = ["issueId", "id"]
    search_fields = ("issuelinks",)

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        return as_list(issue_fields(issue).get("issuelinks"))


def issue_fields(issue: Mapping[str, Any]) -> Mapping[str, Any]:
    fields = issue.get("fields")
    return fields if isinstance(fields, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _changed_since(value: Any, bound: datetime) -> bool:
    """Keeps entries whose time we cannot read: a duplicate is fine, a loss is not. Jira's `+0000` offsets read as
    they are (the skeleton writes them as RFC 3339 afterwards)."""
    if not isinstance(value, str):
        return True
    try:
        return datetime.fromisoformat(value) >= bound
    except (TypeError, ValueError):
        return True
