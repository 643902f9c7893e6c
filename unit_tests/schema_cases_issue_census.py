"""Schema cases of the issue census streams: sample records and a value each schema must reject."""

from __future__ import annotations

from unit_tests.stream_case import StreamCase

CASES: list[StreamCase] = [
    StreamCase(
        "jira_issue_census",
        ("id",),
        "jira",
        "LinkedIssue",
        (),
        (
            {"id": "10002", "key": "ED-1", "projectId": "10000", "projectKey": "ED"},
            {"id": "10003", "key": None, "projectId": "10000", "projectKey": "ED"},
        ),
        ("projectId", 10000),
    ),
    StreamCase(
        "jira_issue_worklogs_deleted",
        ("id",),
        "jira",
        "ChangedWorklog",
        ("deleted",),
        (
            {
                "id": "103",
                "worklogId": 103,
                "updatedTime": 1438013693136,
                "deleted": "2015-07-27T16:14:53.136+00:00",
                "properties": [],
            },
            {
                "id": "104",
                "worklogId": 104,
                "updatedTime": 1438013693136,
                "deleted": "2015-07-27T16:14:53.136+00:00",
                "properties": [{"key": "billing", "value": {"billable": True}}],
            },
        ),
        ("updatedTime", "2015-07-27"),
    ),
]
