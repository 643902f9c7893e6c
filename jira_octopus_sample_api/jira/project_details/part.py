"""The fake APIs' project details part: project categories and types, and per project its roles with actors,
avatars, sender email address (Cloud) and permission scheme.

Every project has the three default roles (Administrators, Developers, Viewers) with users and groups as actors,
the six system avatars plus, for every other project, a custom one, and one of two permission schemes. Email: the
second project answers 403 (the user may not read it) and every fourth from the third on answers 404 (no sender
address), as Jira documents for ``GET project/{projectId}/email``; the others have the site's default address or,
for every fifth, one of their own that is not verified yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_octopus_sample_api.jira.project_details.records import (
    CATEGORIES,
    PROJECT_TYPES,
    ProjectDetails,
    build_project_details,
)
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute


class ProjectDetailsPart(DatasetPart):
    name = "project_details"

    def build(self, dataset: FakeDataset) -> None:
        dataset.parts[self.name] = build_project_details(dataset)

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        details: ProjectDetails = dataset.parts[self.name]
        if stream_name == "jira_project_categories":
            return {category_id for category_id, _, _ in CATEGORIES}
        if stream_name == "jira_project_types":
            return {key for key, _, _ in PROJECT_TYPES}
        if stream_name == "jira_project_roles":
            return {f"{pid}|{role['id']}" for pid, roles in details.roles.items() for role in roles}
        if stream_name == "jira_project_avatars":
            return {
                f"{pid}|{a['id']}"
                for pid, groups in details.avatars.items()
                for group in groups.values()
                for a in group
            }
        if stream_name == "jira_project_email":
            return {pid for pid, answer in details.email.items() if isinstance(answer, dict)}
        if stream_name == "jira_project_permission_schemes":
            return set(details.scheme)
        return None

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.project_details.routes import (
            project_detail_routes,  # why: they import the dataset, which imports us
        )

        return project_detail_routes()


PART = ProjectDetailsPart()
