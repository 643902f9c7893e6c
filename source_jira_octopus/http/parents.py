"""Parent streams read once per sync and shared by all their children (thread-safe)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from source_jira_octopus.http.stream import ServiceHttpStream

RecordsCheck = Callable[[list[Mapping[str, Any]]], None]


class ParentRecords:
    """The records of one parent stream, read the first time a child asks, then kept for the rest of the sync."""

    def __init__(self, stream: ServiceHttpStream, check: RecordsCheck | None = None) -> None:
        self._stream = stream
        self._check = check
        self._lock = threading.Lock()
        self._records: list[Mapping[str, Any]] | None = None

    def records(self) -> list[Mapping[str, Any]]:
        with self._lock:
            if self._records is None:
                records = [
                    record
                    for stream_slice in self._stream.partitions()
                    for record in self._stream.records_for_children(stream_slice)
                    if isinstance(record, Mapping)  # a legacy stream may also yield log messages
                ]
                if self._check is not None:
                    self._check(records)
                self._records = records
            return list(self._records)


class ParentDirectory:
    """Kind -> its one stream instance's records, so no child builds (or re-reads) its own parent."""

    def __init__(self) -> None:
        self._parents: dict[type, ParentRecords] = {}

    def register(self, stream: ServiceHttpStream, check: RecordsCheck | None = None) -> None:
        self._parents[type(stream)] = ParentRecords(stream, check)

    def records(self, kind: type) -> list[Mapping[str, Any]]:
        return self._parents[kind].records()

    def slices(self, kind: type, slice_keys: Mapping[str, str]) -> list[dict[str, Any]]:
        """`{"space_id": "Id"}` -> `[{"space_id": "Spaces-1"}, ...]`: slice key <- parent record field."""
        return [{key: str(record[field]) for key, field in slice_keys.items()} for record in self.records(kind)]
