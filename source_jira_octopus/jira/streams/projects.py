"""Children of projects: versions and components, one partition per project."""

from __future__ import annotations

from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.streams.catalog import PAGE_BEAN, SINGLE, JiraProjects

PROJECT_SLICE = {"project_id": "id", "project_key": "key"}
PROJECT_STAMPS = {"projectId": "project_id", "projectKey": "project_key"}


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
