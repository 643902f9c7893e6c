from datetime import UTC, datetime, timedelta

import pytest

from source_jira_octopus.octopus.paginators import OctopusSkipTakePaginator, PageRules
from unit_tests.http_fixtures import make_response

URL = "https://octopus.example.com/api/Spaces-1/deployments"
NEWEST = datetime(2026, 11, 30, tzinfo=UTC)


def created(i):
    """Newest first: record i was created i hours before NEWEST."""
    return (NEWEST - timedelta(hours=i)).isoformat().replace("+00:00", "Z")


def envelope(skip, take, total, count, next_link=True):
    links = {"Self": f"/api/Spaces-1/deployments?skip={skip}&take={take}"}
    if next_link:
        links["Page.Next"] = f"/api/Spaces-1/deployments?skip={skip + take}&take={take}"
    items = [{"Id": f"Deployments-{skip + i}", "Created": created(skip + i)} for i in range(count)]
    return {"ItemType": "Deployment", "TotalResults": total, "ItemsPerPage": take, "Items": items, "Links": links}


def older_than(hours):
    bound = NEWEST - timedelta(hours=hours)
    return lambda record: datetime.fromisoformat(record["Created"].replace("Z", "+00:00")) < bound


def page_response(skip, take, total, count, next_link=True):
    return make_response(envelope(skip, take, total, count, next_link), url=URL, params={"skip": skip, "take": take})


@pytest.mark.parametrize(
    "page, cap, stop_hours, kept, warned_with, following",
    [
        # no rules: every record and the normal next page
        ((0, 30, 95, 30), 0, None, 30, None, {"skip": 30, "take": 30}),
        ((90, 30, 95, 5, False), 0, None, 5, None, None),
        # cap inside the first page / inside a later page
        ((0, 30, 95, 30), 10, None, 10, 95, None),
        ((30, 30, 95, 30), 40, None, 10, 95, None),
        ((30, 30, 95, 30), 31, None, 1, 95, None),
        # cap at a page boundary: the whole page is kept, and the list had more
        ((0, 30, 95, 30), 30, None, 30, 95, None),
        ((30, 30, 95, 30), 60, None, 30, 95, None),
        # cap larger than the list, or exactly its size: nothing was cut, no warning
        ((90, 30, 95, 5, False), 100, None, 5, None, None),
        ((60, 30, 90, 30), 90, None, 30, None, None),
        ((0, 30, 20, 20, False), 1000, None, 20, None, None),
        # a cap that does not bind on this page leaves paging alone
        ((0, 30, 95, 30), 61, None, 30, None, {"skip": 30, "take": 30}),
        # newest first: stop at the first record older than the bound
        ((0, 30, 95, 30), 0, 12.5, 13, None, None),  # records 0..12 are within 12.5 hours
        ((30, 30, 95, 30), 0, 29.5, 0, None, None),  # the first record of this page is already older
        ((0, 30, 95, 30), 0, -1, 0, None, None),  # even the newest record is older than the bound
        ((0, 30, 95, 30), 0, 0, 1, None, None),  # a record exactly at the bound is kept (only older ones stop)
        ((0, 30, 95, 30), 0, 1000, 30, None, {"skip": 30, "take": 30}),  # nothing older: keep paging
        # both rules: whichever comes first
        ((0, 30, 95, 30), 5, 12.5, 5, 95, None),
        ((0, 30, 95, 30), 20, 12.5, 13, None, None),
    ],
)
def test_page_rules(page, cap, stop_hours, kept, warned_with, following):
    warnings = []
    rules = PageRules(cap, older_than(stop_hours) if stop_hours is not None else None, warnings.append)
    paginator = OctopusSkipTakePaginator()
    response = page_response(*page)
    records = paginator.page(response, rules)
    skip = page[0]
    assert [r["Id"] for r in records] == [f"Deployments-{skip + i}" for i in range(kept)]
    assert warnings == ([] if warned_with is None else [warned_with])  # at most one warning, with TotalResults
    assert paginator.next_page(response) == following


def test_no_rules_at_all_is_the_plain_paginator():
    paginator = OctopusSkipTakePaginator()
    response = page_response(0, 30, 95, 30)
    assert paginator.page(response, PageRules()) == paginator.records(response.json())
    assert paginator.next_page(response) == {"skip": 30, "take": 30}


def test_a_cut_page_stays_cut_for_every_later_next_page_call():
    paginator = OctopusSkipTakePaginator()
    response = page_response(0, 30, 95, 30)
    paginator.page(response, PageRules(cap=10))
    assert paginator.next_page(response) is None
    assert paginator.next_page(response) is None
    uncut = page_response(0, 30, 95, 30)  # a fresh response of the same page is not affected
    assert paginator.next_page(uncut) == {"skip": 30, "take": 30}


def test_cap_without_a_warning_callback_still_cuts():
    paginator = OctopusSkipTakePaginator()
    response = page_response(0, 30, 95, 30)
    assert len(paginator.page(response, PageRules(cap=3))) == 3
    assert paginator.next_page(response) is None
