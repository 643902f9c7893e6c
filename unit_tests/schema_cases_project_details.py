"""Schema cases of the project details streams: sample records and a value each schema must reject."""

from __future__ import annotations

from unit_tests.schema_samples_jira import CLOUD, DC
from unit_tests.stream_case import StreamCase

PROJECT = {"projectId": "10000", "projectKey": "ED"}
ROLE_ACTORS = [
    {
        "id": 10240,
        "displayName": "Mia Krystof",
        "type": "atlassian-user-role-actor",
        "actorUser": {"accountId": "5b10a2844c20165700ede21g"},
    },
    {
        "id": 10241,
        "displayName": "jira-developers",
        "type": "atlassian-group-role-actor",
        "name": "jira-developers",
        "actorGroup": {"name": "jira-developers", "displayName": "jira-developers", "groupId": "952d12c3-5b5b"},
    },
]
AVATAR_URLS = {
    size: f"{CLOUD}/universal_avatar/view/type/project/avatar/10402?size={size}" for size in ("16x16", "48x48")
}
CASES: list[StreamCase] = [
    StreamCase(
        "jira_project_categories",
        ("id",),
        "jira",
        "ProjectCategory",
        (),
        (
            {
                "self": f"{CLOUD}/projectCategory/10000",
                "id": "10000",
                "name": "FIRST",
                "description": "First Project Category",
            },
            {"self": f"{DC}/projectCategory/10001", "id": "10001", "name": "SECOND", "description": ""},
        ),
        ("name", 7),
    ),
    StreamCase(
        "jira_project_types",
        ("key",),
        "jira",
        "ProjectType",
        (),
        (
            {
                "key": "business",
                "formattedKey": "Business",
                "descriptionI18nKey": "jira.project.type.business.description",
                "icon": "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=",
                "color": "#FFFFFF",
            },
        ),
        ("color", ["#FFF"]),
    ),
    StreamCase(
        "jira_project_roles",
        ("projectId", "roleId"),
        "jira",
        "ProjectRole",
        (),
        (
            {
                "self": f"{CLOUD}/project/10000/role/10360",
                "name": "Developers",
                "id": 10360,
                "description": "A project role that represents developers in a project",
                "actors": ROLE_ACTORS,
                "scope": {"type": "PROJECT", "project": {"id": "10000", "key": "ED", "name": "Edison"}},
                "roleId": "10360",
                **PROJECT,
            },
            {
                "self": f"{DC}/project/10000/role/10002",
                "name": "Administrators",
                "id": 10002,
                "description": "Project administrators",
                "actors": [
                    {"id": 10300, "displayName": "Fred F. User", "type": "atlassian-user-role-actor", "name": "fred"}
                ],
                "roleId": "10002",
                **PROJECT,
            },
        ),
        ("id", "10360"),
    ),
    StreamCase(
        "jira_project_avatars",
        ("projectId", "id"),
        "jira",
        "Avatar",
        (),
        (
            {
                "id": "1000",
                "isSystemAvatar": True,
                "isSelected": False,
                "isDeletable": False,
                "urls": AVATAR_URLS,
                **PROJECT,
            },
            {
                "id": "1010",
                "owner": "10000",
                "fileName": "logo.png",
                "isSystemAvatar": False,
                "isSelected": True,
                "isDeletable": True,
                "urls": AVATAR_URLS,
                **PROJECT,
            },
        ),
        ("isSelected", "yes"),
    ),
    StreamCase(
        "jira_project_email",
        ("projectId",),
        "jira",
        "ProjectEmailAddress",
        (),
        (
            {"emailAddress": "jira@your-domain.atlassian.net", "emailAddressStatus": [], **PROJECT},
            {
                "emailAddress": "ed@example.com",
                "emailAddressStatus": ["Email address or domain not verified"],
                **PROJECT,
            },
        ),
        ("emailAddressStatus", "verified"),
    ),
    StreamCase(
        "jira_project_permission_schemes",
        ("projectId",),
        "jira",
        "PermissionScheme",
        (),
        (
            {
                "expand": "permissions,user,group,projectRole,field,all",
                "id": 10000,
                "self": f"{CLOUD}/permissionscheme/10000",
                "name": "Example permission scheme",
                "description": "description",
                "permissions": [
                    {
                        "id": 10000,
                        "self": f"{CLOUD}/permissionscheme/permission/10000",
                        "holder": {
                            "type": "group",
                            "parameter": "jira-core-users",
                            "value": "ca85fac0-d974",
                            "expand": "group",
                        },
                        "permission": "ADMINISTER_PROJECTS",
                    }
                ],
                **PROJECT,
            },
        ),
        ("id", "10000"),
    ),
]
