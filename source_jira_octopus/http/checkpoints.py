"""What a stream asks of its checkpoint, and the checkpoint of a stream whose progress nobody saves.

A stream gets its checkpoint when it is built (`StreamContext.checkpoints`), never later and never None: a read
gives every stream of its catalog a `PartitionCheckpoint` (`state/checkpoint.py`), which satisfies this protocol;
every other stream (a parent read only for its children, `discover`, a test) gets a `NullCheckpoint`. `http/`
depends on this protocol only, so `http/` and `state/` do not import each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from source_jira_octopus.slice_keys import Window


class StreamCheckpoint(Protocol):
    @property
    def incremental(self) -> bool:
        """Whether the catalog reads this stream incrementally (saved cursors are used and moved)."""

    @property
    def sync_started_at(self) -> datetime:
        """The sync's start (server clock when known): what a completed partition's cursor becomes."""

    def saved_cursor(self, partition: str) -> datetime | None:
        """The partition's saved cursor on an incremental read, else None (no lookback applied)."""

    @property
    def last_full_read(self) -> datetime | None:
        """When the last completed full re-read of a periodically re-read stream began (None: never)."""

    def full_read_due(self, every: timedelta) -> bool:
        """Whether this sync re-reads every record (the last full re-read began `every` or longer ago, or never);
        a sync that answers True and completes is the new last full re-read."""

    def done_windows(self, partition: str) -> list[Window]:
        """The windows of this partition an interrupted sync already completed."""

    def reached(self, partition: str) -> dict[Window, Any]:
        """The windows of this partition an interrupted sync had partly read, and the position each resumes after."""

    def page_read(self, stream_slice: Mapping[str, Any], position: Any) -> None:
        """A page of this slice is read and its records are queued: a restart resumes after `position`."""

    def declare(self, partition: str) -> None:
        """A partition this sync covers even if none of its slices is left."""

    def keep_cursor(self, partition: str) -> None:
        """This partition was skipped, not read: its saved cursor must not move."""

    def note_server_time(self, server_time: datetime) -> None:
        """A response's `Date`, read back to the request's start: the sync's start is the earliest one."""

    def cap_cursor(self, end: datetime) -> None:
        """This read asked for nothing updated after `end` (a search's end bound): no cursor it saves passes it."""

    def track(self, slices: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
        """The slices that are left to read, in order; one partly read carries `RESUME_AFTER` (slice_keys.py)."""


CheckpointFor = Callable[[str], StreamCheckpoint]  # stream name -> its checkpoint


class NullCheckpoint:
    """Full refresh with nothing saved: no cursor, no finished partition, every slice read. The sync's start is the
    earliest server time the stream saw, else the moment it is asked for."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server_start: datetime | None = None

    @property
    def incremental(self) -> bool:
        return False

    @property
    def sync_started_at(self) -> datetime:
        return self._server_start or datetime.now(UTC)

    def saved_cursor(self, partition: str) -> datetime | None:
        return None

    @property
    def last_full_read(self) -> datetime | None:
        return None

    def full_read_due(self, every: timedelta) -> bool:
        return True

    def done_windows(self, partition: str) -> list[Window]:
        return []

    def reached(self, partition: str) -> dict[Window, Any]:
        return {}

    def page_read(self, stream_slice: Mapping[str, Any], position: Any) -> None:
        pass

    def declare(self, partition: str) -> None:
        pass

    def keep_cursor(self, partition: str) -> None:
        pass

    def note_server_time(self, server_time: datetime) -> None:
        with self._lock:
            if self._server_start is None or server_time < self._server_start:
                self._server_start = server_time

    def cap_cursor(self, end: datetime) -> None:
        pass

    def track(self, slices: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
        return slices


def no_checkpoints(stream_name: str) -> StreamCheckpoint:
    """Every stream gets its own null checkpoint (outside a read, e.g. `check`, `discover` or a test)."""
    return NullCheckpoint()
