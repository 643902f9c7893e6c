"""People: groups and their members (`jira_users` itself is in `site_lists.py`).

Atlassian Teams are not read: the Teams REST API (`/gateway/api/public/teams/v1/org/{orgId}/teams`) needs the
Atlassian organisation id, which no Jira API gives to this connector's credentials.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import PAGE_BEAN, JiraUnpagedEnvelopePaginator
from source_jira_octopus.slice_keys import PARTITION

# Data Center's group picker is the only list of groups it has; it answers at most `jira.ajax.autocomplete.limit`
# groups (a site setting), whatever maxResults asks for.
GROUP_PICKER_LIMIT = 10_000


class JiraGroups(JiraStream):
    """Cloud pages every group (`group/bulk`); Data Center lists them through the group picker with an empty query.
    Group names are unique on both, so the name is the key (Cloud's `groupId` is kept too)."""

    name = "jira_groups"
    primary_key = "name"
    cloud = Route("group/bulk", PAGE_BEAN)
    data_center = Route("groups/picker", JiraUnpagedEnvelopePaginator("groups", max_results=GROUP_PICKER_LIMIT))

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        records = list(super().page_records(response, stream_slice))
        if not self.context.site.is_cloud:
            self._warn_if_capped(json_body(response), len(records))
        return records

    def _warn_if_capped(self, body: Mapping[str, Any], returned: int) -> None:
        total = body.get("total")
        if isinstance(total, int) and total > returned:
            self.logger.warning(
                f"{self.name}: Jira's group picker returned {returned} of {total} groups; the rest are not read. "
                "Raise the Jira system property jira.ajax.autocomplete.limit to at least the number of groups."
            )


class JiraGroupMembers(JiraStream):
    """Users per group, inactive ones included. `userId` is the user's key in `jira_users` (Cloud `accountId`,
    Data Center `key`). Cloud asks by `groupId`, Data Center by `groupname`."""

    name = "jira_group_members"
    primary_key = ["groupName", "userId"]
    parent_kind = JiraGroups
    slice_keys = {"group_name": "name", "group_id": "groupId"}  # Data Center groups have no groupId
    stamps = {"groupName": "group_name", "groupId": "group_id"}
    cloud = Route("group/member", PAGE_BEAN, {"includeInactiveUsers": "true"})

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        return [
            {"group_name": str(group["name"]), "group_id": group.get("groupId"), PARTITION: str(group["name"])}
            for group in self.context.parents.records(JiraGroups)
        ]

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        if self.context.site.is_cloud and stream_slice.get("group_id"):
            return {"groupId": stream_slice["group_id"]}
        return {"groupname": stream_slice["group_name"]}

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        user_id = record.get("accountId") if self.context.site.is_cloud else record.get("key")
        return {**record, "userId": user_id}


STREAMS: tuple[type[JiraStream], ...] = (JiraGroups, JiraGroupMembers)
