"""Deterministic Octopus server-wide records (2020.5 Swagger shapes): users, teams and user roles.

Users: ``max(45, round(n/5))`` (``Users-1`` the administrator, ``Users-7`` the deployer the core deployments
name, ``Users-42`` the service account behind the fake's API key); every user's ``Password`` (write-only on a real
server) is filled with a secret, to prove the connector drops it. Teams: the three system teams, then a space
managers team (the id each space's ``SpaceManagersTeams`` names) and a developers team per space. User roles: the
built-in roles.
"""

from __future__ import annotations

import random
from typing import Any

from jira_octopus_sample_api.octopus.kinds.secrets import SecretBook
from jira_octopus_sample_api.octopus.kinds.space_records import Record, modified

FIRST_NAMES = ("Ana", "Ben", "Chloe", "Dev", "Emil", "Fatima", "Goran", "Hana", "Ivan", "Jo")
USER_ROLES: tuple[tuple[str, str, list[str], list[str]], ...] = (  # id, name, space and system permissions
    ("userroles-systemadministrator", "System administrator", [], ["AdministerSystem", "ConfigureServer"]),
    ("userroles-systemmanager", "System manager", [], ["SpaceCreate", "TeamCreate", "UserInvite"]),
    ("userroles-spacemanager", "Space manager", ["ProjectView", "ProjectEdit", "TeamEdit"], []),
    ("userroles-projectdeployer", "Project deployer", ["DeploymentCreate", "DeploymentView", "ProjectView"], []),
    ("userroles-projectviewer", "Project viewer", ["ProjectView", "ReleaseView", "DeploymentView"], []),
    ("userroles-environmentmanager", "Environment manager", ["EnvironmentView", "EnvironmentEdit", "MachineView"], []),
    ("userroles-certificatemanager", "Certificate manager", ["CertificateView", "CertificateEdit"], []),
    ("userroles-tenantmanager", "Tenant manager", ["TenantView", "TenantEdit"], []),
    ("userroles-runbookconsumer", "Runbook consumer", ["RunbookView", "RunbookRunCreate"], []),
    ("userroles-auditor", "Auditor", ["EventView", "TaskView"], ["UserView", "TeamView"]),
)


def build_users(rng: random.Random, size: int, anchor_ms: int, secrets: SecretBook) -> list[Record]:
    users = []
    for number in range(1, max(45, round(size / 5)) + 1):
        user_id = f"Users-{number}"
        username, display, service = _identity(number)
        users.append(
            {
                "Id": user_id,
                "Username": username,
                "DisplayName": display,
                "IsActive": number % 17 != 0,
                "IsService": service,
                "EmailAddress": "" if service else f"{username}@example.com",
                "CanPasswordBeEdited": not service,
                "IsRequestor": False,
                "Password": secrets.secret(user_id),
                "Identities": [] if service else [_identity_resource(username, display)],
                **modified(rng, anchor_ms),
                "Links": {
                    "Self": f"/api/users/{user_id}",
                    "Permissions": f"/api/users/{user_id}/permissions",
                    "Spaces": f"/api/users/{user_id}/spaces",
                    "Teams": f"/api/users/{user_id}/teams{{?spaces,includeSystem}}",
                    "ApiKeys": f"/api/users/{user_id}/apikeys{{/id}}{{?skip,take}}",
                },
            }
        )
    return users


def _identity(number: int) -> tuple[str, str, bool]:
    if number == 1:
        return "admin", "Administrator", False
    if number == 7:
        return "octo-deployer", "Octo Deployer", True
    if number == 42:
        return "airbyte-service", "Airbyte Service Account", True
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    return f"{first.lower()}{number}", f"{first} User{number}", False


def _identity_resource(username: str, display: str) -> dict[str, Any]:
    return {
        "IdentityProviderName": "Octopus ID",
        "Claims": {
            "email": {"Value": f"{username}@example.com", "IsIdentifyingClaim": True},
            "dn": {"Value": display, "IsIdentifyingClaim": False},
        },
    }


def build_teams(rng: random.Random, anchor_ms: int, spaces: list[Record], users: list[Record]) -> list[Record]:
    people = [u["Id"] for u in users if not u["IsService"]]
    teams = [
        _team("teams-administrators", "Octopus Administrators", None, ["Users-1"], rng, anchor_ms),
        _team("teams-everyone", "Everyone", None, [], rng, anchor_ms),
        _team("teams-managers", "Octopus Managers", None, people[:3], rng, anchor_ms),
    ]
    for index, space in enumerate(spaces):
        space_id = space["Id"]
        teams.append(
            _team(
                f"teams-spacemanagers-{space_id}", "Space Managers", space_id, people[index : index + 1], rng, anchor_ms
            )
        )
        members = people[index::3][:12] + ["Users-7", "Users-42"]
        teams.append(_team(f"Teams-{index + 1}", f"{space['Name']} developers", space_id, members, rng, anchor_ms))
    return teams


def _team(
    team_id: str, name: str, space_id: str | None, members: list[str], rng: random.Random, anchor_ms: int
) -> Record:
    builtin = team_id.startswith("teams-")
    team: Record = {
        "Id": team_id,
        "Name": name,
        "MemberUserIds": members,
        "ExternalSecurityGroups": [],
        "CanBeDeleted": not builtin,
        "CanBeRenamed": not builtin,
        "CanChangeRoles": team_id != "teams-administrators",
        "CanChangeMembers": team_id != "teams-everyone",
        "Description": f"{name} ({'system' if space_id is None else space_id}).",
        **modified(rng, anchor_ms),
        "Links": {
            "Self": f"/api/teams/{team_id}",
            "ScopedUserRoles": f"/api/teams/{team_id}/scopeduserroles{{?skip,take}}",
        },
    }
    if space_id is not None:  # a system team has no space; the Swagger types SpaceId as a string, so no null
        team["SpaceId"] = space_id
    return team


def build_user_roles(rng: random.Random, anchor_ms: int) -> list[Record]:
    return [
        {
            "Id": role_id,
            "Name": name,
            "Description": f"Built-in role: {name.lower()}.",
            "SupportedRestrictions": ["restriction/projects", "restriction/environments"] if space else [],
            "SpacePermissionDescriptions": [f"{p}: {p} permission" for p in space],
            "SystemPermissionDescriptions": [f"{p}: {p} permission" for p in system],
            "GrantedSpacePermissions": space,
            "GrantedSystemPermissions": system,
            "CanBeDeleted": False,
            **modified(rng, anchor_ms),
            "Links": {"Self": f"/api/userroles/{role_id}"},
        }
        for role_id, name, space, system in USER_ROLES
    ]
