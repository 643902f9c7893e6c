"""Issues' other children: transitions, links, watchers, votes, remote links, properties and field history.

All read the issue-search partitions (project x `created` window) and ask the search for what it can embed, so that
a child costs a request per issue only where the search cannot answer:

| stream | from the search | per issue, only for |
| --- | --- | --- |
| transitions | `expand=transitions` (Cloud and Data Center) | - |
| links | `fields=issuelinks` | - |
| watchers | `fields=watches` (`watchCount`) | issues with watchers: `GET issue/{id}/watchers` |
| votes | `fields=votes` (`votes`) | issues with votes: `GET issue/{id}/votes` |
| remote links | nothing (no count is embedded) | every issue: `GET issue/{id}/remotelink` |
| properties | nothing | every issue: `GET issue/{id}/properties`, then one `GET .../properties/{key}` per key |
| field history | the changelog machinery of `jira_issue_changelogs` (embedded page + `changelog/bulkfetch`) | - |

Watching, voting, property edits and (on some sites) remote links do not move an issue's `updated`, so those
streams are full refresh: an incremental read on `updated` would miss changes. Field history is incremental on
`created` like the changelogs it is cut from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.transport import ServiceHttpClient
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.streams.issue_field_history import JiraIssueFieldHistory
from source_jira_octopus.jira.streams.issues import JiraIssueSearch

NOT_VISIBLE = "the issue was deleted or became invisible while the sync read it (Jira documents 404 for both)"


def issue_stamp(issue: Mapping[str, Any]) -> dict[str, Any]:
    return {"issueId": str(issue.get("id")), "issueKey": issue.get("key")}


class JiraIssueDetailStream(JiraIssueSearch):
    """An issue-search pass that turns each issue of a page into the child records of `entries(issue)`."""

    cursor_field: ClassVar[list[str]] = []  # type: ignore[assignment,misc]  # full refresh: see the module docstring

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        for issue in self.route.paginator.records(json_body(response)):
            if not isinstance(issue, Mapping):
                continue
            for entry in self.entries(issue):
                if isinstance(entry, Mapping):
                    yield {**entry, **issue_stamp(issue)}
                else:
                    self.report_shape(self.name, "an entry that is not a JSON object, skipped", entry)

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        raise NotImplementedError


class JiraIssueTransitions(JiraIssueDetailStream):
    """The transitions the sync's user can perform now (`expand=transitions`; Data Center's search takes it too)."""

    name = "jira_issue_transitions"
    primary_key = ["issueId", "id"]  # transition ids belong to a workflow and repeat across issues
    search_fields = ("status",)
    search_expand = "transitions"

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        return _list(issue.get("transitions"))


class JiraIssueLinks(JiraIssueDetailStream):
    """`fields.issuelinks`: one row per link and end issue (a link between two read issues appears on both)."""

    name = "jira_issue_links"
    primary_key = ["issueId", "id"]
    search_fields = ("issuelinks",)

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        return _list(_fields(issue).get("issuelinks"))


class JiraIssuePerIssueStream(JiraIssueDetailStream):
    """Children that need a request per issue; a 404 (issue deleted during the read) skips that issue only."""

    not_found_reason: ClassVar[str] = NOT_VISIBLE

    def issue_path(self, issue: Mapping[str, Any], tail: str) -> str:
        return f"{self.context.site.site_url}/rest/api/{self.context.site.api_version}/issue/{issue['id']}/{tail}"

    def fetch(self, url: str) -> Any:
        """GET one per-issue resource; None when Jira answered 404 (logged by the error handler)."""
        _, response = self._per_issue_client.send_request(
            "GET",
            url,
            request_kwargs={"verify": self.context.settings.verify, "timeout": self.context.settings.timeout_seconds},
        )
        return None if response.status_code == 404 else json_body(response)

    @property
    def _per_issue_client(self) -> ServiceHttpClient:
        client = getattr(self, "_client_per_issue", None)
        if client is None:
            client = ServiceHttpClient(
                f"{self.name}_per_issue", self.context.settings, self.logger, {404: self.not_found_reason}
            )
            self._client_per_issue = client
        return client


class JiraIssueCountedChildStream(JiraIssuePerIssueStream):
    """Watchers and votes: the search embeds a count, so issues with none cost no request."""

    count_field: ClassVar[str]  # fields.<count_field>.<count_key>
    count_key: ClassVar[str]
    resource: ClassVar[str]  # issue/{id}/<resource>
    records_key: ClassVar[str]

    primary_key = ["issueId", "userId"]

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        counted = _fields(issue).get(self.count_field)
        count = counted.get(self.count_key) if isinstance(counted, Mapping) else None
        if isinstance(count, int) and count <= 0:
            return []
        body = self.fetch(self.issue_path(issue, self.resource))
        return _list(body.get(self.records_key)) if isinstance(body, Mapping) else []

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        """`userId`: the user's id on this flavour (Cloud `accountId`, Data Center `key`), one key on both."""
        return {**record, "userId": record.get("accountId") if self.context.site.is_cloud else record.get("key")}


class JiraIssueWatchers(JiraIssueCountedChildStream):
    """One row per watcher. PK: issueId + userId (= accountId on Cloud, key on Data Center, whose users have no
    accountId), so the key has one shape on both flavours."""

    name = "jira_issue_watchers"
    search_fields = ("watches",)
    count_field, count_key, resource, records_key = "watches", "watchCount", "watchers", "watchers"


class JiraIssueVotes(JiraIssueCountedChildStream):
    """One row per voter (the list needs "View voters and watchers"; without it Jira returns only the count)."""

    name = "jira_issue_votes"
    search_fields = ("votes",)
    count_field, count_key, resource, records_key = "votes", "votes", "votes", "voters"


class JiraIssueRemoteLinks(JiraIssuePerIssueStream):
    """`GET issue/{id}/remotelink` for every issue: nothing in the search says which issues have any."""

    name = "jira_issue_remote_links"
    primary_key = "remoteLinkId"  # the API's integer id, as text (keys are strings); `id` stays as sent
    search_fields = ("updated",)

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        return _list(self.fetch(self.issue_path(issue, "remotelink")))

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, "remoteLinkId": str(record.get("id"))}


class JiraIssueProperties(JiraIssuePerIssueStream):
    """The property keys of every issue, then each key's value: Jira has no bulk read of unknown keys."""

    name = "jira_issue_properties"
    primary_key = ["issueId", "key"]
    search_fields = ("updated",)

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        listing = self.fetch(self.issue_path(issue, "properties"))
        keys = _list(listing.get("keys")) if isinstance(listing, Mapping) else []
        for entry in keys:
            key = entry.get("key") if isinstance(entry, Mapping) else None
            if not isinstance(key, str):
                continue
            value = self.fetch(self.issue_path(issue, f"properties/{requests.utils.quote(key, safe='')}"))
            if isinstance(value, Mapping):
                yield value


def _fields(issue: Mapping[str, Any]) -> Mapping[str, Any]:
    fields = issue.get("fields")
    return fields if isinstance(fields, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


STREAMS: tuple[type[JiraStream], ...] = (
    JiraIssueTransitions,
    JiraIssueLinks,
    JiraIssueWatchers,
    JiraIssueVotes,
    JiraIssueRemoteLinks,
    JiraIssueProperties,
    JiraIssueFieldHistory,
)
