"""Jira administration: filters and their sharing, dashboards, permissions and permission schemes, workflows, workflow
schemes and workflow statuses. System-wide settings and the audit log are in `administration_system.py`.

Several of these endpoints need the global permission 'Administer Jira' (ADMINISTER) and refuse a caller without it:
those kinds derive from `JiraAdminStream`, which asks `mypermissions` once per sync and skips the stream with a
warning naming the permission instead of failing the sync. Where Jira documents 403 for the endpoint, a 403 that
still arrives (e.g. audit logs on a free plan) is skipped and logged too; elsewhere it fails as usual.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, ClassVar

import requests

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.server_clock import server_clock
from source_jira_octopus.http.stream import NO_MAPPING, Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import (
    PAGE_BEAN,
    SINGLE,
    JiraObjectMapPaginator,
    JiraOffsetPaginator,
    JiraUnpagedEnvelopePaginator,
)
from source_jira_octopus.jira.webhooks import ADMINISTER

ADMIN_ONLY: Mapping[int, str] = MappingProxyType(
    {403: "the credentials lack the global permission 'Administer Jira' (ADMINISTER) this endpoint needs"}
)
RECORD_ID = "recordId"  # the API's numeric `id` as a string: primary keys are strings
FILTER_EXPAND = (
    "description,owner,jql,viewUrl,searchUrl,favourite,favouritedCount,sharePermissions,editPermissions,"
    "isWritable,approximateLastUsed,subscriptions"
)
DASHBOARD_EXPAND = "description,owner,viewUrl,favourite,favouritedCount,sharePermissions,editPermissions,isWritable"


@dataclass(frozen=True)
class AdminProbe:
    administer: bool  # the user holds the global permission ADMINISTER
    server_time: datetime | None  # the server's clock when the probe was sent (its Date header, conservatively)


_probes: weakref.WeakKeyDictionary[ServiceClient, AdminProbe] = weakref.WeakKeyDictionary()
_probe_lock = threading.Lock()


def admin_probe(client: ServiceClient, api_version: int, margin: timedelta) -> AdminProbe:
    """`GET mypermissions?permissions=ADMINISTER`, asked once per connection and shared by every admin kind:

    {"permissions": {"ADMINISTER": {"key": "ADMINISTER", "havePermission": true, ...}}}
    """
    with _probe_lock:
        if client not in _probes:
            response = client.send("GET", f"rest/api/{api_version}/mypermissions", {"permissions": ADMINISTER})
            permission = (json_body(response).get("permissions") or {}).get(ADMINISTER) or {}
            started = server_clock(response.headers.get("Date"), response.elapsed, margin)
            _probes[client] = AdminProbe(bool(permission.get("havePermission")), started)
        return _probes[client]


def with_record_id(record: Mapping[str, Any]) -> dict[str, Any]:
    return {**record, RECORD_ID: None if record.get("id") is None else str(record["id"])}


class JiraAdminStream(JiraStream):
    """A kind only Jira administrators may read: without ADMINISTER it is skipped with a warning, not failed."""

    ignored_statuses: ClassVar[Mapping[int, str]] = ADMIN_ONLY

    def admin_probe(self) -> AdminProbe:
        margin = timedelta(seconds=self.context.settings.timeout_seconds)
        return admin_probe(self.context.client, self.context.site.api_version, margin)

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        if not self.admin_probe().administer:
            self.logger.warning(
                f"{self.name}: skipped: the Jira user lacks the global permission 'Administer Jira' ({ADMINISTER}), "
                f"which {self.route.path} needs. Grant it (Settings > System > Global permissions) to read this stream."
            )
            return []
        return super().partitions()


class JiraFilters(JiraStream):
    name = "jira_filters"
    cloud = Route("filter/search", PAGE_BEAN, {"expand": FILTER_EXPAND, "orderBy": "id"})
    # Data Center has no list of every visible filter (JRASERVER-74986): it reads the user's favourite filters.
    data_center = Route("filter/favourite", SINGLE)

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        """`filter/favourite` pages subscriptions as {size, items, ...}; filter/search lists them: one column shape."""
        subscriptions = record.get("subscriptions")
        if isinstance(subscriptions, Mapping):
            return {**record, "subscriptions": subscriptions.get("items") or []}
        return record


class JiraFilterSharePermissions(JiraStream):
    """One row per share permission of a filter, from the filters' embedded `sharePermissions` (Cloud: one
    filter/search page per 100 filters instead of one `filter/{id}/permission` request per filter)."""

    name = "jira_filter_sharing"
    primary_key = ["filterId", RECORD_ID]
    cloud = Route("filter/search", PAGE_BEAN, {"expand": "sharePermissions", "orderBy": "id"})
    data_center = Route("filter/favourite", SINGLE)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        for found in self.route.paginator.records(json_body(response)):
            shares = found.get("sharePermissions") if isinstance(found, Mapping) else None
            for share in shares if isinstance(shares, list) else []:
                if isinstance(share, Mapping):
                    yield {**with_record_id(share), "filterId": str(found.get("id")), "filterName": found.get("name")}


class JiraDashboards(JiraStream):
    name = "jira_dashboards"
    cloud = Route("dashboard/search", PAGE_BEAN, {"expand": DASHBOARD_EXPAND, "orderBy": "id"})
    data_center = Route("dashboard", JiraOffsetPaginator("dashboards"))


class JiraPermissions(JiraStream):
    name = "jira_permissions"
    primary_key = "key"
    cloud = Route("permissions", JiraObjectMapPaginator("permissions"))


class JiraPermissionSchemes(JiraStream):
    name = "jira_permission_schemes"
    primary_key = RECORD_ID
    cloud = Route("permissionscheme", JiraUnpagedEnvelopePaginator("permissionSchemes"), {"expand": "all"})

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return with_record_id(record)


class JiraWorkflows(JiraAdminStream):
    """Cloud: `workflows/search` (company- and team-managed workflows; the classic `workflow/search` was removed on
    2026-06-01, CHANGE-2569). Data Center: the `workflow` list. Workflow names are unique in Jira."""

    name = "jira_workflows"
    primary_key = "name"
    cloud = Route("workflows/search", PAGE_BEAN, {"expand": "values.transitions", "orderBy": "name"})
    data_center = Route("workflow", SINGLE)


class JiraWorkflowSchemes(JiraAdminStream):
    name = "jira_workflow_schemes"
    primary_key = RECORD_ID
    cloud = Route("workflowscheme", PAGE_BEAN)
    data_center = None
    absent_reason = "Data Center lists no workflow schemes (it serves only workflowscheme/{id}, one known id at a time)"

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return with_record_id(record)


class JiraWorkflowStatuses(JiraAdminStream):
    """The 'Workflow statuses' API: global and project-scoped (team-managed) statuses with their scope."""

    name = "jira_workflow_statuses"
    ignored_statuses = NO_MAPPING  # Jira documents 401, not 403, for a caller without permission: never ignored
    cloud = Route("statuses/search", PAGE_BEAN)
    data_center = None
    absent_reason = "Data Center has no statuses/search; its statuses are all global and read by jira_statuses"


STREAMS: tuple[type[JiraStream], ...] = (
    JiraFilters,
    JiraFilterSharePermissions,
    JiraDashboards,
    JiraPermissions,
    JiraPermissionSchemes,
    JiraWorkflows,
    JiraWorkflowSchemes,
    JiraWorkflowStatuses,
)
