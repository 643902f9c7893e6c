"""Builders for whole `read`s through the Airbyte entrypoint against the CDK's HttpMocker: the configs, the `run`
call, JSON responses, the request register that checks each request was sent exactly once, and the request
patterns many streams share (Jira Cloud's partition probes and issue search, Octopus spaces and envelopes).

Test modules import these, never each other (`unit_tests/test_suite_layout.py` checks it)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from airbyte_cdk.models import AirbyteStateMessage, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse

from source_jira_octopus import SourceJiraOctopus

JIRA = "https://acme.atlassian.net"
DC = "https://jira.acme.io/ctx"
OCTOPUS = "https://octopus.acme.io"
JIRA_CLOUD: dict[str, Any] = {
    "base_url": JIRA,
    "deployment": "cloud",
    "credentials": {"auth_type": "api_token", "email": "me@acme.io", "api_token": "tok-123"},
    "page_size": 2,
    # why 0: these reads pin every JQL; the end bound of Cloud's token-paged searches (`jira.search_lag_minutes`,
    # 5 by default) is pinned by its own tests (unit_tests/test_search_end.py)
    "search_lag_minutes": 0,
    "requests_per_second": 0,  # pacing has its own tests (test_rate_governor, integration test_rate_limits)
}
JIRA_DC: dict[str, Any] = {
    **JIRA_CLOUD,
    "base_url": DC,
    "deployment": "data_center",
    "credentials": {"auth_type": "personal_access_token", "token": "pat-1"},
}
OCTOPUS_CONFIG: dict[str, Any] = {  # a server without rate-limiting policies: no /api/ratelimitingpolicies to mock
    "server_url": OCTOPUS,
    "api_key": "API-ABCDEFGHIJKLMNOP",
    "page_size": 2,
    "requests_per_second": 0,
}

SERVER_DATE = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
DATE = format_datetime(SERVER_DATE, usegmt=True)  # the `Date` header of the responses that set a cursor
# The partition's new cursor: the server's Date minus the request timeout (10 s in `run`) minus 1 s of rounding.
NEW_CURSOR = (SERVER_DATE - timedelta(seconds=11)).isoformat(timespec="milliseconds")
SAVED = "2024-05-01T10:30:00.000+00:00"
BOUND = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)  # SAVED minus a 30-minute Jira lookback
BOUND_MS = int(BOUND.timestamp() * 1000)
PROJECTS = [{"id": "10000", "key": "ABC"}, {"id": "10001", "key": "XYZ"}]
CLOUD_SEARCH = f"{JIRA}/rest/api/3/search/jql"
FIRST_CREATED = {"id": "1", "fields": {"created": "2024-01-01T00:00:00.000+0000"}}  # the planner's first probe
FIELDS = [
    {"id": "summary", "name": "Summary", "custom": False, "schema": {"type": "string", "system": "summary"}},
    {
        "id": "customfield_10016",
        "name": "Story points",
        "custom": True,
        "schema": {"type": "number", "customId": 10016},
    },
]


def run(
    config: dict[str, Any],
    stream: str,
    sync_mode: SyncMode = SyncMode.full_refresh,
    state: list[AirbyteStateMessage] | None = None,
) -> EntrypointOutput:
    """One stream read in-process, one request at a time, with a 10 s request timeout (see NEW_CURSOR)."""
    config = {"max_concurrent_requests": 1, "request_timeout_seconds": 10, **config}
    catalog = CatalogBuilder().with_stream(stream, sync_mode).build()
    return read(SourceJiraOctopus(config, state), config, catalog, state)


def ok(body: Any, **headers: str) -> HttpResponse:
    return HttpResponse(json.dumps(body), 200, {"Content-Type": "application/json", **headers})


def final_state(output: EntrypointOutput) -> dict[str, Any]:
    state = output.most_recent_state
    assert state is not None and state.stream_state is not None, "the read wrote no state"
    return dict(state.stream_state.__dict__)


class Mocks:
    """Registers requests and, on `verify`, checks that each was sent exactly once."""

    def __init__(self, mocker: HttpMocker) -> None:
        self.mocker = mocker
        self.registered: list[HttpRequest] = []

    def get(self, url: str, params: dict[str, Any] | None = None, body: Any = None, **headers: str) -> None:
        self.registered.append(HttpRequest(url, query_params=params or {}))
        self.mocker.get(self.registered[-1], ok(body, **headers))

    def post(self, url: str, json_body: Any, body: Any = None, **headers: str) -> None:
        self.registered.append(HttpRequest(url, body=json_body))
        self.mocker.post(self.registered[-1], ok(body, **headers))

    def verify(self) -> None:
        for request in self.registered:
            self.mocker.assert_number_of_calls(request, 1)


def mock_fields(mocker: HttpMocker, base: str, version: int, fields: list[dict[str, Any]] = FIELDS) -> None:
    """jira_issues' schema: its columns come from the site's fields (one `GET field` per read)."""
    mocker.get(HttpRequest(f"{base}/rest/api/{version}/field"), ok(fields))


def search_issue(issue_id: str, updated: str = "2024-05-01T10:00:00.000+0000") -> dict[str, Any]:
    """An issue as the search returns it with `fields=*all`, in project ABC (10000)."""
    fields = {
        "project": {"id": "10000", "key": "ABC"},
        "created": "2024-01-01T00:00:00.000+0000",
        "updated": updated,
        "summary": f"Issue {issue_id}",
    }
    return {"id": issue_id, "key": f"ABC-{issue_id}", "fields": fields}


def mock_cloud_probes(
    mocker: HttpMocker,
    bound_ms: int,
    first_issue: dict[str, Any],
    count: int,
    last_issue: dict[str, Any] | None = None,
) -> None:
    """Partition planning: the earliest and latest `created` of the issues to read (the latest is the earliest
    unless given), and their approximate count."""
    for order, issue in (("ASC", first_issue), ("DESC", last_issue or first_issue)):
        mocker.post(
            HttpRequest(
                CLOUD_SEARCH,
                body={"jql": f"updated >= {bound_ms} ORDER BY created {order}", "fields": ["created"], "maxResults": 1},
            ),
            ok({"issues": [issue], "isLast": False, "nextPageToken": "p1"}),
        )
    mocker.post(
        HttpRequest(f"{JIRA}/rest/api/3/search/approximate-count", body={"jql": f"updated >= {bound_ms}"}),
        ok({"count": count}),
    )


def mock_cloud_search(
    mocks: Mocks,
    fields: list[str],
    pages: list[list[dict[str, Any]]],
    *,
    bound_ms: int = 0,
    expand: str | None = None,
) -> None:
    """One Cloud partition (about 3 issues, page size 2): the planner's probes, then one search page per entry of
    `pages`, each after the token of the one before, answered with the server's `Date`."""
    mock_cloud_probes(mocks.mocker, bound_ms, FIRST_CREATED, 3)
    base: dict[str, Any] = {"jql": f"updated >= {bound_ms} ORDER BY id ASC", "fields": fields, "maxResults": 2}
    if expand:
        base["expand"] = expand
    for index, issues in enumerate(pages):
        last = index == len(pages) - 1
        body: dict[str, Any] = {"issues": issues, "isLast": last}
        if not last:
            body["nextPageToken"] = f"t{index + 1}"
        mocks.post(CLOUD_SEARCH, {**base, **({"nextPageToken": f"t{index}"} if index else {})}, body, Date=DATE)


def octopus_items(kind: str, space: str, skip: int, total: int, records: list[dict[str, Any]]) -> dict[str, Any]:
    """An Octopus envelope (take=2) whose items carry no SpaceId, so the stamp must come from the slice."""
    links = {"Self": f"/api/{space}/{kind}?skip={skip}&take=2"}
    if skip + 2 < total:
        links["Page.Next"] = f"/api/{space}/{kind}?skip={skip + 2}&take=2"
    return {"ItemType": kind, "TotalResults": total, "ItemsPerPage": 2, "Items": records, "Links": links}


def mock_octopus_spaces(mocks: Mocks, ids: list[str]) -> None:
    for skip in range(0, len(ids), 2):
        mocks.get(
            f"{OCTOPUS}/api/spaces",
            {"skip": str(skip), "take": "2"},
            octopus_items("spaces", "", skip, len(ids), [{"Id": i} for i in ids[skip : skip + 2]]),
        )


def octopus_page(kind: str, space: str, skip: int, take: int, total: int, ids: list[str]) -> dict[str, Any]:
    """An Octopus envelope of `take` items (ids stamped with their SpaceId), with the paging links and counts."""
    links = {"Self": f"/api/{space}/{kind}?skip={skip}&take={take}"}
    if skip + take < total:
        links["Page.Next"] = f"/api/{space}/{kind}?skip={skip + take}&take={take}"
    pages = -(-total // take)
    return {
        "ItemType": kind,
        "TotalResults": total,
        "ItemsPerPage": take,
        "NumberOfPages": pages,
        "LastPageNumber": pages - 1,
        "Items": [{"Id": i, "SpaceId": space} for i in ids],
        "Links": links,
    }


def mock_spaces(mocker: HttpMocker, ids: list[str]) -> None:
    """The space list, two per page (the first request also checks the API key header)."""
    mocker.get(
        HttpRequest(
            f"{OCTOPUS}/api/spaces",
            query_params={"skip": "0", "take": "2"},
            headers={"X-Octopus-ApiKey": "API-ABCDEFGHIJKLMNOP"},
        ),
        ok(octopus_page("spaces", "", 0, 2, len(ids), ids[:2])),
    )
    if len(ids) > 2:
        mocker.get(
            HttpRequest(f"{OCTOPUS}/api/spaces", query_params={"skip": "2", "take": "2"}),
            ok(octopus_page("spaces", "", 2, 2, len(ids), ids[2:4])),
        )
