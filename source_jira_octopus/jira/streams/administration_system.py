"""Jira administration, system-wide: time tracking providers, application roles, application properties, system
avatars, server information and the audit log (incremental on `created`, administrators only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from source_jira_octopus.http.stream import NO_MAPPING, Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import (
    LIMIT,
    OFFSET,
    SINGLE,
    JiraObjectPaginator,
    JiraOffsetPaginator,
    JiraUnpagedEnvelopePaginator,
)
from source_jira_octopus.jira.streams.administration import RECORD_ID, JiraAdminStream, with_record_id
from source_jira_octopus.slice_keys import PARTITION
from source_jira_octopus.state.saved import SITE_WIDE

AUDIT_FROM, AUDIT_TO = "from", "to"  # slice keys = the query parameters of `auditing/record`
AVATAR_OWNER = "owner_type"


class JiraTimeTrackingProviders(JiraAdminStream):
    name = "jira_time_tracking"
    primary_key = "key"
    cloud = Route("configuration/timetracking/list", SINGLE)


class JiraApplicationRoles(JiraAdminStream):
    name = "jira_application_roles"
    primary_key = "key"
    cloud = Route("applicationrole", SINGLE)


class JiraSettings(JiraAdminStream):
    """The editable application properties (Jira's general settings)."""

    name = "jira_settings"
    ignored_statuses = NO_MAPPING  # Jira documents 404 only for a single `key`, which we never ask for
    cloud = Route("application-properties", SINGLE)


class JiraAvatars(JiraStream):
    """System avatars, one partition per owner type: `avatar/{type}/system` -> {"system": [...]}."""

    name = "jira_avatars"
    primary_key = ["ownerType", "id"]
    stamps = {"ownerType": AVATAR_OWNER}
    cloud = Route("avatar", JiraUnpagedEnvelopePaginator("system"))  # + "/{owner type}/system", see `path`
    cloud_owner_types = ("issuetype", "project", "user", "priority")
    data_center_owner_types = ("issuetype", "project", "user")  # priority avatars are Cloud's only

    def path(self, *, stream_slice: Mapping[str, Any] | None = None, **kwargs: Any) -> str:
        return f"{self.route.path}/{(stream_slice or {})[AVATAR_OWNER]}/system"

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        types = self.cloud_owner_types if self.context.site.is_cloud else self.data_center_owner_types
        return [{AVATAR_OWNER: owner, PARTITION: owner} for owner in types]


class JiraServerInfos(JiraStream):
    """`serverInfo`: one row per server version seen (an upgrade adds a row to an append-dedup table)."""

    name = "jira_server_info"
    primary_key = "version"
    cloud = Route("serverInfo", JiraObjectPaginator())


class JiraAuditRecords(JiraAdminStream):
    """Cloud's audit log, newest first, between a lower bound (`start_date`, or the saved cursor minus the lookback)
    and a fixed upper bound `to` = the sync's start: records added while we page fall after `to`, so no offset
    page shifts, and the next sync starts where this one's `to` was."""

    name = "jira_audit_records"
    primary_key = RECORD_ID
    cursor_field = "created"
    cloud = Route("auditing/record", JiraOffsetPaginator("records", OFFSET, LIMIT))
    data_center = None
    absent_reason = (
        "Data Center replaced /rest/api/2/auditing/record with the advanced audit log /rest/auditing/1.0/events "
        "(Jira 8.8+, another record shape), which this connector does not read yet"
    )

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        if not list(super().partitions()):
            return []  # skipped with a warning: not an administrator
        return [
            {
                PARTITION: SITE_WIDE,
                AUDIT_FROM: _audit_time(self.lower_bound(SITE_WIDE)),
                AUDIT_TO: _audit_time(self._upper_bound()),
            }
        ]

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        return {AUDIT_FROM: stream_slice[AUDIT_FROM], AUDIT_TO: stream_slice[AUDIT_TO]}

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return with_record_id(record)

    def _upper_bound(self) -> datetime:
        """The server's time at the admin probe; the partition's next cursor is never later (no gap between syncs)."""
        probed = self.admin_probe().server_time or datetime.now(UTC)
        self.checkpoint.note_server_time(probed)
        return self.checkpoint.sync_started_at


def _audit_time(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, e.g. 2025-06-01T12:00:00.000Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


STREAMS: tuple[type[JiraStream], ...] = (
    JiraTimeTrackingProviders,
    JiraApplicationRoles,
    JiraSettings,
    JiraAvatars,
    JiraServerInfos,
    JiraAuditRecords,
)
