"""The fake APIs' agile part (Jira Software, `/rest/agile/1.0`, the same on Cloud and Data Center).

Every project has a Scrum board; every other project also has a Kanban board (which answers 400 "The board does not
support sprints"). A Scrum board has four sprints, one in each state and two closed: closed, closed, active,
future. The core dataset's issues belong to their project's boards (a Kanban board leaves out epics); four of five
non-epic issues are in one of the project's sprints, the rest in the backlog (a Scrum board's backlog: its incomplete
non-epic issues in no active or future sprint, in rank order, which is id order here); epics are the project's issues of
type Epic, and every third other issue belongs to one of them. Board and sprint issues are computed when asked, so
edits to the core issues (``touch_issues``, ``add_issue``) show at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_octopus_sample_api.jira.agile.records import (
    AgileRecords,
    backlog_issues,
    board_issues,
    build_agile,
    epics,
    sprint_issues,
)
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute


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
        if stream_name == "jira_board_backlog_issues":
            scrum = [b for b in boards if b["type"] == "scrum"]
            return {f"{b['id']}|{i['id']}" for b in scrum for i in backlog_issues(dataset, records, b)}
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
