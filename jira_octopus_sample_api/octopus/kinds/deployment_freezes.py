"""`GET /api/deploymentfreezes` (Octopus 2025.1 and later): the server-wide deployment freezes.

Octopus' API reference ("Get DeploymentFreezes"): a paginated list whose `take` defaults to 30, filtered by `ids`,
`partialName`, `projectIds`, `tenantIds`, `environmentIds`, `includeComplete`, `status` and `effectiveDate`. A
freeze has `Name`, `Start`, `End`, a `ProjectEnvironmentScope` (project id -> environment ids, of any space), a
`TenantProjectEnvironmentScope` (tenant, project, environment triples) and an optional `RecurringSchedule`. Here:
one freeze per space scoping its first project to its last environment (the production of the core data), a
weekly recurring weekend freeze, and one freeze that ended.
"""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.clock import octopus_time
from jira_octopus_sample_api.octopus.kinds.space_records import Record

DAY_MS = 86_400_000
PATH = "deploymentfreezes"
FILTERS = "skip,take,ids,partialName,projectIds,tenantIds,environmentIds,includeComplete,status,effectiveDate"


def build_deployment_freezes(anchor_ms: int, projects: list[Record], environments: list[Record]) -> list[Record]:
    freezes: list[Record] = []
    for space_id in sorted({p["SpaceId"] for p in projects}, key=lambda s: int(s.rsplit("-", 1)[1])):
        project = next(p for p in projects if p["SpaceId"] == space_id)
        production = max((e for e in environments if e["SpaceId"] == space_id), key=lambda e: e["SortOrder"])
        freezes.append(
            _freeze(len(freezes) + 1, f"Year-end freeze {space_id}", anchor_ms + 10 * DAY_MS, anchor_ms + 24 * DAY_MS)
            | {"ProjectEnvironmentScope": {project["Id"]: [production["Id"]]}}
        )
    weekend = _freeze(len(freezes) + 1, "Weekend freeze", anchor_ms - 300 * DAY_MS, anchor_ms - 298 * DAY_MS)
    weekend["RecurringSchedule"] = {
        "Type": "Weekly",
        "Unit": 1,
        "DaysOfWeek": ["Saturday", "Sunday"],
        "EndType": "Never",
        "EndOnDate": None,
        "EndAfterOccurrences": None,
    }
    freezes.append(weekend)
    freezes.append(_freeze(len(freezes) + 1, "Migration freeze", anchor_ms - 40 * DAY_MS, anchor_ms - 38 * DAY_MS))
    return freezes


def _freeze(number: int, name: str, start_ms: int, end_ms: int) -> dict[str, Any]:
    freeze_id = f"DeploymentFreezes-{number}"
    return {
        "Id": freeze_id,
        "Name": name,
        "Start": octopus_time(start_ms),
        "End": octopus_time(end_ms),
        "ProjectEnvironmentScope": {},
        "TenantProjectEnvironmentScope": [],
        "RecurringSchedule": None,
        "Links": {"Self": f"/api/{PATH}/{freeze_id}"},
    }
