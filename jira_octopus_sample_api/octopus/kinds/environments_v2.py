"""`GET /api/{spaceId}/environments/v2`: Static, Parent and Ephemeral environments of one space.

Octopus' API reference ("List Static, Parent and Ephemeral Environments in the supplied Octopus Deploy Space"):
items carry `Type`, are sorted by `SortOrder` (a MaxValue integer for ephemeral environments), and the list takes
`ids`, `name`, `partialName`, `type`, `skip` and `take`. The v1 list (`/environments`) serves only the static
ones. Here: every core environment as `Static`, plus in each space one `Parent` environment ("Preview") and two
ephemeral children per space weight step (`PR-<n>`, `ParentEnvironmentId` naming the parent). Older servers lack
the route (404: their `/environments/{id}` route answers "v2" as an unknown id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.octopus.kinds.space_records import Record, links
from jira_octopus_sample_api.paging import octopus_collection, octopus_filtered

if TYPE_CHECKING:
    from jira_octopus_sample_api.server_state import ServerState

PATH = r"/api/(?P<space_id>Spaces-\d+)/environments/v2"
FILTERS = "skip,take,ids,name,partialName,type"
EPHEMERAL_SORT_ORDER = 2147483647
FIRST_NUMBER = 9000


def v2_only_environments(space_ids: list[str], static: list[Record]) -> list[Record]:
    """The Parent and Ephemeral environments of every space (the static ones are the core records)."""
    found: list[Record] = []
    for rank, space_id in enumerate(space_ids):
        orders = [r["SortOrder"] for r in static if r["SpaceId"] == space_id]
        parent_id = f"Environments-{FIRST_NUMBER + len(found)}"
        found.append(_environment(parent_id, space_id, "Preview", "Parent", max(orders, default=0) + 1, None))
        for pull_request in range(2 * (3 - min(rank, 2))):
            child_id = f"Environments-{FIRST_NUMBER + len(found)}"
            name = f"PR-{100 + 10 * rank + pull_request}"
            found.append(_environment(child_id, space_id, name, "Ephemeral", EPHEMERAL_SORT_ORDER, parent_id))
    return found


def _environment(
    env_id: str, space_id: str, name: str, env_type: str, sort_order: int, parent_id: str | None
) -> Record:
    record: Record = {
        "Id": env_id,
        "SpaceId": space_id,
        "Name": name,
        "Slug": name.lower(),
        "Description": f"{name} ({env_type.lower()} environment)",
        "Type": env_type,
        "SortOrder": sort_order,
        "EnvironmentTags": [],
        "UseGuidedFailure": False,
        "AllowDynamicInfrastructure": True,
        "Links": links(space_id, "environments", env_id, "infrastructure/environments"),
    }
    if parent_id:
        record["ParentEnvironmentId"] = parent_id
    return record


def v2_collection(state: ServerState, request: RecordedRequest, space_id: str) -> ApiResponse:
    from jira_octopus_sample_api.octopus.api import octopus_error  # octopus_api imports the parts: at call time

    space = next((s for s in state.dataset.octopus_spaces if s["Id"].lower() == space_id.lower()), None)
    if space is None:
        return octopus_error(404, f"The Space '{space_id}' was not found.")
    if "EnvironmentView" not in state.octopus_permissions.get(space["Id"], set()):
        return octopus_error(
            403,
            "You do not have permission to perform this action. Please contact your Octopus administrator. "
            "Missing permission: EnvironmentView",
        )
    static = [{**r, "Type": "Static"} for r in state.dataset.octopus_records("environments", space["Id"])]
    extra = [r for r in state.dataset.parts["octopus_kinds"].environments_v2_only if r["SpaceId"] == space["Id"]]
    types = {t.lower() for value in request.query.get("type", []) for t in value.split(",") if t}
    name = request.param("name")
    records: list[dict[str, Any]] = sorted(static + extra, key=lambda r: (r["SortOrder"], r["Id"]))
    chosen = [r for r in records if (not types or r["Type"].lower() in types) and (not name or r["Name"] == name)]
    base = f"/api/{space['Id']}/environments/v2"
    return ApiResponse(
        200,
        octopus_collection(request, base, "EnvironmentV2", octopus_filtered(request, chosen), f"{base}{{?{FILTERS}}}"),
    )
