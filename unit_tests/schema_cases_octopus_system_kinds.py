"""Schema cases of the octopus system kinds streams: sample records and a value each schema must reject."""

from __future__ import annotations

from unit_tests.schema_samples_octopus import OCTO_TS
from unit_tests.stream_case import StreamCase

MODIFIED = {"LastModifiedBy": "admin", "LastModifiedOn": OCTO_TS}

CASES: list[StreamCase] = [
    StreamCase(
        "octopus_users",
        ("Id",),
        "octopus",
        "UserResource",
        ("LastModifiedOn",),
        (
            {
                "Id": "Users-1",
                "Username": "admin",
                "DisplayName": "Administrator",
                "IsActive": True,
                "IsService": False,
                "EmailAddress": "admin@example.com",
                "CanPasswordBeEdited": True,
                "IsRequestor": False,
                "Password": None,
                "Identities": [
                    {
                        "IdentityProviderName": "Octopus ID",
                        "Claims": {"email": {"Value": "admin@example.com", "IsIdentifyingClaim": True}},
                    }
                ],
                **MODIFIED,
                "Links": {"Self": "/api/users/Users-1", "Permissions": "/api/users/Users-1/permissions"},
            },
        ),
        ("IsActive", "true"),
    ),
    StreamCase(
        "octopus_teams",
        ("Id",),
        "octopus",
        "TeamResource",
        ("LastModifiedOn",),
        (
            {
                "Id": "Teams-1",
                "Name": "Default developers",
                "SpaceId": "Spaces-1",
                "MemberUserIds": ["Users-2", "Users-7"],
                "ExternalSecurityGroups": [{"Id": "S-1-5-21", "DisplayName": "Developers", "DisplayIdAndName": False}],
                "CanBeDeleted": True,
                "CanBeRenamed": True,
                "CanChangeRoles": True,
                "CanChangeMembers": True,
                "Description": "",
                **MODIFIED,
                "Links": {"Self": "/api/teams/Teams-1"},
            },
            {"Id": "teams-everyone", "Name": "Everyone", "SpaceId": None, "MemberUserIds": [], "Links": {}},
        ),
        ("MemberUserIds", "Users-2"),
    ),
    StreamCase(
        "octopus_user_roles",
        ("Id",),
        "octopus",
        "UserRoleResource",
        ("LastModifiedOn",),
        (
            {
                "Id": "userroles-projectviewer",
                "Name": "Project viewer",
                "Description": "Read-only access to projects.",
                "SupportedRestrictions": ["restriction/projects"],
                "SpacePermissionDescriptions": ["ProjectView: View projects"],
                "SystemPermissionDescriptions": [],
                "GrantedSpacePermissions": ["ProjectView", "ReleaseView"],
                "GrantedSystemPermissions": [],
                "CanBeDeleted": False,
                **MODIFIED,
                "Links": {"Self": "/api/userroles/userroles-projectviewer"},
            },
        ),
        ("GrantedSpacePermissions", "ProjectView"),
    ),
    StreamCase(
        "octopus_deployment_freezes",
        ("Id",),
        "octopus",
        "",  # Octopus 2025.1 and later: not in the vendored 2020.5 document
        ("Start", "End", "RecurringSchedule.EndOnDate"),
        (
            {
                "Id": "DeploymentFreezes-1",
                "Name": "Year-end freeze",
                "Start": OCTO_TS,
                "End": OCTO_TS,
                "ProjectEnvironmentScope": {"Projects-1": ["Environments-3"]},
                "TenantProjectEnvironmentScope": [
                    {"TenantId": "Tenants-1", "ProjectId": "Projects-1", "EnvironmentId": "Environments-3"}
                ],
                "RecurringSchedule": {
                    "Type": "Weekly",
                    "Unit": 1,
                    "DaysOfWeek": ["Saturday", "Sunday"],
                    "EndType": "OnDate",
                    "EndOnDate": OCTO_TS,
                    "EndAfterOccurrences": None,
                },
                "Links": {"Self": "/api/deploymentfreezes/DeploymentFreezes-1"},
            },
        ),
        ("ProjectEnvironmentScope", ["Projects-1"]),
    ),
]
