"""Issue children the search cannot give: watchers, votes, remote links and properties, read with a request per issue
(`jira/issue_fetch.py`) where the search says there is something to read. What each child costs is tabled in
`issue_children_embedded.py`, beside the children the search embeds.

Watching, voting, property edits and (on some sites) remote links do not always move an issue's `updated`, so these
streams are full refresh by default: every sync asks every issue. With `jira.per_issue_children_updated_only` they are
incremental on `issueUpdated` (the issue's `updated` when it was read): a sync asks only issues updated since the
last one began, and every `per_issue_children_full_reread_days` one sync asks every issue again (the state keeps when
the last such re-read began). What that can miss is in the README ("Per-issue children: updated issues only").
An issue deleted while the stream reads it is skipped, and the stream warns once. The issues of a search page are asked
side by side (`PerIssueFetch.each`), within `max_concurrent_requests` for the whole host.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial
from types import MappingProxyType
from typing import Any, ClassVar

import requests

from source_jira_octopus.jira.base import JiraContext
from source_jira_octopus.jira.streams.issue_children_embedded import (
    JiraIssueDetailStream,
    as_list,
    issue_fields,
    issue_stamp,
)

ISSUE_UPDATED = "issueUpdated"
BULK_ISSUES, BULK_PROPERTY_KEYS = 100, 5  # POST issue/bulkfetch: at most 100 issues and 5 property keys a request
NO_VALUES: Mapping[Any, Any] = MappingProxyType({})


class JiraIssuePerIssueStream(JiraIssueDetailStream):
    """A detail stream whose entries cost a request per issue: the issues of a page are read side by side
    (`PerIssueFetch.each`), and their records come out in the page's order. Records carry `issueUpdated`, the cursor
    of the updated-issues-only option."""

    def __init__(self, context: JiraContext) -> None:
        super().__init__(context)
        self._reads_every_issue = True

    @property
    def cursor_field(self) -> str | list[str]:  # type: ignore[override]
        """Incremental only with the option (discover then offers it); full refresh otherwise."""
        return ISSUE_UPDATED if self.context.config.per_issue_children_updated_only else []

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        self._reads_every_issue = self._full_read_due()
        return super().partitions()

    def lower_bound(self, partition: str) -> datetime:
        """Every issue since `start_date` unless this sync reads only the issues updated since the last one."""
        return self.start_date if self._reads_every_issue else super().lower_bound(partition)

    def entries_of(self, issues: list[Mapping[str, Any]]) -> list[list[Any] | None]:
        return self.issue_fetch.each(issues, self.entries)

    def record_stamp(self, issue: Mapping[str, Any]) -> dict[str, Any]:
        """The issue's id and key, and its `updated` (every per-issue stream asks the search for it)."""
        return {**issue_stamp(issue), ISSUE_UPDATED: issue_fields(issue).get("updated")}

    def _full_read_due(self) -> bool:
        config = self.context.config
        if not (config.per_issue_children_updated_only and self.checkpoint.incremental):
            return True
        every = config.per_issue_children_full_reread
        last = self.checkpoint.last_full_read
        due = self.checkpoint.full_read_due(every)
        since = "never" if last is None else f"began {last.isoformat(timespec='seconds')}"
        self.logger.info(
            f"{self.name}: {'every issue' if due else 'only issues updated since the last sync'} this sync "
            f"(per_issue_children_updated_only; the last full re-read {since}, one every {every.days} days)."
        )
        return due


class JiraIssueCountedChildStream(JiraIssuePerIssueStream):
    """Watchers and votes: the search embeds a count, so issues with none cost no request."""

    count_field: ClassVar[str]  # fields.<count_field>.<count_key>
    count_key: ClassVar[str]
    resource: ClassVar[str]  # issue/{id}/<resource>
    records_key: ClassVar[str]

    primary_key = ["issueId", "userId"]

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        counted = issue_fields(issue).get(self.count_field)
        count = counted.get(self.count_key) if isinstance(counted, Mapping) else None
        if isinstance(count, int) and count <= 0:
            return []
        body = self.issue_fetch.get(issue["id"], self.resource)
        return as_list(body.get(self.records_key)) if isinstance(body, Mapping) else []

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        """`userId`: the user's id on this flavour (Cloud `accountId`, Data Center `key`), one key on both."""
        return {**record, "userId": record.get("accountId") if self.context.site.is_cloud else record.get("key")}


class JiraIssueWatchers(JiraIssueCountedChildStream):
    """One row per watcher. PK: issueId + userId (= accountId on Cloud, key on Data Center, whose users have no
    accountId), so the key has one shape on both flavours."""

    name = "jira_issue_watchers"
    search_fields = ("watches", "updated")
    count_field, count_key, resource, records_key = "watches", "watchCount", "watchers", "watchers"


class JiraIssueVotes(JiraIssueCountedChildStream):
    """One row per voter (the list needs "View voters and watchers"; without it Jira returns only the count)."""

    name = "jira_issue_votes"
    search_fields = ("votes", "updated")
    count_field, count_key, resource, records_key = "votes", "votes", "votes", "voters"


class JiraIssueRemoteLinks(JiraIssuePerIssueStream):
    """`GET issue/{id}/remotelink` for every issue: nothing in the search says which issues have any."""

    name = "jira_issue_remote_links"
    primary_key = "remoteLinkId"  # the API's integer id, as text (keys are strings); `id` stays as sent
    search_fields = ("updated",)

    def entries(self, issue: Mapping[str, Any]) -> Iterable[Any]:
        return as_list(self.issue_fetch.get(issue["id"], "remotelink"))

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, "remoteLinkId": str(record.get("id"))}


class JiraIssueProperties(JiraIssuePerIssueStream):
    """The property keys of every issue (`GET issue/{id}/properties`: Jira has no bulk read of unknown keys), then the
    values: on Cloud in bulk (`POST issue/bulkfetch`, 100 issues x 5 keys a request), on Data Center one
    `GET issue/{id}/properties/{key}` per key. An issue that vanishes between its keys and its values is skipped
    whole."""

    name = "jira_issue_properties"
    primary_key = ["issueId", "key"]
    search_fields = ("updated",)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        issues = self.issues(response)
        found = self.issue_fetch.each(issues, self._keys)
        keys = {str(issue["id"]): listed for issue, listed in zip(issues, found, strict=True)}
        listed = {issue_id: found for issue_id, found in keys.items() if found is not None}
        present = [issue for issue in issues if str(issue["id"]) in listed]
        values = self._bulk_values(listed) if self.context.site.is_cloud else self._values_one_by_one(present, listed)
        for issue in present:
            issue_id = str(issue["id"])
            if issue_id in values.vanished:
                continue
            for key in listed[issue_id]:
                if (issue_id, key) in values:  # a property deleted since its key was listed is left out
                    yield {"key": key, "value": values[(issue_id, key)], **self.record_stamp(issue)}

    def _keys(self, issue: Mapping[str, Any]) -> list[str]:
        listing = self.issue_fetch.get(issue["id"], "properties")
        entries = as_list(listing.get("keys")) if isinstance(listing, Mapping) else []
        return [entry["key"] for entry in entries if isinstance(entry, Mapping) and isinstance(entry.get("key"), str)]

    def _values_one_by_one(
        self, issues: Sequence[Mapping[str, Any]], keys: Mapping[str, list[str]], known: Mapping[Any, Any] = NO_VALUES
    ) -> PropertyValues:
        values = PropertyValues()
        ids = [str(issue["id"]) for issue in issues]
        found = self.issue_fetch.each(ids, partial(self._values_of, keys=keys, known=known))
        for issue_id, read in zip(ids, found, strict=True):
            if read is None:
                values.vanished.add(issue_id)
            values.update(read or [])
        return values

    def _values_of(
        self, issue_id: str, keys: Mapping[str, list[str]], known: Mapping[Any, Any]
    ) -> Iterable[tuple[tuple[str, str], Any]]:
        for key in keys[issue_id]:
            if (issue_id, key) not in known:
                body = self.issue_fetch.get(issue_id, f"properties/{requests.utils.quote(key, safe='')}")
                if isinstance(body, Mapping) and "value" in body:
                    yield (issue_id, key), body["value"]

    def _bulk_values(self, keys: Mapping[str, list[str]]) -> PropertyValues:
        """`{"issues": [{"id", "properties": {key: value}}], "issueErrors": [...]}` per 100 issues and 5 keys."""
        values = PropertyValues()
        failed: set[str] = set()
        distinct = sorted({key for listed in keys.values() for key in listed})
        for first_key in range(0, len(distinct), BULK_PROPERTY_KEYS):
            wanted = distinct[first_key : first_key + BULK_PROPERTY_KEYS]
            holders = [issue_id for issue_id, listed in keys.items() if set(listed) & set(wanted)]
            for first in range(0, len(holders), BULK_ISSUES):
                body = {"issueIdsOrKeys": holders[first : first + BULK_ISSUES], "fields": ["id"], "properties": wanted}
                page = self.context.client.post("rest/api/3/issue/bulkfetch", body)
                for found in as_list(page.get("issues") if isinstance(page, Mapping) else None):
                    properties = found.get("properties") if isinstance(found, Mapping) else None
                    for key, value in (properties or {}).items():
                        values[(str(found.get("id")), key)] = value
                failed |= self._issue_errors(page)
        retry = [{"id": issue_id} for issue_id in sorted(failed)]  # "a retriable error or payload constraint"
        one_by_one = self._values_one_by_one(retry, keys, values)
        values.update(one_by_one)
        values.vanished |= one_by_one.vanished
        return values

    def _issue_errors(self, page: Any) -> set[str]:
        errors = as_list(page.get("issueErrors") if isinstance(page, Mapping) else None)
        for error in errors:
            self.logger.info(
                f"{self.name}: issue/bulkfetch could not return an issue ({error}); reading its keys one by one"
            )
        return {str(error.get("id")) for error in errors if isinstance(error, Mapping)}


class PropertyValues(dict[tuple[str, str], Any]):
    """(issue id, key) -> value, and the issues that vanished while their values were read."""

    def __init__(self) -> None:
        super().__init__()
        self.vanished: set[str] = set()
