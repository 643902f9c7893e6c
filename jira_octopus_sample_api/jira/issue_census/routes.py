"""``GET worklog/deleted?since=`` of the fake Jira (see ``part.py`` for the rules it follows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext
from jira_octopus_sample_api.jira.core.bulk_child_routes import FRESH_MS, WORKLOG_PAGE
from jira_octopus_sample_api.paging import change_feed, since_param

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.issue_census.records import DeletedWorklogs


def worklogs_deleted(ctx: JiraContext, deleted: Callable[[FakeDataset], DeletedWorklogs]) -> ApiResponse:
    since = since_param(ctx)
    newest = to_epoch_ms(ctx.state.clock.now()) - FRESH_MS
    changes = [e for e in deleted(ctx.state.dataset).entries if since <= e[0] < newest]
    return ctx.respond(200, change_feed(ctx, "worklog/deleted", since, changes, WORKLOG_PAGE))
