"""``GET worklog/deleted?since=`` of the fake Jira (see ``part_issue_census`` for the rules it follows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext
from jira_octopus_sample_api.jira.core.bulk_child_routes import FRESH_MS, WORKLOG_PAGE
from jira_octopus_sample_api.paging import BadParameter, int_param

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.issue_census.part import DeletedWorklogs


def worklogs_deleted(ctx: JiraContext, deleted: Callable[[FakeDataset], DeletedWorklogs]) -> ApiResponse:
    since = int_param(ctx, "since", 0)
    if since < 0:
        raise BadParameter("The 'since' parameter must not be negative.")
    newest = to_epoch_ms(ctx.state.clock.now()) - FRESH_MS
    changes = [e for e in deleted(ctx.state.dataset).entries if since <= e[0] < newest]
    page = changes[:WORKLOG_PAGE]
    until = page[-1][0] if page else since
    last_page = len(changes) <= WORKLOG_PAGE
    base = f"{ctx.api_base}/worklog/deleted"
    body: dict[str, Any] = {
        "values": [{"worklogId": wid, "updatedTime": when, "properties": []} for when, wid in page],
        "since": since,
        "until": until,
        "self": f"{base}?since={since}",
        "lastPage": last_page,
    }
    if not last_page:
        body["nextPage"] = f"{base}?since={until}"
    return ctx.respond(200, body)
