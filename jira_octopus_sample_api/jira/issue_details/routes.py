"""The fake's per-issue detail endpoints (see ``part_issue_details``): watchers, votes, remote links, properties."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, jira_error
from jira_octopus_sample_api.jira.core.child_routes import NO_ISSUE, find_issue
from jira_octopus_sample_api.jira.core.realistic import transitions
from jira_octopus_sample_api.jira.core.render import FieldSelection
from jira_octopus_sample_api.jira.issue_details.records import details_of, voter_ids, watcher_ids


def _users(ctx: JiraContext, account_ids: list[str]) -> list[dict[str, Any]]:
    refs = details_of(ctx.state.dataset).users
    return [ctx.view.user(refs[account]) or {} for account in account_ids]


def watchers(ctx: JiraContext) -> ApiResponse:
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    people = watcher_ids(ctx.state.dataset, issue)
    return ctx.respond(
        200,
        {
            "self": f"{ctx.api_base}/issue/{issue['key']}/watchers",
            "isWatching": False,
            "watchCount": len(people),
            "watchers": _users(ctx, people),
        },
    )


def votes(ctx: JiraContext) -> ApiResponse:
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    people = voter_ids(ctx.state.dataset, issue)
    return ctx.respond(
        200,
        {
            "self": f"{ctx.api_base}/issue/{issue['key']}/votes",
            "votes": len(people),
            "hasVoted": False,
            "voters": _users(ctx, people),
        },
    )


def remote_links(ctx: JiraContext) -> ApiResponse:
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    links = details_of(ctx.state.dataset).remote_links.get(issue["id"], [])
    global_id = ctx.request.param("globalId")
    if global_id is None:
        return ctx.respond(200, links)
    # why one object here and an array above: the operation's description and example say so (its schema, one
    # RemoteIssueLink, describes only this case)
    found = next((link for link in links if link["globalId"] == global_id), None)
    if found is None:
        return jira_error(404, "No remote link with the given globalId exists on this issue.")
    return ctx.respond(200, found)


def property_keys(ctx: JiraContext) -> ApiResponse:
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    stored = details_of(ctx.state.dataset).properties.get(issue["id"], {})
    base = f"{ctx.api_base}/issue/{issue['id']}/properties"
    return ctx.respond(200, {"keys": [{"self": f"{base}/{key}", "key": key} for key in stored]})


def property_value(ctx: JiraContext) -> ApiResponse:
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    key = unquote(ctx.resource.split("/")[3])
    stored = details_of(ctx.state.dataset).properties.get(issue["id"], {})
    if key not in stored:
        return jira_error(404, f"The property with key '{key}' does not exist.")
    return ctx.respond(200, {"key": key, "value": stored[key]})


def issue_transitions(ctx: JiraContext) -> ApiResponse:
    """``GET issue/{idOrKey}/transitions``: what ``expand=transitions`` embeds in a search, one issue at a time."""
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    found = transitions(ctx.state.dataset.jira_statuses, issue["fields"]["status"])
    transition_id = ctx.request.param("transitionId")
    if transition_id is not None:
        found = [transition for transition in found if transition["id"] == transition_id]
    return ctx.respond(200, {"expand": "transitions", "transitions": found})


_BULK_KEYS = {"expand", "fields", "fieldsByKeys", "issueIdsOrKeys", "properties"}
INVALID_PAYLOAD = "Invalid request payload. Refer to the REST API documentation and try again."


def issue_bulkfetch(ctx: JiraContext) -> ApiResponse:
    """Cloud ``POST issue/bulkfetch``: up to 100 issues (ascending id; unknown ones left out, as Jira does) with
    ``fields`` (default ``*navigable``), ``expand`` and up to 5 ``properties`` (``issue.properties``: key -> value)."""
    body = ctx.request.json_body
    if not isinstance(body, dict) or set(body) - _BULK_KEYS or not isinstance(body.get("issueIdsOrKeys"), list):
        return jira_error(400, INVALID_PAYLOAD)
    wanted, keys = body["issueIdsOrKeys"], body.get("properties") or []
    if not 1 <= len(wanted) <= 100:
        return jira_error(400, "Provide between 1 and 100 issue IDs or keys.")
    if len(keys) > 5:
        return jira_error(400, "A maximum of 5 issue property keys can be specified.")
    dataset = ctx.state.dataset
    found = {issue["id"]: issue for value in wanted if (issue := dataset.issue_by_id_or_key(str(value))) is not None}
    selection = FieldSelection.parse(body.get("fields") or [], default="*navigable")
    stored = details_of(dataset).properties
    issues = []
    for issue_id in sorted(found, key=int):
        rendered = ctx.view.issue(found[issue_id], selection, body.get("expand") or [])
        if keys:
            values = stored.get(issue_id, {})
            rendered["properties"] = {key: values[key] for key in keys if key in values}
        issues.append(rendered)
    return ctx.respond(200, {"issues": issues, "issueErrors": []})
