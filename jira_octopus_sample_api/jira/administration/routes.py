"""The administration endpoints of the fake Jira, Cloud (v3) and Data Center (v2) renderings.

Endpoints that need 'Administer Jira' answer 403 (as Jira documents) when the server's ``jira_admin`` is off.
Audit records are served newest first between ``from`` and ``to`` (inclusive), paged with offset/limit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jira_octopus_sample_api.clock import parse_jira_time, to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.administration.part import PART_NAME
from jira_octopus_sample_api.jira.administration.records import (
    APPLICATION_ROLES,
    PERMISSIONS,
    SETTINGS,
    TIME_TRACKING_PROVIDERS,
    AdministrationRecords,
)
from jira_octopus_sample_api.jira.api import JiraContext, jira_error
from jira_octopus_sample_api.paging import BadParameter, expand_param, int_param, offset_page, offset_window, page_bean

NOT_ADMIN = "You are not authorised to perform this action. Administrator privileges are required."
FILTER_BASE = ("expand", "self", "id", "name")
FILTER_EXPANDABLE = (
    "description", "owner", "jql", "viewUrl", "searchUrl", "favourite", "favouritedCount", "sharePermissions",
    "editPermissions", "approximateLastUsed", "subscriptions",
)  # fmt: skip
DASHBOARD_BASE = ("id", "name", "self", "view", "isFavourite", "popularity", "rank", "systemDashboard")
DASHBOARD_EXPANDABLE = {
    "description": ("description",),
    "owner": ("owner",),
    "sharePermissions": ("sharePermissions",),
    "editPermissions": ("editPermissions",),
    "isWritable": ("isWritable",),
}


def records(ctx: JiraContext) -> AdministrationRecords:
    return ctx.state.dataset.parts[PART_NAME]


def admin_only(handler: Any) -> Any:
    def guarded(ctx: JiraContext) -> ApiResponse:
        return handler(ctx) if ctx.state.jira_admin else jira_error(403, NOT_ADMIN)

    return guarded


def _dc_users(ctx: JiraContext, record: dict[str, Any], *fields: str) -> dict[str, Any]:
    copy = dict(record)
    for name in fields:
        if isinstance(copy.get(name), dict):
            copy[name] = ctx.view.user(copy[name])
    return copy


def _dc_shares(ctx: JiraContext, shares: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_dc_users(ctx, share, "user") for share in shares]


def filter_search(ctx: JiraContext) -> ApiResponse:
    expand = expand_param(ctx)
    unknown = expand - set(FILTER_EXPANDABLE) - {"isWritable"}
    if unknown:
        raise BadParameter(f"Invalid expand value: {sorted(unknown)[0]}")
    if (ctx.request.param("orderBy") or "name").lstrip("+-") not in ("id", "name"):
        raise BadParameter("The 'orderBy' parameter is not valid.")
    order = ctx.request.param("orderBy") or "name"
    key = (lambda f: int(f["id"])) if order.lstrip("+-") == "id" else (lambda f: f["name"])
    found = sorted(records(ctx).filters, key=key, reverse=order.startswith("-"))
    bean = page_bean(ctx, found, 50, cap=100)
    wanted = [*FILTER_BASE, *(name for name in FILTER_EXPANDABLE if name in expand)]
    bean["values"] = [{name: f[name] for name in wanted} for f in bean["values"]]
    return ctx.respond(200, bean)


def favourite_filters(ctx: JiraContext) -> ApiResponse:
    """The caller's favourite filters (Cloud and DC), with `sharedUsers` and `subscriptions` as user lists."""
    favourites = []
    for found in records(ctx).filters:
        if not found["favourite"]:
            continue
        rendered = {key: value for key, value in found.items() if key not in ("expand", "subscriptions")}
        rendered["sharedUsers"] = {"size": 0, "items": [], "max-results": 1000, "start-index": 0, "end-index": 0}
        rendered["subscriptions"] = {"size": 0, "items": [], "max-results": 1000, "start-index": 0, "end-index": 0}
        if ctx.view.deployment != "cloud":
            rendered = _dc_users(ctx, rendered, "owner")
            rendered["sharePermissions"] = _dc_shares(ctx, rendered["sharePermissions"])
            rendered.pop("approximateLastUsed")
        favourites.append(rendered)
    return ctx.respond(200, favourites)


def dashboard_search(ctx: JiraContext) -> ApiResponse:
    expand = expand_param(ctx)
    known = {*DASHBOARD_EXPANDABLE, "viewUrl", "favourite", "favouritedCount"}
    if expand - known:
        raise BadParameter(f"Invalid expand value: {sorted(expand - known)[0]}")
    order = ctx.request.param("orderBy") or "name"
    key = (lambda d: int(d["id"])) if order.lstrip("+-") == "id" else (lambda d: d["name"])
    found = sorted(records(ctx).dashboards, key=key, reverse=order.startswith("-"))
    bean = page_bean(ctx, found, 50, cap=100)
    wanted = [*DASHBOARD_BASE, *(f for name, fields in DASHBOARD_EXPANDABLE.items() if name in expand for f in fields)]
    bean["values"] = [{name: d[name] for name in wanted} for d in bean["values"]]
    return ctx.respond(200, bean)


def dashboard_list(ctx: JiraContext) -> ApiResponse:
    """`dashboard`: the legacy offset envelope {startAt, maxResults, total, prev, next, dashboards} (DC and Cloud)."""
    window = offset_window(ctx, 20, 1000, smallest=1)
    every = [{key: d[key] for key in ("id", "name", "self", "view")} for d in records(ctx).dashboards]
    return ctx.respond(200, offset_page(window, every, "dashboards", links_to=f"{ctx.api_base}/dashboard"))


def permissions(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(
        200,
        {"permissions": {key: {"key": key, "name": name, "type": kind, "description": f"Ability to {name.lower()}."}
                         for key, name, kind in PERMISSIONS}},
    )  # fmt: skip


def permission_schemes(ctx: JiraContext) -> ApiResponse:
    expand = expand_param(ctx)
    schemes = []
    for scheme in records(ctx).permission_schemes:
        rendered = dict(scheme)
        if not expand & {"permissions", "all"}:
            rendered.pop("permissions")
        schemes.append(rendered)
    return ctx.respond(200, {"permissionSchemes": schemes})


@admin_only
def workflows_search(ctx: JiraContext) -> ApiResponse:
    """Cloud `workflows/search`: JiraWorkflow values, plus the statuses the page's workflows reference."""
    expand = expand_param(ctx)
    if expand - {"values.transitions"}:
        raise BadParameter(f"Invalid expand value: {sorted(expand - {'values.transitions'})[0]}")
    order = ctx.request.param("orderBy") or "name"
    keys = {"name": lambda w: w["id"]["name"], "created": lambda w: w["created"], "updated": lambda w: w["updated"]}
    if order.lstrip("+-") not in keys:
        raise BadParameter(f"Invalid orderBy value '{order}'.")
    found = sorted(records(ctx).workflows, key=keys[order.lstrip("+-")], reverse=order.startswith("-"))
    bean = page_bean(ctx, found, 50)
    statuses = {s["id"]: s for s in records(ctx).statuses}
    used = sorted({s["id"] for w in bean["values"] for s in w["statuses"]}, key=int)
    bean["values"] = [_jira_workflow(w, "values.transitions" in expand) for w in bean["values"]]
    bean["statuses"] = [{**statuses[sid], "statusReference": sid} for sid in used]
    return ctx.respond(200, bean)


def _jira_workflow(workflow: dict[str, Any], with_transitions: bool) -> dict[str, Any]:
    rendered = {
        "id": workflow["id"]["entityId"],
        "name": workflow["id"]["name"],
        "description": workflow["description"],
        "created": workflow["created"],
        "updated": workflow["updated"],
        "isEditable": workflow["operations"]["canEdit"],
        "scope": {"type": "GLOBAL"},
        "version": {"id": f"{workflow['id']['entityId'][:8]}-v", "versionNumber": 1 + len(workflow["transitions"])},
        "statuses": [{"statusReference": s["id"], "properties": {}, "deprecated": False} for s in workflow["statuses"]],
    }
    if with_transitions:
        rendered["transitions"] = [
            {"id": t["id"], "name": t["name"], "description": t["description"], "type": "GLOBAL",
             "toStatusReference": t["to"], "links": [], "actions": [], "validators": [], "triggers": [], "properties": {}}
            for t in workflow["transitions"]
        ]  # fmt: skip
    return rendered


@admin_only
def workflow_list(ctx: JiraContext) -> ApiResponse:
    """Data Center's (and Cloud's deprecated) `workflow`: every workflow, unpaged."""
    return ctx.respond(
        200,
        [
            {
                "name": w["id"]["name"],
                "description": w["description"],
                "lastModifiedDate": _dc_date(w["updated"]),
                "lastModifiedUser": "Alice Smith" if w["isDefault"] is False else "",
                "steps": len(w["statuses"]),
                "default": w["isDefault"],
            }
            for w in records(ctx).workflows
        ],
    )


@admin_only
def workflow_schemes(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, records(ctx).workflow_schemes, 50))


@admin_only
def status_search(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, records(ctx).statuses, 200))


@admin_only
def time_tracking_providers(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, [{"key": key, "name": name, "url": url} for key, name, url in TIME_TRACKING_PROVIDERS])


@admin_only
def application_roles(ctx: JiraContext) -> ApiResponse:
    group = {"name": "jira-software-users", "groupId": "6e87dc72-4f1f-421f-9382-2fee8b652487"}
    users = len(ctx.view.users())
    return ctx.respond(
        200,
        [
            {
                "key": key, "name": name, "groups": [group["name"]], "groupDetails": [group],
                "defaultGroups": [group["name"]], "defaultGroupsDetails": [group], "selectedByDefault": False,
                "defined": False, "numberOfSeats": seats, "remainingSeats": seats - users, "userCount": users,
                "userCountDescription": "users", "hasUnlimitedSeats": False, "platform": False,
            }
            for key, name, seats in APPLICATION_ROLES
        ],
    )  # fmt: skip


@admin_only
def application_properties(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(
        200,
        [{"id": key, "key": key, "value": value, "name": name, "desc": name, "type": kind, "defaultValue": default}
         for key, name, kind, default, value in SETTINGS],
    )  # fmt: skip


def system_avatars(ctx: JiraContext) -> ApiResponse:
    kind = ctx.resource.split("/")[1]
    avatars = records(ctx).avatars.get(kind)
    if avatars is None or (kind == "priority" and ctx.view.deployment != "cloud"):
        return jira_error(404, f"Avatar type '{kind}' is not supported.")
    return ctx.respond(200, {"system": avatars})


@admin_only
def audit_records(ctx: JiraContext) -> ApiResponse:
    low, high = _audit_bound(ctx, "from"), _audit_bound(ctx, "to")
    chosen = [
        r
        for r in records(ctx).audit_records
        if (low is None or parse_jira_time(r["created"]) >= low)
        and (high is None or parse_jira_time(r["created"]) <= high)
    ]
    chosen.sort(key=lambda r: (parse_jira_time(r["created"]), r["id"]), reverse=True)
    offset, limit = max(int_param(ctx, "offset", 0), 0), min(max(int_param(ctx, "limit", 1000), 1), 1000)
    return ctx.respond(
        200, {"offset": offset, "limit": limit, "total": len(chosen), "records": chosen[offset : offset + limit]}
    )


def _audit_bound(ctx: JiraContext, name: str) -> int | None:
    raw = ctx.request.param(name)
    if not raw:
        return None
    try:
        return to_epoch_ms(datetime.fromisoformat(raw.replace("Z", "+00:00")))
    except ValueError:
        raise BadParameter(f"The '{name}' parameter must be an ISO 8601 date and time, got '{raw}'.") from None


def _dc_date(jira_timestamp: str) -> str:
    """Data Center shows workflow dates as the UI does, e.g. 01/Jun/25 12:00 PM."""
    return datetime.strptime(jira_timestamp, "%Y-%m-%dT%H:%M:%S.%f%z").strftime("%d/%b/%y %I:%M %p")
