"""One paginator per Jira response shape. Each reads the next page token from the response (and the request that
produced it) alone, so one instance serves concurrent partitions; each has a stop condition and refuses a token
that does not move forward.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from source_jira_octopus.http.paging import (
    PaginationLoopError,
    Paginator,
    array_records,
    envelope_records,
    whole_number,
)
from source_jira_octopus.http.responses import MalformedResponseError, json_body, request_json, request_query

START_AT = "startAt"
MAX_RESULTS = "maxResults"
TOTAL = "total"
IS_LAST = "isLast"
NEXT_PAGE_TOKEN = "nextPageToken"
OFFSET = "offset"  # offset/limit envelopes (audit records)
LIMIT = "limit"
# Plain arrays (and envelopes without total/isLast) carry no end: no Jira list has ten million entries, so an
# offset past this is a loop, not data (RepeatedPageGuard catches a server that ignores startAt much earlier).
ARRAY_OFFSET_LIMIT = 10_000_000


JiraPaginator = Paginator


class JiraOffsetPaginator:
    """PageBean and legacy offset envelopes, e.g. `GET /rest/api/3/project/search`:

        {"startAt": 0, "maxResults": 50, "total": 120, "isLast": false, "values": [...]}

    Data Center issue search has the same offsets with `issues` as the record key and no `isLast`.
    """

    def __init__(self, records_key: str) -> None:
        self.records_key = records_key

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {START_AT: 0, MAX_RESULTS: page_size}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, self.records_key)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        body = json_body(response)
        page = self.records(body)
        requested = request_position(response.request)
        start = whole_number(body.get(START_AT, requested.get(START_AT, 0)), START_AT, response)
        if not page or body.get(IS_LAST) is True:
            return None
        following = start + len(page)
        total = body.get(TOTAL)
        if total is not None and following >= whole_number(total, TOTAL, response):
            return None
        _refuse_backwards(requested.get(START_AT, 0), following, response)
        if following > ARRAY_OFFSET_LIMIT:
            raise PaginationLoopError(
                f"Jira kept returning records past offset {ARRAY_OFFSET_LIMIT} for {response.request.url}."
            )
        return {START_AT: following, MAX_RESULTS: int(requested.get(MAX_RESULTS, len(page)))}


class JiraArrayPaginator:
    """Plain JSON arrays paged by startAt/maxResults, e.g. `GET /rest/api/3/users/search`: `[{...}, {...}]`.

    Stops on an empty page, not a short one: Jira may return fewer users than asked for (it filters out
    records the caller may not see, and caps maxResults silently), so a short page does not mean the end.
    """

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {START_AT: 0, MAX_RESULTS: page_size}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return array_records(body)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        page = self.records(json_body(response))
        if not page:
            return None
        requested = request_position(response.request)
        following = int(requested.get(START_AT, 0)) + len(page)
        if following > ARRAY_OFFSET_LIMIT:
            raise PaginationLoopError(
                f"Jira kept returning records past offset {ARRAY_OFFSET_LIMIT} for {response.request.url}."
            )
        return {START_AT: following, MAX_RESULTS: int(requested.get(MAX_RESULTS, len(page)))}


class JiraTokenPaginator:
    """Cloud issue search `POST /rest/api/3/search/jql` (no total; the last page carries no token):

    {"issues": [...], "nextPageToken": "CAEaAggD", "isLast": false}
    """

    def __init__(self, records_key: str = "issues") -> None:
        self.records_key = records_key

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {MAX_RESULTS: page_size}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, self.records_key)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        body = json_body(response)
        token = body.get(NEXT_PAGE_TOKEN)
        # why an empty page ends it: tokens that cycle (a -> b -> a) over empty pages would never end otherwise
        if body.get(IS_LAST) is True or not token or not self.records(body):
            return None
        sent = request_position(response.request)
        if token == sent.get(NEXT_PAGE_TOKEN):
            raise PaginationLoopError(
                f"Jira returned the page token it was sent ({token!r}) for {response.request.url}."
            )
        return {NEXT_PAGE_TOKEN: token, MAX_RESULTS: int(sent.get(MAX_RESULTS, len(self.records(body)) or 1))}


class JiraSinglePagePaginator:
    """Unpaged plain arrays, e.g. `GET /rest/api/3/field`: the whole list in one response."""

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return array_records(body)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


class JiraSingleEnvelopePaginator:
    """Unpaged lists wrapped in an object, e.g. `GET /rest/api/3/issueLinkType`:

        {"issueLinkTypes": [{"id": "10000", "name": "Blocks", ...}, ...]}

    why not JiraOffsetPaginator: these resources take no startAt/maxResults and carry no total.
    """

    def __init__(self, records_key: str) -> None:
        self.records_key = records_key

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, self.records_key)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


def request_position(request: requests.PreparedRequest) -> dict[str, Any]:
    """Where the request asked to start: query parameters for GET, the JSON body for POST searches."""
    return request_json(request) if request.method == "POST" else request_query(request)


def _refuse_backwards(requested_start: Any, following: int, response: requests.Response) -> None:
    if following <= int(requested_start):
        raise PaginationLoopError(
            f"Jira paging did not advance (startAt {requested_start} -> {following}) for {response.request.url}."
        )


class JiraEnvelopePaginator:
    """Unpaged envelopes holding the whole list under one key, e.g. `GET /rest/api/3/permissionscheme`:

    {"permissionSchemes": [{...}, {...}]}        (also `avatar/{type}/system`: {"system": [...]})
    """

    def __init__(self, records_key: str) -> None:
        self.records_key = records_key

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, self.records_key)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


class JiraObjectMapPaginator:
    """Unpaged objects keyed by each record's key, e.g. `GET /rest/api/3/permissions`:

    {"permissions": {"BROWSE_PROJECTS": {"key": "BROWSE_PROJECTS", ...}, "ADMINISTER": {...}}}
    """

    def __init__(self, records_key: str) -> None:
        self.records_key = records_key

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        if not isinstance(body, Mapping):
            raise MalformedResponseError(f"expected a JSON object with a `{self.records_key}` object")
        records = body.get(self.records_key)
        if records is not None and not isinstance(records, Mapping):
            raise MalformedResponseError(f"expected `{self.records_key}` to be an object, got {type(records).__name__}")
        return list((records or {}).values())

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


class JiraSingleObjectPaginator:
    """One object that is the record itself, e.g. `GET /rest/api/3/serverInfo`: {"baseUrl": ..., "version": ...}."""

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        if not isinstance(body, Mapping):
            raise MalformedResponseError(f"expected a JSON object, got {type(body).__name__}")
        return [body]

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


class JiraOffsetLimitPaginator:
    """offset/limit envelopes, e.g. `GET /rest/api/3/auditing/record`:

        {"offset": 0, "limit": 1000, "total": 2410, "records": [...]}

    Stops on an empty page or when `total` is reached; a short page is not the end (the server caps `limit`).
    """

    def __init__(self, records_key: str) -> None:
        self.records_key = records_key

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {OFFSET: 0, LIMIT: page_size}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, self.records_key)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        body = json_body(response)
        page = self.records(body)
        requested = request_query(response.request)
        start = whole_number(body.get(OFFSET, requested.get(OFFSET, 0)), OFFSET, response)
        following = start + len(page)
        total = body.get(TOTAL)
        if not page or (total is not None and following >= whole_number(total, TOTAL, response)):
            return None
        if following <= int(requested.get(OFFSET, 0)) or following > ARRAY_OFFSET_LIMIT:
            raise PaginationLoopError(
                f"Jira paging did not advance (offset {requested.get(OFFSET, 0)} -> {following}) for {response.request.url}."
            )
        return {OFFSET: following, LIMIT: int(requested.get(LIMIT, len(page)))}


SINCE = "since"
UNTIL = "until"
LAST_PAGE = "lastPage"


class JiraChangedWorklogsPaginator:
    """`GET /rest/api/3/worklog/deleted?since=` (and `worklog/updated`), at most 1,000 entries a page:

        {"values": [{"worklogId": 103, "updatedTime": 1438013693136, "properties": []}],
         "since": 1438013671562, "until": 1438013693136, "lastPage": false,
         "nextPage": "https://your-domain.atlassian.net/rest/api/3/worklog/deleted?since=1438013693136"}

    The next page starts at the page's `until` (what `nextPage` asks for); `lastPage: true` or an empty page ends it.
    The entries at `until` may come again on the next page: the stream drops them there.
    """

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}  # why: the page size is fixed by Jira; the stream's slice gives the first `since`

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, "values")

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        body = json_body(response)
        if body.get(LAST_PAGE) is not False or not self.records(body):
            return None
        until = whole_number(body.get(UNTIL), UNTIL, response)
        since = int(request_query(response.request).get(SINCE, 0))
        if until <= since:
            raise PaginationLoopError(
                f"Jira paging did not advance (since {since} -> {until}) for {response.request.url}."
            )
        return {SINCE: until}
