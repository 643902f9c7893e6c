import pytest

from source_jira_octopus.jira.paginators import (
    JiraArrayPaginator,
    JiraOffsetPaginator,
    JiraTokenPaginator,
    JiraUnpagedArrayPaginator,
    PaginationLoopError,
)
from unit_tests.http_fixtures import make_response

PAGE_BEAN = JiraOffsetPaginator("values")
ISSUES_OFFSET = JiraOffsetPaginator("issues")


@pytest.mark.parametrize(
    "paginator, sent, body, expected",
    [
        # PageBean: isLast false and total not reached -> next offset from the response's startAt + page length
        (
            PAGE_BEAN,
            {"startAt": 0, "maxResults": 2},
            {"startAt": 0, "maxResults": 2, "total": 5, "isLast": False, "values": [{}, {}]},
            {"startAt": 2, "maxResults": 2},
        ),
        (
            PAGE_BEAN,
            {"startAt": 4, "maxResults": 2},
            {"startAt": 4, "maxResults": 2, "total": 5, "isLast": True, "values": [{}]},
            None,
        ),
        # isLast wins even when total claims more
        (
            PAGE_BEAN,
            {"startAt": 0, "maxResults": 2},
            {"startAt": 0, "total": 9, "isLast": True, "values": [{}, {}]},
            None,
        ),
        # total reached, isLast missing
        (PAGE_BEAN, {"startAt": 3, "maxResults": 3}, {"startAt": 3, "total": 6, "values": [{}, {}, {}]}, None),
        # server capped maxResults (asked 100, got 50): continue from what arrived
        (
            PAGE_BEAN,
            {"startAt": 0, "maxResults": 100},
            {"startAt": 0, "maxResults": 50, "total": 120, "values": [{}] * 50},
            {"startAt": 50, "maxResults": 100},
        ),
        # empty page stops even if total says otherwise
        (PAGE_BEAN, {"startAt": 10, "maxResults": 5}, {"startAt": 10, "total": 30, "values": []}, None),
        # Data Center issue search: no isLast, total only
        (
            ISSUES_OFFSET,
            {"startAt": 0, "maxResults": 7},
            {"startAt": 0, "maxResults": 7, "total": 8, "issues": [{}] * 7},
            {"startAt": 7, "maxResults": 7},
        ),
        (
            ISSUES_OFFSET,
            {"startAt": 7, "maxResults": 7},
            {"startAt": 7, "maxResults": 7, "total": 8, "issues": [{}]},
            None,
        ),
    ],
)
def test_offset_paginator(paginator, sent, body, expected):
    response = make_response(body, params=sent)
    assert paginator.next_page(response) == expected


def test_offset_paginator_refuses_a_server_that_ignores_start_at():
    response = make_response({"startAt": 0, "total": 10, "values": [{}, {}]}, params={"startAt": 4, "maxResults": 2})
    with pytest.raises(PaginationLoopError):
        PAGE_BEAN.next_page(response)


@pytest.mark.parametrize(
    "sent, body, expected",
    [
        ({"startAt": 0, "maxResults": 3}, [{}, {}, {}], {"startAt": 3, "maxResults": 3}),
        # a short page is not the end: Jira filters users the caller may not see
        ({"startAt": 3, "maxResults": 3}, [{}], {"startAt": 4, "maxResults": 3}),
        ({"startAt": 4, "maxResults": 3}, [], None),
    ],
)
def test_array_paginator_stops_only_on_an_empty_page(sent, body, expected):
    assert JiraArrayPaginator().next_page(make_response(body, params=sent)) == expected


def test_array_paginator_has_a_guaranteed_stop_for_servers_ignoring_start_at():
    from source_jira_octopus.jira.paginators import ARRAY_OFFSET_LIMIT

    response = make_response([{}, {}], params={"startAt": ARRAY_OFFSET_LIMIT, "maxResults": 2})
    with pytest.raises(PaginationLoopError):
        JiraArrayPaginator().next_page(response)


@pytest.mark.parametrize(
    "sent, body, expected",
    [
        (
            {"jql": "x", "maxResults": 5},
            {"issues": [{}] * 5, "nextPageToken": "tok-1", "isLast": False},
            {"nextPageToken": "tok-1", "maxResults": 5},
        ),
        (
            {"jql": "x", "maxResults": 5, "nextPageToken": "tok-1"},
            {"issues": [{}] * 5, "nextPageToken": "tok-2", "isLast": False},
            {"nextPageToken": "tok-2", "maxResults": 5},
        ),
        ({"jql": "x", "maxResults": 5, "nextPageToken": "tok-2"}, {"issues": [{}] * 2, "isLast": True}, None),
        # no token and no isLast: stop rather than loop
        ({"jql": "x", "maxResults": 5}, {"issues": [{}]}, None),
        # isLast true even though a token came back
        ({"jql": "x", "maxResults": 5}, {"issues": [{}], "nextPageToken": "tok-9", "isLast": True}, None),
    ],
)
def test_token_paginator_reads_its_own_post_body(sent, body, expected):
    response = make_response(
        body, method="POST", url="https://x.atlassian.net/rest/api/3/search/jql", request_json=sent
    )
    assert JiraTokenPaginator().next_page(response) == expected


def test_token_paginator_refuses_a_repeated_token():
    response = make_response(
        {"issues": [{}], "nextPageToken": "same", "isLast": False},
        method="POST",
        url="https://x.atlassian.net/rest/api/3/search/jql",
        request_json={"jql": "x", "nextPageToken": "same", "maxResults": 1},
    )
    with pytest.raises(PaginationLoopError):
        JiraTokenPaginator().next_page(response)


def test_single_page_paginator_never_asks_for_more():
    paginator = JiraUnpagedArrayPaginator()
    assert paginator.first_page(50) == {}
    assert paginator.next_page(make_response([{"id": "1"}])) is None
    assert paginator.records([{"id": "1"}, {"id": "2"}]) == [{"id": "1"}, {"id": "2"}]
