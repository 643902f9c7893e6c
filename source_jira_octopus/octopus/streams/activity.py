"""Octopus activity: runbook runs, build information, the Jira work items of releases, audit events, server tasks
and the reporting feed's deployment history. Every one is read once per space, each record stamped with SpaceId.

Incremental rules (state per space):
- runbook runs (like deployments and releases) are listed newest first: paging stops at the first record older than
  the space's cursor minus the lookback (`newest_first_field`);
- release work items come from the releases list, newest first by `Assembled`, with the same stop;
- events (`from`/`to` on `Occurred`), tasks (`fromCompletedDate`/`toCompletedDate`) and the deployment history
  (`fromCompletedTime`/`toCompletedTime`) filter on the server, within a window that ends at the sync's start
  (`windows.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import requests

from source_jira_octopus.http.paging import stop_after
from source_jira_octopus.http.stream import Route
from source_jira_octopus.octopus.base import PAGINATOR, OctopusContext, OctopusStream
from source_jira_octopus.octopus.reporting import (
    OctopusReportingPaginator,
    ReportingHttpClient,
    deployment_row,
    reporting_records,
)
from source_jira_octopus.octopus.streams.core import OctopusSpaceStream, space_kind
from source_jira_octopus.octopus.windows import OctopusWindowedStream
from source_jira_octopus.octopus.work_items import work_item_rows
from source_jira_octopus.slice_keys import PARTITION


class RowCapped(OctopusSpaceStream):
    """A kind whose rows are not the list's items one to one: `max_items_per_kind` counts rows per space."""

    def __init__(self, context: OctopusContext) -> None:
        super().__init__(context)
        self._rows_lock = threading.Lock()
        self._rows: dict[str, int] = {}

    def within_cap(
        self, rows: list[dict[str, Any]], stream_slice: Mapping[str, Any], response: requests.Response
    ) -> list[dict[str, Any]]:
        cap = self.context.config.max_items_per_kind.get(self.kind, 0)
        if not cap:
            return rows
        partition = str(stream_slice.get(PARTITION, "*"))
        with self._rows_lock:
            before = self._rows.get(partition, 0)
            kept = rows[: max(cap - before, 0)]
            self._rows[partition] = before + len(kept)
        if rows and before + len(kept) >= cap:
            more = len(kept) < len(rows) or self.route.paginator.next_page(response) is not None
            stop_after(response)
            if more:
                self._warn_cap(cap, response, f"more than {cap}", stream_slice)
        return kept


class OctopusReleaseWorkItems(RowCapped):
    """`GET /api/{spaceId}/releases` (newest first), one row per work item of each release (`work_items.py`)."""

    name = "octopus_release_work_items"
    kind = "release_work_items"
    cap_noun = "release work items (rows)"
    path_template = "{space_id}/releases"
    primary_key = ["ReleaseId", "PackageId", "PackageVersion", "Id"]  # composite (the CDK shape)
    newest_first_field = "Assembled"  # of the releases listed
    cursor_field = "ReleaseAssembled"  # of the rows

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        releases = PAGINATOR.page(response, replace(self.rules(stream_slice, response), cap=0))
        rows = [row for release in releases for row in work_item_rows(release)]
        return self.within_cap(rows, stream_slice, response)

    def page_position(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Any:
        """Saved as the space closes only: the row cap is counted in this read, and a resumed read would count anew."""
        return None


class OctopusEvents(OctopusWindowedStream):
    """The audit log of each space (`/api/{spaceId}/events`, newest first), `from`/`to` on `Occurred`."""

    name = "octopus_events"
    kind = "events"
    cap_noun = "audit events"
    path_template = "{space_id}/events"
    window_names = ("from", "to")
    cursor_field = "Occurred"


class OctopusTasks(OctopusWindowedStream):
    """Server tasks of each space (deployments, runbook runs, health checks...). A first read takes every task
    queued since `start_date`, running ones included; later reads take the tasks that completed since the cursor:
    a task changes until it completes and never after, so its final state arrives exactly once more."""

    name = "octopus_tasks"
    kind = "tasks"
    cap_noun = "server tasks"
    path_template = "{space_id}/tasks"
    window_names = ("fromCompletedDate", "toCompletedDate")
    first_window_names = ("fromQueueDate", "toQueueDate")
    cursor_field = "CompletedTime"


class OctopusDeploymentHistory(OctopusWindowedStream, RowCapped):
    """`GET /api/{spaceId}/reporting/deployments/xml`: completed deployments, denormalised, kept by Octopus beyond
    retention policies; `fromCompletedTime`/`toCompletedTime` on the server (`reporting.py`)."""

    name = "octopus_deployment_history"
    kind = "deployment_history"
    cap_noun = "deployment history rows (reporting feed)"
    path_template = "{space_id}/reporting/deployments/xml"
    primary_key = "DeploymentId"
    window_names = ("fromCompletedTime", "toCompletedTime")
    cursor_field = "CompletedTime"

    def __init__(self, context: OctopusContext) -> None:
        super().__init__(context)
        self._http_client = ReportingHttpClient(self.name, context.settings, self.logger)

    @property
    def route(self) -> Route:
        return Route(self.path_template, OctopusReportingPaginator())

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        return self.within_cap([deployment_row(raw) for raw in reporting_records(response)], stream_slice, response)


STREAMS: tuple[type[OctopusStream], ...] = (
    space_kind("runbook_runs", "runbookRuns", newest_first_field="Created", cursor_field="Created"),
    space_kind("build_information", "build-information", cap_noun="build information records"),
    OctopusReleaseWorkItems,
    OctopusEvents,
    OctopusTasks,
    OctopusDeploymentHistory,
)
