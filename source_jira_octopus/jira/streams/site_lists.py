"""Site-wide lists that other streams build on: users, issue fields, statuses and priorities (projects and their
children are in `projects.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.field_columns import column_names, is_deprecated, issue_top_level_columns
from source_jira_octopus.jira.paginators import ARRAY, PAGE_BEAN, SINGLE


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
    """Each field with `column_name`: its column in `jira_issues` (the same rules on the same list), and
    `deprecated`: Jira deprecated it in favour of `parent` (Epic Link, Parent Link and the epic fields)."""

    name = "jira_issue_fields"
    cloud = Route("field", SINGLE)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        fields = self.route.paginator.records(json_body(response))
        columns = column_names(fields, issue_top_level_columns())
        return [
            {**f, "column_name": columns.get(str(f.get("id"))), "deprecated": is_deprecated(f)}
            if isinstance(f, Mapping)
            else f
            for f in fields
        ]


class JiraStatuses(JiraStream):
    name = "jira_statuses"
    cloud = Route("status", SINGLE)


class JiraPriorities(JiraStream):
    name = "jira_priorities"
    cloud = Route("priority/search", PAGE_BEAN)
    data_center = Route("priority", SINGLE)
