"""Jira's simple endpoints: one declared subclass per stream."""

from __future__ import annotations

from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import JiraArrayPaginator, JiraOffsetPaginator, JiraSinglePagePaginator

PAGE_BEAN = JiraOffsetPaginator("values")
ARRAY = JiraArrayPaginator()
SINGLE = JiraSinglePagePaginator()


class JiraProjects(JiraStream):
    name = "jira_projects"
    project_key_field = "key"
    cloud = Route("project/search", PAGE_BEAN, {"expand": "description,lead,issueTypes,url,projectKeys,insight"})
    data_center = Route("project", SINGLE, {"expand": "description,lead,url,projectKeys"})


class JiraUsers(JiraStream):
    name = "jira_users"
    cloud = Route("users/search", ARRAY)
    # Data Center has no "list all users": `username=.` matches every user, and inactive users are left out unless
    # asked for (Jira DC 8.x/9.x user/search). Its users are identified by `key`.
    data_center = Route("user/search", ARRAY, {"username": ".", "includeInactive": "true"})

    @property
    def primary_key(self) -> str:  # type: ignore[override]
        return "accountId" if self.context.site.is_cloud else "key"


class JiraIssueFields(JiraStream):
    name = "jira_issue_fields"
    cloud = Route("field", SINGLE)


class JiraStatuses(JiraStream):
    name = "jira_statuses"
    cloud = Route("status", SINGLE)


class JiraPriorities(JiraStream):
    name = "jira_priorities"
    cloud = Route("priority/search", PAGE_BEAN)
    data_center = Route("priority", SINGLE)
