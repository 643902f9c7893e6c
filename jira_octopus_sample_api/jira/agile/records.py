"""The agile part's records: boards, sprints, the sprint of each issue, and the issue lists of boards, sprints and epics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.clock import jira_time, to_epoch_ms
from jira_octopus_sample_api.jira.core.catalog import JIRA_SITE

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset

AGILE = f"{JIRA_SITE}/rest/agile/1.0"
SPRINT_STATES = ("closed", "closed", "active", "future")
SPRINT_DAYS = 14


@dataclass
class AgileRecords:
    boards: list[dict[str, Any]]  # Board records (Agile shape), by id
    project_of_board: dict[int, str]  # board id -> project id
    sprints: dict[int, list[dict[str, Any]]]  # Scrum board id -> its sprints
    sprint_of_issue: dict[str, int] = field(default_factory=dict)  # issue id -> sprint id
    epic_of_issue: dict[str, str] = field(default_factory=dict)  # issue id -> epic issue id

    def board(self, board_id: int) -> dict[str, Any] | None:
        return next((b for b in self.boards if b["id"] == board_id), None)

    def sprint(self, sprint_id: int) -> dict[str, Any] | None:
        return next((s for sprints in self.sprints.values() for s in sprints if s["id"] == sprint_id), None)


def _agile_time(ms: int) -> str:
    """The Agile API writes sprint dates as ISO 8601 with a `Z`: `2025-05-18T12:00:00.000Z`."""
    return jira_time(ms).replace("+0000", "Z")


def _board(board_id: int, kind: str, project: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": board_id,
        "self": f"{AGILE}/board/{board_id}",
        "name": f"{project['key']} {'board' if kind == 'scrum' else 'flow'}",
        "type": kind,
        "location": {
            "projectId": int(project["id"]),
            "displayName": f"{project['name']} ({project['key']})",
            "projectName": project["name"],
            "projectKey": project["key"],
            "projectTypeKey": project["projectTypeKey"],
            "avatarURI": f"{JIRA_SITE}/rest/api/2/universal_avatar/view/type/project/avatar/10400?size=small",
            "name": f"{project['name']} ({project['key']})",
        },
    }


def _sprints(board_id: int, key: str, first_id: int, anchor_ms: int) -> list[dict[str, Any]]:
    sprints = []
    for number, state in enumerate(SPRINT_STATES):
        start = anchor_ms - (len(SPRINT_STATES) - 2 - number) * SPRINT_DAYS * 86_400_000 - 3 * 86_400_000
        sprint: dict[str, Any] = {
            "id": first_id + number,
            "self": f"{AGILE}/sprint/{first_id + number}",
            "state": state,
            "name": f"{key} Sprint {number + 1}",
            "createdDate": _agile_time(start - 2 * 86_400_000),
            "originBoardId": board_id,
            "goal": f"Ship the {key} increment {number + 1}" if number % 2 == 0 else "",
        }
        if state != "future":
            sprint["startDate"] = _agile_time(start)
            sprint["endDate"] = _agile_time(start + SPRINT_DAYS * 86_400_000)
        if state == "closed":
            sprint["completeDate"] = _agile_time(start + SPRINT_DAYS * 86_400_000 + 3_600_000)
        sprints.append(sprint)
    return sprints


def build_agile(dataset: FakeDataset) -> AgileRecords:
    anchor_ms = to_epoch_ms(dataset.anchor - timedelta(days=1))
    records = AgileRecords([], {}, {})
    next_sprint = 1
    for index, project in enumerate(dataset.jira_projects):
        scrum_id = len(records.boards) + 1
        records.boards.append(_board(scrum_id, "scrum", project))
        records.project_of_board[scrum_id] = project["id"]
        records.sprints[scrum_id] = _sprints(scrum_id, project["key"], next_sprint, anchor_ms)
        next_sprint += len(SPRINT_STATES)
        if index % 2 == 0:
            kanban_id = len(records.boards) + 1
            records.boards.append(_board(kanban_id, "kanban", project))
            records.project_of_board[kanban_id] = project["id"]
        _assign(dataset, records, project["id"], records.sprints[scrum_id])
    return records


def _assign(dataset: FakeDataset, records: AgileRecords, project_id: str, sprints: list[dict[str, Any]]) -> None:
    issues = [i for i in dataset.jira_issues if i["fields"]["project"]["id"] == project_id]
    epics = [i["id"] for i in issues if is_epic(i)]
    others = [i for i in issues if not is_epic(i)]
    for position, issue in enumerate(others):
        if position % 5:
            records.sprint_of_issue[issue["id"]] = sprints[position % len(sprints)]["id"]
        if epics and position % 3 == 0:
            records.epic_of_issue[issue["id"]] = epics[position % len(epics)]
            _link_to_epic(issue, dataset.issue(epics[position % len(epics)]))


def _link_to_epic(issue: dict[str, Any], epic: dict[str, Any]) -> None:
    """Cloud names the epic in `parent` (Epic Link is deprecated for it); Data Center in Epic Link (issue_view)."""
    epic_fields = epic["fields"]
    issue["fields"]["parent"] = {
        "id": epic["id"],
        "key": epic["key"],
        "self": epic["self"],
        "fields": {name: epic_fields[name] for name in ("summary", "status", "priority", "issuetype")},
    }
    issue["fields"]["customfield_10014"] = epic["key"]


def is_epic(issue: dict[str, Any]) -> bool:
    return bool(issue["fields"]["issuetype"]["name"] == "Epic")


def board_issues(dataset: FakeDataset, records: AgileRecords, board: dict[str, Any]) -> list[dict[str, Any]]:
    project_id = records.project_of_board[board["id"]]
    issues = [i for i in dataset.jira_issues if i["fields"]["project"]["id"] == project_id]
    return [i for i in issues if not is_epic(i)] if board["type"] == "kanban" else issues


def backlog_issues(dataset: FakeDataset, records: AgileRecords, board: dict[str, Any]) -> list[dict[str, Any]]:
    """A Scrum board's backlog: its incomplete non-epic issues that no active or future sprint holds, in id order (as
    every list here, for `JqlQuery.run`; the dataset's rank, customfield_10019, follows the id)."""

    def open_sprint(issue: dict[str, Any]) -> bool:
        sprint = records.sprint(records.sprint_of_issue.get(issue["id"], 0))
        return sprint is not None and sprint["state"] != "closed"

    issues = [i for i in board_issues(dataset, records, board) if not is_epic(i) and not open_sprint(i)]
    return [i for i in issues if i["fields"]["status"]["statusCategory"]["key"] != "done"]


def sprint_issues(dataset: FakeDataset, records: AgileRecords, sprint_id: int) -> list[dict[str, Any]]:
    return [i for i in dataset.jira_issues if records.sprint_of_issue.get(i["id"]) == sprint_id]


def epics(dataset: FakeDataset, records: AgileRecords, board: dict[str, Any]) -> list[dict[str, Any]]:
    project_id = records.project_of_board[board["id"]]
    return [i for i in dataset.jira_issues if i["fields"]["project"]["id"] == project_id and is_epic(i)]
