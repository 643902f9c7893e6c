"""Schema cases of the administration streams: sample records (from the vendor's documented examples, Cloud and
Data Center where both serve the stream) and a value each schema must reject."""

from __future__ import annotations

from unit_tests.schema_samples_jira import CLOUD, CLOUD_USER, DC, DC_USER, JIRA_TS, PROJECT_REF
from unit_tests.stream_case import StreamCase

USER_BEAN = {key: CLOUD_USER[key] for key in ("self", "accountId", "avatarUrls", "displayName", "active")}
GROUP = {"name": "jira-software-users", "groupId": "276f955c-63d7-42c8-9520-92d01dca0625", "self": f"{CLOUD}/group"}
SHARES = [
    {"id": 10000, "type": "global"},
    {"id": 10010, "type": "project", "project": PROJECT_REF},
    {"id": 10020, "type": "group", "group": GROUP},
    {"id": 10030, "type": "user", "user": USER_BEAN},
]
CLOUD_FILTER = {
    "expand": "favourite,sharePermissions,editPermissions,isWritable,approximateLastUsed,subscriptions",
    "self": f"{CLOUD}/filter/10000",
    "id": "10000",
    "name": "All Open Bugs",
    "description": "Lists all open bugs",
    "owner": CLOUD_USER,
    "jql": "type = Bug and resolution is empty",
    "viewUrl": "https://your-domain.atlassian.net/issues/?filter=10000",
    "searchUrl": f"{CLOUD}/search/jql?jql=type%20%3D%20Bug%20and%20resolutino%20is%20empty",
    "favourite": True,
    "favouritedCount": 0,
    "sharePermissions": SHARES,
    "editPermissions": [],
    "approximateLastUsed": JIRA_TS,
    "subscriptions": [{"id": 1, "user": CLOUD_USER}],
}
DC_FILTER = {
    "self": f"{DC}/filter/10100",
    "id": "10100",
    "name": "My open issues",
    "description": "",
    "owner": DC_USER,
    "jql": "assignee = currentUser() AND resolution = Unresolved",
    "viewUrl": "https://jira.example.com/jira/issues/?filter=10100",
    "searchUrl": f"{DC}/search?jql=assignee+%3D+currentUser%28%29",
    "favourite": True,
    "favouritedCount": 2,
    "sharePermissions": [{"id": 10300, "type": "user", "user": DC_USER}],
    "editPermissions": [],
    "sharedUsers": {"size": 0, "items": [], "max-results": 1000, "start-index": 0, "end-index": 0},
    "subscriptions": [],
}
AUDIT = {
    "id": 1,
    "summary": "User created",
    "remoteAddress": "192.168.1.1",
    "authorKey": "administrator",
    "created": JIRA_TS,
    "category": "user management",
    "eventSource": "Jira Connect Plugin",
    "description": "Optional description",
    "objectItem": {
        "id": "user",
        "name": "user",
        "typeName": "USER",
        "parentId": "1",
        "parentName": "Jira Internal Directory",
    },
    "changedValues": [
        {"fieldName": "email", "changedFrom": "user@atlassian.com", "changedTo": "newuser@atlassian.com"}
    ],
    "associatedItems": [{"id": "jira-software-users", "name": "jira-software-users", "typeName": "GROUP"}],
}
AVATAR_URLS = {
    size: f"{CLOUD}/universal_avatar/view/type/project/avatar/10040?size={size}" for size in ("16x16", "48x48")
}

CASES: list[StreamCase] = [
    StreamCase(
        "jira_filters",
        ("id",),
        "jira",
        "FilterDetails",
        ("approximateLastUsed",),
        (CLOUD_FILTER, DC_FILTER),
        ("favouritedCount", "many"),
    ),
    StreamCase(
        "jira_filter_sharing",
        ("filterId", "recordId"),
        "jira",
        "SharePermission",
        (),
        tuple(
            {**share, "recordId": str(share["id"]), "filterId": "10000", "filterName": "All Open Bugs"}
            for share in SHARES
        )
        + (
            {
                "id": 10300,
                "type": "user",
                "user": DC_USER,
                "recordId": "10300",
                "filterId": "10100",
                "filterName": None,
            },
        ),
        ("id", "ten thousand"),
    ),
    StreamCase(
        "jira_dashboards",
        ("id",),
        "jira",
        "Dashboard",
        (),
        (
            {
                "id": "10000",
                "name": "System Dashboard",
                "self": f"{CLOUD}/dashboard/10000",
                "view": "https://your-domain.atlassian.net/secure/Dashboard.jspa?selectPageId=10000",
                "description": "",
                "owner": USER_BEAN,
                "isFavourite": False,
                "popularity": 1,
                "rank": 0,
                "sharePermissions": [{"id": 10000, "type": "global"}],
                "editPermissions": [],
                "isWritable": False,
                "systemDashboard": True,
                "automaticRefreshMs": 0,
            },
            {
                "id": "10100",
                "name": "Operations",
                "self": f"{DC}/dashboard/10100",
                "view": "https://jira.example.com/jira/secure/Dashboard.jspa?selectPageId=10100",
            },
        ),
        ("systemDashboard", "yes"),
    ),
    StreamCase(
        "jira_permissions",
        ("key",),
        "jira",
        "UserPermission",
        (),
        (
            {"key": "BULK_CHANGE", "name": "Bulk Change", "type": "GLOBAL", "description": "Ability to modify issues."},
            {"key": "BROWSE_PROJECTS", "name": "Browse Projects", "type": "PROJECT", "description": "Browse projects."},
        ),
        ("type", ["GLOBAL"]),
    ),
    StreamCase(
        "jira_permission_schemes",
        ("recordId",),
        "jira",
        "PermissionScheme",
        (),
        (
            {
                "expand": "permissions,user,group,projectRole,field,all",
                "id": 10000,
                "recordId": "10000",
                "self": f"{CLOUD}/permissionscheme/10000",
                "name": "Example permission scheme",
                "description": "description",
                "permissions": [
                    {
                        "id": 10000,
                        "self": f"{CLOUD}/permissionscheme/10000/permission/10000",
                        "holder": {"type": "group", "parameter": "jira-core-users", "value": GROUP["groupId"]},
                        "permission": "ADMINISTER_PROJECTS",
                    }
                ],
            },
            {"id": 0, "recordId": "0", "self": f"{DC}/permissionscheme/0", "name": "Default Permission Scheme"},
        ),
        ("id", "10000"),
    ),
    StreamCase(
        "jira_workflows",
        ("name",),
        "jira",
        "JiraWorkflow",
        ("created", "updated"),
        (
            {
                "id": "b9ff2384-d3b6-4d4e-9509-3ee19f607168",
                "name": "Software workflow 1",
                "description": "This is the workflow for the Software Development project type",
                "created": JIRA_TS,
                "updated": JIRA_TS,
                "isEditable": True,
                "scope": {"type": "GLOBAL"},
                "version": {"id": "f010ac1b-3dd3-43a3-aa66-0ee8a447f76e", "versionNumber": 0},
                "statuses": [
                    {"statusReference": "f0b24de5-25e7-4fab-ab94-63d81db6c0c0", "properties": {}, "deprecated": False}
                ],
                "transitions": [
                    {
                        "id": "1",
                        "name": "Start work",
                        "description": "",
                        "type": "DIRECTED",
                        "toStatusReference": "f0b24de5-25e7-4fab-ab94-63d81db6c0c0",
                        "links": [
                            {"fromStatusReference": "375c6d7e-4a5f-4d2b-9c3e-2b8e8e0c3a9a", "fromPort": 0, "toPort": 1}
                        ],
                        "actions": [],
                        "validators": [],
                        "triggers": [],
                        "properties": {},
                    }
                ],
            },
            {
                "name": "classic workflow",
                "description": "A classic Jira workflow",
                "lastModifiedDate": "01/Jun/25 12:00 PM",
                "lastModifiedUser": "Fred F. User",
                "steps": 5,
                "default": True,
            },
        ),
        ("steps", "five"),
    ),
    StreamCase(
        "jira_workflow_schemes",
        ("recordId",),
        "jira",
        "WorkflowScheme",
        (),
        (
            {
                "id": 101010,
                "recordId": "101010",
                "name": "Example workflow scheme",
                "description": "The description of the example workflow scheme.",
                "defaultWorkflow": "jira",
                "issueTypeMappings": {"10000": "scrum workflow", "10001": "builds workflow"},
                "draft": False,
                "self": f"{CLOUD}/workflowscheme/101010",
            },
        ),
        ("issueTypeMappings", ["jira"]),
    ),
    StreamCase(
        "jira_workflow_statuses",
        ("id",),
        "jira",
        "JiraStatus",
        (),
        (
            {
                "id": "1000",
                "name": "Finished",
                "description": "Issue is done",
                "statusCategory": "DONE",
                "scope": {"type": "PROJECT", "project": {"id": "1"}},
            },
            {
                "id": "3",
                "name": "In Progress",
                "description": "",
                "statusCategory": "IN_PROGRESS",
                "scope": {"type": "GLOBAL"},
            },
        ),  # fmt: skip
        ("scope.type", 1),
    ),
    StreamCase(
        "jira_time_tracking",
        ("key",),
        "jira",
        "TimeTrackingProvider",
        (),
        ({"key": "Jira", "name": "JIRA provided time tracking", "url": "/example/config/url"},),
        ("url", ["/example"]),
    ),
    StreamCase(
        "jira_application_roles",
        ("key",),
        "jira",
        "ApplicationRole",
        (),
        (
            {
                "key": "jira-software",
                "groups": ["jira-software-users", "jira-testers"],
                "groupDetails": [GROUP],
                "name": "Jira Software",
                "defaultGroups": ["jira-software-users"],
                "defaultGroupsDetails": [GROUP],
                "selectedByDefault": False,
                "defined": False,
                "numberOfSeats": 10,
                "remainingSeats": 5,
                "userCount": 5,
                "userCountDescription": "5 developers",
                "hasUnlimitedSeats": False,
                "platform": False,
            },
        ),
        ("numberOfSeats", "ten"),
    ),
    StreamCase(
        "jira_settings",
        ("id",),
        "jira",
        "ApplicationProperty",
        (),
        (
            {
                "id": "jira.home",
                "key": "jira.home",
                "value": "/var/jira/jira-home",
                "name": "jira.home",
                "desc": "Jira home directory",
                "type": "string",
                "defaultValue": "",
            },
            {
                "id": "jira.clone.prefix",
                "key": "jira.clone.prefix",
                "value": "CLONE -",
                "name": "The prefix added to the Summary field of cloned issues",
                "type": "string",
                "defaultValue": "CLONE -",
                "allowedValues": ["CLONE -", "COPY -"],
            },
        ),  # fmt: skip
        ("allowedValues", "CLONE -"),
    ),
    StreamCase(
        "jira_avatars",
        ("ownerType", "id"),
        "jira",
        "Avatar",
        (),
        (
            {
                "id": "1000",
                "ownerType": "project",
                "isSystemAvatar": True,
                "isSelected": False,
                "isDeletable": False,
                "fileName": "business.svg",
                "urls": AVATAR_URLS,
            },
            {
                "id": "10100",
                "ownerType": "user",
                "isSystemAvatar": True,
                "isSelected": False,
                "isDeletable": False,
                "urls": {"16x16": f"{DC}/universal_avatar/view/type/user/avatar/10100?size=xsmall"},
            },
        ),  # fmt: skip
        ("isSystemAvatar", "true"),
    ),
    StreamCase(
        "jira_server_info",
        ("version",),
        "jira",
        "ServerInformation",
        ("buildDate", "serverTime"),
        (
            {
                "baseUrl": "https://your-domain.atlassian.net",
                "version": "1001.0.0-SNAPSHOT",
                "versionNumbers": [5, 0, 0],
                "deploymentType": "Cloud",
                "buildNumber": 582,
                "buildDate": "2020-03-26T22:20:59.000+0000",
                "serverTime": "2020-03-31T16:43:50.000+0000",
                "scmInfo": "1f51473f5c7b75c1a69a0090f4832cdc5053702a",
                "serverTitle": "My Jira instance",
                "serverTimeZone": "Australia/Sydney",
            },
            {
                "baseUrl": "https://jira.example.com/jira",
                "version": "9.12.15",
                "versionNumbers": [9, 12, 15],
                "deploymentType": "Server",
                "buildNumber": 9120015,
                "buildDate": "2024-10-15T11:02:41.000+0000",
                "serverTime": JIRA_TS,
                "scmInfo": "4b1e0d5f0c3a9e2d7f6b8a1c2e3d4f5a6b7c8d9e",
                "serverTitle": "Jira",
            },
        ),
        ("buildNumber", "582"),
    ),
    StreamCase(
        "jira_audit_records",
        ("recordId",),
        "jira",
        "AuditRecordBean",
        ("created",),
        ({**AUDIT, "recordId": "1"}, {**AUDIT, "id": 2, "recordId": "2", "eventSource": "", "changedValues": []}),
        ("changedValues", "email"),
    ),
]
