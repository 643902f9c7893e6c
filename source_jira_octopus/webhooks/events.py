"""Which change events the webhooks subscribe to: what the streams read, nothing more.

Jira admin webhooks (`/rest/webhooks/1.0/webhook`) accept every Jira event; dynamic webhooks of OAuth 2.0 apps
(`/rest/api/3/webhook`) accept only the events the platform document enumerates for `WebhookDetails.events`
(issue, comment and issue-property events). Octopus subscriptions filter on event categories and document types.
"""

from __future__ import annotations

from collections.abc import Sequence

from source_jira_octopus.config.webhooks import WebhookOptions

ISSUE_EVENTS = ("jira:issue_created", "jira:issue_updated", "jira:issue_deleted")
COMMENT_EVENTS = ("comment_created", "comment_updated", "comment_deleted")
JIRA_ADMIN_EVENTS: tuple[str, ...] = (
    *ISSUE_EVENTS,
    *COMMENT_EVENTS,
    "worklog_created",
    "worklog_updated",
    "worklog_deleted",
    "project_created",
    "project_updated",
    "project_deleted",
    "jira:version_created",
    "jira:version_updated",
    "jira:version_deleted",
    "jira:version_released",
    "jira:version_unreleased",
    "sprint_created",
    "sprint_updated",
    "sprint_deleted",
    "sprint_started",
    "sprint_closed",
    "board_created",
    "board_updated",
    "board_deleted",
    "board_configuration_changed",
)
# The enum of `WebhookDetails.events` in the Jira Cloud platform document (issue_property_* are not read by us).
JIRA_DYNAMIC_EVENTS: tuple[str, ...] = (*ISSUE_EVENTS, *COMMENT_EVENTS)

# Octopus event categories (GET /api/events/categories) and document types (GET /api/events/documenttypes) that
# change what the Octopus streams read: spaces, projects, environments, releases, deployments, machines.
OCTOPUS_EVENT_CATEGORIES: tuple[str, ...] = (
    "Created",
    "Modified",
    "Deleted",
    "DeploymentQueued",
    "DeploymentStarted",
    "DeploymentSucceeded",
    "DeploymentFailed",
    "MachineAdded",
    "MachineDeleted",
)
OCTOPUS_DOCUMENT_TYPES: tuple[str, ...] = (
    "Spaces",
    "Projects",
    "Environments",
    "Releases",
    "Deployments",
    "Machines",
)
# Jira's JQL filter must be set for a dynamic webhook and supports only `=, !=, IN, NOT IN` on a few fields; a
# project that cannot exist matches every issue ("all projects"). An admin webhook takes an empty filter instead.
_NO_SUCH_PROJECT = "SOURCE-JIRA-OCTOPUS-NONE"


def jira_admin_events(options: WebhookOptions) -> list[str]:
    return sorted(options.jira_events or JIRA_ADMIN_EVENTS)


def jira_dynamic_events(options: WebhookOptions) -> list[str]:
    return sorted(options.jira_events or JIRA_DYNAMIC_EVENTS)


def octopus_categories(options: WebhookOptions) -> list[str]:
    return sorted(options.octopus_event_categories or OCTOPUS_EVENT_CATEGORIES)


def project_jql(projects: Sequence[str], required: bool = False) -> str:
    """`project in ("A", "B")` for `jira.projects`; every project otherwise ("" where the API allows it)."""
    if projects:
        return "project in ({})".format(", ".join(f'"{key}"' for key in sorted(projects)))
    return f'project not in ("{_NO_SUCH_PROJECT}")' if required else ""
