"""Jira's metadata endpoints (projects, users, fields, statuses, priorities, myself, serverInfo, permissions)."""

from __future__ import annotations

from jira_octopus_sample_api.clock import jira_time, to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, JiraRoute, jira_error, route
from jira_octopus_sample_api.jira.core import bulk_child_routes as bulk
from jira_octopus_sample_api.jira.core import child_routes as children
from jira_octopus_sample_api.jira.core import project_routes as project_children
from jira_octopus_sample_api.jira.core import search as jira_search
from jira_octopus_sample_api.paging import array_page, expand_param, page_bean

_PERMISSIONS = {  # key: (id, name, type, description)
    "ADMINISTER": (
        "0",
        "Administer Jira",
        "GLOBAL",
        "Create and administer projects, issue types, fields, workflows, and schemes for all projects.",
    ),
    "SYSTEM_ADMIN": ("44", "Administer Jira System", "GLOBAL", "Configure Jira system settings."),
    "USER_PICKER": ("27", "Browse users and groups", "GLOBAL", "View and select users or groups."),
    "BROWSE_PROJECTS": ("10", "Browse Projects", "PROJECT", "Ability to browse projects and the issues within them."),
    "CREATE_ISSUES": ("11", "Create Issues", "PROJECT", "Ability to create issues."),
}
_ADMIN_PERMISSIONS = {"ADMINISTER", "SYSTEM_ADMIN"}


def project_search(ctx: JiraContext) -> ApiResponse:
    projects = sorted(filter(ctx.state.project_visible, ctx.state.dataset.jira_projects), key=lambda p: p["key"])
    keys = {k for value in ctx.request.query.get("keys", []) for k in value.split(",")}
    ids = {i for value in ctx.request.query.get("id", []) for i in value.split(",")}
    text = (ctx.request.param("query") or "").lower()
    projects = [
        p
        for p in projects
        if (not keys or p["key"] in keys)
        and (not ids or p["id"] in ids)
        and (text in p["key"].lower() or text in p["name"].lower())
    ]
    expand = expand_param(ctx)
    insights = ctx.view.insights() if "insight" in expand else None
    bean = page_bean(ctx, projects, 50, cap=100)
    bean["values"] = [ctx.view.project(p, expand, insights) for p in bean["values"]]
    return ctx.respond(200, bean)


def project_list(ctx: JiraContext) -> ApiResponse:
    expand = expand_param(ctx)
    insights = ctx.view.insights() if "insight" in expand else None
    projects = sorted(filter(ctx.state.project_visible, ctx.state.dataset.jira_projects), key=lambda p: p["key"])
    return ctx.respond(200, [ctx.view.project(p, expand, insights) for p in projects])


def users_search(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, array_page(ctx, ctx.view.users(), 50, 1000))


def dc_user_search(ctx: JiraContext) -> ApiResponse:
    """DC ``user/search``: ``username`` is required ("." matches everyone); inactive users only on request."""
    username = ctx.request.param("username")
    if not username:
        return jira_error(400, "The username query parameter was not provided")
    include_active = (ctx.request.param("includeActive") or "true").lower() != "false"
    include_inactive = (ctx.request.param("includeInactive") or "false").lower() == "true"
    needle = username.lower()
    users = [
        u
        for u in ctx.view.users()
        if (include_active if u["active"] else include_inactive)
        and (
            needle == "."
            or needle in u["name"].lower()
            or needle in u["displayName"].lower()
            or needle in u["emailAddress"].lower()
        )
    ]
    return ctx.respond(200, array_page(ctx, users, 50, 1000))


def cloud_user_search(ctx: JiraContext) -> ApiResponse:
    if ctx.request.param("username") is not None:
        return jira_error(400, "The query parameter 'username' is not supported in GDPR strict mode.")
    needle, account_id = (ctx.request.param("query") or "").lower(), ctx.request.param("accountId")
    if not needle and not account_id:
        return jira_error(400, "One of 'query' or 'accountId' query parameters must be provided.")
    users = [
        u
        for u in ctx.view.users()
        if (account_id and u["accountId"] == account_id)
        or (needle and (needle in u["displayName"].lower() or needle in u.get("emailAddress", "").lower()))
    ]
    return ctx.respond(200, array_page(ctx, users, 50, 1000))


def field_list(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, ctx.state.dataset.jira_fields)


def status_list(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, ctx.state.dataset.jira_statuses)


def priority_search(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, ctx.state.dataset.jira_priorities, 50))


def priority_list(ctx: JiraContext) -> ApiResponse:
    plain = [{k: v for k, v in p.items() if k != "isDefault"} for p in ctx.state.dataset.jira_priorities]
    return ctx.respond(200, plain)


def myself(ctx: JiraContext) -> ApiResponse:
    credentials, first = ctx.state.credentials, ctx.state.dataset.jira_users[0]
    if ctx.view.deployment == "cloud":
        return ctx.respond(200, dict(first, emailAddress=credentials.jira_email))
    user = dict(ctx.view.user(first) or {}, name=credentials.jira_username)
    user["self"] = f"{ctx.api_base}/user?username={credentials.jira_username}"
    return ctx.respond(200, user)


def server_info(ctx: JiraContext) -> ApiResponse:
    cloud = ctx.view.deployment == "cloud"
    version = "1001.0.0-SNAPSHOT" if cloud else "9.12.15"
    return ctx.respond(
        200,
        {
            "baseUrl": ctx.view.site,
            "displayUrl": ctx.view.site,
            "version": version,
            "versionNumbers": [1001, 0, 0] if cloud else [9, 12, 15],
            "deploymentType": "Cloud" if cloud else "DataCenter",
            "buildNumber": 100289 if cloud else 9120015,
            "buildDate": "2025-05-28T04:13:07.000+0000" if cloud else "2024-10-15T11:02:41.000+0000",
            "serverTime": jira_time(to_epoch_ms(ctx.state.clock.now())),
            "scmInfo": "4b1e0d5f0c3a9e2d7f6b8a1c2e3d4f5a6b7c8d9e",
            "serverTitle": "Jira",
            "serverTimeZone": "Etc/UTC",
        },
    )


def my_permissions(ctx: JiraContext) -> ApiResponse:
    raw = ctx.request.param("permissions")
    if not raw and ctx.view.deployment == "cloud":
        return jira_error(400, "The 'permissions' query parameter is required; list the permission keys to check.")
    keys = [k.strip() for k in (raw or ",".join(_PERMISSIONS)).split(",") if k.strip()]
    unknown = [k for k in keys if k not in _PERMISSIONS]
    if unknown:
        return jira_error(400, f"Invalid permission key: {unknown[0]}")
    permissions = {}
    for key in keys:
        pid, name, kind, description = _PERMISSIONS[key]
        have = ctx.state.jira_admin if key in _ADMIN_PERMISSIONS else True
        permissions[key] = {
            "id": pid,
            "key": key,
            "name": name,
            "type": kind,
            "description": description,
            "havePermission": have,
        }
    return ctx.respond(200, {"permissions": permissions})


def core_routes() -> list[JiraRoute]:
    """Resource paths relative to ``/rest/api/{2|3}/``; deployment-specific entries first."""
    return [
        route("GET", "project/search", project_search, "cloud"),
        route("GET", "project", project_list),
        route("GET", "users/search|users", users_search, "cloud"),
        route("GET", "user/search", cloud_user_search, "cloud"),
        route("GET", "user/search", dc_user_search, "data_center"),
        route("GET", "field", field_list),
        route("GET", "status", status_list),
        route("GET", "priority/search", priority_search, "cloud"),
        route("GET", "priority", priority_list),
        route("GET", "myself", myself),
        route("GET", "serverInfo", server_info, anonymous=True),
        route("GET", "mypermissions", my_permissions),
        route("GET POST", "search", jira_search.removed_search, "cloud"),
        route("GET POST", "search", jira_search.offset_search, "data_center"),
        route("GET POST", "search/jql", jira_search.token_search, "cloud"),
        route("POST", "search/approximate-count", jira_search.approximate_count, "cloud"),
        route("GET", r"issue/[^/]+", children.single_issue),
        route("GET", r"issue/[^/]+/comment", children.issue_comments),
        route("GET", r"issue/[^/]+/worklog", children.issue_worklogs),
        route("GET", r"issue/[^/]+/changelog", children.issue_changelog, "cloud"),
        route("POST", "changelog/bulkfetch", bulk.changelog_bulkfetch, "cloud"),
        route("GET", "worklog/updated", bulk.worklogs_updated, "cloud"),
        route("POST", "worklog/list", bulk.worklog_list, "cloud"),
        route("GET", r"project/[^/]+/version", project_children.version_page),
        route("GET", r"project/[^/]+/versions", project_children.version_list),
        route("GET", r"project/[^/]+/component", project_children.component_page, "cloud"),
        route("GET", r"project/[^/]+/components", project_children.component_list),
    ]
