"""The fake APIs' project details part: project categories and types, and per project its roles with actors,
avatars, sender email address (Cloud) and permission scheme.

Every project has the three default roles (Administrators, Developers, Viewers) with users and groups as actors,
the six system avatars plus, for every other project, a custom one, and one of two permission schemes. Email: the
second project answers 403 (the user may not read it) and every fourth from the third on answers 404 (no sender
address), as Jira documents for ``GET project/{projectId}/email``; the others have the site's default address or,
for every fifth, one of their own that is not verified yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.jira.core.catalog import JIRA_SITE
from jira_octopus_sample_api.jira.people.part import STANDARD_GROUPS
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute

API3 = f"{JIRA_SITE}/rest/api/3"
CATEGORIES = (
    ("10000", "Product", "Customer-facing products"),
    ("10001", "Platform", "Shared services"),
    ("10002", "Internal", "Tools we use ourselves"),
)
PROJECT_TYPES = (
    ("software", "Software", "#FF5630"),
    ("business", "Business", "#36B37E"),
    ("service_desk", "Service Desk", "#6554C0"),
    ("product_discovery", "Product Discovery", "#FFAB00"),
)
ROLES = (
    ("10002", "Administrators", "Project administrators"),
    ("10001", "Developers", "Do the work"),
    ("10003", "Viewers", "Read only"),
)
SYSTEM_AVATARS = tuple(str(10400 + n) for n in range(6))
SCHEMES = (("0", "Default Permission Scheme"), ("10100", "Restricted Permission Scheme"))
GRANTS = (
    ("BROWSE_PROJECTS", "projectRole", "10003"),
    ("CREATE_ISSUES", "projectRole", "10001"),
    ("ADMINISTER_PROJECTS", "group", STANDARD_GROUPS[0]),
)


@dataclass
class ProjectDetails:
    roles: dict[str, list[dict[str, Any]]]  # project id -> roles (Cloud shape, actors by accountId / group name)
    avatars: dict[str, dict[str, list[dict[str, Any]]]]  # project id -> {"system": [...], "custom": [...]}
    email: dict[str, int | dict[str, Any]]  # project id -> ProjectEmailAddress, or the error status it answers
    scheme: dict[str, str]  # project id -> permission scheme id


def _avatar(avatar_id: str, owner: str | None = None, selected: bool = False) -> dict[str, Any]:
    base = f"{JIRA_SITE}/rest/api/3/universal_avatar/view/type/project/avatar/{avatar_id}"
    avatar: dict[str, Any] = {
        "id": avatar_id,
        "isSystemAvatar": owner is None,
        "isSelected": selected,
        "isDeletable": owner is not None,
        "urls": {
            size: f"{base}?size={name}"
            for size, name in (("16x16", "xsmall"), ("24x24", "small"), ("32x32", "medium"), ("48x48", "large"))
        },
    }
    if owner is not None:
        avatar.update(owner=owner, fileName=f"logo-{owner}.png")
    return avatar


def _roles(project: dict[str, Any], people: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    roles = []
    for position, (role_id, name, description) in enumerate(ROLES):
        users = [people[(index * 3 + position + n) % len(people)] for n in range(2)]
        actors = [{"kind": "user", "accountId": u["accountId"], "displayName": u["displayName"]} for u in users]
        group = STANDARD_GROUPS[0] if position == 0 else f"team-{project['key'].lower()}"
        actors.append({"kind": "group", "name": group})
        roles.append({"id": role_id, "name": name, "description": description, "actors": actors})
    return roles


def build_project_details(dataset: FakeDataset) -> ProjectDetails:
    people = [u for u in dataset.jira_users if u["accountType"] == "atlassian"]
    roles: dict[str, list[dict[str, Any]]] = {}
    avatars: dict[str, dict[str, list[dict[str, Any]]]] = {}
    email: dict[str, int | dict[str, Any]] = {}
    scheme: dict[str, str] = {}
    for index, project in enumerate(dataset.jira_projects):
        pid = project["id"]
        roles[pid] = _roles(project, people, index)
        custom = [_avatar(str(10500 + index), pid, selected=True)] if index % 2 == 0 else []
        avatars[pid] = {
            "system": [_avatar(a, selected=not custom and n == index % 6) for n, a in enumerate(SYSTEM_AVATARS)],
            "custom": custom,
        }
        if index == 1:
            email[pid] = 403
        elif index % 4 == 2:
            email[pid] = 404
        elif index % 5 == 0:
            email[pid] = {
                "emailAddress": f"{project['key'].lower()}@acme-support.example.com",
                "emailAddressStatus": ["Email address or domain not verified"],
            }
        else:
            email[pid] = {"emailAddress": "jira@fake-jira.atlassian.net", "emailAddressStatus": []}
        scheme[pid] = SCHEMES[index % 2][0]
    return ProjectDetails(roles, avatars, email, scheme)


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
