"""The fake APIs' agile part (Jira Software, `/rest/agile/1.0`, the same on Cloud and Data Center).

Every project has a Scrum board; every other project also has a Kanban board (which answers 400 "The board does not
support sprints"). A Scrum board has four sprints, one in each state and two closed: closed, closed, active,
future. The core dataset's issues belong to their project's boards (a Kanban board leaves out epics); four of five
non-epic issues are in one of the project's sprints, the rest in the backlog; epics are the project's issues of
type Epic, and every third other issue belongs to one of them. Board and sprint issues are computed when asked, so
edits to the core issues (``touch_issues``, ``add_issue``) show at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.clock import jira_time, to_epoch_ms
from jira_octopus_sample_api.jira.core.catalog import JIRA_SITE
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute

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


def is_epic(issue: dict[str, Any]) -> bool:
    return bool(issue["fields"]["issuetype"]["name"] == "Epic")


def board_issues(dataset: FakeDataset, records: AgileRecords, board: dict[str, Any]) -> list[dict[str, Any]]:
    project_id = records.project_of_board[board["id"]]
    issues = [i for i in dataset.jira_issues if i["fields"]["project"]["id"] == project_id]
    return [i for i in issues if not is_epic(i)] if board["type"] == "kanban" else issues


def sprint_issues(dataset: FakeDataset, records: AgileRecords, sprint_id: int) -> list[dict[str, Any]]:
    return [i for i in dataset.jira_issues if records.sprint_of_issue.get(i["id"]) == sprint_id]


def epics(dataset: FakeDataset, records: AgileRecords, board: dict[str, Any]) -> list[dict[str, Any]]:
    project_id = records.project_of_board[board["id"]]
    return [i for i in dataset.jira_issues if i["fields"]["project"]["id"] == project_id and is_epic(i)]


class AgilePart(DatasetPart):
    name = "agile"

    def build(self, dataset: FakeDataset) -> None:
        dataset.parts[self.name] = build_agile(dataset)

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        records: AgileRecords = dataset.parts[self.name]
        boards = records.boards
        if stream_name in ("jira_boards", "jira_board_configurations"):
            return {str(b["id"]) for b in boards}
        if stream_name == "jira_sprints":
            return {f"{board}|{s['id']}" for board, sprints in records.sprints.items() for s in sprints}
        if stream_name == "jira_epics":
            return {f"{b['id']}|{e['id']}" for b in boards for e in epics(dataset, records, b)}
        if stream_name == "jira_board_issues":
            return {f"{b['id']}|{i['id']}" for b in boards for i in board_issues(dataset, records, b)}
        if stream_name == "jira_sprint_issues":
            sprint_ids = [s["id"] for sprints in records.sprints.values() for s in sprints]
            return {f"{s}|{i['id']}" for s in sprint_ids for i in sprint_issues(dataset, records, s)}
        return None

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.agile.routes import (
            agile_routes,  # why: the endpoint modules import the dataset, which imports us
        )

        return agile_routes()


PART = AgilePart()
