"""What every stream schema must satisfy: one case per stream, with sample records and a value it must reject."""

from __future__ import annotations

from unit_tests.schema_cases_administration import CASES as ADMINISTRATION_CASES
from unit_tests.schema_cases_agile import CASES as AGILE_CASES
from unit_tests.schema_cases_configuration import CASES as CONFIGURATION_CASES
from unit_tests.schema_cases_declared import derived_cases
from unit_tests.schema_cases_issue_census import CASES as ISSUE_CENSUS_CASES
from unit_tests.schema_cases_issue_details import CASES as ISSUE_DETAILS_CASES
from unit_tests.schema_cases_octopus_activity import CASES as OCTOPUS_ACTIVITY_CASES
from unit_tests.schema_cases_octopus_space_kinds import CASES as OCTOPUS_SPACE_KINDS_CASES
from unit_tests.schema_cases_octopus_system_kinds import CASES as OCTOPUS_SYSTEM_KINDS_CASES
from unit_tests.schema_cases_people import CASES as PEOPLE_CASES
from unit_tests.schema_cases_project_details import CASES as PROJECT_DETAILS_CASES
from unit_tests.schema_cases_webhooks import CASES as WEBHOOKS_CASES
from unit_tests.schema_samples_jira import (
    CLOUD,
    CLOUD_ISSUE,
    CLOUD_USER,
    DC,
    DC_ISSUE,
    DC_USER,
    ISSUE_TYPE,
    JIRA_TS,
    STATUS,
    avatars,
)
from unit_tests.schema_samples_octopus import OCTOPUS_CASES, OCTOPUS_SAMPLES
from unit_tests.stream_case import StreamCase

JIRA_ISSUE_DATES = (
    "created",
    "updated",
    "fields.created",
    "fields.updated",
    "fields.resolutiondate",
    "fields.lastViewed",
    "fields.statuscategorychangedate",
    "fields.comment.comments[].created",
    "fields.worklog.worklogs[].started",
    "fields.attachment[].created",
    "changelog.histories[].created",
)
HAND_WRITTEN = [
    StreamCase(
        "jira_projects",
        ("id",),
        "jira",
        "Project",
        ("archivedDate", "deletedDate", "retentionTillDate", "insight.lastIssueUpdateTime"),
        (
            {
                "id": "10000",
                "key": "ED",
                "name": "Edison",
                "description": "Order flow",
                "lead": CLOUD_USER,
                "issueTypes": [ISSUE_TYPE],
                "avatarUrls": avatars(CLOUD),
                "projectKeys": ["ED"],
                "projectTypeKey": "software",
                "simplified": False,
                "style": "classic",
                "isPrivate": False,
                "properties": {},
                "insight": {"totalIssueCount": 100, "lastIssueUpdateTime": JIRA_TS},
                "projectCategory": {
                    "self": f"{CLOUD}/projectCategory/10000",
                    "id": "10000",
                    "name": "FIRST",
                    "description": "First",
                },
            },
            {
                "expand": "description,lead,url,projectKeys",
                "self": f"{DC}/project/10100",
                "id": "10100",
                "key": "OPS",
                "name": "Operations",
                "description": "",
                "lead": DC_USER,
                "avatarUrls": avatars(DC),
                "projectKeys": ["OPS", "OP"],
                "projectTypeKey": "business",
                "archived": False,
                "url": "",
            },
        ),
        ("insight.totalIssueCount", "many"),
    ),
    StreamCase("jira_users", ("accountId", "key"), "jira", "User", (), (CLOUD_USER, DC_USER), ("active", "yes")),
    StreamCase(
        "jira_issue_fields",
        ("id",),
        "jira",
        "FieldDetails",
        (),
        (
            {
                "id": "summary",
                "key": "summary",
                "name": "Summary",
                "custom": False,
                "orderable": True,
                "navigable": True,
                "searchable": True,
                "clauseNames": ["summary"],
                "schema": {"type": "string", "system": "summary"},
            },
            {
                "id": "customfield_10016",
                "key": "customfield_10016",
                "name": "Story Points",
                "untranslatedName": "Story Points",
                "custom": True,
                "orderable": True,
                "navigable": True,
                "searchable": True,
                "clauseNames": ["cf[10016]", "Story Points"],
                "schema": {
                    "type": "number",
                    "custom": "com.atlassian.jira.plugin.system.customfieldtypes:float",
                    "customId": 10016,
                },
            },
        ),
        ("custom", "no"),
    ),
    StreamCase(
        "jira_statuses",
        ("id",),
        "jira",
        "StatusDetails",
        (),
        (STATUS, {**STATUS, "id": "10005", "scope": {"type": "PROJECT", "project": {"id": "10000"}}}),
        ("statusCategory.id", "four"),
    ),
    StreamCase(
        "jira_priorities",
        ("id",),
        "jira",
        "Priority",
        (),
        (
            {
                "self": f"{CLOUD}/priority/1",
                "statusColor": "#d04437",
                "description": "Serious problem",
                "iconUrl": "https://x/high.svg",
                "name": "High",
                "id": "1",
                "isDefault": False,
                "avatarId": None,
            },
            {
                "self": f"{DC}/priority/1",
                "statusColor": "#cc0000",
                "description": "Blocks development",
                "iconUrl": "https://x/b.svg",
                "name": "Blocker",
                "id": "1",
            },
        ),
        ("isDefault", "true"),
    ),
    StreamCase(
        "jira_issues",
        ("id",),
        "jira",
        "IssueBean",
        JIRA_ISSUE_DATES,
        (CLOUD_ISSUE, DC_ISSUE),
        ("fields.timespent", "400"),
    ),
    StreamCase(
        "jira_issue_comments",
        ("id",),
        "jira",
        "Comment",
        ("created", "updated"),
        (
            {
                "self": f"{CLOUD}/issue/10001/comment/10100",
                "id": "10100",
                "author": CLOUD_USER,
                "body": {"type": "doc", "version": 1, "content": []},
                "updateAuthor": CLOUD_USER,
                "created": "2024-01-15T10:20:30.123000+00:00",
                "updated": "2024-01-15T10:20:30.123000+00:00",
                "jsdPublic": True,
                "issueId": "10001",
                "issueKey": "ED-1",
            },
            {
                "self": f"{DC}/issue/10001/comment/10100",
                "id": "10100",
                "author": DC_USER,
                "body": "Looks good",
                "created": "2024-01-15T10:20:30.123000+00:00",
                "updated": "2024-01-15T10:20:30.123000+00:00",
                "issueId": "10001",
                "issueKey": "OPS-1",
            },
        ),
        ("jsdPublic", "yes"),
    ),
    StreamCase(
        "jira_issue_worklogs",
        ("id",),
        "jira",
        "Worklog",
        ("created", "updated", "started"),
        (
            {
                "self": f"{CLOUD}/issue/10001/worklog/10200",
                "id": "10200",
                "issueId": "10001",
                "issueKey": "ED-1",
                "author": CLOUD_USER,
                "timeSpent": "1h",
                "timeSpentSeconds": 3600,
                "started": "2024-01-15T10:20:30.123000+00:00",
                "created": "2024-01-15T10:20:30.123000+00:00",
                "updated": "2024-01-15T10:20:30.123000+00:00",
            },
        ),
        ("timeSpentSeconds", "an hour"),
    ),
    StreamCase(
        "jira_issue_changelogs",
        ("id",),
        "jira",
        "Changelog",
        ("created",),
        (
            {
                "id": "10300",
                "author": CLOUD_USER,
                "created": "2024-01-15T10:20:30.123000+00:00",
                "issueId": "10001",
                "issueKey": "ED-1",
                "items": [
                    {
                        "field": "status",
                        "fieldtype": "jira",
                        "fieldId": "status",
                        "from": "1",
                        "fromString": "To Do",
                        "to": "3",
                        "toString": "In Progress",
                    }
                ],
            },
        ),
        ("items", "status"),
    ),
    StreamCase(
        "jira_project_versions",
        ("id",),
        "jira",
        "Version",
        (),
        (
            {
                "self": f"{CLOUD}/version/10400",
                "id": "10400",
                "name": "1.0",
                "archived": False,
                "released": True,
                "releaseDate": "2024-01-15",
                "projectId": 10000,
                "projectKey": "ED",
            },
        ),
        ("released", "yes"),
    ),
    StreamCase(
        "jira_project_components",
        ("id",),
        "jira",
        "ProjectComponent",
        (),
        (
            {
                "self": f"{CLOUD}/component/10500",
                "id": "10500",
                "name": "Backend",
                "projectId": 10000,
                "project": "ED",
                "projectKey": "ED",
                "assigneeType": "PROJECT_LEAD",
                "isAssigneeTypeValid": True,
            },
        ),
        ("isAssigneeTypeValid", "valid"),
    ),
    *(
        StreamCase(name, ("Id",), "octopus", component, ("LastModifiedOn", *dates), (OCTOPUS_SAMPLES[name],), wrong)
        for name, component, dates, wrong in OCTOPUS_CASES
    ),
    *ISSUE_DETAILS_CASES,
    *PEOPLE_CASES,
    *AGILE_CASES,
    *PROJECT_DETAILS_CASES,
    *CONFIGURATION_CASES,
    *ADMINISTRATION_CASES,
    *WEBHOOKS_CASES,
    *ISSUE_CENSUS_CASES,
    *OCTOPUS_SPACE_KINDS_CASES,
    *OCTOPUS_SYSTEM_KINDS_CASES,
    *OCTOPUS_ACTIVITY_CASES,
]
STREAMS = [*HAND_WRITTEN, *derived_cases({case.name for case in HAND_WRITTEN})]
__all__ = ["SHARED_SOURCES", "STREAM_IDS", "STREAMS", "StreamCase"]
STREAM_IDS = [case.name for case in STREAMS]
# shared file -> (vendor, component) it was derived from
SHARED_SOURCES = {
    "jira_user.json": ("jira", "User"),
    "jira_avatar_urls.json": ("jira", "AvatarUrlsBean"),
    "jira_scope.json": ("jira", "Scope"),
    "jira_project_details.json": ("jira", "ProjectDetails"),
    "jira_status.json": ("jira", "StatusDetails"),
    "jira_issue_type.json": ("jira", "IssueTypeDetails"),
    "jira_priority.json": ("jira", "Priority"),
    "jira_version.json": ("jira", "Version"),
    "jira_component.json": ("jira", "ProjectComponent"),
}
