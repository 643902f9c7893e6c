"""A concurrent cursor that saves, per partition, what the sync completed, and emits it as partitions finish.

Why the engine's record queue: the CDK closes a partition in the worker thread right after queueing its last
record, while the main thread may still be writing earlier records out. A state message sent through the message
repository could overtake them (a kill then would lose records the state calls complete). Put into the same queue
behind the records, it is written after every one of them.

The same holds for every page: the stream reports a page done (`page_read`, with the position a restart resumes
after) only once the page's records are queued, and the state message goes into the queue behind them. State
messages are queued in the order they were taken (one emitting thread at a time), so the last one written is
always the newest.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any

from airbyte_cdk.models import AirbyteMessage
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import MessageRepository
from airbyte_cdk.sources.streams.concurrent.cursor import Cursor
from airbyte_cdk.sources.streams.concurrent.partitions.partition import Partition
from airbyte_cdk.sources.types import Record

from source_jira_octopus.cancellation import cancelled
from source_jira_octopus.slice_keys import PARTITION, RESUME_AFTER, WHOLE, WINDOW_FROM, WINDOW_TO, Window
from source_jira_octopus.state.saved import Position, SavedState

Emit = Callable[[AirbyteMessage], None]


def slice_window(stream_slice: Mapping[str, Any]) -> Window | None:
    if WINDOW_FROM not in stream_slice and WINDOW_TO not in stream_slice:
        return None
    return (stream_slice.get(WINDOW_FROM), stream_slice.get(WINDOW_TO))


class PartitionCheckpoint(Cursor):
    """Incremental: a partition's cursor becomes the sync's start (or the search's end bound, if earlier) once all
    its slices are read. Full refresh: the finished partitions are skipped by a resumed attempt, and a completed sync
    leaves no progress behind."""

    def __init__(
        self,
        stream_name: str,
        saved: SavedState,
        incremental: bool,
        emit: Emit,
        repository: MessageRepository,
        state_manager: ConnectorStateManager,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._stream_name = stream_name
        self._saved = saved
        self._incremental = incremental
        self._emit = emit
        self._repository = repository
        self._state_manager = state_manager
        self._resumed_start = saved.sync_started_at
        self._local_start = now()
        self._server_start: datetime | None = None
        self._cursor_cap: datetime | None = None  # a search's end bound: cursors never pass it (cap_cursor)
        self._lock = threading.RLock()
        self._emitting = threading.Lock()  # taken before _lock, never by the main thread (which drains the queue)
        self._pending: Counter[str] = Counter()
        self._partitions: set[str] = set()
        self._unread: set[str] = set()  # skipped partitions (e.g. a space the key may not read): cursors stay
        self._all_generated = False

    # ---- what the stream asks -----------------------------------------------------------------------------------
    @property
    def incremental(self) -> bool:
        return self._incremental

    def saved_cursor(self, partition: str) -> datetime | None:
        """Where an incremental read of this partition starts (before any lookback), else None."""
        return self._saved.cursor(partition) if self._incremental else None

    def done_windows(self, partition: str) -> list[Window]:
        return list(self._saved.done.get(partition, []))

    def reached(self, partition: str) -> dict[Window, Position]:
        """The windows an interrupted sync had partly read, and the position each resumes after."""
        with self._lock:
            return dict(self._saved.reached.get(partition, {}))

    @property
    def last_full_read(self) -> datetime | None:
        return self._saved.full_read_at

    def full_read_due(self, every: timedelta) -> bool:
        """Whether this sync re-reads every record: none was saved as complete, or the last began `every` or longer
        ago. A resumed sync goes on as the interrupted one began. A full re-read that completes becomes the last. A last
        full re-read later than this sync's start (the clock was set back, or the state came from a machine whose clock
        ran ahead) is no reason to wait: this sync re-reads all."""
        with self._lock:
            if self._resumed_start is not None:
                return self._saved.full_read_started is not None
            last = self._saved.full_read_at
            if last is not None and timedelta(0) <= self._local_start - last < every:
                return False
            self._saved.full_read_started = self._local_start
            return True

    @property
    def sync_started_at(self) -> datetime:
        """A resumed sync keeps the interrupted one's start: their union is one sync."""
        return self._resumed_start or self._server_start or self._local_start

    def note_server_time(self, server_time: datetime) -> None:
        with self._lock:
            if self._server_start is None or server_time < self._server_start:
                self._server_start = server_time

    def cap_cursor(self, end: datetime) -> None:
        """The read asked for nothing updated after `end`: the cursors it saves stop there, so the next sync reads
        what came after (jira/search_end.py)."""
        with self._lock:
            if self._cursor_cap is None or end < self._cursor_cap:
                self._cursor_cap = end

    def _next_cursor(self) -> datetime:
        start = self.sync_started_at
        return start if self._cursor_cap is None else min(start, self._cursor_cap)

    def keep_cursor(self, partition: str) -> None:
        """This partition was skipped, not read: its saved cursor (or its absence) stays as it was, so the records
        it holds are read once they can be."""
        with self._lock:
            self._unread.add(partition)

    def declare(self, partition: str) -> None:
        """A partition this sync covers even if none of its slices is left (a resumed sync had read them all)."""
        with self._lock:
            self._partitions.add(partition)

    def track(self, slices: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
        """Hands out the slices that are not complete yet, counting them per partition."""
        for stream_slice in slices:
            if cancelled():
                return  # SIGTERM: no more slices, and the sync is not complete
            partition = str(stream_slice.get(PARTITION, "*"))
            window = slice_window(stream_slice)
            with self._lock:
                self._partitions.add(partition)
                if self._is_complete(partition, window):
                    continue
                self._pending[partition] += 1
                position = self._saved.reached.get(partition, {}).get(window or WHOLE)
            if position is not None and RESUME_AFTER not in stream_slice:
                stream_slice = {**stream_slice, RESUME_AFTER: position}
            yield stream_slice
        with self._lock:
            self._all_generated = True
            finished_now = [p for p in self._partitions if not self._pending[p] and p not in self._saved.finished]
            for partition in finished_now:
                self._finish(partition)

    # ---- what the engine calls ----------------------------------------------------------------------------------
    @property
    def state(self) -> MutableMapping[str, Any]:
        return self._saved.to_json()

    def observe(self, record: Record) -> None:
        pass

    def should_be_synced(self, record: Record) -> bool:
        return True

    def page_read(self, stream_slice: Mapping[str, Any], position: Position) -> None:
        """Worker thread, after a page's records were queued and before the next page is asked for: a restart
        resumes this slice after `position`, and the state message queues behind the page's records."""
        if cancelled():
            return
        key = str(stream_slice.get(PARTITION, "*"))
        with self._emitting:
            with self._lock:
                if key in self._saved.finished:
                    return
                self._start_progress()
                self._saved.reached.setdefault(key, {})[slice_window(stream_slice) or WHOLE] = position
                message = self._message()
            self._emit(message)

    def close_partition(self, partition: Partition) -> None:
        """Worker thread, after the partition's last record was queued; the state message queues behind them."""
        if cancelled():
            return  # SIGTERM stopped this partition early: it is not complete, its state is unchanged
        stream_slice = partition.to_slice() or {}
        key = str(stream_slice.get(PARTITION, "*"))
        with self._emitting:
            with self._lock:
                self._start_progress()
                window = slice_window(stream_slice)
                if window is not None:
                    self._saved.mark_done(key, window)
                self._pending[key] -= 1
                if self._all_generated and self._pending[key] == 0:
                    self._finish(key)
                message = self._message()
            self._emit(message)

    def ensure_at_least_one_state_emitted(self) -> None:
        """Main thread, once the stream is done, successful or not."""
        with self._lock:
            if self._all_generated and not +self._pending:
                self._complete_sync()
            message = self._message()
        self._repository.emit_message(message)

    def completed_partitions(self) -> int:
        """Partitions and spans of `created` windows the saved state names as complete (the SIGTERM log line)."""
        with self._lock:
            return len(self._saved.finished) + sum(len(windows) for windows in self._saved.done.values())

    # ---- bookkeeping --------------------------------------------------------------------------------------------
    def _is_complete(self, partition: str, window: Window | None) -> bool:
        return partition in self._saved.finished or (window is not None and self._saved.is_done(partition, window))

    def _start_progress(self) -> None:
        """Saved at every checkpoint: a slower request that started earlier may report its server time late."""
        self._saved.sync_started_at = self.sync_started_at

    def _finish(self, partition: str) -> None:
        self._start_progress()
        self._saved.finished.add(partition)
        self._saved.done.pop(partition, None)
        self._saved.reached.pop(partition, None)
        if self._incremental and partition not in self._unread:
            self._saved.cursors[partition] = self._next_cursor()

    def _complete_sync(self) -> None:
        """Every partition was read: cursors move to the sync's start and no progress is left behind."""
        if self._incremental:
            for partition in self._partitions - self._unread:
                self._saved.cursors[partition] = self._next_cursor()
        if self._saved.full_read_started is not None and not self._unread:
            self._saved.full_read_at = self._saved.full_read_started
        self._saved.full_read_started = None
        self._saved.sync_started_at = None
        self._saved.finished.clear()
        self._saved.done.clear()
        self._saved.reached.clear()

    def _message(self) -> AirbyteMessage:
        self._state_manager.update_state_for_stream(self._stream_name, None, self._saved.to_json())
        return self._state_manager.create_state_message(self._stream_name, None)
