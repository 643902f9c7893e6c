import pytest

from source_jira_octopus.octopus.paginators import OctopusSkipTakePaginator
from unit_tests.http_fixtures import make_response

URL = "https://octopus.example.com/api/Spaces-1/deployments"


def envelope(skip, take, total, count, next_link=True):
    links = {"Self": f"/api/Spaces-1/deployments?skip={skip}&take={take}"}
    if next_link:
        links["Page.Next"] = f"/api/Spaces-1/deployments?skip={skip + take}&take={take}"
    pages = -(-total // take)
    return {
        "ItemType": "Deployment",
        "TotalResults": total,
        "ItemsPerPage": take,
        "NumberOfPages": pages,
        "LastPageNumber": pages - 1,
        "Items": [{"Id": f"Deployments-{i}"} for i in range(count)],
        "Links": links,
    }


@pytest.mark.parametrize(
    "sent, body, expected",
    [
        ({"skip": 0, "take": 30}, envelope(0, 30, 95, 30), {"skip": 30, "take": 30}),
        ({"skip": 90, "take": 30}, envelope(90, 30, 95, 5, next_link=False), None),
        # TotalResults reached even though a Page.Next link is (wrongly) present
        ({"skip": 60, "take": 30}, envelope(60, 30, 90, 30), None),
        # no Page.Next link ends paging
        ({"skip": 0, "take": 30}, envelope(0, 30, 95, 30, next_link=False), None),
        # server capped take (asked 1000, got 30): continue from what arrived
        ({"skip": 0, "take": 1000}, envelope(0, 30, 95, 30), {"skip": 30, "take": 1000}),
        ({"skip": 30, "take": 30}, envelope(30, 30, 95, 0), None),
    ],
)
def test_skip_take_paginator(sent, body, expected):
    assert OctopusSkipTakePaginator().next_page(make_response(body, url=URL, params=sent)) == expected


def test_first_page_asks_from_zero():
    assert OctopusSkipTakePaginator().first_page(7) == {"skip": 0, "take": 7}


def test_skip_take_paginator_stops_on_an_empty_page_even_if_total_says_more():
    body = envelope(0, 30, 95, 30)
    body["Items"] = []
    assert OctopusSkipTakePaginator().next_page(make_response(body, url=URL, params={"skip": 0, "take": 30})) is None


def dated(items):
    return {"TotalResults": 9, "Items": [{"Id": i, "Created": f"2026-11-0{d}T10:00:00.000+00:00"} for i, d in items]}


@pytest.mark.parametrize(
    "sent, body, expected",
    [
        ({"skip": 0, "take": 2}, dated([("D-9", 9), ("D-8", 8)]), [2, "D-8", "2026-11-08T10:00:00.000+00:00"]),
        ({"skip": 4, "take": 2}, dated([("D-5", 5)]), [5, "D-5", "2026-11-05T10:00:00.000+00:00"]),
        ({"skip": 4, "take": 2}, dated([]), None),  # an empty page: nothing read, no position
        ({"skip": 0, "take": 2}, {"Items": [{"Id": "D-1"}]}, None),  # no sort value to check a resume against
    ],
)
def test_newest_first_position(sent, body, expected):
    assert OctopusSkipTakePaginator().position(make_response(body, url=URL, params=sent), "Created") == expected


@pytest.mark.parametrize(
    "position, expected",
    [
        ([60, "D-1", "2026-11-01T10:00:00+00:00"], {"skip": 30, "take": 30}),  # one page before the first unread
        ([20, "D-1", "2026-11-01T10:00:00+00:00"], {"skip": 0, "take": 30}),
        ([60, "D-1"], None),  # not a position this paginator saved: the partition starts at the top
        (["60", "D-1", "2026-11-01T10:00:00+00:00"], None),
        ([-1, "D-1", "2026-11-01T10:00:00+00:00"], None),
        (10467, None),
    ],
)
def test_resume_page(position, expected):
    assert OctopusSkipTakePaginator.resume_page(position, 30) == expected


@pytest.mark.parametrize(
    "items, lost",
    [
        ([("D-6", 6), ("D-5", 5)], False),  # the last record read is on the page
        ([("D-8", 8), ("D-7", 7)], False),  # created since: the list moved down, the page starts newer
        ([("D-3", 3), ("D-2", 2)], True),  # deleted ahead: the page starts older, unread records may be before it
        ([("D-5x", 5), ("D-4", 4)], True),  # as old as the last record read but not it: not provably newer
        ([], True),  # the list got shorter than our place
    ],
)
def test_a_resumed_page_lost_its_place(items, lost):
    response = make_response(dated(items), url=URL, params={"skip": 2, "take": 2})
    position = [4, "D-5", "2026-11-05T10:00:00.000+00:00"]
    assert OctopusSkipTakePaginator().lost_place(response, position, "Created") is lost
