"""Schema cases of the agile streams: sample records and a value each schema must reject (vendor `jira_agile`: the
Agile REST 1.0 shapes transcribed in jira_octopus_sample_api/contract/agile_document.py)."""

from __future__ import annotations

from unit_tests.schema_samples_jira import STATUS
from unit_tests.stream_case import StreamCase

AGILE = "https://your-domain.atlassian.net/rest/agile/1.0"
LOCATION = {
    "projectId": 10040,
    "displayName": "Edison (ED)",
    "projectName": "Edison",
    "projectKey": "ED",
    "projectTypeKey": "software",
    "avatarURI": "https://your-domain.atlassian.net/secure/projectavatar?size=small&pid=10040",
    "name": "Edison (ED)",
}
SPRINT = {
    "id": 37,
    "self": f"{AGILE}/sprint/37",
    "state": "closed",
    "name": "ED Sprint 1",
    "startDate": "2015-04-11T15:22:00.000+10:00",
    "endDate": "2015-04-20T01:22:00.000+10:00",
    "completeDate": "2015-04-20T11:04:00.000+10:00",
    "createdDate": "2015-04-10T09:00:00.000Z",
    "originBoardId": 5,
    "goal": "sprint 1 goal",
}
ISSUE = {
    "expand": "",
    "id": "10001",
    "self": "https://your-domain.atlassian.net/rest/agile/1.0/issue/10001",
    "key": "ED-1",
    "fields": {
        "summary": "Order flow",
        "status": STATUS,
        "created": "2024-01-15T10:20:30.123+0000",
        "updated": "2024-01-16T10:20:30.123+0000",
        "sprint": None,
        "closedSprints": [SPRINT],
        "flagged": False,
        "epic": None,
    },
    "projectId": "10040",
    "projectKey": "ED",
    "created": "2024-01-15T10:20:30.123+00:00",
    "updated": "2024-01-16T10:20:30.123+00:00",
}
CASES: list[StreamCase] = [
    StreamCase(
        "jira_boards",
        ("boardId",),
        "jira_agile",
        "Board",
        (),
        (
            {
                "id": 84,
                "self": f"{AGILE}/board/84",
                "name": "scrum board",
                "type": "scrum",
                "location": LOCATION,
                "boardId": "84",
            },
            {"id": 92, "self": f"{AGILE}/board/92", "name": "kanban board", "type": "kanban", "boardId": "92"},
        ),
        ("id", "84"),
    ),
    StreamCase(
        "jira_board_configurations",
        ("boardId",),
        "jira_agile",
        "BoardConfiguration",
        (),
        (
            {
                "id": 10000,
                "name": "Board",
                "type": "kanban",
                "self": f"{AGILE}/board/84/config",
                "location": {
                    "type": "project",
                    "key": "ED",
                    "id": "10040",
                    "self": f"{AGILE}/project/10040",
                    "name": "Edison",
                },
                "filter": {"id": "1001", "self": f"{AGILE}/filter/1001"},
                "subQuery": {"query": "resolution = EMPTY OR resolution != EMPTY AND resolutiondate >= -5d"},
                "columnConfig": {
                    "columns": [{"name": "To Do", "statuses": [{"id": "1", "self": f"{AGILE}/status/1"}], "max": 4}],
                    "constraintType": "issueCount",
                },
                "ranking": {"rankCustomFieldId": 10020},
                "boardId": "84",
            },
            {
                "id": 84,
                "name": "scrum board",
                "type": "scrum",
                "self": f"{AGILE}/board/84/configuration",
                "estimation": {
                    "type": "field",
                    "field": {"fieldId": "customfield_10002", "displayName": "Story Points"},
                },
                "boardId": "84",
            },
        ),
        ("type", ["kanban"]),
    ),
    StreamCase(
        "jira_sprints",
        ("boardId", "sprintId"),
        "jira_agile",
        "Sprint",
        ("startDate", "endDate", "completeDate", "createdDate"),
        (
            {**SPRINT, "boardId": "5", "sprintId": "37"},
            {
                "id": 72,
                "self": f"{AGILE}/sprint/73",
                "state": "future",
                "name": "sprint 2",
                "boardId": "5",
                "sprintId": "72",
            },
        ),
        ("originBoardId", "5"),
    ),
    StreamCase(
        "jira_epics",
        ("boardId", "epicId"),
        "jira_agile",
        "Epic",
        (),
        (
            {
                "id": 37,
                "key": "ED-37",
                "self": f"{AGILE}/epic/23",
                "name": "epic 1",
                "summary": "epic 1 summary",
                "color": {"key": "color_4"},
                "done": True,
                "boardId": "84",
                "epicId": "37",
            },
        ),
        ("done", "true"),
    ),
    StreamCase(
        "jira_board_issues",
        ("boardId", "id"),
        "jira_agile",
        "AgileIssue",
        ("created", "updated", "fields.created", "fields.updated", "fields.sprint.startDate"),
        ({**ISSUE, "boardId": "84"},),
        ("fields", "summary"),
    ),
    StreamCase(
        "jira_board_backlog_issues",
        ("boardId", "id"),
        "jira_agile",
        "AgileIssue",
        ("created", "updated"),
        ({**ISSUE, "boardId": "84"},),
        ("boardId", 84),
    ),
    StreamCase(
        "jira_sprint_issues",
        ("sprintId", "id"),
        "jira_agile",
        "AgileIssue",
        ("created", "updated"),
        ({**ISSUE, "sprintId": "37"},),
        ("fields.flagged", "no"),
    ),
]
