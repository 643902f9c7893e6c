"""The Octopus core's endpoints: spaces, the current user and its permissions, and the space-scoped resource
collections (``/api/{SpaceId}/<kind>``, ``/all``, ``/{id}``; a path without a space means the default space) of the
core kinds and of the configuration kinds whose records the ``octopus_kinds`` part builds."""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.octopus.api import octopus_error
from jira_octopus_sample_api.octopus.kinds.documented_kinds import DECLARED_KINDS
from jira_octopus_sample_api.octopus.kinds.environments_v2 import PATH as ENVIRONMENTS_V2_PATH
from jira_octopus_sample_api.octopus.kinds.environments_v2 import v2_collection
from jira_octopus_sample_api.octopus.kinds.hand_built import HAND_BUILT_COLLECTIONS
from jira_octopus_sample_api.octopus.kinds.part import PART as OCTOPUS_KINDS
from jira_octopus_sample_api.octopus.kinds.part import SPACE_KINDS as OCTOPUS_KIND_NAMES
from jira_octopus_sample_api.octopus.kinds.simple_kinds import SIMPLE_KINDS
from jira_octopus_sample_api.paging import octopus_collection, octopus_filtered
from jira_octopus_sample_api.part import OctopusRoute, octopus_route
from jira_octopus_sample_api.server_state import ServerState

SPACE_COLLECTIONS = {
    **HAND_BUILT_COLLECTIONS,
    # records synthesised from their Swagger component, listed by id (documented_kinds.py)
    **{
        k.segment.lower(): (k.kind, k.item_type, k.permission, "id", k.filters)
        for k in DECLARED_KINDS
        if k.space_scoped
    },
}
# served from the octopus_kinds part's records
_PART_KINDS = frozenset((*OCTOPUS_KIND_NAMES, *(k.kind for k in SIMPLE_KINDS), *(k.kind for k in DECLARED_KINDS)))
_SORTS = {
    "name": lambda records: sorted(records, key=lambda r: r["Name"].lower()),
    "sort_order": lambda records: sorted(records, key=lambda r: r["SortOrder"]),
    "assembled": lambda records: sorted(records, key=lambda r: (r["Assembled"], r["Id"]), reverse=True),
    "created": lambda records: sorted(records, key=lambda r: (r["Created"], r["Id"]), reverse=True),
    "id": lambda records: sorted(records, key=lambda r: _id_order(r["Id"])),
}


def core_routes() -> list[OctopusRoute]:
    kinds = "|".join(SPACE_COLLECTIONS)
    return [
        octopus_route("GET", r"/api/spaces", _spaces),
        octopus_route("GET", r"/api/spaces/(?P<space_id>[^/]+)", _space),
        octopus_route("GET", r"/api/users/me", _me),
        octopus_route("GET", r"/api/users/(?P<user_id>[^/]+)/permissions", _permissions),
        octopus_route("GET", r"/api/(?P<space_id>Spaces-\d+)/users/(?P<user_id>[^/]+)/permissions", _permissions),
        octopus_route("GET", rf"/api/(?P<space_id>Spaces-\d+)/(?P<kind>{kinds})", _collection),
        octopus_route("GET", r"/api/(?P<space_id>Spaces-\d+)/(?P<kind>projects|environments|machines)/all", _all),
        octopus_route("GET", ENVIRONMENTS_V2_PATH, v2_collection),  # why: before `{kind}/{record_id}` takes "v2"
        octopus_route("GET", rf"/api/(?P<space_id>Spaces-\d+)/(?P<kind>{kinds})/(?P<record_id>[^/]+)", _record),
        octopus_route("GET", rf"/api/(?P<kind>{kinds})", _collection),  # why: no space in the path = the default space
    ]


def _spaces(state: ServerState, request: RecordedRequest) -> ApiResponse:
    spaces = sorted(state.dataset.octopus_spaces, key=lambda s: s["Name"].lower())
    return ApiResponse(
        200,
        octopus_collection(
            request,
            "/api/spaces",
            "Space",
            octopus_filtered(request, spaces),
            "/api/spaces{?skip,ids,take,partialName}",
        ),
    )


def _space(state: ServerState, request: RecordedRequest, space_id: str) -> ApiResponse:
    space = _find_space(state, space_id)
    return ApiResponse(200, space) if space else octopus_error(404, f"The Space '{space_id}' was not found.")


def _me(state: ServerState, request: RecordedRequest) -> ApiResponse:
    user_id = state.credentials.octopus_user_id
    return ApiResponse(
        200,
        {
            "Id": user_id,
            "Username": "airbyte-service",
            "DisplayName": "Airbyte Service Account",
            "IsActive": True,
            "IsService": True,
            "EmailAddress": "",
            "CanPasswordBeEdited": False,
            "IsRequestor": True,
            "Identities": [],
            "Links": {
                "Self": f"/api/users/{user_id}",
                "Permissions": f"/api/users/{user_id}/permissions",
                "Spaces": f"/api/users/{user_id}/spaces",
                "Teams": f"/api/users/{user_id}/teams{{?spaces,includeSystem}}",
                "ApiKeys": f"/api/users/{user_id}/apikeys{{/id}}{{?skip,take}}",
            },
        },
    )


def _permissions(
    state: ServerState, request: RecordedRequest, user_id: str, space_id: str | None = None
) -> ApiResponse:
    if user_id.lower() != state.credentials.octopus_user_id.lower():
        return octopus_error(403, "You can only view the permissions of the current user.")
    if space_id is not None and _find_space(state, space_id) is None:
        return octopus_error(404, f"The Space '{space_id}' was not found.")
    granted: dict[str, list[dict[str, Any]]] = {}
    for space, permissions in sorted(state.octopus_permissions.items()):
        if space_id is not None and space.lower() != space_id.lower():
            continue
        for permission in sorted(permissions):
            granted.setdefault(permission, []).append(
                {
                    "SpaceId": space,
                    "RestrictedToProjectIds": [],
                    "RestrictedToEnvironmentIds": [],
                    "RestrictedToTenantIds": [],
                    "RestrictedToProjectGroupIds": [],
                }
            )
    return ApiResponse(
        200,
        {
            "Id": f"permissions-{user_id}",
            "SpacePermissions": granted,
            "SystemPermissions": ["SpaceView", "UserView"],
            "Teams": [
                {
                    "Id": "Teams-2",
                    "Name": "Airbyte readers",
                    "IsDirectlyAssigned": True,
                    "ExternalSecurityGroups": [],
                }
            ],
            "IsTeamsComplete": True,
            "IsPermissionsComplete": True,
            "Links": {"Self": f"/api/users/{user_id}/permissions"},
        },
    )


def _collection(state: ServerState, request: RecordedRequest, kind: str, space_id: str | None = None) -> ApiResponse:
    records, problem = _scoped(state, kind.lower(), space_id)
    if problem:
        return problem
    space = space_id or _default_space_id(state)
    segment = kind.lower()
    template = f"/api/{space}/{segment}{{?skip,take,{SPACE_COLLECTIONS[segment][4]}}}"
    return ApiResponse(
        200,
        octopus_collection(
            request,
            f"/api/{space}/{segment}",
            SPACE_COLLECTIONS[segment][1],
            octopus_filtered(request, records),
            template,
        ),
    )


def _all(state: ServerState, request: RecordedRequest, kind: str, space_id: str) -> ApiResponse:
    records, problem = _scoped(state, kind.lower(), space_id)
    return problem or ApiResponse(200, records)


def _record(state: ServerState, request: RecordedRequest, kind: str, space_id: str, record_id: str) -> ApiResponse:
    records, problem = _scoped(state, kind.lower(), space_id)
    if problem:
        return problem
    found = next((r for r in records if r["Id"].lower() == record_id.lower()), None)
    return ApiResponse(200, found) if found else octopus_error(404, f"The resource '{record_id}' was not found.")


def _scoped(state: ServerState, kind: str, space_id: str | None) -> tuple[list[dict[str, Any]], ApiResponse | None]:
    """Records of one kind in one space, sorted as Octopus sorts them, or the error to answer with."""
    space = _find_space(state, space_id or _default_space_id(state))
    if space is None:
        return [], octopus_error(404, f"The Space '{space_id}' was not found.")
    attribute, _, permission, sort, _ = SPACE_COLLECTIONS[kind]
    if permission is not None and permission not in state.octopus_permissions.get(space["Id"], set()):
        return [], octopus_error(
            403,
            "You do not have permission to perform this action. Please contact your "
            f"Octopus administrator. Missing permission: {permission}",
        )
    if attribute in _PART_KINDS:
        return _SORTS[sort](state.dataset.parts[OCTOPUS_KINDS.name].in_space(attribute, space["Id"])), None
    return _SORTS[sort](state.dataset.octopus_records(attribute, space["Id"])), None


def _find_space(state: ServerState, space_id: str) -> dict[str, Any] | None:
    return next((s for s in state.dataset.octopus_spaces if s["Id"].lower() == space_id.lower()), None)


def _default_space_id(state: ServerState) -> str:
    return next(s["Id"] for s in state.dataset.octopus_spaces if s["IsDefault"])


def _id_order(record_id: str) -> tuple[str, int, str]:
    """``Channels-2`` before ``Channels-10`` (the server orders by the numeric part)."""
    prefix, _, number = record_id.rpartition("-")
    return (prefix, int(number), "") if number.isdigit() else (record_id, 0, record_id)
