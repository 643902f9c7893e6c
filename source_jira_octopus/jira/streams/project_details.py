"""Project details: categories and types (site-wide), and per project its roles with their actors, avatars, email
address and permission scheme (one partition per project, records stamped with projectId/projectKey)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import OBJECT, SINGLE
from source_jira_octopus.jira.streams.projects import PROJECT_SLICE, PROJECT_STAMPS, JiraProjects


class JiraProjectChildStream(JiraStream):
    """One partition per project (an ignored error answer, a documented status, yields no record: the skeleton)."""

    parent_kind = JiraProjects
    slice_keys = PROJECT_SLICE
    stamps = PROJECT_STAMPS


class JiraProjectCategories(JiraStream):
    name = "jira_project_categories"
    cloud = Route("projectCategory", SINGLE)


class JiraProjectTypes(JiraStream):
    name = "jira_project_types"
    primary_key = "key"
    cloud = Route("project/type", SINGLE)


class JiraProjectRoles(JiraProjectChildStream):
    """`project/{id}/role` maps role names to their URLs; each role is then read with its actors
    (`project/{id}/role/{roleId}`). `roleId` is the role's id as a string (Jira sends a number)."""

    name = "jira_project_roles"
    primary_key = ["projectId", "roleId"]
    cloud = Route("project/{project_id}/role", OBJECT)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        links = json_body(response)
        if not isinstance(links, Mapping):
            self.report_shape("role map", "not a JSON object, skipped", links)
            return
        for name, url in sorted(links.items()):
            role_id = str(url).rstrip("/").rsplit("/", 1)[-1]
            if not role_id.isdigit():
                self.report_shape("role URL", "not ending in a role id, skipped", f"{name}: {url}")
                continue
            path = f"rest/api/{self.context.site.api_version}/project/{stream_slice['project_id']}/role/{role_id}"
            yield self.context.client.get(path)

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, "roleId": str(record["id"])}


class JiraProjectAvatars(JiraProjectChildStream):
    """`project/{id}/avatars` answers `{"system": [...], "custom": [...]}`: both lists, one row per avatar per
    project (system avatars are offered to every project, hence the composite key)."""

    name = "jira_project_avatars"
    primary_key = ["projectId", "id"]
    cloud = Route("project/{project_id}/avatars", OBJECT)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        for body in super().page_records(response, stream_slice):
            for group in ("system", "custom"):
                avatars = body.get(group) or []
                yield from avatars if isinstance(avatars, list) else []


class JiraProjectEmail(JiraProjectChildStream):
    """The sender address of each project's notifications (Cloud only)."""

    name = "jira_project_email"
    primary_key = "projectId"
    cloud = Route("project/{project_id}/email", OBJECT)
    data_center = None
    absent_reason = "Data Center has no project email endpoint (it sets one sender address for the whole site)"
    ignored_statuses = {
        403: "Jira documents 403 for a project whose details the user may not read; its email is skipped",
        404: "Jira documents 404 for a project without its own sender email address; skipped",
    }


class JiraProjectPermissionSchemes(JiraProjectChildStream):
    """The permission scheme assigned to each project, with its grants (`expand=permissions`: holders as ids;
    `all` would embed each holder's user, group or role, which `jira_users`, `jira_groups` and `jira_project_roles`
    already hold)."""

    name = "jira_project_permission_schemes"
    primary_key = "projectId"
    cloud = Route("project/{project_id}/permissionscheme", OBJECT, {"expand": "permissions"})


STREAMS: tuple[type[JiraStream], ...] = (
    JiraProjectCategories,
    JiraProjectTypes,
    JiraProjectRoles,
    JiraProjectAvatars,
    JiraProjectEmail,
    JiraProjectPermissionSchemes,
)
