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
