"""Routes of the fake's project details part (see ``part_project_details``), in the Cloud v3 shapes; Data Center
users in role actors carry ``name`` instead of ``actorUser.accountId``."""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, JiraRoute, jira_error, route
from jira_octopus_sample_api.jira.people.part import PART as PEOPLE
from jira_octopus_sample_api.jira.project_details.part import PART
from jira_octopus_sample_api.jira.project_details.records import (
    API3,
    CATEGORIES,
    GRANTS,
    PROJECT_TYPES,
    SCHEMES,
    ProjectDetails,
)

_ICON = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxNiAxNiIvPg=="  # an empty SVG


def _details(ctx: JiraContext) -> ProjectDetails:
    return ctx.state.dataset.parts[PART.name]


def _project(ctx: JiraContext) -> dict[str, Any] | None:
    return ctx.state.dataset.project_by_id_or_key(ctx.resource.split("/")[1])


def _no_project(ctx: JiraContext) -> ApiResponse:
    return jira_error(404, f"No project could be found with key '{ctx.resource.split('/')[1]}'.")


def project_categories(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(
        200,
        [
            {"self": f"{API3}/projectCategory/{cid}", "id": cid, "name": name, "description": description}
            for cid, name, description in CATEGORIES
        ],
    )


def project_types(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(
        200,
        [
            {
                "key": key,
                "formattedKey": label,
                "descriptionI18nKey": f"jira.project.type.{key.replace('_', '.')}.description",
                "icon": _ICON,
                "color": color,
            }
            for key, label, color in PROJECT_TYPES
        ],
    )


def role_links(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    roles = _details(ctx).roles[project["id"]]
    return ctx.respond(200, {role["name"]: f"{API3}/project/{project['id']}/role/{role['id']}" for role in roles})


def role(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    role_id = ctx.resource.split("/")[3]
    found = next((r for r in _details(ctx).roles[project["id"]] if r["id"] == role_id), None)
    if found is None:
        return jira_error(404, f"Can not retrieve a role actor for a null project role ({role_id}).")
    return ctx.respond(
        200,
        {
            "self": f"{API3}/project/{project['id']}/role/{role_id}",
            "name": found["name"],
            "id": int(role_id),
            "description": found["description"],
            "actors": [_actor(ctx, actor, n) for n, actor in enumerate(found["actors"])],
        },
    )


def _actor(ctx: JiraContext, actor: dict[str, Any], position: int) -> dict[str, Any]:
    cloud = ctx.view.deployment == "cloud"
    if actor["kind"] == "group":
        group = next(g for g in ctx.state.dataset.parts[PEOPLE.name].groups if g["name"] == actor["name"])
        rendered: dict[str, Any] = {
            "id": 20000 + position,
            "displayName": group["name"],
            "type": "atlassian-group-role-actor",
            "name": group["name"],
        }
        if cloud:
            rendered["actorGroup"] = {"name": group["name"], "displayName": group["name"], "groupId": group["groupId"]}
        return rendered
    rendered = {"id": 10000 + position, "displayName": actor["displayName"], "type": "atlassian-user-role-actor"}
    if cloud:
        rendered["actorUser"] = {"accountId": actor["accountId"]}
    else:
        rendered["name"] = ctx.state.dataset.jira_dc_users[actor["accountId"]]["name"]
    return rendered


def avatars(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    return ctx.respond(200, _details(ctx).avatars[project["id"]])


def email(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    answer = _details(ctx).email[project["id"]]
    if answer == 403:
        return jira_error(403, "You do not have permission to view this project's email address.")
    if answer == 404:
        return jira_error(404, f"No sender email address configured for project {project['key']}.")
    return ctx.respond(200, answer)


def permission_scheme(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    scheme_id = _details(ctx).scheme[project["id"]]
    name = dict(SCHEMES)[scheme_id]
    scheme: dict[str, Any] = {
        "expand": "permissions,user,group,projectRole,field,all",
        "id": int(scheme_id),
        "self": f"{API3}/permissionscheme/{scheme_id}",
        "name": name,
        "description": f"{name} for the projects that use it.",
    }
    if ctx.request.param("expand"):  # why: any expand value includes the grants (Jira's documented rule)
        scheme["permissions"] = [
            {
                "id": 10300 + int(scheme_id) % 97 * 10 + n,
                "self": f"{API3}/permissionscheme/{scheme_id}/permission/{10300 + n}",
                "holder": {"type": kind, "parameter": value, "value": value, "expand": kind},
                "permission": permission,
            }
            for n, (permission, kind, value) in enumerate(GRANTS)
        ]
    return ctx.respond(200, scheme)


def project_detail_routes() -> list[JiraRoute]:
    return [
        route("GET", "projectCategory", project_categories),
        route("GET", "project/type", project_types),
        route("GET", r"project/[^/]+/role", role_links),
        route("GET", r"project/[^/]+/role/\d+", role),
        route("GET", r"project/[^/]+/avatars", avatars),
        route("GET", r"project/[^/]+/email", email, "cloud"),
        route("GET", r"project/[^/]+/permissionscheme", permission_scheme),
    ]
