"""Schema cases of the issue details streams: sample records and a value each schema must reject."""

from __future__ import annotations

from unit_tests.schema_samples_jira import CLOUD, CLOUD_USER, DC, DC_USER, ISSUE_TYPE, STATUS
from unit_tests.stream_case import StreamCase

ISSUE = {"issueId": "10001", "issueKey": "ED-1"}
DC_ISSUE = {"issueId": "10100", "issueKey": "OPS-7"}
LINKED_ISSUE = {
    "id": "10004",
    "key": "ED-4",
    "self": f"{CLOUD}/issue/10004",
    "fields": {
        "summary": "Fix checkout timeout",
        "status": STATUS,
        "priority": {"self": f"{CLOUD}/priority/3", "id": "3", "name": "Medium"},
        "issuetype": ISSUE_TYPE,
    },
}
LINK_TYPE = {
    "id": "10000",
    "name": "Blocks",
    "inward": "is blocked by",
    "outward": "blocks",
    "self": f"{CLOUD}/issueLinkType/10000",
}
REMOTE_OBJECT = {
    "url": "https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=10000",
    "title": "Runbook for ED-1",
    "summary": "Steps for the on-call engineer.",
    "icon": {"url16x16": "https://acme.atlassian.net/wiki/favicon.ico", "title": "Page"},
    "status": {"resolved": False, "icon": {}},
}

CASES: list[StreamCase] = [
    StreamCase(
        "jira_issue_transitions",
        ("issueId", "id"),
        "jira",
        "IssueTransition",
        (),
        (
            {
                "id": "21",
                "name": "Start progress",
                "to": STATUS,
                "hasScreen": False,
                "isGlobal": True,
                "isInitial": False,
                "isAvailable": True,
                "isConditional": False,
                "isLooped": False,
                **ISSUE,
            },
        ),
        ("hasScreen", "no"),
    ),
    StreamCase(
        "jira_issue_links",
        ("issueId", "id"),
        "jira",
        "IssueLink",
        (),
        (
            {
                "id": "20001",
                "self": f"{CLOUD}/issueLink/20001",
                "type": LINK_TYPE,
                "outwardIssue": LINKED_ISSUE,
                **ISSUE,
            },
            {
                "id": "20001",
                "self": f"{DC}/issueLink/20001",
                "type": LINK_TYPE,
                "inwardIssue": LINKED_ISSUE,
                **DC_ISSUE,
            },
        ),
        ("type", "Blocks"),
    ),
    StreamCase(
        "jira_issue_watchers",
        ("issueId", "userId"),
        "jira",
        "User",
        (),
        ({**CLOUD_USER, **ISSUE, "userId": CLOUD_USER["accountId"]}, {**DC_USER, **DC_ISSUE, "userId": DC_USER["key"]}),
        ("active", "yes"),
    ),
    StreamCase(
        "jira_issue_votes",
        ("issueId", "userId"),
        "jira",
        "User",
        (),
        ({**CLOUD_USER, **ISSUE, "userId": CLOUD_USER["accountId"]}, {**DC_USER, **DC_ISSUE, "userId": DC_USER["key"]}),
        ("userId", None),
    ),
    StreamCase(
        "jira_issue_remote_links",
        ("remoteLinkId",),
        "jira",
        "RemoteIssueLink",
        (),
        (
            {
                "id": 10000,
                "remoteLinkId": "10000",
                "self": f"{CLOUD}/issue/10001/remotelink/10000",
                "globalId": "appId=5e8c7e1a&pageId=10000",
                "application": {"type": "com.atlassian.confluence", "name": "Confluence"},
                "relationship": "Wiki Page",
                "object": REMOTE_OBJECT,
                **ISSUE,
            },
        ),
        ("id", "10000"),
    ),
    StreamCase(
        "jira_issue_properties",
        ("issueId", "key"),
        "jira",
        "EntityProperty",
        (),
        (
            {"key": "sla.timer", "value": {"remainingMinutes": 42, "breached": False}, **ISSUE},
            {"key": "com.acme.deploy-state", "value": "production", **DC_ISSUE},
        ),
        ("issueKey", 7),
    ),
    StreamCase(
        "jira_issue_field_history",
        ("id",),
        "jira",
        "ChangeDetails",
        ("created",),
        (
            {
                "id": "10001000:0",
                "changelogId": "10001000",
                "itemIndex": 0,
                "field": "status",
                "fieldtype": "jira",
                "fieldId": "status",
                "from": "10000",
                "fromString": "To Do",
                "to": "3",
                "toString": "In Progress",
                "author": CLOUD_USER,
                "created": "2024-01-15T10:20:30.123000+00:00",
                **ISSUE,
            },
            {
                "id": "10100004:1",
                "changelogId": "10100004",
                "itemIndex": 1,
                "field": "resolution",
                "fieldtype": "jira",
                "fieldId": None,
                "to": "10000",
                "toString": "Done",
                "author": DC_USER,
                "created": "2024-01-15T10:20:30.123000+00:00",
                **DC_ISSUE,
            },
        ),
        ("itemIndex", "0"),
    ),
]
