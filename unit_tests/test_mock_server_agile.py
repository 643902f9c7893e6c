"""Whole reads of the Agile streams (`/rest/agile/1.0`) against HttpMocker: every page registered with its exact
parameters and sent exactly once; keys, stamps, skipped Kanban boards and per-partition state are exact. Cloud's
board and sprint issues come from `/rest/software/1.0` (unit_tests/test_search_end.py); here the Cloud site answers
404/410 there, so they are read through Agile 1.0."""

import json

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.state_builder import StateBuilder

from source_jira_octopus.jira.streams.agile import AGILE_ISSUE_FIELDS
from testkit.mock_server import BOUND_MS, DATE, DC, JIRA, JIRA_CLOUD, JIRA_DC, NEW_CURSOR, SAVED, Mocks, run

AGILE = f"{JIRA}/rest/agile/1.0"
SCRUM = {"id": 84, "self": f"{AGILE}/board/84", "name": "ED board", "type": "scrum", "location": {"projectKey": "ED"}}
KANBAN = {"id": 92, "self": f"{AGILE}/board/92", "name": "ED flow", "type": "kanban", "location": {"projectKey": "ED"}}
OPS = {"id": 93, "self": f"{AGILE}/board/93", "name": "OPS board", "type": "scrum", "location": {"projectKey": "OPS"}}
NO_SPRINTS = {"errorMessages": ["The board does not support sprints"], "errors": {}}


def page(values, start, total=None, last=True, size=2):
    body = {"maxResults": size, "startAt": start, "isLast": last, "values": values}
    return body if total is None else {**body, "total": total}


def mock_boards(mocks, base=JIRA, boards=(SCRUM, KANBAN)):
    """The Agile API answers at most its own maxResults whatever is asked: here 1 a page for 2 asked."""
    url = f"{base}/rest/agile/1.0/board"
    for start, board in enumerate(boards):
        body = page([board], start, total=len(boards), last=start == len(boards) - 1, size=1)
        mocks.get(url, {"startAt": str(start), "maxResults": "2"}, body)


def error(status, body):
    return HttpResponse(json.dumps(body), status, {"Content-Type": "application/json"})


def test_boards_page_on_the_servers_own_max_results_and_carry_a_string_key():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks, boards=(SCRUM, KANBAN, OPS))
        output = run({"jira": JIRA_CLOUD}, "jira_boards")
        mocks.verify()
    assert not output.errors
    assert [(r.record.data["boardId"], r.record.data["id"]) for r in output.records] == [
        ("84", 84),
        ("92", 92),
        ("93", 93),
    ]


def test_boards_are_kept_only_for_the_configured_projects():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks, boards=(SCRUM, OPS))
        output = run({"jira": {**JIRA_CLOUD, "projects": ["OPS"]}}, "jira_boards")
        mocks.verify()
    assert [r.record.data["boardId"] for r in output.records] == ["93"]


def test_sprints_skip_exactly_the_kanban_400_and_log_it():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks)
        sprint = {"id": 37, "self": f"{AGILE}/sprint/37", "state": "closed", "name": "S1", "originBoardId": 84}
        mocks.get(
            f"{AGILE}/board/84/sprint",
            {"startAt": "0", "maxResults": "2"},
            page([sprint, {**sprint, "id": 38}], 0, last=False),
        )
        mocks.get(
            f"{AGILE}/board/84/sprint",
            {"startAt": "2", "maxResults": "2"},
            page([{**sprint, "id": 39, "state": "future"}], 2),
        )
        mocker.get(
            HttpRequest(f"{AGILE}/board/92/sprint", query_params={"startAt": "0", "maxResults": "2"}),
            error(400, NO_SPRINTS),
        )
        output = run({"jira": JIRA_CLOUD}, "jira_sprints")
        mocks.verify()
    assert not output.errors
    assert [(r.record.data["boardId"], r.record.data["sprintId"]) for r in output.records] == [
        ("84", "37"),
        ("84", "38"),
        ("84", "39"),
    ]
    skipped = [m.log.message for m in output.logs if "board/92/sprint" in m.log.message and "skipped" in m.log.message]
    assert skipped and all("HTTP 400" in line and "Kanban" in line for line in skipped)  # the CDK repeats our line


def test_any_other_400_on_sprints_fails_the_read():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks, boards=(SCRUM,))
        body = {"errorMessages": ["The value 'x' is invalid for the state parameter."], "errors": {}}
        mocker.get(
            HttpRequest(f"{AGILE}/board/84/sprint", query_params={"startAt": "0", "maxResults": "2"}), error(400, body)
        )
        output = run({"jira": JIRA_CLOUD}, "jira_sprints")
    assert output.errors
    assert (
        "HTTP 400" in output.errors[0].trace.error.message and "state parameter" in output.errors[0].trace.error.message
    )


def test_epics_and_configurations_are_read_per_board():
    epic = {"id": 7, "key": "ED-7", "self": f"{AGILE}/epic/7", "name": "Checkout", "done": False}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks)
        for board in (84, 92):
            mocks.get(f"{AGILE}/board/{board}/epic", {"startAt": "0", "maxResults": "2"}, page([epic], 0, total=1))
        output = run({"jira": JIRA_CLOUD}, "jira_epics")
        mocks.verify()
    assert sorted((r.record.data["boardId"], r.record.data["epicId"]) for r in output.records) == [
        ("84", "7"),
        ("92", "7"),
    ]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks, base=DC)
        for board in (84, 92):
            mocks.get(
                f"{DC}/rest/agile/1.0/board/{board}/configuration", None, {"id": board, "name": "b", "type": "scrum"}
            )
        output = run({"jira": JIRA_DC}, "jira_board_configurations")
        mocks.verify()
    assert sorted(r.record.data["boardId"] for r in output.records) == ["84", "92"]


def agile_issue(issue_id, updated="2024-05-02T08:00:00.000+0000"):
    return {
        "id": issue_id,
        "self": f"{AGILE}/issue/{issue_id}",
        "key": f"ED-{issue_id}",
        "fields": {
            "updated": updated,
            "created": "2024-01-01T00:00:00.000+0000",
            "project": {"id": "10040", "key": "ED"},
        },
    }


def mock_no_software_lists(mocker, path, status=404):
    """The one probe a Cloud read sends to Jira Software's token-paged list: this site answers 404 (or 410), so the
    read goes through Agile 1.0."""
    probe = HttpRequest(f"{JIRA}/rest/software/1.0/{path}", query_params={"maxResults": "1", "fields": "updated"})
    mocker.get(probe, error(status, {"errorMessages": ["null for uri"], "errors": {}}))
    return probe


def issue_params(bound_ms, start):
    return {
        "startAt": str(start),
        "maxResults": "2",
        "fields": AGILE_ISSUE_FIELDS,
        "jql": f"updated >= {bound_ms} ORDER BY id ASC",
    }


def test_board_issues_resume_each_board_from_its_own_cursor_and_save_the_sync_start():
    """Board 84 has a cursor (minus the 30-minute lookback); board 92 has none: it reads from start_date (epoch)."""
    state = (
        StateBuilder()
        .with_stream_state("jira_board_issues", {"state_version": 2, "partitions": {"84": {"cursor": SAVED}}})
        .build()
    )
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks)
        probe = mock_no_software_lists(mocker, "board/84/issue")
        first = {
            "expand": "",
            "startAt": 0,
            "maxResults": 2,
            "total": 3,
            "issues": [agile_issue("1"), agile_issue("2")],
        }
        mocks.get(f"{AGILE}/board/84/issue", issue_params(BOUND_MS, 0), first, Date=DATE)
        second = {"expand": "", "startAt": 2, "maxResults": 2, "total": 3, "issues": [agile_issue("5")]}
        mocks.get(f"{AGILE}/board/84/issue", issue_params(BOUND_MS, 2), second, Date=DATE)
        mocks.get(
            f"{AGILE}/board/92/issue",
            issue_params(0, 0),
            {"expand": "", "startAt": 0, "maxResults": 2, "total": 1, "issues": [agile_issue("1")]},
            Date=DATE,
        )
        config = {"jira": {**JIRA_CLOUD, "lookback_window_minutes": 30}}
        output = run(config, "jira_board_issues", SyncMode.incremental, state)
        mocks.verify()
        mocker.assert_number_of_calls(probe, 1)
    assert not output.errors
    assert sorted((r.record.data["boardId"], r.record.data["id"]) for r in output.records) == [
        ("84", "1"),
        ("84", "2"),
        ("84", "5"),
        ("92", "1"),
    ]
    record = output.records[0].record.data
    assert record["updated"] == "2024-05-02T08:00:00.000+00:00" and record["projectKey"] == "ED"
    assert output.most_recent_state.stream_state.__dict__ == {
        "state_version": 2,
        "partitions": {"84": {"cursor": NEW_CURSOR}, "92": {"cursor": NEW_CURSOR}},
    }


def test_sprint_issues_read_a_sprint_shown_on_two_boards_once():
    sprint = {"id": 37, "self": f"{AGILE}/sprint/37", "state": "active", "name": "S1", "originBoardId": 84}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks, boards=(SCRUM, OPS))
        for board in (84, 93):
            mocks.get(f"{AGILE}/board/{board}/sprint", {"startAt": "0", "maxResults": "2"}, page([sprint], 0))
        mock_no_software_lists(mocker, "sprint/37/issue", status=410)
        body = {"expand": "", "startAt": 0, "maxResults": 2, "total": 1, "issues": [agile_issue("3")]}
        mocks.get(f"{AGILE}/sprint/37/issue", issue_params(0, 0), body, Date=DATE)
        output = run({"jira": JIRA_CLOUD}, "jira_sprint_issues", SyncMode.incremental)
        mocks.verify()
    assert not output.errors
    assert [(r.record.data["sprintId"], r.record.data["id"]) for r in output.records] == [("37", "3")]
    assert output.most_recent_state.stream_state.__dict__ == {
        "state_version": 2,
        "partitions": {"37": {"cursor": NEW_CURSOR}},
    }


def test_backlogs_are_read_for_scrum_boards_only_without_jql_and_a_deleted_board_is_skipped():
    """Data Center: Agile 1.0's backlog, in Jira's rank order (no JQL); Kanban board 92 is never asked; board 93 was
    deleted after the board list was read (404): skipped and logged, the read goes on."""
    params = {"maxResults": "2", "fields": AGILE_ISSUE_FIELDS}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_boards(mocks, base=DC, boards=(SCRUM, KANBAN, OPS))
        backlog = f"{DC}/rest/agile/1.0/board/84/backlog"
        first = {"startAt": 0, "maxResults": 2, "total": 3, "issues": [agile_issue("9"), agile_issue("4")]}
        mocks.get(backlog, {**params, "startAt": "0"}, first)
        mocks.get(
            backlog,
            {**params, "startAt": "2"},
            {"startAt": 2, "maxResults": 2, "total": 3, "issues": [agile_issue("6")]},
        )
        gone = {"errorMessages": ["The requested board cannot be viewed because it either does not exist"]}
        deleted = HttpRequest(f"{DC}/rest/agile/1.0/board/93/backlog", query_params={**params, "startAt": "0"})
        mocker.get(deleted, error(404, {**gone, "errors": {}}))
        output = run({"jira": JIRA_DC}, "jira_board_backlog_issues")
        mocks.verify()
        mocker.assert_number_of_calls(deleted, 1)
    assert not output.errors
    assert [(r.record.data["boardId"], r.record.data["id"]) for r in output.records] == [
        ("84", "9"),
        ("84", "4"),
        ("84", "6"),
    ]
    skipped = [m.log.message for m in output.logs if "board/93/backlog" in m.log.message and "skipped" in m.log.message]
    assert skipped and all("HTTP 404" in line and "deleted" in line for line in skipped)
