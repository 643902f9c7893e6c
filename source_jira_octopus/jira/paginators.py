"""One paginator per Jira response shape, and the shared instances most streams declare.

Paged: offset envelopes (`startAt`/`maxResults`, or `offset`/`limit`), plain arrays, issue-search tokens and the
`since`/`until` change lists. Unpaged: a plain array, an envelope, an object keyed by record, one object.

Each reads the next page token from the response (and the request that produced it) alone, so one instance serves
concurrent partitions; each has a stop condition and refuses a token that does not move forward.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from source_jira_octopus.http.paging import PaginationLoopError, array_records, envelope_records, whole_number
from source_jira_octopus.http.responses import MalformedResponseError, json_body, request_json, request_query

START_AT = "startAt"
MAX_RESULTS = "maxResults"
TOTAL = "total"
IS_LAST = "isLast"
NEXT_PAGE_TOKEN = "nextPageToken"
OFFSET = "offset"  # offset/limit envelopes (audit records)
LIMIT = "limit"
SINCE = "since"
UNTIL = "until"
LAST_PAGE = "lastPage"
# Plain arrays (and envelopes without total/isLast) carry no end: no Jira list has ten million entries, so an
# offset past this is a loop, not data (RepeatedPageGuard catches a server that ignores startAt much earlier).
ARRAY_OFFSET_LIMIT = 10_000_000


class JiraOffsetPaginator:
    """Offset envelopes. PageBean, e.g. `GET /rest/api/3/project/search`:

        {"startAt": 0, "maxResults": 50, "total": 120, "isLast": false, "values": [...]}

    Data Center issue search has the same offsets with `issues` as the record key and no `isLast`; the audit log
    (`GET /rest/api/3/auditing/record`) names them `offset`/`limit`:

        {"offset": 0, "limit": 1000, "total": 2410, "records": [...]}

    Stops on an empty page, `isLast: true` or when `total` is reached; a short page is not the end (the server caps
    the page size). The next page starts after what arrived, from where the envelope says this page started.
    """

    def __init__(self, records_key: str, start_param: str = START_AT, size_param: str = MAX_RESULTS) -> None:
        self.records_key = records_key
        self.start_param = start_param
        self.size_param = size_param

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {self.start_param: 0, self.size_param: page_size}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, self.records_key)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        body = json_body(response)
        page = self.records(body)
        requested = request_position(response.request)
        requested_start = requested.get(self.start_param, 0)
        start = whole_number(body.get(self.start_param, requested_start), self.start_param, response)
        if not page or body.get(IS_LAST) is True:
            return None
        following = start + len(page)
        total = body.get(TOTAL)
        if total is not None and following >= whole_number(total, TOTAL, response):
            return None
        if following <= int(requested_start):
            raise PaginationLoopError(
                f"Jira paging did not advance ({self.start_param} {requested_start} -> {following}) "
                f"for {response.request.url}."
            )
        _refuse_endless(following, response)
        return {self.start_param: following, self.size_param: int(requested.get(self.size_param, len(page)))}


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
        _refuse_endless(following, response)
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


class JiraUnpagedArrayPaginator:
    """Unpaged plain arrays, e.g. `GET /rest/api/3/field`: the whole list in one response."""

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return array_records(body)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


class JiraUnpagedEnvelopePaginator:
    """Unpaged envelopes holding the whole list under one key, e.g. `GET /rest/api/3/issueLinkType`:

        {"issueLinkTypes": [{"id": "10000", "name": "Blocks", ...}, ...]}

    (also `permissionscheme`: {"permissionSchemes": [...]}, `avatar/{type}/system`: {"system": [...]}).
    These resources take no startAt and carry no usable total. Some cap their size, e.g. Data Center
    `GET /rest/api/2/groups/picker`: {"header": "Showing 20 of 25 matching groups", "total": 25, "groups": [...]};
    `max_results` is then sent as `maxResults`, and the stream compares `total` with what came back.
    """

    def __init__(self, records_key: str, max_results: int | None = None) -> None:
        self.records_key = records_key
        self.max_results = max_results

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {} if self.max_results is None else {MAX_RESULTS: self.max_results}

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


class JiraObjectPaginator:
    """One JSON object is one record, e.g. `GET /rest/api/3/serverInfo` or `project/{projectId}/email`:

    {"emailAddress": "jira@acme.atlassian.net", "emailAddressStatus": ["Email address or domain not verified"]}

    A JSON `null` is no record.
    """

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        if body is None:
            return []
        if not isinstance(body, Mapping):
            raise MalformedResponseError(f"expected a JSON object, got {type(body).__name__}")
        return [body]

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


def request_position(request: requests.PreparedRequest) -> dict[str, Any]:
    """Where the request asked to start: query parameters for GET, the JSON body for POST searches."""
    return request_json(request) if request.method == "POST" else request_query(request)


def _refuse_endless(following: int, response: requests.Response) -> None:
    if following > ARRAY_OFFSET_LIMIT:
        raise PaginationLoopError(
            f"Jira kept returning records past offset {ARRAY_OFFSET_LIMIT} for {response.request.url}."
        )


# The shapes most streams declare, shared: a paginator keeps no state between calls.
PAGE_BEAN = JiraOffsetPaginator("values")
ARRAY = JiraArrayPaginator()
SINGLE = JiraUnpagedArrayPaginator()
OBJECT = JiraObjectPaginator()
