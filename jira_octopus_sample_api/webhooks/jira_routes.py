"""Jira's webhook endpoints: admin webhooks (``/rest/webhooks/1.0/webhook``, Cloud and Data Center, ADMINISTER
only) and the OAuth app's dynamic webhooks (``/rest/api/3/webhook``, Cloud through the OAuth gateway only)."""

from __future__ import annotations

import re
from typing import Any

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, jira_error
from jira_octopus_sample_api.paging import page_bean
from jira_octopus_sample_api.webhooks.registry import THIRTY_DAYS_MS, WebhookRegistry, admin_webhook

# The `WebhookDetails.events` enum of the Jira Cloud platform document.
DYNAMIC_EVENTS = frozenset(
    {
        "jira:issue_created",
        "jira:issue_updated",
        "jira:issue_deleted",
        "comment_created",
        "comment_updated",
        "comment_deleted",
        "issue_property_set",
        "issue_property_deleted",
    }
)
NOT_ADMIN = "You do not have the permission to manage webhooks. Only Jira administrators can."
NOT_AN_APP = "Only Connect and OAuth 2.0 apps can use this operation."
ONE_URL = "Only a single URL per app is allowed to be registered."


def registry(ctx: JiraContext) -> WebhookRegistry:
    return ctx.state.dataset.parts["webhooks"]


def _listed(webhook: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in webhook.items() if not key.startswith("_")}


# ---- admin webhooks ----------------------------------------------------------------------------------------------
def admin_collection(ctx: JiraContext) -> ApiResponse:
    if not ctx.state.jira_admin:
        return jira_error(403, NOT_ADMIN)
    hooks = registry(ctx)
    if ctx.request.method == "GET":
        return ctx.respond(200, [_listed(w) for _, w in sorted(hooks.admin.items())])
    problem = _admin_body_problem(ctx.request.json_body)
    if problem:
        return jira_error(400, problem)
    created = hooks.add_admin(ctx.request.json_body, to_epoch_ms(ctx.state.clock.now()))
    return ctx.respond(201, _listed(created))


def admin_item(ctx: JiraContext) -> ApiResponse:
    if not ctx.state.jira_admin:
        return jira_error(403, NOT_ADMIN)
    hooks, webhook_id = registry(ctx), int(ctx.resource.rsplit("/", 1)[-1])
    if webhook_id not in hooks.admin:
        return jira_error(404, f"Webhook with id {webhook_id} does not exist.")
    if ctx.request.method == "DELETE":
        del hooks.admin[webhook_id]
        return ApiResponse(204)
    if ctx.request.method == "PUT":
        problem = _admin_body_problem(ctx.request.json_body)
        if problem:
            return jira_error(400, problem)
        hooks.admin[webhook_id] = admin_webhook(webhook_id, ctx.request.json_body, to_epoch_ms(ctx.state.clock.now()))
    return ctx.respond(200, _listed(hooks.admin[webhook_id]))


def _admin_body_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "The request body must be a JSON object."
    missing = [name for name in ("name", "url") if not isinstance(body.get(name), str) or not body[name]]
    if missing:
        return f"The webhook {missing[0]} is required."
    if not re.match(r"^https?://", body["url"]):
        return "The webhook URL must be an http or https URL."
    return None if isinstance(body.get("events", []), list) else "events must be a list of event names."


# ---- dynamic webhooks ----------------------------------------------------------------------------------------------
def dynamic_collection(ctx: JiraContext) -> ApiResponse:
    if "/ex/jira/" not in ctx.view.site:
        return jira_error(403, NOT_AN_APP)
    hooks, body = registry(ctx), ctx.request.json_body
    if ctx.request.method == "GET":
        return ctx.respond(200, page_bean(ctx, [w for _, w in sorted(hooks.dynamic.items())], 100))
    if ctx.request.method == "DELETE":
        if not isinstance(body, dict) or not isinstance(body.get("webhookIds"), list):
            return jira_error(400, "webhookIds must be a list of webhook ids.")
        for webhook_id in body["webhookIds"]:
            hooks.dynamic.pop(int(webhook_id), None)
        return ApiResponse(202)
    return ctx.respond(200, {"webhookRegistrationResult": _register_dynamic(ctx, hooks, body)})


def _register_dynamic(ctx: JiraContext, hooks: WebhookRegistry, body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("url"), str) or not isinstance(body.get("webhooks"), list):
        return [{"errors": ["url and webhooks are required."]}]
    if any(w["url"] != body["url"] for w in hooks.dynamic.values()):
        return [{"errors": [ONE_URL]} for _ in body["webhooks"]]
    results = []
    for details in body["webhooks"]:
        events = details.get("events") if isinstance(details, dict) else None
        unknown = sorted(set(events or []) - DYNAMIC_EVENTS)
        if not events or not details.get("jqlFilter") or unknown:
            results.append({"errors": [f"Invalid events or jqlFilter: {', '.join(unknown) or 'missing'}."]})
            continue
        webhook_id = next(hooks.next_dynamic)
        hooks.dynamic[webhook_id] = {
            "id": webhook_id,
            "jqlFilter": details["jqlFilter"],
            "events": list(events),
            "expirationDate": to_epoch_ms(ctx.state.clock.now()) + THIRTY_DAYS_MS,
            "url": body["url"],
        }
        results.append({"createdWebhookId": webhook_id})
    return results


def dynamic_refresh(ctx: JiraContext) -> ApiResponse:
    if "/ex/jira/" not in ctx.view.site:
        return jira_error(403, NOT_AN_APP)
    hooks, body = registry(ctx), ctx.request.json_body
    if not isinstance(body, dict) or not isinstance(body.get("webhookIds"), list):
        return jira_error(400, "webhookIds must be a list of webhook ids.")
    expires = to_epoch_ms(ctx.state.clock.now()) + THIRTY_DAYS_MS
    for webhook_id in body["webhookIds"]:
        if int(webhook_id) in hooks.dynamic:
            hooks.dynamic[int(webhook_id)]["expirationDate"] = expires
    return ctx.respond(200, {"expirationDate": expires})
