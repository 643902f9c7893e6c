"""Routes of the fake's people part (see ``part_people``): Cloud ``group/bulk``, both flavours' ``group/member``,
Data Center ``groups/picker``. Imported by ``PeoplePart.jira_routes`` once the fake's modules are loaded."""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, JiraRoute, jira_error, route
from jira_octopus_sample_api.jira.people.part import PART, PeopleRecords
from jira_octopus_sample_api.paging import page_bean

PAGE_CAP = 50
_DC_USER_FIELDS = ("self", "key", "name", "emailAddress", "avatarUrls", "displayName", "active", "timeZone")
_CLOUD_USER_FIELDS = (
    "self",
    "accountId",
    "accountType",
    "emailAddress",
    "avatarUrls",
    "displayName",
    "active",
    "timeZone",
)


def _records(ctx: JiraContext) -> PeopleRecords:
    return ctx.state.dataset.parts[PART.name]


def _member(ctx: JiraContext, account_id: str) -> dict[str, Any]:
    cloud_user = _records(ctx).by_account[account_id]
    if ctx.view.deployment == "cloud":
        return {key: cloud_user[key] for key in _CLOUD_USER_FIELDS if key in cloud_user}
    dc_user = ctx.state.dataset.jira_dc_users[account_id]
    return {key: dc_user[key] for key in _DC_USER_FIELDS}


def group_bulk(ctx: JiraContext) -> ApiResponse:
    groups = _records(ctx).groups
    wanted_ids, wanted_names = set(ctx.request.query.get("groupId", [])), set(ctx.request.query.get("groupName", []))
    groups = [
        g
        for g in groups
        if (not wanted_ids or g["groupId"] in wanted_ids) and (not wanted_names or g["name"] in wanted_names)
    ]
    return ctx.respond(200, page_bean(ctx, groups, PAGE_CAP, cap=PAGE_CAP))


def group_members(ctx: JiraContext) -> ApiResponse:
    records = _records(ctx)
    group_id, name = ctx.request.param("groupId"), ctx.request.param("groupname")
    if ctx.view.deployment != "cloud":
        group_id = None  # why: Data Center's group/member knows groupname only
    if not group_id and not name:
        return jira_error(400, "You must specify a group name or group id.")
    group = next((g for g in records.groups if g["groupId"] == group_id or (not group_id and g["name"] == name)), None)
    if group is None:
        return jira_error(404, "Specified group does not exist.")
    include_inactive = (ctx.request.param("includeInactiveUsers") or "false").lower() == "true"
    users = [_member(ctx, account_id) for account_id in records.members[group["name"]]]
    users = [u for u in users if include_inactive or u["active"]]
    return ctx.respond(200, page_bean(ctx, users, PAGE_CAP, cap=PAGE_CAP))


def groups_picker(ctx: JiraContext) -> ApiResponse:
    """Data Center: groups whose name contains ``query``, at most maxResults and the site's picker limit."""
    records, needle = _records(ctx), (ctx.request.param("query") or "").lower()
    matching = [g["name"] for g in records.groups if needle in g["name"].lower()]
    try:
        asked = int(ctx.request.param("maxResults") or 20)
    except ValueError:
        return jira_error(400, "maxResults must be a number.")
    shown = matching[: max(0, min(asked, records.picker_limit))]
    return ctx.respond(
        200,
        {
            "header": f"Showing {len(shown)} of {len(matching)} matching groups",
            "total": len(matching),
            "groups": [{"name": name, "html": name, "labels": []} for name in shown],
        },
    )


def people_routes() -> list[JiraRoute]:
    return [
        route("GET", "group/bulk", group_bulk, "cloud"),
        route("GET", "group/member", group_members),
        route("GET", "groups/picker", groups_picker, "data_center"),
    ]
