"""The project details part's records: roles, avatars, email addresses and permission schemes per project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.jira.core.catalog import JIRA_SITE
from jira_octopus_sample_api.jira.people.records import STANDARD_GROUPS

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset

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
