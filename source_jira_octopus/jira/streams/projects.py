"""Projects, and their children versions and components (one partition per project).

More per-project detail (roles, avatars, email, permission scheme) is in `project_details.py`."""

from __future__ import annotations

from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import PAGE_BEAN, SINGLE

PROJECT_SLICE = {"project_id": "id", "project_key": "key"}
PROJECT_STAMPS = {"projectId": "project_id", "projectKey": "project_key"}


class JiraProjects(JiraStream):
    name = "jira_projects"
    project_key_field = "key"
    cloud = Route("project/search", PAGE_BEAN, {"expand": "description,lead,issueTypes,url,projectKeys,insight"})
    data_center = Route("project", SINGLE, {"expand": "description,lead,url,projectKeys"})


class JiraProjectVersions(JiraStream):
    """Cloud pages versions (`project/{id}/version`, PageBean); Data Center lists them whole (`versions`)."""

    name = "jira_project_versions"
    parent_kind = JiraProjects
    slice_keys = PROJECT_SLICE
    stamps = PROJECT_STAMPS
    cloud = Route("project/{project_id}/version", PAGE_BEAN)
    data_center = Route("project/{project_id}/versions", SINGLE)


class JiraProjectComponents(JiraStream):
    name = "jira_project_components"
    parent_kind = JiraProjects
    slice_keys = PROJECT_SLICE
    stamps = PROJECT_STAMPS
    cloud = Route("project/{project_id}/component", PAGE_BEAN)
    data_center = Route("project/{project_id}/components", SINGLE)
