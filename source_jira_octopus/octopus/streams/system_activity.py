"""Octopus activity of the whole server: audit events and server tasks that belong to no space (sign-ins, backups,
retention, ...; `SpaceId` null). `/api/events` and `/api/tasks` without a space in the path serve them when asked
with `includeSystem=true`, mixed with the records of the spaces the key can see; those are read per space by
`octopus_events` / `octopus_tasks`, so only the records without a `SpaceId` are kept here.

Own streams, not a partition of the per-space ones: the per-space streams' state stays as it was (no state shape to
migrate), each stream's primary key `Id` stays unique, and one partition (`*`) holds the system's cursor. The server
filters by the same windows as the space lists (`windows.py`); `take` names the page size as on every list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from source_jira_octopus.http.stream import NO_MAPPING, Route
from source_jira_octopus.octopus.base import PAGINATOR, OctopusStream
from source_jira_octopus.octopus.streams.activity import OctopusEvents, OctopusTasks

INCLUDE_SYSTEM = {"includeSystem": "true"}


def _system_route(path_template: str) -> Route:
    return Route(path_template, PAGINATOR, INCLUDE_SYSTEM)


def _of_the_system(record: Mapping[str, Any]) -> bool:
    """A record of a space is left out: the per-space stream reads it."""
    return not record.get("SpaceId")


class OctopusSystemEvents(OctopusEvents):
    """`GET /api/events?includeSystem=true` within [cursor - lookback, sync start] on `Occurred`, system records only."""

    name = "octopus_system_events"
    kind = "system_events"
    cap_noun = "system audit events (sign-ins, backups, retention)"
    path_template = "events"
    parent_kind = None  # one partition for the server
    slice_keys = NO_MAPPING
    stamps = NO_MAPPING

    @property
    def route(self) -> Route:
        return _system_route(self.path_template)

    def keep(self, record: Mapping[str, Any]) -> bool:
        return _of_the_system(record)


class OctopusSystemTasks(OctopusTasks):
    """`GET /api/tasks?includeSystem=true` (backups, retention, ...), windows as `octopus_tasks`, system tasks only."""

    name = "octopus_system_tasks"
    kind = "system_tasks"
    cap_noun = "system server tasks (backups, retention)"
    path_template = "tasks"
    parent_kind = None
    slice_keys = NO_MAPPING
    stamps = NO_MAPPING

    @property
    def route(self) -> Route:
        return _system_route(self.path_template)

    def keep(self, record: Mapping[str, Any]) -> bool:
        return _of_the_system(record)


STREAMS: tuple[type[OctopusStream], ...] = (OctopusSystemEvents, OctopusSystemTasks)
