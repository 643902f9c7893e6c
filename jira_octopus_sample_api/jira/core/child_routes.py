"""Where a reader fetches the issue children a search page did not embed.

Per issue: ``issue/{idOrKey}`` (fields, expand; Data Center embeds every history), ``issue/{idOrKey}/comment``
(PageOfComments; ``orderBy`` ``created``/``-created``), ``issue/{idOrKey}/worklog`` (PageOfWorklogs;
``startedAfter``/``startedBefore`` epoch ms) and, Cloud only, ``issue/{idOrKey}/changelog`` (PageBeanChangelog).
Cloud bulk: ``POST changelog/bulkfetch``, ``GET worklog/updated`` + ``POST worklog/list`` (``jira_bulk_children``).
Page-size defaults follow the spec (100 / 5000 / 100); the caps are this fake's choice, the same numbers.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from jira_octopus_sample_api.clock import parse_jira_time
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, jira_error
from jira_octopus_sample_api.jira.core.render import FieldSelection
from jira_octopus_sample_api.paging import BadParameter, int_param, offset_page, offset_window, page_bean

NO_ISSUE = "Issue does not exist or you do not have permission to see it."
COMMENT_PAGE, WORKLOG_PAGE, CHANGELOG_PAGE = 100, 5000, 100


def find_issue(ctx: JiraContext) -> dict[str, Any] | None:
    """The issue named by the path segment after ``issue/`` (id or key)."""
    return ctx.state.dataset.issue_by_id_or_key(ctx.resource.split("/")[1])


def _v2_entries(ctx: JiraContext, entries: list[dict[str, Any]], text_field: str) -> list[dict[str, Any]]:
    if ctx.view.version == 3 and ctx.view.deployment == "cloud":
        return entries
    return [ctx.view.v2_entry(entry, text_field) for entry in entries]


def issue_comments(ctx: JiraContext) -> ApiResponse:
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    entries = ctx.state.dataset.children(issue["id"], "comment")
    order = ctx.request.param("orderBy") or "created"
    if order.lstrip("+-") != "created":
        raise BadParameter(f"Invalid orderBy value '{order}'. Accepted values: created, -created, +created.")
    if order.startswith("-"):
        entries = entries[::-1]
    window = offset_window(ctx, COMMENT_PAGE, COMMENT_PAGE, strict=True)
    return ctx.respond(
        200, offset_page(window, entries, "comments", render=partial(_v2_entries, ctx, text_field="body"))
    )


def issue_worklogs(ctx: JiraContext) -> ApiResponse:
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    entries = ctx.state.dataset.children(issue["id"], "worklog")
    after, before = int_param(ctx, "startedAfter", -1), int_param(ctx, "startedBefore", -1)
    if after >= 0 or before >= 0:
        entries = [
            w
            for w in entries
            if (after < 0 or parse_jira_time(w["started"]) >= after)
            and (before < 0 or parse_jira_time(w["started"]) < before)
        ]
    window = offset_window(ctx, WORKLOG_PAGE, WORKLOG_PAGE, strict=True)
    render = partial(_v2_entries, ctx, text_field="comment")
    return ctx.respond(200, offset_page(window, entries, "worklogs", render=render))


def issue_changelog(ctx: JiraContext) -> ApiResponse:
    """Cloud ``issue/{idOrKey}/changelog``: every history, oldest first, as a PageBean."""
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    entries = ctx.state.dataset.children(issue["id"], "changelog")
    return ctx.respond(200, page_bean(ctx, entries, CHANGELOG_PAGE, cap=CHANGELOG_PAGE))


def single_issue(ctx: JiraContext) -> ApiResponse:
    """``GET issue/{idOrKey}``: ``fields`` (default ``*all``) and ``expand``; children pages as in search."""
    issue = find_issue(ctx)
    if issue is None:
        return jira_error(404, NO_ISSUE)
    selection = FieldSelection.parse(ctx.request.query.get("fields", []), default="*all")
    expand = {part.strip() for value in ctx.request.query.get("expand", []) for part in value.split(",")}
    return ctx.respond(200, ctx.view.issue(issue, selection, expand))
