"""The Jira core part: users, projects, fields, statuses, priorities, issues and their comments, worklogs and
changelogs, project versions and components (records in ``records.py``, endpoints in ``routes.py``,
``search.py``, ``child_routes.py``, ``bulk_child_routes.py`` and ``project_routes.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_octopus_sample_api.jira.core.records import build_jira_core
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute

_LISTS = {  # stream -> dataset attribute holding its records (key "id")
    "jira_projects": "jira_projects",
    "jira_issue_fields": "jira_fields",
    "jira_statuses": "jira_statuses",
    "jira_priorities": "jira_priorities",
    "jira_issues": "jira_issues",
}
_ISSUE_CHILDREN = {
    "jira_issue_comments": "comment",
    "jira_issue_worklogs": "worklog",
    "jira_issue_changelogs": "changelog",
}
_PROJECT_CHILDREN = {"jira_project_versions": "jira_versions", "jira_project_components": "jira_components"}


class JiraCorePart(DatasetPart):
    name = "jira_core"

    def build(self, dataset: FakeDataset) -> None:
        build_jira_core(dataset)

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        if stream_name == "jira_users":
            if deployment == "cloud":
                return {user["accountId"] for user in dataset.jira_users}
            return {user["key"] for user in dataset.jira_dc_users.values()}
        if stream_name in _ISSUE_CHILDREN:
            kind = _ISSUE_CHILDREN[stream_name]
            return {entry["id"] for issue_id in dataset.issue_children for entry in dataset.children(issue_id, kind)}
        if stream_name in _PROJECT_CHILDREN:
            by_project = getattr(dataset, _PROJECT_CHILDREN[stream_name])
            return {record["id"] for records in by_project.values() for record in records}
        if stream_name in _LISTS:
            return {record["id"] for record in getattr(dataset, _LISTS[stream_name])}
        return None

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.core.routes import core_routes  # why: the routes import the dataset

        return core_routes()


PART = JiraCorePart()
