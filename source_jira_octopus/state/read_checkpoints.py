"""The checkpoints of one read, made while its streams are built: each stream's saved state is parsed once, into
the `PartitionCheckpoint` the stream is constructed with and the concurrent engine closes partitions on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from airbyte_cdk.models import AirbyteStateMessage
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import MessageRepository

from source_jira_octopus.state.checkpoint import PartitionCheckpoint
from source_jira_octopus.state.saved import legacy_cursor_field, parse_saved_state


class ReadCheckpoints:
    def __init__(
        self,
        saved: list[AirbyteStateMessage] | None,
        incremental: set[str],
        emit: Callable[[Any], None],
        repository: MessageRepository,
    ) -> None:
        """`incremental`: the streams the catalog reads incrementally (their cursors are used and moved); `emit`
        queues a state message behind the records already read (state/checkpoint.py)."""
        self.state_manager = ConnectorStateManager(state=saved)
        self._incremental = incremental
        self._emit = emit
        self._repository = repository
        self._by_stream: dict[str, PartitionCheckpoint] = {}

    def checkpoint(self, stream: str) -> PartitionCheckpoint:
        """Named in a state this connector cannot read, the stream fails here, before any request."""
        raw = self.state_manager.get_stream_state(stream, None)
        self._by_stream[stream] = checkpoint = PartitionCheckpoint(
            stream,
            parse_saved_state(stream, raw, legacy_cursor_field(stream)),
            stream in self._incremental,
            self._emit,
            self._repository,
            self.state_manager,
        )
        return checkpoint

    def __getitem__(self, stream: str) -> PartitionCheckpoint:
        return self._by_stream[stream]

    def completed_partitions(self) -> int:
        """How many partitions (or `created` windows) the streams' current states name as complete."""
        return sum(checkpoint.completed_partitions() for checkpoint in self._by_stream.values())
