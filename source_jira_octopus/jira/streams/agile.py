"""Jira Software's Agile API (`/rest/agile/1.0`, the same on Cloud and Data Center): boards, their configuration,
sprints and epics, the issues of each board and each sprint, and each Scrum board's backlog.

Agile ids are numbers; each record also carries them as strings (`boardId`, `sprintId`, `epicId`), which are the
keys. Sprints and epics are read per board, and one sprint or epic may show on several boards, hence the keys
with `boardId`. Board and sprint issues are incremental per board / sprint on `updated` with the core's rules
(DESIGN.md §4): JQL `updated >= <epoch ms>` `ORDER BY id ASC`, and the partition's cursor becomes the sync's start.

Each Scrum board's backlog (`jira_board_backlog_issues`) is a full-refresh snapshot in Jira's rank order.

On Cloud, board, sprint and backlog issues come from Jira Software's token-paged lists (`/rest/software/1.0`:
`board/{id}/issue`, `board/{id}/backlog`, `sprint/{id}/issue`; RFC-127: `nextPageToken`, up to 5,000 a page), which
replace the Agile ones. They are eventually consistent, so an incremental read also takes the end bound of
jira/search_end.py. A site that answers 404 or 410 there is read through `/rest/agile/1.0` as before, with one warning
per stream. Data Center keeps Agile 1.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from airbyte_cdk.models import SyncMode

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.errors import IgnoredWhenBodySays
from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import AGILE, JiraContext, JiraStream
from source_jira_octopus.jira.paginators import OBJECT, PAGE_BEAN, JiraOffsetPaginator, JiraTokenPaginator
from source_jira_octopus.jira.partitions import JQL, issue_jql
from source_jira_octopus.jira.search_end import search_end
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
SOFTWARE_API, AGILE_API = "/rest/software/1.0", "/rest/agile/1.0"
SOFTWARE_ISSUES = JiraTokenPaginator("issues")
SOFTWARE_PAGE_UNITS = (
    10  # issues a Software page asks for per unit of `jira.page_size` (1,000 at 100; Jira's cap 5,000)
)
SOFTWARE_ABSENT = {
    404: "a site without Jira Software's /rest/software/1.0 lists: read through /rest/agile/1.0",
    410: "a site where /rest/software/1.0 was withdrawn: read through /rest/agile/1.0",
}
# why: a Cloud site that answers 404/410 on Software 1.0 is read through Agile 1.0, whose backlog Cloud removed on
# 2026-11-01; that site has no backlog list left, which is not a reason to fail the sync (the probe warned once)
BACKLOG_GONE = {
    404: "no backlog list for this board: the board was deleted after the board list was read, or (Cloud) neither "
    "Software 1.0's backlog nor Agile 1.0's (removed on 2026-11-01) answers",
    410: "the backlog list was withdrawn (Agile 1.0's on Cloud, removed on 2026-11-01)",
}
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


class JiraSoftwareIssueList(JiraAgileStream):
    """Issues of one board, sprint or backlog per partition: on Cloud from Jira Software's token-paged list, else (Data
    Center, or a Cloud site that answers 404/410 there) from Agile 1.0."""

    software: ClassVar[Route]  # Cloud's list under /rest/software/1.0, same placeholders as the Agile route

    def __init__(self, context: JiraContext) -> None:
        self._on_software = False  # chosen once per read (stream_slices)
        self._end: datetime | None = None
        super().__init__(context)

    @property
    def route(self) -> Route:
        return self.software if self._on_software else super().route

    @property
    def url_base(self) -> str:
        return self.context.site.software_url if self._on_software else super().url_base

    def stream_slices(
        self,
        *,
        sync_mode: SyncMode = SyncMode.full_refresh,
        cursor_field: Any = None,
        stream_state: Mapping[str, Any] | None = None,
    ) -> Iterable[Mapping[str, Any] | None]:
        partitions = list(self.partitions())
        self._choose_api(partitions[0] if partitions else None)
        return self.checkpoint.track(partitions)

    def _choose_api(self, first: Mapping[str, Any] | None) -> None:
        """One request to the Software list of the first partition: 404 or 410 means this site reads Agile 1.0."""
        self._on_software, self._end = False, None
        if not self.context.site.is_cloud or first is None:
            return
        client = ServiceClient(
            self.context.settings, self.context.site.software_url, self.context.logger, self.name, SOFTWARE_ABSENT
        )
        probe = client.send("GET", self.software.path.format(**first), params={"maxResults": 1, "fields": "updated"})
        if probe.status_code in SOFTWARE_ABSENT:
            self.logger.warning(
                f"{self.name}: Jira answered HTTP {probe.status_code} to {SOFTWARE_API}; reading through "
                f"{AGILE_API} instead (offset paging, without the search's end bound)."
            )
            return
        self._on_software = True
        self._end = search_end(probe, self.checkpoint, self.context.config.search_lag)

    def first_page(self, stream_slice: Mapping[str, Any]) -> dict[str, Any]:
        units = SOFTWARE_PAGE_UNITS if self._on_software else 1
        return self.route.paginator.first_page(self.context.page_size * units)

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"fields": AGILE_ISSUE_FIELDS}

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**record, **issue_row_keys(record)}


class JiraAgileIssueStream(JiraSoftwareIssueList):
    """Paged in a stable order with a lower bound on `updated` (and, from the token-paged Software list, an end
    bound)."""

    cursor_field = "updated"

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        bound = self.lower_bound(str(stream_slice.get(PARTITION)))
        return {**super().slice_params(stream_slice), JQL: issue_jql(bound, None, (None, None), updated_to=self._end)}


class JiraBoardIssues(JiraAgileIssueStream):
    name = "jira_board_issues"
    primary_key = ["boardId", "id"]
    parent_kind = JiraBoards
    slice_keys = BOARD_SLICE
    stamps = BOARD_STAMPS
    cloud = Route("board/{board_id}/issue", JiraOffsetPaginator("issues"))
    software = Route("board/{board_id}/issue", SOFTWARE_ISSUES)


class JiraSprintIssues(JiraAgileIssueStream):
    """One partition per sprint, even when the sprint shows on several boards."""

    name = "jira_sprint_issues"
    primary_key = ["sprintId", "id"]
    parent_kind = JiraSprints
    slice_keys = {"sprint_id": "sprintId"}
    stamps = {"sprintId": "sprint_id"}
    cloud = Route("sprint/{sprint_id}/issue", JiraOffsetPaginator("issues"))
    software = Route("sprint/{sprint_id}/issue", SOFTWARE_ISSUES)

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        unique = {str(keys["sprint_id"]): keys for keys in self.context.parents.slices(JiraSprints, self.slice_keys)}
        return [{**keys, PARTITION: sprint_id} for sprint_id, keys in unique.items()]


class JiraBoardBacklogIssues(JiraSoftwareIssueList):
    """The backlog of each Scrum board, in Jira's order (rank): its incomplete issues that no active or future sprint
    holds. Full refresh, a snapshot: an issue planned into a sprint leaves the backlog without a record saying so. Cloud
    reads Software 1.0 (Agile 1.0's backlog was scheduled for removal on 2026-11-01); a Kanban board's backlog is its
    first column (`jira_board_configurations`, `jira_board_issues`)."""

    name = "jira_board_backlog_issues"
    primary_key = ["boardId", "id"]
    parent_kind = JiraBoards
    slice_keys = BOARD_SLICE
    stamps = BOARD_STAMPS
    ignored_statuses = BACKLOG_GONE
    cloud = Route("board/{board_id}/backlog", JiraOffsetPaginator("issues"))
    software = Route("board/{board_id}/backlog", SOFTWARE_ISSUES)

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        scrum = [board for board in self.context.parents.records(JiraBoards) if board.get("type") == "scrum"]
        return [{"board_id": board["boardId"], PARTITION: str(board["boardId"])} for board in scrum]


STREAMS: tuple[type[JiraStream], ...] = (
    JiraBoards,
    JiraBoardConfigurations,
    JiraSprints,
    JiraEpics,
    JiraBoardIssues,
    JiraSprintIssues,
    JiraBoardBacklogIssues,
)
