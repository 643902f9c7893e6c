"""Octopus' space-scoped subscriptions collection: ``/api/{spaceId}/subscriptions`` (GET, POST) and
``/api/{spaceId}/subscriptions/{id}`` (GET, PUT, DELETE), each needing its Subscription* permission."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.octopus.api import octopus_error
from jira_octopus_sample_api.paging import octopus_collection
from jira_octopus_sample_api.webhooks.registry import WebhookRegistry, subscription_resource

if TYPE_CHECKING:
    from jira_octopus_sample_api.server_state import ServerState

_NEEDS = {
    "GET": "SubscriptionView",
    "POST": "SubscriptionCreate",
    "PUT": "SubscriptionEdit",
    "DELETE": "SubscriptionDelete",
}


def _space_problem(state: ServerState, space_id: str, method: str) -> ApiResponse | None:
    space = next((s for s in state.dataset.octopus_spaces if s["Id"].lower() == space_id.lower()), None)
    if space is None:
        return octopus_error(404, f"The Space '{space_id}' was not found.")
    permission = _NEEDS[method]
    if permission not in state.octopus_permissions.get(space["Id"], set()):
        return octopus_error(
            403,
            "You do not have permission to perform this action. Please contact your Octopus administrator. "
            f"Missing permission: {permission}",
        )
    return None


def _registry(state: ServerState) -> WebhookRegistry:
    return state.dataset.parts["webhooks"]


def subscriptions(state: ServerState, request: RecordedRequest, space_id: str) -> ApiResponse:
    problem = _space_problem(state, space_id, request.method)
    if problem:
        return problem
    hooks = _registry(state)
    if request.method == "GET":
        records = sorted(hooks.subscriptions.get(space_id, {}).values(), key=lambda s: str(s["Name"]).lower())
        template = f"/api/{space_id}/subscriptions{{?skip,take,ids,partialName,spaces}}"
        return ApiResponse(
            200, octopus_collection(request, f"/api/{space_id}/subscriptions", "Subscription", records, template)
        )
    problem_text = _body_problem(hooks, space_id, request.json_body, None)
    if problem_text:
        return octopus_error(400, "There was a problem with your request.", problem_text)
    return ApiResponse(201, hooks.add_subscription(space_id, request.json_body))


def subscription(state: ServerState, request: RecordedRequest, space_id: str, subscription_id: str) -> ApiResponse:
    problem = _space_problem(state, space_id, request.method)
    if problem:
        return problem
    hooks = _registry(state)
    found = hooks.subscriptions.get(space_id, {}).get(subscription_id)
    if found is None:
        return octopus_error(404, f"The resource '{subscription_id}' was not found.")
    if request.method == "DELETE":
        del hooks.subscriptions[space_id][subscription_id]
        return ApiResponse(200, None)
    if request.method == "PUT":
        problem_text = _body_problem(hooks, space_id, request.json_body, subscription_id)
        if problem_text:
            return octopus_error(400, "There was a problem with your request.", problem_text)
        hooks.subscriptions[space_id][subscription_id] = subscription_resource(
            space_id, subscription_id, request.json_body
        )
    return ApiResponse(200, hooks.subscriptions[space_id][subscription_id])


def _body_problem(hooks: WebhookRegistry, space_id: str, body: Any, own_id: str | None) -> str | None:
    if not isinstance(body, dict) or not isinstance(body.get("Name"), str) or not body["Name"].strip():
        return "Please provide a name for this subscription."
    taken = [
        s for s in hooks.subscriptions.get(space_id, {}).values() if s["Name"] == body["Name"] and s["Id"] != own_id
    ]
    return "A subscription with this name already exists. Please choose a different name." if taken else None
