"""The fake Octopus Deploy REST API: ``X-Octopus-ApiKey`` auth and skip/take resource collections."""

from __future__ import annotations

import hmac
import math
import re
from typing import Any
from urllib.parse import urlencode

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.octopus.kinds.part import PART as OCTOPUS_KINDS
from jira_octopus_sample_api.octopus.kinds.part import SPACE_KINDS as OCTOPUS_KIND_NAMES
from jira_octopus_sample_api.octopus.kinds.simple_kinds import SIMPLE_KINDS
from jira_octopus_sample_api.parts import DATASET_PARTS
from jira_octopus_sample_api.server_state import ServerState

DEFAULT_TAKE = 30  # why: what Octopus' own clients use; the server default is undocumented
# why: the real server's default page size differs by endpoint (10 on some lists, 30 on others, issue 15); the fake
# answers the activity lists (events, tasks) with 10 when `take` is left out, so a client that relies on one
# default reads short pages somewhere. The connector sends `take` on every list.
ACTIVITY_DEFAULT_TAKE = 10
TAKE_ALL = 2147483647
SPACE_COLLECTIONS: dict[str, tuple[str, str, str | None, str, str]] = {
    # path segment: (dataset kind, ItemType, required permission or None, sort, template filters)
    "projects": ("projects", "Project", "ProjectView", "name", "ids,partialName,clone,clonedFromProjectId"),
    "environments": ("environments", "Environment", "EnvironmentView", "sort_order", "ids,partialName"),
    "releases": ("releases", "Release", "ReleaseView", "assembled", "ids,ignoreChannelRules"),
    "deployments": (
        "deployments",
        "Deployment",
        "DeploymentView",
        "created",
        "ids,projects,environments,tenants,channels,taskState,partialName",
    ),
    "machines": (
        "machines",
        "DeploymentTarget",
        "MachineView",
        "name",
        "name,ids,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags,environmentIds",
    ),
    # issue 9 (records in the octopus_kinds part; filters from the 2020.5 servers' link templates)
    "projectgroups": ("project_groups", "ProjectGroup", "ProjectGroupView", "name", "ids,partialName"),
    "lifecycles": ("lifecycles", "Lifecycle", "LifecycleView", "name", "ids,partialName"),
    "channels": ("channels", "Channel", "ProjectView", "id", "ids,partialName"),
    "tenants": ("tenants", "Tenant", "TenantView", "name", "projectId,name,tags,ids,clone,partialName"),
    "workerpools": ("worker_pools", "WorkerPool", "WorkerView", "sort_order", "name,ids,partialName"),
    "workers": ("workers", "Worker", "WorkerView", "name", "name,ids,partialName,isDisabled,healthStatuses"),
    "feeds": ("feeds", "Feed", "FeedView", "name", "ids,partialName,feedType,name"),
    "runbooks": ("runbooks", "Runbook", "RunbookView", "name", "ids,partialName,clone,projectIds"),
    "libraryvariablesets": (
        "library_variable_sets",
        "LibraryVariableSet",
        "LibraryVariableSetView",
        "name",
        "ids,partialName,contentType",
    ),
    "accounts": ("accounts", "Account", "AccountView", "name", "ids,partialName,accountType"),
    "certificates": ("certificates", "Certificate", "CertificateView", "name", "ids,partialName,archived,tenant"),
    "deploymentprocesses": ("deployment_processes", "DeploymentProcess", "ProcessView", "id", "ids"),
    "interruptions": ("interruptions", "Interruption", "InterruptionView", "created", "pendingOnly,ids,regarding"),
    "artifacts": ("artifacts", "Artifact", "ArtifactView", "created", "ids,partialName,regarding,order"),
    **{k.segment: (k.kind, k.item_type, k.permission, k.sort, k.filters) for k in SIMPLE_KINDS},
}
_KINDS = SPACE_COLLECTIONS
# served from the octopus_kinds part's records
_PART_KINDS = frozenset((*OCTOPUS_KIND_NAMES, *(k.kind for k in SIMPLE_KINDS)))
_SORTS = {
    "name": lambda records: sorted(records, key=lambda r: r["Name"].lower()),
    "sort_order": lambda records: sorted(records, key=lambda r: r["SortOrder"]),
    "assembled": lambda records: sorted(records, key=lambda r: (r["Assembled"], r["Id"]), reverse=True),
    "created": lambda records: sorted(records, key=lambda r: (r["Created"], r["Id"]), reverse=True),
    "id": lambda records: sorted(records, key=lambda r: _id_order(r["Id"])),
}
NOT_LOGGED_IN = "You must be logged in to perform this action. Please provide a valid API key or log in again."


def octopus_error(status: int, message: str, *details: str) -> ApiResponse:
    return ApiResponse(status, {"ErrorMessage": message, "Errors": list(details) or [message]})


class OctopusApi:
    def __init__(self, state: ServerState) -> None:
        self.state = state

    def handle(self, request: RecordedRequest) -> ApiResponse:
        path = request.path.rstrip("/") or "/"
        if path == "/api" and request.method == "GET":
            return ApiResponse(200, _root())
        if not self._authenticated(request):
            return octopus_error(401, NOT_LOGGED_IN)
        for pattern, part_handler, methods in (route for part in DATASET_PARTS for route in part.octopus_routes()):
            match = re.fullmatch(pattern, path, flags=re.IGNORECASE)
            if match and request.method in methods:
                return part_handler(self.state, request, **match.groupdict())
        if request.method != "GET":
            return octopus_error(405, f"The {request.method} method is not supported by the fake Octopus API.")
        for pattern, handler in self._routes():
            match = re.fullmatch(pattern, path, flags=re.IGNORECASE)
            if match:
                return handler(request, **match.groupdict())
        return octopus_error(404, "The resource you requested was not found.")

    def _routes(self) -> list[tuple[str, Any]]:
        kinds = "|".join(_KINDS)
        return [
            (r"/api/spaces", self._spaces),
            (r"/api/spaces/(?P<space_id>[^/]+)", self._space),
            (r"/api/users/me", self._me),
            (r"/api/users/(?P<user_id>[^/]+)/permissions", self._permissions),
            (r"/api/(?P<space_id>Spaces-\d+)/users/(?P<user_id>[^/]+)/permissions", self._permissions),
            (rf"/api/(?P<space_id>Spaces-\d+)/(?P<kind>{kinds})", self._collection),
            (r"/api/(?P<space_id>Spaces-\d+)/(?P<kind>projects|environments|machines)/all", self._all),
            (rf"/api/(?P<space_id>Spaces-\d+)/(?P<kind>{kinds})/(?P<record_id>[^/]+)", self._record),
            (rf"/api/(?P<kind>{kinds})", self._collection),  # why: no space in the path = the default space
        ]

    def _authenticated(self, request: RecordedRequest) -> bool:
        key = request.header("X-Octopus-ApiKey")
        if key is None:
            key = next((values[0] for name, values in request.query.items() if name.lower() == "apikey"), None)
        return key is not None and hmac.compare_digest(key, self.state.credentials.octopus_api_key)

    # ---- spaces, users, permissions
    def _spaces(self, request: RecordedRequest) -> ApiResponse:
        spaces = sorted(self.state.dataset.octopus_spaces, key=lambda s: s["Name"].lower())
        return ApiResponse(
            200,
            _collection(
                request, "/api/spaces", "Space", _filtered(request, spaces), "/api/spaces{?skip,ids,take,partialName}"
            ),
        )

    def _space(self, request: RecordedRequest, space_id: str) -> ApiResponse:
        space = self._find_space(space_id)
        return ApiResponse(200, space) if space else octopus_error(404, f"The Space '{space_id}' was not found.")

    def _me(self, request: RecordedRequest) -> ApiResponse:
        user_id = self.state.credentials.octopus_user_id
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

    def _permissions(self, request: RecordedRequest, user_id: str, space_id: str | None = None) -> ApiResponse:
        if user_id.lower() != self.state.credentials.octopus_user_id.lower():
            return octopus_error(403, "You can only view the permissions of the current user.")
        if space_id is not None and self._find_space(space_id) is None:
            return octopus_error(404, f"The Space '{space_id}' was not found.")
        granted: dict[str, list[dict[str, Any]]] = {}
        for space, permissions in sorted(self.state.octopus_permissions.items()):
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

    # ---- space-scoped resources
    def _collection(self, request: RecordedRequest, kind: str, space_id: str | None = None) -> ApiResponse:
        records, problem = self._scoped(kind.lower(), space_id)
        if problem:
            return problem
        space = space_id or self._default_space_id()
        segment = kind.lower()
        template = f"/api/{space}/{segment}{{?skip,take,{_KINDS[segment][4]}}}"
        return ApiResponse(
            200,
            _collection(request, f"/api/{space}/{segment}", _KINDS[segment][1], _filtered(request, records), template),
        )

    def _all(self, request: RecordedRequest, kind: str, space_id: str) -> ApiResponse:
        records, problem = self._scoped(kind.lower(), space_id)
        return problem or ApiResponse(200, records)

    def _record(self, request: RecordedRequest, kind: str, space_id: str, record_id: str) -> ApiResponse:
        records, problem = self._scoped(kind.lower(), space_id)
        if problem:
            return problem
        found = next((r for r in records if r["Id"].lower() == record_id.lower()), None)
        return ApiResponse(200, found) if found else octopus_error(404, f"The resource '{record_id}' was not found.")

    def _scoped(self, kind: str, space_id: str | None) -> tuple[list[dict[str, Any]], ApiResponse | None]:
        """Records of one kind in one space, sorted as Octopus sorts them, or the error to answer with."""
        space = self._find_space(space_id or self._default_space_id())
        if space is None:
            return [], octopus_error(404, f"The Space '{space_id}' was not found.")
        attribute, _, permission, sort, _ = _KINDS[kind]
        if permission is not None and permission not in self.state.octopus_permissions.get(space["Id"], set()):
            return [], octopus_error(
                403,
                "You do not have permission to perform this action. Please contact your "
                f"Octopus administrator. Missing permission: {permission}",
            )
        if attribute in _PART_KINDS:
            return _SORTS[sort](self.state.dataset.parts[OCTOPUS_KINDS.name].in_space(attribute, space["Id"])), None
        return _SORTS[sort](self.state.dataset.octopus_records(attribute, space["Id"])), None

    def _find_space(self, space_id: str) -> dict[str, Any] | None:
        return next((s for s in self.state.dataset.octopus_spaces if s["Id"].lower() == space_id.lower()), None)

    def _default_space_id(self) -> str:
        return next(s["Id"] for s in self.state.dataset.octopus_spaces if s["IsDefault"])


def _filtered(request: RecordedRequest, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = {i for value in request.query.get("ids", []) for i in value.split(",") if i}
    partial = (request.param("partialName") or "").lower()
    return [r for r in records if (not ids or r["Id"] in ids) and (not partial or partial in r.get("Name", "").lower())]


def _collection(
    request: RecordedRequest,
    base: str,
    item_type: str,
    records: list[dict[str, Any]],
    template: str,
    default_take: int = DEFAULT_TAKE,
) -> dict[str, Any]:
    """Octopus' ResourceCollection: 0-based LastPageNumber; ``Page.Next`` only when another page exists."""
    skip = max(_number(request.param("skip"), 0), 0)
    take = max(_number(request.param("take"), default_take), 0)
    total = len(records)
    pages = max(1, math.ceil(total / take)) if take else 1
    extra = [
        (k, v) for k, values in request.query.items() if k.lower() not in ("skip", "take", "apikey") for v in values
    ]

    def link(link_skip: int, link_take: int) -> str:
        return f"{base}?{urlencode([('skip', link_skip), ('take', link_take)] + extra)}"

    links = {"Self": link(skip, take), "Template": template, "Page.All": link(0, TAKE_ALL)}
    if take and skip + take < total:
        links["Page.Next"] = link(skip + take, take)
    links.update({"Page.Current": link(skip, take), "Page.Last": link((pages - 1) * take, take)})
    return {
        "ItemType": item_type,
        "TotalResults": total,
        "ItemsPerPage": take,
        "NumberOfPages": pages,
        "LastPageNumber": pages - 1,
        "Items": records[skip : skip + take],
        "Links": links,
    }


collection_page, filtered = _collection, _filtered  # for the parts that serve collections of their own


def _id_order(record_id: str) -> tuple[str, int, str]:
    """``Channels-2`` before ``Channels-10`` (the server orders by the numeric part)."""
    prefix, _, number = record_id.rpartition("-")
    return (prefix, int(number), "") if number.isdigit() else (record_id, 0, record_id)


def _number(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        return default


def _root() -> dict[str, Any]:
    """``GET /api`` (anonymous on real servers): version information and a few link templates."""
    return {
        "Application": "Octopus Deploy",
        "Version": "2020.5.0",
        "ApiVersion": "3.0.0",
        "InstallationId": "8c4a4c4e-6c61-4c6b-9c5e-6f3f8b0c1d2e",
        "Links": {
            "Self": "/api",
            "Spaces": "/api/spaces{?skip,ids,take,partialName}",
            "CurrentUser": "/api/users/me",
            "SpaceHome": "/api/{spaceId}",
        },
    }
