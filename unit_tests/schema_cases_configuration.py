"""Schema cases of the configuration streams: sample records (Cloud and Data Center, as the connector emits them:
numeric ids as strings, parent ids stamped) and a value each schema must reject."""

from __future__ import annotations

from unit_tests.schema_samples_jira import CLOUD, CLOUD_USER, DC, DC_USER, ISSUE_TYPE
from unit_tests.stream_case import StreamCase

DC_ISSUE_TYPE = {
    "self": f"{DC}/issuetype/1",
    "id": "1",
    "description": "A problem which impairs or prevents the functions of the product.",
    "iconUrl": "https://jira.example.com/jira/secure/viewavatar?size=xsmall&avatarId=10303&avatarType=issuetype",
    "name": "Bug",
    "subtask": False,
    "avatarId": 10303,
}
NOTIFICATION_SCHEME = {
    "expand": "notificationSchemeEvents,user,group,projectRole,field,all",
    "id": "10100",
    "self": f"{CLOUD}/notificationscheme/10100",
    "name": "Notification scheme for software projects",
    "description": "Notifies the assignee, reporter and watchers.",
    "notificationSchemeEvents": [
        {
            "event": {"id": 1, "name": "Issue created", "description": "Event published when an issue is created"},
            "notifications": [
                {
                    "id": 1,
                    "notificationType": "Group",
                    "parameter": "jira-administrators",
                    "recipient": "276f955c",
                    "group": {"name": "jira-administrators", "groupId": "276f955c", "self": f"{CLOUD}/group?groupId=1"},
                    "expand": "group",
                },
                {"id": 2, "notificationType": "CurrentAssignee"},
                {"id": 3, "notificationType": "User", "parameter": CLOUD_USER["accountId"], "user": CLOUD_USER},
            ],
        }
    ],
}

CASES: list[StreamCase] = [
    StreamCase(
        "jira_issue_types", ("id",), "jira", "IssueTypeDetails", (), (ISSUE_TYPE, DC_ISSUE_TYPE), ("subtask", "no")
    ),
    StreamCase(
        "jira_issue_type_schemes",
        ("id",),
        "jira",
        "IssueTypeScheme",
        (),
        (
            {
                "id": "10000",
                "name": "Default Issue Type Scheme",
                "description": "Default issue type scheme is the "
                "list of global issue types. All newly created issue types will automatically be added to this scheme.",
                "defaultIssueTypeId": "10003",
                "isDefault": True,
            },
            {
                "self": f"{DC}/issuetypescheme/10000",
                "id": "10000",
                "name": "Default Issue Type Scheme",
                "description": "All issue types",
                "expand": "issueTypes,defaultIssueType",
                "defaultIssueType": DC_ISSUE_TYPE,
                "issueTypes": [DC_ISSUE_TYPE],
                "defaultIssueTypeId": "1",
            },
        ),
        ("isDefault", "yes"),
    ),
    StreamCase(
        "jira_issue_type_screen_schemes",
        ("id",),
        "jira",
        "IssueTypeScreenScheme",
        (),
        (
            {
                "id": "1",
                "name": "Default Issue Type Screen Scheme",
                "description": "The default issue type screen scheme",
            },
        ),
        ("name", 7),
    ),
    StreamCase(
        "jira_issue_field_configurations",
        ("id",),
        "jira",
        "FieldConfiguration",
        (),
        (
            {
                "id": "10000",
                "name": "Default Field Configuration",
                "description": "The default field configuration",
                "isDefault": True,
            },
        ),
        ("isDefault", "true"),
    ),
    StreamCase(
        "jira_issue_custom_field_contexts",
        ("id",),
        "jira",
        "CustomFieldContext",
        (),
        (
            {
                "id": "10025",
                "name": "Bug fields context",
                "description": "A context used to define the custom field options for bugs.",
                "isGlobalContext": False,
                "isAnyIssueType": False,
                "fieldId": "customfield_10021",
            },
        ),
        ("isGlobalContext", "false"),
    ),
    StreamCase(
        "jira_issue_custom_field_options",
        ("id",),
        "jira",
        "CustomFieldContextOption",
        (),
        (
            {
                "id": "10001",
                "value": "New York",
                "disabled": False,
                "fieldId": "customfield_10021",
                "contextId": "10025",
            },
            {
                "id": "10002",
                "value": "Manhattan",
                "optionId": "10001",
                "disabled": True,
                "fieldId": "customfield_10021",
                "contextId": "10025",
            },
        ),
        ("disabled", "no"),
    ),
    StreamCase(
        "jira_issue_link_types",
        ("id",),
        "jira",
        "IssueLinkType",
        (),
        (
            {
                "id": "1000",
                "name": "Duplicate",
                "inward": "Duplicated by",
                "outward": "Duplicates",
                "self": f"{CLOUD}/issueLinkType/1000",
            },
            {
                "id": "10000",
                "name": "Blocks",
                "inward": "is blocked by",
                "outward": "blocks",
                "self": f"{DC}/issueLinkType/10000",
            },
        ),
        ("inward", ["is blocked by"]),
    ),
    StreamCase(
        "jira_issue_security_schemes",
        ("id",),
        "jira",
        "SecurityScheme",
        (),
        (
            {
                "self": f"{CLOUD}/issuesecurityschemes/10000",
                "id": "10000",
                "name": "Default Issue Security Scheme",
                "description": "Description for the default issue security scheme",
                "defaultSecurityLevelId": 10021,
            },
        ),
        ("defaultSecurityLevelId", "10021"),
    ),
    StreamCase(
        "jira_issue_notification_schemes",
        ("id",),
        "jira",
        "NotificationScheme",
        (),
        (
            NOTIFICATION_SCHEME,
            {
                **NOTIFICATION_SCHEME,
                "self": f"{DC}/notificationscheme/10100",
                "notificationSchemeEvents": [
                    {
                        "event": {"id": 2, "name": "Issue Updated"},
                        "notifications": [{"id": 5, "notificationType": "User", "parameter": "fred", "user": DC_USER}],
                    }
                ],
            },
        ),
        ("notificationSchemeEvents", {"event": "Issue created"}),
    ),
    StreamCase(
        "jira_issue_navigator_settings",
        ("value",),
        "jira",
        "ColumnItem",
        (),
        ({"label": "Issue Type", "value": "issuetype"}, {"label": "Key", "value": "issuekey"}),
        ("label", {"text": "Key"}),
    ),
    StreamCase(
        "jira_screens",
        ("id",),
        "jira",
        "Screen",
        (),
        (
            {"id": "1", "name": "Default Screen", "description": "Provides for the update all system fields."},
            {
                "id": "10005",
                "name": "SCRUM Default Issue Screen",
                "description": "",
                "scope": {"type": "PROJECT", "project": {"id": "10000"}},
            },
            {"id": "3", "name": "Workflow Screen", "description": "", "expand": "fieldScreenTabs"},
        ),
        ("name", 1),
    ),
    StreamCase(
        "jira_screen_tabs",
        ("id",),
        "jira",
        "ScreenableTab",
        (),
        ({"id": "10000", "name": "Field Tab", "screenId": "1"},),
        ("name", ["Field Tab"]),
    ),
    StreamCase(
        "jira_screen_tab_fields",
        ("screenId", "tabId", "id"),
        "jira",
        "ScreenableField",
        (),
        (
            {"id": "summary", "name": "Summary", "screenId": "1", "tabId": "10000"},
            {
                "id": "customfield_10016",
                "name": "Story point estimate",
                "showWhenEmpty": False,
                "type": "com.pyxis.greenhopper.jira:jsw-story-points",
                "screenId": "1",
                "tabId": "10000",
            },
        ),
        ("showWhenEmpty", "false"),
    ),
    StreamCase(
        "jira_screen_schemes",
        ("id",),
        "jira",
        "ScreenScheme",
        (),
        (
            {
                "id": "10010",
                "name": "Employee screen scheme",
                "description": "Manage employee data",
                "screens": {"default": 10017, "edit": 10019, "create": 10019, "view": 10020},
            },
        ),
        ("screens", [10017]),
    ),
    StreamCase(
        "jira_status_categories",
        ("id",),
        "jira",
        "StatusCategory",
        (),
        (
            {
                "self": f"{CLOUD}/statuscategory/1",
                "id": "1",
                "key": "undefined",
                "colorName": "medium-gray",
                "name": "No Category",
            },
        ),
        ("colorName", 3),
    ),
    StreamCase(
        "jira_resolutions",
        ("id",),
        "jira",
        "ResolutionJsonBean",
        (),
        (
            {
                "self": f"{CLOUD}/resolution/10000",
                "id": "10000",
                "name": "Done",
                "default": True,
                "description": "Work has been completed on this issue.",
                "iconUrl": "https://your-domain.atlassian.net/images/icons/statuses/resolved.png",
            },
            {
                "self": f"{DC}/resolution/1",
                "id": "1",
                "name": "Fixed",
                "description": "A fix for this issue is checked in",
            },
        ),
        ("default", "true"),
    ),
    # Jira pages labels as bare strings (PageBeanString.values); the record {"label": ...} is the connector's own, so
    # its vendor component is one without properties: the samples and the wrong type are what this case checks.
    StreamCase(
        "jira_labels", ("label",), "jira", "StringList", (), ({"label": "tech-debt"}, {"label": "Q3"}), ("label", 12)
    ),
]
