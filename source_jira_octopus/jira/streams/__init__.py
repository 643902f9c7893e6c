"""Jira streams: declared kinds by domain, and the registry of every one."""

from __future__ import annotations

from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.streams import (
    administration,
    administration_system,
    agile,
    configuration,
    issue_census,
    people,
    project_details,
    webhook_registrations,
)
from source_jira_octopus.jira.streams.issue_children_embedded import (
    JiraIssueChangelogs,
    JiraIssueComments,
    JiraIssueFieldHistory,
    JiraIssueLinks,
    JiraIssueTransitions,
    JiraIssueWorklogs,
)
from source_jira_octopus.jira.streams.issue_children_per_issue import (
    JiraIssueProperties,
    JiraIssueRemoteLinks,
    JiraIssueVotes,
    JiraIssueWatchers,
)
from source_jira_octopus.jira.streams.issues import JiraIssues
from source_jira_octopus.jira.streams.projects import JiraProjectComponents, JiraProjects, JiraProjectVersions
from source_jira_octopus.jira.streams.site_lists import JiraIssueFields, JiraPriorities, JiraStatuses, JiraUsers

# Parents before their children; `discover` lists streams in this order.
JIRA_STREAMS: tuple[type[JiraStream], ...] = (
    JiraProjects,
    JiraUsers,
    JiraIssueFields,
    JiraStatuses,
    JiraPriorities,
    JiraIssues,
    JiraIssueComments,
    JiraIssueWorklogs,
    JiraIssueChangelogs,
    JiraProjectVersions,
    JiraProjectComponents,
    *project_details.STREAMS,
    *people.STREAMS,
    JiraIssueTransitions,
    JiraIssueLinks,
    JiraIssueWatchers,
    JiraIssueVotes,
    JiraIssueRemoteLinks,
    JiraIssueProperties,
    JiraIssueFieldHistory,
    *issue_census.STREAMS,
    *agile.STREAMS,
    *configuration.STREAMS,
    *administration.STREAMS,
    *administration_system.STREAMS,
    *webhook_registrations.STREAMS,
)
