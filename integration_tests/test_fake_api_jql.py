"""The fake's JQL subset: what matches, in which order, and which queries Jira would refuse."""

from __future__ import annotations

from typing import Any

import pytest

from jira_octopus_sample_api.clock import jira_time
from jira_octopus_sample_api.jira.core.jql import JqlError, parse_jql

NOW = 1_750_000_000_000
DAY = 86_400_000
PROJECTS = {
    "10000": {"id": "10000", "key": "PLAT", "name": "Platform"},
    "10001": {"id": "10001", "key": "WEB", "name": "Web Storefront"},
}


def issue(number: int, project: str, created: int, updated: int) -> dict[str, Any]:
    return {
        "id": str(10000 + number),
        "key": f"{PROJECTS[project]['key']}-{number}",
        "fields": {"project": PROJECTS[project], "created": jira_time(created), "updated": jira_time(updated)},
    }


ISSUES = [
    issue(1, "10000", NOW - 10 * DAY, NOW - 1 * DAY),
    issue(2, "10001", NOW - 9 * DAY, NOW - 9 * DAY),
    issue(3, "10000", NOW - 8 * DAY, NOW - 5 * DAY),
    issue(4, "10001", NOW - 3 * DAY, NOW - 2 * DAY),
    issue(5, "10000", NOW - 2 * DAY, NOW - 2 * DAY),
]


def find_project(value: str) -> dict[str, Any] | None:
    return next((p for p in PROJECTS.values() if value.lower() in (p["id"], p["key"].lower(), p["name"].lower())), None)


def run(jql: str) -> list[int]:
    return [int(i["id"]) - 10000 for i in parse_jql(jql, NOW, find_project).run(ISSUES)]


@pytest.mark.parametrize(
    ("jql", "expected"),
    [
        (f"updated >= {NOW - 3 * DAY} ORDER BY id ASC", [1, 4, 5]),
        (f"updated > {NOW - 2 * DAY} ORDER BY id ASC", [1]),
        (f'updated >= {NOW - 6 * DAY} AND project in ("PLAT", "WEB") ORDER BY id ASC', [1, 3, 4, 5]),
        (f'updated >= {NOW - 6 * DAY} AND project in ("WEB") ORDER BY id ASC', [4]),
        ("project = PLAT ORDER BY id ASC", [1, 3, 5]),
        ("project = 10001", [4, 2]),
        ("project = 'Web Storefront' ORDER BY key DESC", [4, 2]),
        ("project != PLAT ORDER BY id ASC", [2, 4]),
        ("project not in (WEB) ORDER BY created DESC", [5, 3, 1]),
        ("updated >= -4d ORDER BY updated ASC", [4, 5, 1]),
        ('created >= "2025-06-12" ORDER BY id ASC', [4, 5]),
        ("updated >= '2025/06/14 00:00' ORDER BY id ASC", [1]),
        ("(project = WEB OR updated >= -2d) AND NOT id = 10004 ORDER BY id ASC", [1, 2, 5]),
        ("key in (PLAT-1, web-2) ORDER BY id ASC", [1, 2]),
        ("id >= 10003 order by id desc", [5, 4, 3]),
        ("project = PLAT ORDER BY updated DESC, id ASC", [1, 5, 3]),
        ("updated >= 0", [5, 4, 3, 2, 1]),
    ],
)
def test_matching_and_ordering(jql: str, expected: list[int]) -> None:
    assert run(jql) == expected


@pytest.mark.parametrize(
    ("jql", "bounded"),
    [
        ("", False),
        ("ORDER BY id ASC", False),
        ("order by key desc", False),
        ("project = PLAT", True),
        ("updated >= 0 ORDER BY id", True),
    ],
)
def test_boundedness(jql: str, bounded: bool) -> None:
    assert parse_jql(jql, NOW, find_project).bounded is bounded


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("project = NOPE", "The value 'NOPE' does not exist for the field 'project'."),
        ("priority = High", "Field 'priority' does not exist"),
        ("updated >= tomorrow", "Date value 'tomorrow' for field 'updated' is invalid"),
        ("updated in (1, 2)", "The operator 'in' is not supported by the 'updated' field."),
        ("updated >=", "incomplete"),
        ("project in (PLAT", "incomplete"),
        ("updated >= 0 AND", "incomplete"),
        ("updated >= 0 ORDER BY priority", "Not able to sort using field 'priority'."),
        ("updated >= 0 project = PLAT", "Expecting either 'OR' or 'AND'"),
        ('summary ~ "x"', "reserved JQL character"),
        ("updated 5", "Expecting operator"),
        ("id = abc", "does not exist for the field 'id'"),
    ],
)
def test_invalid_queries_raise_jira_messages(jql: str, message: str) -> None:
    with pytest.raises(JqlError, match=None) as caught:
        parse_jql(jql, NOW, find_project)
    assert message in str(caught.value)


def test_sort_values_round_trip_through_order_key() -> None:
    query = parse_jql("updated >= 0 ORDER BY key DESC, updated ASC", NOW, find_project)
    keys = [query.order_key(query.sort_values(i)) for i in ISSUES]
    assert sorted(range(5), key=lambda n: keys[n]) == [3, 1, 4, 2, 0]
    assert query.order_by[-1] == ("id", False)
