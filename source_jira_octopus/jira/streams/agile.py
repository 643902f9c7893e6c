"""Jira Software's Agile API (`/rest/agile/1.0`, the same on Cloud and Data Center): boards, their configuration,
sprints and epics, and the issues of each board and each sprint.

Agile ids are numbers; each record also carries them as strings (`boardId`, `sprintId`, `epicId`), which are the
keys. Sprints and epics are read per board, and one sprint or epic may show on several boards, hence the keys
with `boardId`. Board and sprint issues are incremental per board / sprint on `updated` with the core's rules
(DESIGN.md §4): JQL `updated >= <epoch ms>` (a lower bound only) `ORDER BY id ASC`, and the partition's cursor
becomes the sync's start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from source_jira_octopus.http.errors import IgnoredWhenBodySays
from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import AGILE, JiraStream
from source_jira_octopus.jira.paginators import OBJECT, PAGE_BEAN, JiraOffsetPaginator
from source_jira_octopus.jira.partitions import JQL, epoch_ms
from source_jira_octopus.jira.streams.issues import issue_row_keys
from source_jira_octopus.slice_keys import PARTITION

BOARD_SLICE = {"board_id": "boardId"}
BOARD_STAMPS = {"boardId": "board_id"}
# What a board or sprint row needs beside the keys: the issue's place in the agile plan (sprint, epic, flag,
# parent), its status and dates. Everything else about the issue is in `jira_issues`.
AGILE_ISSUE_FIELDS = (
    "summary,status,issuetype,project,assignee,priority,created,updated,resolutiondate,parent,"
    "sprint,closedSprints,epic,flagged"
)
NO_SPRINTS = IgnoredWhenBodySays(
    "Jira documents 400 'The board does not support sprints' for a Kanban board: it has no sprints",
    "does not support sprints",
)


class JiraAgileStream(JiraStream):
    api = AGILE


def _as_text(value: Any) -> str | None:
    return None if value is None else str(value)


class JiraBoards(JiraAgileStream):
    """With `jira.projects` set, only boards located in those projects are kept."""

    name = "jira_boards"
    primary_key = "boardId"
    cloud = Route("board", PAGE_BEAN)

    def keep(self, record: Mapping[str, Any]) -> bool:
        wanted = {key.upper() for key in self.context.config.projects}
        location = record.get("location")
        key = location.get("projectKey") if isinstance(location, Mapping) else None
        return not wanted or str(key or "").upper() in wanted

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, "boardId": _as_text(record.get("id"))}


class JiraBoardConfigurations(JiraAgileStream):
    name = "jira_board_configurations"
    primary_key = "boardId"
    parent_kind = JiraBoards
    slice_keys = BOARD_SLICE
    stamps = BOARD_STAMPS
    cloud = Route("board/{board_id}/configuration", OBJECT)


class JiraSprints(JiraAgileStream):
    """Sprints in every state (future, active, closed)."""

    name = "jira_sprints"
    primary_key = ["boardId", "sprintId"]
    parent_kind = JiraBoards
    slice_keys = BOARD_SLICE
    stamps = BOARD_STAMPS
    ignored_statuses = {400: NO_SPRINTS}
    cloud = Route("board/{board_id}/sprint", PAGE_BEAN)

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, "sprintId": _as_text(record.get("id"))}


class JiraEpics(JiraAgileStream):
    """Epics of each board, done or not."""

    name = "jira_epics"
    primary_key = ["boardId", "epicId"]
    parent_kind = JiraBoards
    slice_keys = BOARD_SLICE
    stamps = BOARD_STAMPS
    cloud = Route("board/{board_id}/epic", PAGE_BEAN)

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, "epicId": _as_text(record.get("id"))}


class JiraAgileIssueStream(JiraAgileStream):
    """Issues of one board or sprint per partition, paged in a stable order with a lower bound on `updated`."""

    cursor_field = "updated"

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        bound = self.lower_bound(str(stream_slice.get(PARTITION)))
        return {"fields": AGILE_ISSUE_FIELDS, JQL: f"updated >= {epoch_ms(bound)} ORDER BY id ASC"}

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, **issue_row_keys(record)}


class JiraBoardIssues(JiraAgileIssueStream):
    name = "jira_board_issues"
    primary_key = ["boardId", "id"]
    parent_kind = JiraBoards
    slice_keys = BOARD_SLICE
    stamps = BOARD_STAMPS
    cloud = Route("board/{board_id}/issue", JiraOffsetPaginator("issues"))


class JiraSprintIssues(JiraAgileIssueStream):
    """One partition per sprint, even when the sprint shows on several boards."""

    name = "jira_sprint_issues"
    primary_key = ["sprintId", "id"]
    parent_kind = JiraSprints
    slice_keys = {"sprint_id": "sprintId"}
    stamps = {"sprintId": "sprint_id"}
    cloud = Route("sprint/{sprint_id}/issue", JiraOffsetPaginator("issues"))

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        unique = {str(keys["sprint_id"]): keys for keys in self.context.parents.slices(JiraSprints, self.slice_keys)}
        return [{**keys, PARTITION: sprint_id} for sprint_id, keys in unique.items()]


STREAMS: tuple[type[JiraStream], ...] = (
    JiraBoards,
    JiraBoardConfigurations,
    JiraSprints,
    JiraEpics,
    JiraBoardIssues,
    JiraSprintIssues,
)
