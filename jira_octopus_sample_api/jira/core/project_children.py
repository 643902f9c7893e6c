"""Versions and components of each Jira project (Cloud REST v3 shapes), deterministic from a seed.

Counts: with 2,000 issues or more, every tenth project (index 0, 10, ...) has 130-169 versions, so a
``maxResults=100`` reader pages; the others have 2-18 (small datasets exercise page sizes like 1 and 7).
Components: 0-12 per project. Ids: version ``10000 + project index * 1000 + n``, component
``20000 + project index * 1000 + n``, unique across projects and stable for a seed and size.
"""

from __future__ import annotations

import random
from typing import Any

from jira_octopus_sample_api.clock import jira_time
from jira_octopus_sample_api.jira.core.catalog import API3
from jira_octopus_sample_api.jira.core.generator import pick, user_ref

DAY_MS = 86_400_000
LARGE_PROJECT_DATASET = 2_000
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_COMPONENT_NAMES = (
    "Backend",
    "Frontend",
    "API",
    "Database",
    "Auth",
    "Billing",
    "Search",
    "Notifications",
    "Reporting",
    "Mobile",
    "Infrastructure",
    "Docs",
    "Integrations",
)


def version_count(index: int, size: int) -> int:
    if size >= LARGE_PROJECT_DATASET and index % 10 == 0:
        return 130 + (index * 13) % 40
    return 2 + (index * 7) % 17


def build_versions(
    rng: random.Random, project: dict[str, Any], index: int, size: int, anchor_ms: int
) -> list[dict[str, Any]]:
    count = version_count(index, size)
    versions = []
    for number in range(count):
        vid = str(10000 + index * 1000 + number)
        start = anchor_ms - (count - number) * 14 * DAY_MS
        released = number < count - 2
        version: dict[str, Any] = {
            "self": f"{API3}/version/{vid}",
            "id": vid,
            "name": f"{project['key']} {1 + number // 10}.{number % 10}.0",
            "archived": number < count // 3,
            "released": released,
            "projectId": int(project["id"]),
        }
        if rng.random() < 0.7:
            version["description"] = f"Release train {number + 1} of {project['name']}."
        if rng.random() < 0.8:
            version["startDate"], version["userStartDate"] = _date(start), _user_date(start)
        version["releaseDate"], version["userReleaseDate"] = _date(start + 14 * DAY_MS), _user_date(start + 14 * DAY_MS)
        version["overdue"] = not released and start + 14 * DAY_MS < anchor_ms
        versions.append(version)
    return versions


def build_components(
    rng: random.Random, project: dict[str, Any], index: int, users: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    people = [user_ref(u) for u in users if u["accountType"] == "atlassian"]
    components = []
    for number in range((index * 5) % 13):
        lead = pick(rng, people)
        cid = str(20000 + index * 1000 + number)
        components.append(
            {
                "self": f"{API3}/component/{cid}",
                "id": cid,
                "name": _COMPONENT_NAMES[number],
                "description": f"{_COMPONENT_NAMES[number]} of {project['name']}.",
                "lead": lead,
                "assigneeType": "PROJECT_LEAD",
                "assignee": lead,
                "realAssigneeType": "PROJECT_LEAD",
                "realAssignee": lead,
                "isAssigneeTypeValid": True,
                "project": project["key"],
                "projectId": int(project["id"]),
                "issueCount": int(rng.random() * 200),
            }
        )
    return components


def _date(ms: int) -> str:
    return jira_time(ms)[:10]


def _user_date(ms: int) -> str:
    """Jira's display format of a version date, e.g. ``15/Jan/24``."""
    year, month, day = _date(ms).split("-")
    return f"{day}/{_MONTHS[int(month) - 1]}/{year[2:]}"
