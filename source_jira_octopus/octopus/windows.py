"""Octopus lists that filter by date on the server: a partition asks for one fixed window of time.

    GET /api/Spaces-1/events?from=2026-11-23T11:50:00.000+00:00&to=2026-11-23T12:00:00.000+00:00&skip=0&take=100

The lower bound is `start_date`, or on an incremental read the space's cursor minus the 10-minute lookback. The
upper bound is the sync's start, fixed once per stream, so that every page of every space sees the same list (new
records arriving while we page cannot shift the offsets) - and noted on the checkpoint as the sync's start at the
latest, so the saved cursor never lies after a moment this sync did not read up to (no gap, whatever the clocks).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from source_jira_octopus.octopus.base import OctopusContext
from source_jira_octopus.octopus.streams.core import OctopusSpaceStream
from source_jira_octopus.slice_keys import PARTITION


def octopus_query_time(value: datetime) -> str:
    """`2026-11-23T12:00:00.000+00:00`: ISO 8601 with its offset, so no server reads it in its own time zone."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


class OctopusWindowedStream(OctopusSpaceStream):
    """Once per space, within [lower bound, sync start] on the server's own date filters."""

    window_names: ClassVar[tuple[str, str]]  # (lower, upper) query parameter names
    # Filters for a partition that has no cursor yet (tasks: every task queued since start_date, running or not).
    first_window_names: ClassVar[tuple[str, str] | None] = None

    def __init__(self, context: OctopusContext) -> None:
        super().__init__(context)
        self._window_lock = threading.Lock()
        self._upper: datetime | None = None

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        partition = str(stream_slice.get(PARTITION, "*"))
        low, high = self.window_for(partition)
        return {low: octopus_query_time(self.lower_bound(partition)), high: octopus_query_time(self.upper_bound())}

    def window_for(self, partition: str) -> tuple[str, str]:
        saved = self.checkpoint.saved_cursor(partition)
        return self.first_window_names if self.first_window_names and saved is None else self.window_names

    def upper_bound(self) -> datetime:
        with self._window_lock:
            if self._upper is None:
                started = self.checkpoint.sync_started_at
                self.checkpoint.note_server_time(started)  # the saved cursor is at most this upper bound
                self._upper = started
            return self._upper
