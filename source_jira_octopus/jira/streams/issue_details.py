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
| properties | nothing | every issue: `GET issue/{id}/properties`; values: Cloud `POST issue/bulkfetch` (100 issues x 5 keys), DC one `GET .../properties/{key}` per key |
| field history | the changelog machinery of `jira_issue_changelogs` (embedded page + `changelog/bulkfetch`) | - |

Watching, voting, property edits and (on some sites) remote links do not move an issue's `updated`, so those
streams are full refresh: an incremental read on `updated` would miss changes. Field history is incremental on
`created` like the changelogs it is cut from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.transport import ServiceHttpClient
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.streams.issue_field_history import JiraIssueFieldHistory
from source_jira_octopus.jira.streams.issues import JiraIssueSearch

BULK_ISSUES, BULK_PROPERTY_KEYS = 100, 5  # POST issue/bulkfetch: at most 100 issues and 5 property keys a request
NO_VALUES: Mapping[Any, Any] = MappingProxyType({})
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
    """The property keys of every issue (`GET issue/{id}/properties`: Jira has no bulk read of unknown keys), then the
    values: on Cloud in bulk (`POST issue/bulkfetch`, 100 issues x 5 keys a request), on Data Center one
    `GET issue/{id}/properties/{key}` per key."""

    name = "jira_issue_properties"
    primary_key = ["issueId", "key"]
    search_fields = ("updated",)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        issues = [issue for issue in self.route.paginator.records(json_body(response)) if isinstance(issue, Mapping)]
        keys = {str(issue["id"]): self._keys(issue) for issue in issues}
        values = self._bulk_values(keys) if self.context.site.is_cloud else self._values_one_by_one(issues, keys)
        for issue in issues:
            for key in keys[str(issue["id"])]:
                if (str(issue["id"]), key) in values:  # a property deleted since its key was listed is left out
                    yield {"key": key, "value": values[(str(issue["id"]), key)], **issue_stamp(issue)}

    def _keys(self, issue: Mapping[str, Any]) -> list[str]:
        listing = self.fetch(self.issue_path(issue, "properties"))
        entries = _list(listing.get("keys")) if isinstance(listing, Mapping) else []
        return [entry["key"] for entry in entries if isinstance(entry, Mapping) and isinstance(entry.get("key"), str)]

    def _values_one_by_one(
        self, issues: Sequence[Mapping[str, Any]], keys: Mapping[str, list[str]], known: Mapping[Any, Any] = NO_VALUES
    ) -> dict[tuple[str, str], Any]:
        values: dict[tuple[str, str], Any] = {}
        for issue in issues:
            for key in keys[str(issue["id"])]:
                if (str(issue["id"]), key) in known:
                    continue
                body = self.fetch(self.issue_path(issue, f"properties/{requests.utils.quote(key, safe='')}"))
                if isinstance(body, Mapping) and "value" in body:
                    values[(str(issue["id"]), key)] = body["value"]
        return values

    def _bulk_values(self, keys: Mapping[str, list[str]]) -> dict[tuple[str, str], Any]:
        """`{"issues": [{"id", "properties": {key: value}}], "issueErrors": [...]}` per 100 issues and 5 keys."""
        values: dict[tuple[str, str], Any] = {}
        failed: set[str] = set()
        distinct = sorted({key for listed in keys.values() for key in listed})
        for first_key in range(0, len(distinct), BULK_PROPERTY_KEYS):
            wanted = distinct[first_key : first_key + BULK_PROPERTY_KEYS]
            holders = [issue_id for issue_id, listed in keys.items() if set(listed) & set(wanted)]
            for first in range(0, len(holders), BULK_ISSUES):
                body = {"issueIdsOrKeys": holders[first : first + BULK_ISSUES], "fields": ["id"], "properties": wanted}
                page = self.context.client.post("rest/api/3/issue/bulkfetch", body)
                for found in _list(page.get("issues") if isinstance(page, Mapping) else None):
                    properties = found.get("properties") if isinstance(found, Mapping) else None
                    for key, value in (properties or {}).items():
                        values[(str(found.get("id")), key)] = value
                failed |= self._issue_errors(page)
        retry = [{"id": issue_id} for issue_id in sorted(failed)]  # "a retriable error or payload constraint"
        return {**values, **self._values_one_by_one(retry, keys, values)}

    def _issue_errors(self, page: Any) -> set[str]:
        errors = _list(page.get("issueErrors") if isinstance(page, Mapping) else None)
        for error in errors:
            self.logger.info(
                f"{self.name}: issue/bulkfetch could not return an issue ({error}); reading its keys one by one"
            )
        return {str(error.get("id")) for error in errors if isinstance(error, Mapping)}


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
