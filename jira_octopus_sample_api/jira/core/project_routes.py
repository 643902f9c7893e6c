"""Project children: versions (Cloud/DC ``project/{idOrKey}/version`` PageBean, ``/versions`` plain array) and
components (Cloud ``project/{idOrKey}/component`` PageBean with issue counts, ``/components`` plain array).

``orderBy`` on the paged lists: ``sequence`` (default), ``name``, ``releaseDate``, ``startDate``, each with an
optional ``-`` for descending; versions also filter by ``status`` (released, unreleased, archived).
"""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, jira_error
from jira_octopus_sample_api.paging import BadParameter, page_bean

_VERSION_ORDERS = {
    "sequence": lambda v: int(v["id"]),
    "name": lambda v: v["name"],
    "releaseDate": lambda v: v.get("releaseDate") or "9999",
    "startDate": lambda v: v.get("startDate") or "9999",
    "description": lambda v: v.get("description") or "",
}
_COMPONENT_ORDERS = {
    "sequence": lambda c: int(c["id"]),
    "name": lambda c: c["name"],
    "description": lambda c: c["description"],
    "issueCount": lambda c: c["issueCount"],
}
_STATUSES = {
    "released": lambda v: v["released"] and not v["archived"],
    "unreleased": lambda v: not v["released"],
    "archived": lambda v: v["archived"],
}


def _project(ctx: JiraContext) -> dict[str, Any] | None:
    return ctx.state.dataset.project_by_id_or_key(ctx.resource.split("/")[1])


def _no_project(ctx: JiraContext) -> ApiResponse:
    return jira_error(404, f"No project could be found with key '{ctx.resource.split('/')[1]}'.")


def _ordered(ctx: JiraContext, records: list[dict[str, Any]], orders: dict[str, Any]) -> list[dict[str, Any]]:
    order = ctx.request.param("orderBy") or "sequence"
    key = orders.get(order.lstrip("+-"))
    if key is None:
        raise BadParameter(f"Invalid orderBy value '{order}'.")
    return sorted(records, key=key, reverse=order.startswith("-"))


def version_page(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    versions = ctx.state.dataset.jira_versions[project["id"]]
    wanted = [s.strip() for value in ctx.request.query.get("status", []) for s in value.split(",") if s.strip()]
    if any(s not in _STATUSES for s in wanted):
        raise BadParameter("The 'status' parameter accepts released, unreleased and archived.")
    if wanted:
        versions = [v for v in versions if any(_STATUSES[s](v) for s in wanted)]
    text = (ctx.request.param("query") or "").lower()
    versions = [v for v in versions if text in v["name"].lower() or text in v.get("description", "").lower()]
    return ctx.respond(200, page_bean(ctx, _ordered(ctx, versions, _VERSION_ORDERS), 50, cap=100))


def version_list(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    return ctx.respond(200, ctx.state.dataset.jira_versions[project["id"]])


def component_page(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    text = (ctx.request.param("query") or "").lower()
    components = [c for c in ctx.state.dataset.jira_components[project["id"]] if text in c["name"].lower()]
    bean = page_bean(ctx, _ordered(ctx, components, _COMPONENT_ORDERS), 50, cap=100)
    bean["values"] = [_component(ctx, c, with_count=True) for c in bean["values"]]
    return ctx.respond(200, bean)


def component_list(ctx: JiraContext) -> ApiResponse:
    project = _project(ctx)
    if project is None:
        return _no_project(ctx)
    components = ctx.state.dataset.jira_components[project["id"]]
    return ctx.respond(200, [_component(ctx, c, with_count=False) for c in components])


def _component(ctx: JiraContext, component: dict[str, Any], with_count: bool) -> dict[str, Any]:
    rendered = {k: v for k, v in component.items() if with_count or k != "issueCount"}
    for name in ("lead", "assignee", "realAssignee"):
        rendered[name] = ctx.view.user(component[name])
    return rendered
