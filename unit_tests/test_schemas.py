"""Stream schemas: present, loadable the CDK's way, Airbyte-safe, and faithful to the vendors' specs."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import AirbyteCatalog, AirbyteStream, SyncMode
from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader
from airbyte_cdk.test.standard_tests._catalog_checks import find_catalog_problems, format_catalog_problems
from jsonschema import Draft7Validator

from unit_tests.schema_derivation import JSON_SCHEMA_DRAFT_07, load_vendor_spec, vendor_properties

PACKAGE = "source_jira_octopus"
SCHEMAS_DIR = Path(__file__).resolve().parents[1] / PACKAGE / "schemas"
SHARED_DIR = SCHEMAS_DIR / "shared"
# The standard tests reject allOf and not (and additionalProperties: false); anyOf/oneOf: type lists do.
FORBIDDEN_KEYWORDS = ("allOf", "not", "anyOf", "oneOf")
SUBSCHEMA_MAP_KEYS = ("properties", "patternProperties", "definitions")


@dataclass(frozen=True)
class StreamCase:
    """What one stream's schema must satisfy; ``wrong_type`` = (dotted path, value the schema must reject)."""

    name: str
    primary_key: tuple[str, ...]
    vendor: str
    component: str
    date_time_paths: tuple[str, ...]
    samples: tuple[dict[str, Any], ...]
    wrong_type: tuple[str, Any]


# ---- sample records, shaped like the vendors' documented responses --------------------------------
CLOUD = "https://your-domain.atlassian.net/rest/api/3"
DC = "https://jira.example.com/jira/rest/api/2"
JIRA_TS = "2024-01-15T10:20:30.123+0000"
OCTO_TS = "2024-01-15T10:20:30.123+00:00"


def avatars(base: str) -> dict[str, str]:
    return {size: f"{base}/secure/useravatar?size={size}" for size in ("16x16", "24x24", "32x32", "48x48")}


CLOUD_USER = {
    "self": f"{CLOUD}/user?accountId=5b10a2844c20165700ede21g",
    "accountId": "5b10a2844c20165700ede21g",
    "accountType": "atlassian",
    "emailAddress": "mia@example.com",
    "avatarUrls": avatars(CLOUD),
    "displayName": "Mia Krystof",
    "active": True,
    "timeZone": "Australia/Sydney",
    "locale": "en_US",
}
DC_USER = {
    "self": f"{DC}/user?username=fred",
    "key": "JIRAUSER10100",
    "name": "fred",
    "emailAddress": "fred@example.com",
    "avatarUrls": avatars(DC),
    "displayName": "Fred F. User",
    "active": True,
    "deleted": False,
    "timeZone": "Australia/Sydney",
    "locale": "en_AU",
}
STATUS = {
    "self": f"{CLOUD}/status/3",
    "description": "",
    "iconUrl": "https://your-domain.atlassian.net/images/icons/progress.gif",
    "name": "In Progress",
    "id": "3",
    "statusCategory": {
        "self": f"{CLOUD}/statuscategory/4",
        "id": 4,
        "key": "indeterminate",
        "colorName": "yellow",
        "name": "In Progress",
    },
}
ISSUE_TYPE = {
    "self": f"{CLOUD}/issuetype/10001",
    "id": "10001",
    "description": "A small piece of work.",
    "name": "Task",
    "subtask": False,
    "avatarId": 10318,
    "hierarchyLevel": 0,
    "iconUrl": "https://your-domain.atlassian.net/task.svg",
}
PROJECT_REF = {
    "self": f"{CLOUD}/project/10000",
    "id": "10000",
    "key": "ED",
    "name": "Edison",
    "projectTypeKey": "software",
    "simplified": False,
    "avatarUrls": avatars(CLOUD),
}
ADF = {
    "type": "doc",
    "version": 1,
    "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Main order flow broken"}]}],
}
CLOUD_ISSUE = {
    "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
    "id": "10002",
    "key": "ED-1",
    "self": f"{CLOUD}/issue/10002",
    "fields": {
        "summary": "Main order flow broken",
        "description": ADF,
        "environment": None,
        "issuetype": ISSUE_TYPE,
        "project": PROJECT_REF,
        "status": STATUS,
        "statusCategory": STATUS["statusCategory"],
        "priority": {"self": f"{CLOUD}/priority/3", "iconUrl": "https://x/medium.svg", "name": "Medium", "id": "3"},
        "assignee": CLOUD_USER,
        "reporter": CLOUD_USER,
        "creator": CLOUD_USER,
        "created": JIRA_TS,
        "updated": JIRA_TS,
        "statuscategorychangedate": JIRA_TS,
        "lastViewed": None,
        "resolution": None,
        "resolutiondate": None,
        "duedate": "2024-02-01",
        "labels": ["checkout"],
        "components": [{"self": f"{CLOUD}/component/10000", "id": "10000", "name": "Backend"}],
        "fixVersions": [
            {
                "self": f"{CLOUD}/version/10000",
                "id": "10000",
                "name": "1.0",
                "archived": False,
                "released": False,
                "releaseDate": "2024-03-01",
            }
        ],
        "versions": [],
        "timespent": 400,
        "timeestimate": 200,
        "timeoriginalestimate": 600,
        "aggregatetimespent": 400,
        "workratio": 66,
        "timetracking": {
            "originalEstimate": "10m",
            "originalEstimateSeconds": 600,
            "remainingEstimate": "3m",
            "remainingEstimateSeconds": 200,
            "timeSpent": "6m",
            "timeSpentSeconds": 400,
        },
        "progress": {"progress": 400, "total": 600, "percent": 66},
        "aggregateprogress": {"progress": 400, "total": 600},
        "votes": {"self": f"{CLOUD}/issue/ED-1/votes", "votes": 0, "hasVoted": False},
        "watches": {"self": f"{CLOUD}/issue/ED-1/watchers", "watchCount": 1, "isWatching": False},
        "comment": {
            "self": f"{CLOUD}/issue/10002/comment",
            "maxResults": 1,
            "total": 1,
            "startAt": 0,
            "comments": [
                {
                    "self": f"{CLOUD}/issue/10002/comment/10000",
                    "id": "10000",
                    "author": CLOUD_USER,
                    "body": ADF,
                    "updateAuthor": CLOUD_USER,
                    "created": JIRA_TS,
                    "updated": JIRA_TS,
                    "jsdPublic": True,
                }
            ],
        },
        "worklog": {
            "startAt": 0,
            "maxResults": 20,
            "total": 1,
            "worklogs": [
                {
                    "self": f"{CLOUD}/issue/10002/worklog/100028",
                    "id": "100028",
                    "issueId": "10002",
                    "author": CLOUD_USER,
                    "comment": ADF,
                    "started": JIRA_TS,
                    "created": JIRA_TS,
                    "updated": JIRA_TS,
                    "timeSpent": "3h 20m",
                    "timeSpentSeconds": 12000,
                }
            ],
        },
        "attachment": [
            {
                "self": f"{CLOUD}/attachment/10001",
                "id": "10001",
                "filename": "debuglog.txt",
                "author": CLOUD_USER,
                "created": JIRA_TS,
                "size": 2460,
                "mimeType": "text/plain",
                "content": f"{CLOUD}/attachment/content/10001",
            }
        ],
        "issuelinks": [
            {
                "id": "10001",
                "type": {"id": "10000", "name": "Dependent", "inward": "depends on", "outward": "is depended by"},
                "outwardIssue": {
                    "id": "10004",
                    "key": "PR-2",
                    "self": f"{CLOUD}/issue/PR-2",
                    "fields": {"status": STATUS},
                },
            }
        ],
        "subtasks": [],
        "parent": {
            "id": "10001",
            "key": "ED-0",
            "fields": {"summary": "Epic", "status": STATUS, "issuetype": ISSUE_TYPE},
        },
        "customfield_10016": 5.0,
        "customfield_10020": [{"id": 1, "name": "Sprint 1", "state": "active"}],
        "customfield_10100": None,
    },
    "projectId": "10000",
    "projectKey": "ED",
    "created": "2024-01-15T10:20:30.123000+00:00",
    "updated": "2024-01-15T10:20:30.123000+00:00",
}
DC_ISSUE = {
    "expand": "renderedFields,names,schema,operations,editmeta,changelog",
    "id": "20001",
    "key": "OPS-7",
    "self": f"{DC}/issue/20001",
    "fields": {
        "summary": "Disk full on build agent",
        "description": "h2. Steps\n* run the *nightly* build",
        "environment": "Windows 2019",
        "project": {
            "self": f"{DC}/project/10100",
            "id": "10100",
            "key": "OPS",
            "name": "Operations",
            "projectTypeKey": "business",
        },
        "assignee": DC_USER,
        "reporter": DC_USER,
        "creator": DC_USER,
        "status": STATUS,
        "created": JIRA_TS,
        "updated": JIRA_TS,
        "comment": {
            "comments": [
                {
                    "self": f"{DC}/issue/20001/comment/1",
                    "id": "1",
                    "author": DC_USER,
                    "body": "Cleaned /tmp.",
                    "created": JIRA_TS,
                    "updated": JIRA_TS,
                }
            ],
            "maxResults": 1,
            "total": 1,
            "startAt": 0,
        },
        "customfield_10200": {"self": f"{DC}/customFieldOption/1", "value": "High", "id": "1"},
    },
    "projectId": "10100",
    "projectKey": "OPS",
    "created": "2024-01-15T10:20:30.123000+00:00",
    "updated": "2024-01-15T10:20:30.123000+00:00",
}


def octopus_links(path: str) -> dict[str, str]:
    return {"Self": f"/api/{path}", "Web": f"/app#/{path}"}


OCTOPUS_SAMPLES = {
    "octopus_spaces": {
        "Id": "Spaces-1",
        "Name": "Default",
        "Description": None,
        "IsDefault": True,
        "TaskQueueStopped": False,
        "SpaceManagersTeams": ["teams-spacemanagers-Spaces-1"],
        "SpaceManagersTeamMembers": [],
        "LastModifiedOn": None,
        "LastModifiedBy": None,
        "Links": octopus_links("spaces/Spaces-1"),
    },
    "octopus_projects": {
        "Id": "Projects-1",
        "SpaceId": "Spaces-1",
        "Name": "Web shop",
        "Slug": "web-shop",
        "Description": "",
        "IsDisabled": False,
        "VariableSetId": "variableset-Projects-1",
        "DeploymentProcessId": "deploymentprocess-Projects-1",
        "LifecycleId": "Lifecycles-1",
        "ProjectGroupId": "ProjectGroups-1",
        "DiscreteChannelRelease": False,
        "AutoCreateRelease": False,
        "IsVersionControlled": False,
        "DefaultGuidedFailureMode": "EnvironmentDefault",
        "TenantedDeploymentMode": "Untenanted",
        "IncludedLibraryVariableSetIds": [],
        "ProjectConnectivityPolicy": {
            "AllowDeploymentsToNoTargets": False,
            "TargetRoles": ["web"],
            "SkipMachineBehavior": "None",
            "ExcludeUnhealthyTargets": False,
        },
        "Templates": [
            {
                "Id": "t-1",
                "Name": "Region",
                "Label": "Region",
                "HelpText": "",
                "DefaultValue": "eu-west-1",
                "DisplaySettings": {"Octopus.ControlType": "SingleLineText"},
            },
            {"Id": "t-2", "Name": "Token", "DefaultValue": {"HasValue": True, "NewValue": None}},
        ],
        "AutoDeployReleaseOverrides": [],
        "ReleaseCreationStrategy": {"ChannelId": None, "ReleaseCreationPackage": None},
        "VersioningStrategy": {
            "Template": "#{Octopus.Version.LastMajor}.#{Octopus.Version.NextPatch}",
            "DonorPackage": None,
        },
        "ExtensionSettings": [],
        "ClonedFromProjectId": None,
        "LastModifiedOn": OCTO_TS,
        "LastModifiedBy": "admin",
        "Links": octopus_links("Spaces-1/projects/Projects-1"),
    },
    "octopus_environments": {
        "Id": "Environments-1",
        "SpaceId": "Spaces-1",
        "Name": "Production",
        "Description": "",
        "SortOrder": 2,
        "UseGuidedFailure": False,
        "AllowDynamicInfrastructure": True,
        "ExtensionSettings": [],
        "LastModifiedOn": OCTO_TS,
        "LastModifiedBy": "admin",
        "Links": octopus_links("Spaces-1/environments/Environments-1"),
    },
    "octopus_releases": {
        "Id": "Releases-21",
        "SpaceId": "Spaces-1",
        "ProjectId": "Projects-1",
        "ChannelId": "Channels-1",
        "Version": "1.4.2",
        "ReleaseNotes": None,
        "Assembled": OCTO_TS,
        "IgnoreChannelRules": False,
        "BuildInformation": [],
        "ProjectDeploymentProcessSnapshotId": "deploymentprocess-Projects-1-s-3-ZJX7Y",
        "LibraryVariableSetSnapshotIds": [],
        "ProjectVariableSetSnapshotId": "variableset-Projects-1-s-2-G6FQV",
        "VersionControlReference": None,
        "SelectedPackages": [
            {"StepName": "Deploy", "ActionName": "Deploy", "PackageReferenceName": "", "Version": "1.4.2"}
        ],
        "LastModifiedOn": OCTO_TS,
        "LastModifiedBy": "admin",
        "Links": octopus_links("Spaces-1/releases/Releases-21"),
    },
    "octopus_deployments": {
        "Id": "Deployments-42",
        "SpaceId": "Spaces-1",
        "ReleaseId": "Releases-21",
        "EnvironmentId": "Environments-1",
        "ProjectId": "Projects-1",
        "ChannelId": "Channels-1",
        "TaskId": "ServerTasks-101",
        "TenantId": None,
        "Name": "Deploy to Production",
        "Created": OCTO_TS,
        "QueueTime": None,
        "QueueTimeExpiry": None,
        "DeployedBy": "admin",
        "DeployedById": "Users-1",
        "DeployedToMachineIds": ["Machines-1"],
        "SkipActions": [],
        "SpecificMachineIds": [],
        "ExcludedMachineIds": [],
        "ForcePackageDownload": False,
        "ForcePackageRedeployment": False,
        "UseGuidedFailure": False,
        "FailureEncountered": False,
        "Comments": None,
        "FormValues": {},
        "ManifestVariableSetId": "variableset-Deployments-42",
        "DeploymentProcessId": "deploymentprocess-Projects-1-s-3-ZJX7Y",
        "ChangesMarkdown": "",
        "Changes": [{"Version": "1.4.2", "ReleaseNotes": None, "BuildInformation": [], "WorkItems": [], "Commits": []}],
        "TentacleRetentionPeriod": {"Unit": "Items", "QuantityToKeep": 3, "ShouldKeepForever": False},
        "LastModifiedOn": OCTO_TS,
        "LastModifiedBy": "admin",
        "Links": octopus_links("Spaces-1/deployments/Deployments-42"),
    },
    "octopus_machines": {
        "Id": "Machines-1",
        "SpaceId": "Spaces-1",
        "Name": "web-01",
        "Thumbprint": "8A1B",
        "Uri": "https://web-01:10933/",
        "IsDisabled": False,
        "EnvironmentIds": ["Environments-1"],
        "Roles": ["web"],
        "MachinePolicyId": "MachinePolicies-1",
        "TenantedDeploymentParticipation": "Untenanted",
        "TenantIds": [],
        "TenantTags": [],
        "Status": "Online",
        "HealthStatus": "Healthy",
        "HasLatestCalamari": True,
        "StatusSummary": "Octopus was able to communicate.",
        "IsInProcess": False,
        "OperatingSystem": "Microsoft Windows Server 2019",
        "ShellName": "PowerShell",
        "ShellVersion": "5.1",
        "Endpoint": {
            "CommunicationStyle": "TentaclePassive",
            "Uri": "https://web-01:10933/",
            "Thumbprint": "8A1B",
            "Id": None,
            "LastModifiedOn": None,
            "LastModifiedBy": None,
            "Links": {},
        },
        "LastModifiedOn": OCTO_TS,
        "LastModifiedBy": "admin",
        "Links": octopus_links("Spaces-1/machines/Machines-1"),
    },
}

OCTOPUS_CASES = [
    ("octopus_spaces", "SpaceResource", (), ("Id", None)),
    ("octopus_projects", "ProjectResource", (), ("IsDisabled", "no")),
    ("octopus_environments", "EnvironmentResource", (), ("SortOrder", "first")),
    ("octopus_releases", "ReleaseResource", ("Assembled",), ("Assembled", 20240115)),
    (
        "octopus_deployments",
        "DeploymentResource",
        ("Created", "QueueTime", "QueueTimeExpiry"),
        ("FailureEncountered", "false"),
    ),
    ("octopus_machines", "DeploymentTargetResource", ("Endpoint.LastModifiedOn",), ("Roles", "web")),
]
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
STREAMS = [
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
]
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


# ---- helpers ---------------------------------------------------------------------------------------
@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema exactly as the connector serves it: through the CDK loader, ``$ref``s resolved."""
    return ResourceSchemaLoader(PACKAGE).get_schema(name)


def subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every schema node in the tree (property *names* are never mistaken for keywords)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key in SUBSCHEMA_MAP_KEYS:
        for child in schema.get(key, {}).values():
            yield from subschemas(child)
    for key in ("items", "additionalProperties", *FORBIDDEN_KEYWORDS):
        children = schema.get(key)
        for child in children if isinstance(children, list) else [children]:
            yield from subschemas(child)


def node_at(schema: dict[str, Any], dotted: str) -> dict[str, Any]:
    """Subschema at ``a.b[].c`` (``[]`` steps into array items)."""
    node = schema
    for part in dotted.split("."):
        node = node["properties"][part.removesuffix("[]")]
        if part.endswith("[]"):
            node = node["items"]
    return node


def types_of(node: dict[str, Any]) -> set[str]:
    declared = node.get("type", [])
    return {declared} if isinstance(declared, str) else set(declared)


def with_value(record: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    *parents, leaf = dotted.split(".")
    target = changed
    for part in parents:
        target = target[part]
    target[leaf] = value
    return changed


def raw_files() -> list[Path]:
    return sorted(SCHEMAS_DIR.glob("*.json")) + sorted(SHARED_DIR.glob("*.json"))


# ---- tests -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_schema_file_is_a_draft7_object_schema(case: StreamCase) -> None:
    raw = json.loads((SCHEMAS_DIR / f"{case.name}.json").read_text(encoding="utf-8"))
    assert raw["$schema"] == JSON_SCHEMA_DRAFT_07
    assert raw["type"] == "object" and raw["additionalProperties"] is True
    Draft7Validator.check_schema(load_schema(case.name))


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_schema_is_open_typed_and_free_of_forbidden_keywords(case: StreamCase) -> None:
    schema = load_schema(case.name)
    assert "$ref" not in json.dumps(schema), "a $ref survived the CDK loader"
    not_null = {id(schema), *(id(schema["properties"][key]) for key in case.primary_key)}
    for node in subschemas(schema):
        assert not set(FORBIDDEN_KEYWORDS) & node.keys(), node
        assert "type" in node, f"untyped node {node}"
        assert id(node) in not_null or "null" in types_of(node), f"not nullable: {node}"
        if "object" in types_of(node):
            assert node.get("additionalProperties") is True or isinstance(node.get("additionalProperties"), dict), node


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_primary_key_is_a_non_null_string(case: StreamCase) -> None:
    for key in case.primary_key:
        assert load_schema(case.name)["properties"][key]["type"] == "string"


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_known_date_fields_are_date_time(case: StreamCase) -> None:
    for path in case.date_time_paths:
        node = node_at(load_schema(case.name), path)
        assert node.get("format") == "date-time" and "string" in types_of(node), path


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_samples_validate_and_a_wrong_type_is_rejected(case: StreamCase) -> None:
    validator = Draft7Validator(load_schema(case.name))
    for sample in case.samples:
        assert [error.message for error in validator.iter_errors(sample)] == []
    path, bad_value = case.wrong_type
    assert list(validator.iter_errors(with_value(case.samples[0], path, bad_value))), f"{path}={bad_value!r} accepted"


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_every_vendor_property_is_kept_with_its_type(case: StreamCase) -> None:
    assert_covers_vendor(load_schema(case.name), case.vendor, case.component)


@pytest.mark.parametrize("file_name", sorted(SHARED_SOURCES))
def test_shared_definition_keeps_its_vendor_component(file_name: str) -> None:
    vendor, component = SHARED_SOURCES[file_name]
    holder = {"type": "object", "properties": {"shared": {"$ref": file_name}}}  # resolved as get_schema() does
    resolved = ResourceSchemaLoader(PACKAGE)._resolve_schema_references(holder)["properties"]["shared"]
    assert_covers_vendor(resolved, vendor, component)


def assert_covers_vendor(schema: dict[str, Any], vendor: str, component: str) -> None:
    for prop, declared in vendor_properties(load_vendor_spec(vendor), component).items():
        assert prop in schema["properties"], f"vendor property {component}.{prop} missing"
        ours = schema["properties"][prop]
        if declared.json_type is not None:
            assert declared.json_type in types_of(ours), (
                f"{component}.{prop}: {declared.json_type} not in {ours.get('type')}"
            )
        if declared.format == "date-time":
            assert ours.get("format") == "date-time", f"{component}.{prop} lost format date-time"


def test_standard_suite_catalog_checks_pass_including_advisory_ones() -> None:
    """The catalog checks the CDK standard tests run on `discover` (enforced and advisory alike)."""
    streams = [
        AirbyteStream(
            name=case.name,
            json_schema=load_schema(case.name),
            supported_sync_modes=[SyncMode.full_refresh],
            source_defined_primary_key=[[key] for key in case.primary_key],
            default_cursor_field=["updated"] if case.name == "jira_issues" else None,
        )
        for case in STREAMS
    ]
    problems = find_catalog_problems(AirbyteCatalog(streams=streams))
    assert not problems, format_catalog_problems(problems)


def test_connector_added_and_cross_deployment_fields() -> None:
    issues = load_schema("jira_issues")["properties"]
    for added in ("projectId", "projectKey", "created", "updated"):
        assert types_of(issues[added]) == {"null", "string"}, added
    assert issues["updated"]["format"] == "date-time"
    assert issues["fields"]["additionalProperties"] is True
    for rich_text in (
        "fields.description",
        "fields.environment",
        "fields.comment.comments[].body",
        "fields.worklog.worklogs[].comment",
    ):
        assert types_of(node_at(load_schema("jira_issues"), rich_text)) == {"null", "string", "object"}, rich_text
    assert {"accountId", "accountType", "key", "name", "deleted"} <= load_schema("jira_users")["properties"].keys()
    for case in STREAMS:
        if case.vendor == "octopus":
            links = load_schema(case.name)["properties"]["Links"]
            assert types_of(links["additionalProperties"]) == {"null", "string"}, case.name
            if case.name != "octopus_spaces":
                assert types_of(load_schema(case.name)["properties"]["SpaceId"]) == {"null", "string"}, case.name


def test_schema_folder_holds_exactly_the_known_streams() -> None:
    assert {path.stem for path in SCHEMAS_DIR.glob("*.json")} == set(STREAM_IDS)
    assert {path.name for path in SHARED_DIR.glob("*.json")} == set(SHARED_SOURCES) | {"jira_rich_text.json"}


def test_every_ref_names_an_existing_shared_file_and_every_shared_file_is_used() -> None:
    """The CDK resolves ``{"$ref": "x.json"}`` to ``schemas/shared/x.json``; ``shared/x.json`` would not load."""
    referenced: set[str] = set()
    for path in raw_files():
        for node in subschemas(json.loads(path.read_text(encoding="utf-8"))):
            if "$ref" in node:
                assert set(node) == {"$ref"}, f"{path.name}: keywords beside $ref are dropped by the loader"
                assert (SHARED_DIR / node["$ref"]).is_file(), f"{path.name}: $ref {node['$ref']}"
                referenced.add(node["$ref"])
    assert referenced == {path.name for path in SHARED_DIR.glob("*.json")}
