"""A small Jira dataset for the warehouse models, in the connector's record shape (stream name -> records).

Every figure the tests pin is derived by hand from these records in the test modules' comments. Times are UTC
unless written with an offset. Status ids: 1 To Do (new), 3 In Progress and 10001 In Review (indeterminate),
10002 Done and 6 Closed (done). Projects: 10000 ALP, 10001 BET. Sprint field customfield_10020, story points
customfield_10016 ("Story point estimate", column story_point_estimate).

Issues:
- ALP-1 (101): created 2024-01-01T09:00+02:00 (07:00Z) in To Do; In Progress 01-02, Done 01-03, reopened to
  In Progress 01-04; on 01-05T07:00Z two changes in the same second: changelog 9999 (-> In Review) then changelog
  10000 (-> Done). As strings '10000' < '9999': only a numeric order ends the issue in Done. Resolution date written
  with a +0200 offset. Assignee set to acc-1 on 01-02 (second item of the first status change's entry).
- ALP-2 (102): created 2024-01-02T10:00Z directly in Done (no history).
- ALP-3 (103): created 2024-01-03T12:00Z in To Do, never changed.
- BET-1 (104), formerly ALP-4: created 2024-01-02T00:00Z in ALP; In Progress 01-03T00:00Z; moved to BET (project
  10000 -> 10001 and key ALP-4 -> BET-1) on 01-04T12:00Z.
- ALP-5 (105): deleted (in jira_issues, missing from the census while ALP is visible); Done on 01-03.
- Sprint issues, all created 2024-01-05T08:00Z in To Do:
  ALP-6 (106): sprint 1 from 01-06, 3 points from 01-06; In Progress 01-10, Done 01-15.
  ALP-7 (107): sprint 1 from 01-06, 5 points from 01-06, 8 points from 01-12; In Progress 01-12; at the close of
  sprint 1 (01-19T17:00Z) its sprint field becomes '1, 2'.
  ALP-8 (108): added to sprint 1 on 01-10T10:00Z; 2 points today and never changed (no history); Done 01-18.
  ALP-9 (109): sprint 1 from 01-07, 1 point from 01-07; taken out of sprint 1 on 01-12T00:00Z.
  ALP-10 (110): in sprint 2 since creation (no sprint history: today's field and jira_sprint_issues say so);
  5 points today, never changed.
- ALP-11 (111): created 2024-01-20T00:00Z in To Do, In Progress 01-21T00:00Z; the loaded history stops there but
  the issue is Done today, last updated 2024-01-23T00:00Z (history behind the issue).
Sprints: 1 closed (2024-01-08T09:00Z -> completed 2024-01-19T17:00Z), 2 active (started 2024-01-22T09:00Z),
3 future (not started).
"""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]

STATUSES = {
    "1": ("To Do", "2", "new"),
    "3": ("In Progress", "4", "indeterminate"),
    "10001": ("In Review", "4", "indeterminate"),
    "10002": ("Done", "3", "done"),
    "6": ("Closed", "3", "done"),
}
PROJECTS = {"10000": ("ALP", "Alpha"), "10001": ("BET", "Beta")}
SPRINT_FIELD = "customfield_10020"
POINTS_FIELD = "customfield_10016"


def _status(status_id: str) -> Record:
    name, category_id, category_key = STATUSES[status_id]
    return {"id": status_id, "name": name, "statusCategory": {"id": int(category_id), "key": category_key}}


def _issue(
    issue_id: str,
    key: str,
    project_id: str,
    created: str,
    status_id: str,
    *,
    issue_type: str = "Story",
    extra_fields: Record | None = None,
    updated: str = "2024-01-24T00:00:00.000+0000",
) -> Record:
    project_key, project_name = PROJECTS[project_id]
    fields: Record = {
        "status": _status(status_id),
        "issuetype": {"id": "10001" if issue_type == "Story" else "10002", "name": issue_type},
        "project": {"id": project_id, "key": project_key, "name": project_name},
        "summary": f"Issue {key}",
        "created": created,
        **(extra_fields or {}),
    }
    return {
        "id": issue_id,
        "key": key,
        "projectId": project_id,
        "projectKey": project_key,
        "created": created,
        "updated": updated,
        "fields": fields,
    }


def _change(
    changelog_id: int,
    item_index: int,
    issue_id: str,
    issue_key: str,
    created: str,
    field: str,
    field_id: str,
    from_value: str | None,
    from_string: str | None,
    to_value: str | None,
    to_string: str | None,
) -> Record:
    return {
        "id": f"{changelog_id}:{item_index}",
        "changelogId": str(changelog_id),
        "itemIndex": item_index,
        "issueId": issue_id,
        "issueKey": issue_key,
        "field": field,
        "fieldId": field_id,
        "fieldtype": "custom" if field_id.startswith("customfield_") else "jira",
        "from": from_value,
        "fromString": from_string,
        "to": to_value,
        "toString": to_string,
        "author": {"accountId": "acc-9"},
        "created": created,
    }


def _status_change(changelog_id: int, issue_id: str, key: str, at: str, old: str, new: str, index: int = 0) -> Record:
    return _change(
        changelog_id, index, issue_id, key, at, "status", "status", old, STATUSES[old][0], new, STATUSES[new][0]
    )


def _sprint_change(changelog_id: int, issue_id: str, key: str, at: str, old: str | None, new: str | None) -> Record:
    def names(ids: str | None) -> str | None:
        return ", ".join(f"ALP Sprint {i.strip()}" for i in ids.split(",")) if ids else None

    return _change(changelog_id, 0, issue_id, key, at, "Sprint", SPRINT_FIELD, old, names(old), new, names(new))


def _points_change(changelog_id: int, issue_id: str, key: str, at: str, old: str | None, new: str) -> Record:
    # Jira writes number fields in the strings only (from/to are null)
    return _change(changelog_id, 0, issue_id, key, at, "Story point estimate", POINTS_FIELD, None, old, None, new)


def _sprint(sprint_id: int, state: str, start: str | None, end: str | None, complete: str | None) -> Record:
    return {
        "id": sprint_id,
        "name": f"ALP Sprint {sprint_id}",
        "state": state,
        "originBoardId": 1,
        "boardId": "1",
        "sprintId": str(sprint_id),
        "createdDate": "2024-01-01T00:00:00.000Z",
        "startDate": start,
        "endDate": end,
        "completeDate": complete,
    }


def jira_records() -> dict[str, list[Record]]:
    """The dataset, stream by stream."""
    sprint_2 = [{"id": 2, "name": "ALP Sprint 2", "state": "active"}]
    issues = [
        _issue(
            "101",
            "ALP-1",
            "10000",
            "2024-01-01T09:00:00.000+0200",
            "10002",
            extra_fields={"resolutiondate": "2024-01-05T09:00:00.000+0200", "assignee": {"accountId": "acc-1"}},
        ),
        _issue("102", "ALP-2", "10000", "2024-01-02T10:00:00.000+0000", "10002", issue_type="Bug"),
        _issue("103", "ALP-3", "10000", "2024-01-03T12:00:00.000+0000", "1"),
        _issue("104", "BET-1", "10001", "2024-01-02T00:00:00.000+0000", "3"),
        _issue("105", "ALP-5", "10000", "2024-01-02T00:00:00.000+0000", "10002"),
        _issue("106", "ALP-6", "10000", "2024-01-05T08:00:00.000+0000", "10002", extra_fields={POINTS_FIELD: 3}),
        _issue("107", "ALP-7", "10000", "2024-01-05T08:00:00.000+0000", "3", extra_fields={POINTS_FIELD: 8}),
        _issue("108", "ALP-8", "10000", "2024-01-05T08:00:00.000+0000", "10002", extra_fields={POINTS_FIELD: 2}),
        _issue("109", "ALP-9", "10000", "2024-01-05T08:00:00.000+0000", "1", extra_fields={POINTS_FIELD: 1}),
        _issue(
            "110",
            "ALP-10",
            "10000",
            "2024-01-05T08:00:00.000+0000",
            "1",
            extra_fields={POINTS_FIELD: 5, SPRINT_FIELD: sprint_2},
        ),
        _issue(
            "111", "ALP-11", "10000", "2024-01-20T00:00:00.000+0000", "10002", updated="2024-01-23T00:00:00.000+0000"
        ),
    ]
    history = [
        # ALP-1
        _status_change(1001, "101", "ALP-1", "2024-01-02T07:00:00Z", "1", "3"),
        _change(1001, 1, "101", "ALP-1", "2024-01-02T07:00:00Z", "assignee", "assignee", None, None, "acc-1", "Ann"),
        _status_change(1002, "101", "ALP-1", "2024-01-03T07:00:00Z", "3", "10002"),
        _status_change(1003, "101", "ALP-1", "2024-01-04T07:00:00Z", "10002", "3"),
        _status_change(10000, "101", "ALP-1", "2024-01-05T07:00:00Z", "10001", "10002"),
        _status_change(9999, "101", "ALP-1", "2024-01-05T07:00:00Z", "3", "10001"),
        # BET-1 (was ALP-4)
        _status_change(2002, "104", "BET-1", "2024-01-03T00:00:00Z", "1", "3"),
        _change(
            2001, 0, "104", "BET-1", "2024-01-04T12:00:00Z", "project", "project", "10000", "Alpha", "10001", "Beta"
        ),
        _change(2001, 1, "104", "BET-1", "2024-01-04T12:00:00Z", "Key", "issuekey", None, "ALP-4", None, "BET-1"),
        # ALP-5 (deleted)
        _status_change(5001, "105", "ALP-5", "2024-01-03T05:00:00Z", "1", "10002"),
        # ALP-6
        _sprint_change(3001, "106", "ALP-6", "2024-01-06T00:00:00Z", None, "1"),
        _points_change(3002, "106", "ALP-6", "2024-01-06T00:00:00Z", None, "3"),
        _status_change(3003, "106", "ALP-6", "2024-01-10T00:00:00Z", "1", "3"),
        _status_change(3004, "106", "ALP-6", "2024-01-15T00:00:00Z", "3", "10002"),
        # ALP-7
        _sprint_change(3101, "107", "ALP-7", "2024-01-06T00:00:00Z", None, "1"),
        _points_change(3102, "107", "ALP-7", "2024-01-06T00:00:00Z", None, "5"),
        _points_change(3103, "107", "ALP-7", "2024-01-12T00:00:00Z", "5", "8"),
        _status_change(3104, "107", "ALP-7", "2024-01-12T00:00:00Z", "1", "3"),
        _sprint_change(3105, "107", "ALP-7", "2024-01-19T17:00:00Z", "1", "1, 2"),
        # ALP-8
        _sprint_change(3201, "108", "ALP-8", "2024-01-10T10:00:00Z", None, "1"),
        _status_change(3202, "108", "ALP-8", "2024-01-18T00:00:00Z", "1", "10002"),
        # ALP-9
        _sprint_change(3301, "109", "ALP-9", "2024-01-07T00:00:00Z", None, "1"),
        _points_change(3302, "109", "ALP-9", "2024-01-07T00:00:00Z", None, "1"),
        _sprint_change(3303, "109", "ALP-9", "2024-01-12T00:00:00Z", "1", None),
        # ALP-11 (history behind the issue)
        _status_change(6001, "111", "ALP-11", "2024-01-21T00:00:00Z", "1", "3"),
    ]
    return {
        "jira_issues": issues,
        "jira_issue_field_history": history,
        "jira_issue_census": [
            {"id": i["id"], "key": i["key"], "projectId": i["projectId"], "projectKey": i["projectKey"]}
            for i in issues
            if i["id"] != "105"
        ],
        "jira_statuses": [
            {"id": sid, "name": name, "statusCategory": {"id": int(cat_id), "key": cat_key}}
            for sid, (name, cat_id, cat_key) in STATUSES.items()
        ],
        "jira_status_categories": [
            {"id": "2", "key": "new", "name": "To Do"},
            {"id": "4", "key": "indeterminate", "name": "In Progress"},
            {"id": "3", "key": "done", "name": "Done"},
        ],
        "jira_projects": [
            {"id": pid, "key": key, "name": name, "projectTypeKey": "software"} for pid, (key, name) in PROJECTS.items()
        ],
        "jira_issue_types": [
            {"id": "10001", "name": "Story", "subtask": False, "hierarchyLevel": 0},
            {"id": "10002", "name": "Bug", "subtask": False, "hierarchyLevel": 0},
        ],
        "jira_issue_fields": [
            {"id": "status", "key": "status", "name": "Status", "column_name": "status", "custom": False},
            {"id": "assignee", "key": "assignee", "name": "Assignee", "column_name": "assignee", "custom": False},
            {"id": "project", "key": "project", "name": "Project", "column_name": "project", "custom": False},
            {
                "id": SPRINT_FIELD,
                "key": SPRINT_FIELD,
                "name": "Sprint",
                "column_name": "sprint",
                "custom": True,
                "schema": {"type": "array", "custom": "com.pyxis.greenhopper.jira:gh-sprint"},
            },
            {
                "id": POINTS_FIELD,
                "key": POINTS_FIELD,
                "name": "Story point estimate",
                "column_name": "story_point_estimate",
                "custom": True,
                "schema": {"type": "number", "custom": "com.atlassian.jira.plugin.system.customfieldtypes:float"},
            },
        ],
        "jira_sprints": [
            _sprint(1, "closed", "2024-01-08T09:00:00.000Z", "2024-01-19T17:00:00.000Z", "2024-01-19T17:00:00.000Z"),
            _sprint(2, "active", "2024-01-22T09:00:00.000Z", "2024-02-02T17:00:00.000Z", None),
            _sprint(3, "future", None, None, None),
        ],
        "jira_sprint_issues": [
            {"sprintId": s, "id": i, "key": k, "projectId": "10000", "projectKey": "ALP"}
            for s, i, k in [
                ("1", "106", "ALP-6"),
                ("1", "107", "ALP-7"),
                ("1", "108", "ALP-8"),
                ("2", "107", "ALP-7"),
                ("2", "110", "ALP-10"),
            ]
        ],
        "jira_users": [{"accountId": "acc-1", "displayName": "Ann", "accountType": "atlassian", "active": True}],
        "jira_issue_changelogs": [],
    }
