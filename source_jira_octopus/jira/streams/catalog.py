"""Jira endpoints as data: one line per stream, with its Cloud and Data Center routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from source_jira_octopus.config import JiraConfig
from source_jira_octopus.http.stream import HttpSettings
from source_jira_octopus.jira.base import JiraRoute, JiraStream
from source_jira_octopus.jira.paginators import (
    JiraArrayPaginator,
    JiraOffsetPaginator,
    JiraSinglePagePaginator,
)
from source_jira_octopus.jira.site import JiraSite

PAGE_BEAN = JiraOffsetPaginator("values")
ARRAY = JiraArrayPaginator()
SINGLE = JiraSinglePagePaginator()
CLOUD_PROJECT_EXPAND = "description,lead,issueTypes,url,projectKeys,insight"
DC_PROJECT_EXPAND = "description,lead,url,projectKeys"


@dataclass(frozen=True)
class JiraEndpoint:
    name: str
    cloud: JiraRoute
    data_center: JiraRoute
    project_key_field: Optional[str] = None  # records kept only for `jira.projects` (when set), matched on this field

    def route(self, site: JiraSite) -> JiraRoute:
        return self.cloud if site.is_cloud else self.data_center


JIRA_ENDPOINTS: tuple[JiraEndpoint, ...] = (
    JiraEndpoint(
        "jira_projects",
        cloud=JiraRoute("project/search", PAGE_BEAN, {"expand": CLOUD_PROJECT_EXPAND}),
        data_center=JiraRoute("project", SINGLE, {"expand": DC_PROJECT_EXPAND}),
        project_key_field="key",
    ),
    JiraEndpoint(
        "jira_users",
        cloud=JiraRoute("users/search", ARRAY, primary_key="accountId"),
        # Data Center has no "list all users": `username=.` matches every user, and inactive users are left out
        # unless asked for (Jira DC 8.x/9.x user/search).
        data_center=JiraRoute("user/search", ARRAY, {"username": ".", "includeInactive": "true"}, primary_key="key"),
    ),
    JiraEndpoint("jira_issue_fields", cloud=JiraRoute("field", SINGLE), data_center=JiraRoute("field", SINGLE)),
    JiraEndpoint("jira_statuses", cloud=JiraRoute("status", SINGLE), data_center=JiraRoute("status", SINGLE)),
    JiraEndpoint(
        "jira_priorities",
        cloud=JiraRoute("priority/search", PAGE_BEAN),
        data_center=JiraRoute("priority", SINGLE),
    ),
)


def build_table_streams(config: JiraConfig, settings: HttpSettings, site: JiraSite) -> list[JiraStream]:
    return [
        JiraStream(
            endpoint.name,
            settings,
            site,
            endpoint.route(site),
            config.page_size,
            record_filter=_project_filter(endpoint.project_key_field, config.projects),
        )
        for endpoint in JIRA_ENDPOINTS
    ]


def _project_filter(field: Optional[str], projects: tuple[str, ...]) -> Optional[Callable[[Mapping[str, Any]], bool]]:
    if not field or not projects:
        return None
    wanted = {key.upper() for key in projects}
    return lambda record: str(record.get(field, "")).upper() in wanted
