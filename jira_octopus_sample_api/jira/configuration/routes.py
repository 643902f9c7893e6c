"""Jira configuration endpoints: issue types and schemes, custom field contexts and options, field configurations,
screens, tabs and tab fields, screen schemes, link types, security and notification schemes, navigator columns,
status categories, resolutions and labels.

Administrator-only resources answer 403 while ``state.jira_admin`` is off, as Jira does for a user without the
"Administer Jira" global permission. Data Center differences: issue types without ``hierarchyLevel``; issue type
schemes in one ``{"schemes": [...]}`` object (``expand=schemes.issueTypes,schemes.defaultIssueType``); screens as a
plain array paged by startAt/maxResults; tab fields with ``showWhenEmpty``; users as ``key``/``name`` and groups
without ``groupId`` in notification schemes.
"""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import Handler, JiraContext, jira_error
from jira_octopus_sample_api.jira.configuration.records import OPTION_FIELD_TYPES, ConfigurationRecords, site_labels
from jira_octopus_sample_api.paging import array_page, expand_param, page_bean

NOT_ADMIN = "You are not authorized to perform this action. Administrator privileges are required."
CLOUD = "cloud"


def configuration(ctx: JiraContext) -> ConfigurationRecords:
    records: ConfigurationRecords = ctx.state.dataset.parts["configuration"]
    return records


def admin_only(handler: Handler) -> Handler:
    def guarded(ctx: JiraContext) -> ApiResponse:
        return handler(ctx) if ctx.state.jira_admin else jira_error(403, NOT_ADMIN)

    return guarded


def segments(ctx: JiraContext) -> list[str]:
    return ctx.resource.split("/")


# ---- issue types and schemes ---------------------------------------------------------------------
def issue_types(ctx: JiraContext) -> ApiResponse:
    types = ctx.state.dataset.jira_issue_types
    if ctx.view.deployment != CLOUD:
        types = [{k: v for k, v in t.items() if k not in ("hierarchyLevel", "entityId", "scope")} for t in types]
    return ctx.respond(200, types)


def issue_type_schemes(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, configuration(ctx).issue_type_schemes, 50))


def dc_issue_type_schemes(ctx: JiraContext) -> ApiResponse:
    records, expand = configuration(ctx), expand_param(ctx)
    types = {t["id"]: _dc_issue_type(t) for t in ctx.state.dataset.jira_issue_types}
    schemes = []
    for scheme in records.issue_type_schemes:
        rendered: dict[str, Any] = {
            "self": f"{ctx.api_base}/issuetypescheme/{scheme['id']}",
            "id": scheme["id"],
            "name": scheme["name"],
            "description": scheme["description"],
            "expand": "issueTypes,defaultIssueType",
        }
        if "schemes.issueTypes" in expand:
            rendered["issueTypes"] = [types[tid] for tid in records.scheme_issue_types[scheme["id"]]]
        if "schemes.defaultIssueType" in expand and scheme.get("defaultIssueTypeId"):
            rendered["defaultIssueType"] = types[scheme["defaultIssueTypeId"]]
        schemes.append(rendered)
    return ctx.respond(200, {"schemes": schemes})


def _dc_issue_type(issue_type: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in issue_type.items() if k not in ("hierarchyLevel", "entityId", "scope")}


def issue_type_screen_schemes(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, configuration(ctx).issue_type_screen_schemes, 50))


def field_configurations(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, configuration(ctx).field_configurations, 50))


# ---- custom field contexts and options -----------------------------------------------------------
def _custom_field(ctx: JiraContext, field_id: str) -> dict[str, Any] | None:
    return next((f for f in ctx.state.dataset.jira_fields if f["id"] == field_id and f.get("custom")), None)


def field_contexts(ctx: JiraContext) -> ApiResponse:
    field_id = segments(ctx)[1]
    if _custom_field(ctx, field_id) is None:
        return jira_error(404, "The custom field was not found.")
    return ctx.respond(200, page_bean(ctx, configuration(ctx).contexts[field_id], 50))


def context_options(ctx: JiraContext) -> ApiResponse:
    _, field_id, _, context_id, _ = segments(ctx)
    custom = _custom_field(ctx, field_id)
    if custom is None:
        return jira_error(404, "The custom field was not found.")
    if context_id not in {c["id"] for c in configuration(ctx).contexts[field_id]}:
        return jira_error(404, "The context was not found.")
    if custom.get("schema", {}).get("custom") not in OPTION_FIELD_TYPES:
        return jira_error(400, "The custom field doesn't support options.")
    return ctx.respond(200, page_bean(ctx, configuration(ctx).options[context_id], 100, cap=1000))


# ---- screens -------------------------------------------------------------------------------------
def screens(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, configuration(ctx).screens, 100, cap=100))


def dc_screens(ctx: JiraContext) -> ApiResponse:
    plain = [{k: v for k, v in s.items() if k != "scope"} for s in configuration(ctx).screens]
    return ctx.respond(200, array_page(ctx, plain, 100, 100))


def _screen_id(ctx: JiraContext) -> int | ApiResponse:
    raw = segments(ctx)[1]
    if not raw.isdigit():
        return jira_error(400, "The screen ID is invalid.")
    if int(raw) not in configuration(ctx).tabs:
        return jira_error(404, "The screen was not found.")
    return int(raw)


def screen_tabs(ctx: JiraContext) -> ApiResponse:
    screen = _screen_id(ctx)
    if isinstance(screen, ApiResponse):
        return screen
    return ctx.respond(200, configuration(ctx).tabs[screen])


def screen_tab_fields(ctx: JiraContext) -> ApiResponse:
    screen = _screen_id(ctx)
    if isinstance(screen, ApiResponse):
        return screen
    raw_tab = segments(ctx)[3]
    if not raw_tab.isdigit() or int(raw_tab) not in {t["id"] for t in configuration(ctx).tabs[screen]}:
        return jira_error(404, "The screen tab was not found.")
    fields = configuration(ctx).tab_fields[int(raw_tab)]
    if ctx.view.deployment != CLOUD:
        fields = [{**f, "showWhenEmpty": False} for f in fields]
    return ctx.respond(200, fields)


def screen_schemes(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, configuration(ctx).screen_schemes, 25, cap=100))


# ---- schemes without paging, navigator, categories -----------------------------------------------
def link_types(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, {"issueLinkTypes": configuration(ctx).link_types})


def security_schemes(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, {"issueSecuritySchemes": configuration(ctx).security_schemes})


def notification_schemes(ctx: JiraContext) -> ApiResponse:
    expand = expand_param(ctx)
    rendered = [_notification_scheme(ctx, scheme, expand) for scheme in configuration(ctx).notification_schemes]
    return ctx.respond(200, page_bean(ctx, rendered, 50))


def _notification_scheme(ctx: JiraContext, scheme: dict[str, Any], expand: set[str]) -> dict[str, Any]:
    rendered = {k: v for k, v in scheme.items() if k != "notificationSchemeEvents"}
    if expand & {"all", "notificationSchemeEvents"}:
        rendered["notificationSchemeEvents"] = [
            {**event, "notifications": [_recipient(ctx, n, expand) for n in event["notifications"]]}
            for event in scheme["notificationSchemeEvents"]
        ]
    return rendered


def _recipient(ctx: JiraContext, notification: dict[str, Any], expand: set[str]) -> dict[str, Any]:
    shown = {k: v for k, v in notification.items() if k in ("id", "notificationType", "parameter", "recipient")}
    for name in ("user", "group", "projectRole"):
        if name in notification and expand & {"all", name}:
            shown[name] = notification[name]
    if ctx.view.deployment == CLOUD:
        return shown
    shown.pop("recipient", None)  # why: a Cloud-only field (account and group ids)
    if "user" in notification:
        dc_user = ctx.view.user(notification["user"]) or {}
        shown["parameter"] = dc_user.get("name")
        if "user" in shown:
            shown["user"] = dc_user
    if "group" in shown:
        shown["group"] = {
            "name": shown["group"]["name"],
            "self": f"{ctx.api_base}/group?groupname={shown['parameter']}",
        }
    return shown


def navigator_columns(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, configuration(ctx).navigator_columns)


def status_categories(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, configuration(ctx).status_categories)


def resolution_search(ctx: JiraContext) -> ApiResponse:
    beans = [{**r, "default": False} for r in ctx.state.dataset.jira_resolutions]
    if (ctx.request.param("onlyDefault") or "").lower() == "true":
        beans = [bean for bean in beans if bean["default"]]
    return ctx.respond(200, page_bean(ctx, beans, 50))


def resolution_list(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, ctx.state.dataset.jira_resolutions)


def labels(ctx: JiraContext) -> ApiResponse:
    return ctx.respond(200, page_bean(ctx, site_labels(ctx.state.dataset.jira_issues), 1000, cap=1000))
