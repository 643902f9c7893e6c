"""Concurrent cursors whose state is "when this sync started", not "the newest record seen".

A stream paged in a stable order with only a lower bound on `updated` can safely resume from the sync's start:
an edit made while we page has a later `updated` and comes back next time (a duplicate, never a loss). Saving
the newest `updated` we saw instead would skip edits made mid-read to records we had already passed.
"""

from __future__ import annotations

import math
import threading
from email.utils import parsedate_to_datetime
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Mapping, MutableMapping, Optional

from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import MessageRepository
from airbyte_cdk.sources.streams.concurrent.cursor import Cursor
from airbyte_cdk.sources.streams.concurrent.partitions.partition import Partition
from airbyte_cdk.sources.types import Record


class SyncStartCursor(Cursor):
    """Saves `{cursor_field: <sync start>}` once, at the end of the stream, and only if every slice succeeded.

    The start is taken from the server's clock when the stream reports one (`note_server_time`), so a connector
    host whose clock runs ahead cannot move the state past edits the server has not timestamped yet. On any
    failure the previous state is emitted unchanged, so the next sync resumes without a gap.
    """

    def __init__(
        self,
        stream_name: str,
        cursor_field: str,
        initial_state: Optional[Mapping[str, Any]],
        message_repository: MessageRepository,
        state_manager: ConnectorStateManager,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self._stream_name = stream_name
        self._cursor_field = cursor_field
        self._state: dict[str, Any] = dict(initial_state or {})
        self._repository = message_repository
        self._state_manager = state_manager
        self._started_at = now()
        self._server_started_at: Optional[datetime] = None
        self._lock = threading.Lock()
        self._generated = 0
        self._closed = 0
        self._all_generated = False
        self._emitted = False

    @property
    def state(self) -> MutableMapping[str, Any]:
        return self._state

    @property
    def sync_started_at(self) -> datetime:
        return self._server_started_at or self._started_at

    def note_server_time(self, server_time: datetime) -> None:
        """Called with the server clock at the first response; the earliest report wins."""
        with self._lock:
            if self._server_started_at is None or server_time < self._server_started_at:
                self._server_started_at = server_time

    def track(self, slices: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
        """Wraps the stream's slices so the cursor knows when all of them were handed out."""
        for stream_slice in slices:
            with self._lock:
                self._generated += 1
            yield stream_slice
        with self._lock:
            self._all_generated = True

    def observe(self, record: Record) -> None:
        pass

    def close_partition(self, partition: Partition) -> None:
        with self._lock:
            self._closed += 1

    def should_be_synced(self, record: Record) -> bool:
        return True

    def ensure_at_least_one_state_emitted(self) -> None:
        """Runs on the main thread once the stream is done (after all its records were yielded), success or not."""
        with self._lock:
            if self._emitted:
                return
            if self._all_generated and self._closed == self._generated:
                self._state = {self._cursor_field: self.sync_started_at.isoformat(timespec="milliseconds")}
            self._emitted = True
        self._state_manager.update_state_for_stream(self._stream_name, None, self._state)
        self._repository.emit_message(self._state_manager.create_state_message(self._stream_name, None))


def server_clock(date_header: Optional[str], elapsed: timedelta) -> Optional[datetime]:
    """Server time at which a request started: its `Date` header (second precision, stamped after the work was
    done) minus the request's duration rounded up to whole seconds, minus one second for the header's rounding.
    Whole seconds keep the state identical however fast the request was."""
    if not date_header:
        return None
    try:
        stamped = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    if stamped.tzinfo is None:
        stamped = stamped.replace(tzinfo=timezone.utc)
    return stamped - timedelta(seconds=math.ceil(elapsed.total_seconds()) + 1)
