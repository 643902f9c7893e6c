"""The paginators the administration streams added: offset/limit envelopes, unpaged envelopes, keyed objects and
single objects (table-driven over sample responses)."""

import pytest

from source_jira_octopus.http.responses import MalformedResponseError
from source_jira_octopus.jira.paginators import (
    LIMIT,
    OFFSET,
    JiraObjectMapPaginator,
    JiraObjectPaginator,
    JiraOffsetPaginator,
    JiraUnpagedEnvelopePaginator,
    PaginationLoopError,
)
from unit_tests.http_fixtures import make_response

AUDIT = JiraOffsetPaginator("records", OFFSET, LIMIT)
AUDIT_URL = "https://example.atlassian.net/rest/api/3/auditing/record"


@pytest.mark.parametrize(
    "sent, body, expected",
    [
        ({"offset": 0, "limit": 2}, {"offset": 0, "limit": 2, "total": 5, "records": [{}, {}]}, {"offset": 2, "limit": 2}),
        ({"offset": 4, "limit": 2}, {"offset": 4, "limit": 2, "total": 5, "records": [{}]}, None),
        # the server capped the limit (asked 1000, got 100): continue from what arrived, a short page is no end
        ({"offset": 0, "limit": 1000}, {"offset": 0, "limit": 100, "total": 250, "records": [{}] * 100}, {"offset": 100, "limit": 1000}),
        # no total: only an empty page ends it
        ({"offset": 0, "limit": 2}, {"offset": 0, "limit": 2, "records": [{}]}, {"offset": 1, "limit": 2}),
        ({"offset": 1, "limit": 2}, {"offset": 1, "limit": 2, "records": []}, None),
        # an ignored error body (403) carries no records: paging ends
        ({"offset": 0, "limit": 2}, {"errorMessages": ["no"], "errors": {}}, None),
    ],
)  # fmt: skip
def test_offset_limit_next_page(sent, body, expected):
    assert AUDIT.next_page(make_response(body, url=AUDIT_URL, params=sent)) == expected


def test_offset_limit_first_page_and_records():
    assert AUDIT.first_page(7) == {"offset": 0, "limit": 7}
    assert AUDIT.records({"records": [{"id": 1}]}) == [{"id": 1}]


def test_offset_limit_refuses_a_page_that_moves_backwards():
    response = make_response(
        {"offset": 0, "total": 9, "records": [{}, {}]}, url=AUDIT_URL, params={"offset": 4, "limit": 2}
    )
    with pytest.raises(PaginationLoopError):
        AUDIT.next_page(response)


@pytest.mark.parametrize(
    "paginator, body, records",
    [
        (JiraUnpagedEnvelopePaginator("permissionSchemes"), {"permissionSchemes": [{"id": 1}, {"id": 2}]}, [{"id": 1}, {"id": 2}]),
        (JiraUnpagedEnvelopePaginator("system"), {"system": []}, []),
        (JiraObjectMapPaginator("permissions"), {"permissions": {"A": {"key": "A"}, "B": {"key": "B"}}}, [{"key": "A"}, {"key": "B"}]),
        (JiraObjectMapPaginator("permissions"), {"errorMessages": []}, []),
        (JiraObjectPaginator(), {"version": "9.12.15"}, [{"version": "9.12.15"}]),
        (JiraObjectPaginator(), None, []),  # a JSON null is no record
    ],
)  # fmt: skip
def test_unpaged_shapes_read_their_records_in_one_request(paginator, body, records):
    assert paginator.first_page(50) == {}
    assert paginator.records(body) == records
    assert paginator.next_page(make_response(body)) is None


def test_a_capped_envelope_asks_for_its_cap_not_the_page_size():
    picker = JiraUnpagedEnvelopePaginator("groups", max_results=10_000)
    body = {"header": "Showing 2 of 2 matching groups", "total": 2, "groups": [{"name": "a"}, {"name": "b"}]}
    assert picker.first_page(50) == {"maxResults": 10_000}
    assert picker.records(body) == [{"name": "a"}, {"name": "b"}]
    assert picker.next_page(make_response(body, params={"maxResults": 10_000})) is None


@pytest.mark.parametrize(
    "paginator, body",
    [
        (JiraUnpagedEnvelopePaginator("permissionSchemes"), [{"id": 1}]),
        (JiraObjectMapPaginator("permissions"), {"permissions": [{"key": "A"}]}),
        (JiraObjectMapPaginator("permissions"), ["A"]),
        (JiraObjectPaginator(), [{"version": "1"}]),
    ],
)
def test_another_shape_is_a_clear_error(paginator, body):
    with pytest.raises(MalformedResponseError):
        paginator.records(body)
