"""SourceJiraOctopus: parse the config once, build each service's streams with their checkpoints, hand them to the
concurrent engine. What it changes about the CDK's own behaviour is in entrypoint_workarounds.py."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator, Mapping
from itertools import zip_longest
from queue import Queue
from typing import Any

from airbyte_cdk.models import AirbyteMessage, AirbyteStateMessage, ConfiguredAirbyteCatalog, SyncMode
from airbyte_cdk.sources.concurrent_source.concurrent_source import ConcurrentSource
from airbyte_cdk.sources.message import InMemoryMessageRepository
from airbyte_cdk.sources.streams import Stream
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import parse_config
from source_jira_octopus.connection_check import CheckOutcome, permission_errors, warn_about_future_start_dates
from source_jira_octopus.entrypoint_workarounds import EntrypointWorkarounds
from source_jira_octopus.http.checkpoints import NullCheckpoint, StreamCheckpoint
from source_jira_octopus.http.errors import CHECK_CONNECTION_RETRIES
from source_jira_octopus.service_connections import Connection, ServiceConnections
from source_jira_octopus.state.read_checkpoints import ReadCheckpoints

DEFAULT_CONCURRENCY = 8
THREADS_PER_SLOT = 2  # one sending, one waiting for its paced slot
# Records waiting for the main thread to write them. The CDK's default of 10,000 holds 10,000 parsed issues (about
# 450 MiB of realistic ones) whenever workers outpace stdout; 1,000 (ten pages) keeps memory flat and the writer busy.
QUEUE_SIZE = 1_000
logger = logging.getLogger("airbyte")


class SourceJiraOctopus(EntrypointWorkarounds):
    message_repository = InMemoryMessageRepository(logger.level)

    def __init__(self, config: Mapping[str, Any] | None = None, state: list[AirbyteStateMessage] | None = None) -> None:
        self._workers = _workers(config)
        # State messages of finished partitions travel in this queue, behind the partitions' records.
        self._queue: Queue[Any] = Queue(maxsize=QUEUE_SIZE)
        concurrent_source = ConcurrentSource.create(
            self._workers,
            max(1, self._workers // 2) if self._workers > 1 else 1,
            logger,
            self._slice_logger,
            self.message_repository,
            queue=self._queue,
        )
        super().__init__(concurrent_source)
        self._state = state
        self._incremental: set[str] = set()
        self._selected: set[str] | None = None  # a read builds only the catalog's streams (and their parents)
        self._connections = ServiceConnections(logger)
        self._reads: list[ReadCheckpoints] = []

    def completed_partitions(self) -> int:
        """How many partitions (or `created` windows) the streams' current states name as complete."""
        return sum(read.completed_partitions() for read in self._reads)

    def read(
        self,
        logger: logging.Logger,
        config: Mapping[str, Any],
        catalog: ConfiguredAirbyteCatalog,
        state: Any | None = None,
    ) -> Iterator[AirbyteMessage]:
        """The catalog says which streams run incrementally; their checkpoints keep cursors, the others progress only."""
        self._incremental = {s.stream.name for s in catalog.streams if s.sync_mode == SyncMode.incremental}
        self._selected = {s.stream.name for s in catalog.streams}
        warn_about_future_start_dates(parse_config(config), logger)
        yield from super().read(logger, config, services_alternating(catalog), state)

    def check_connection(self, logger: logging.Logger, config: Mapping[str, Any]) -> tuple[bool, Any | None]:
        parsed = parse_config(config)
        warn_about_future_start_dates(parsed, logger)
        errors: list[str] = []
        for connection in self._connections.for_config(config, CHECK_CONNECTION_RETRIES):
            outcome = _checked(connection)
            errors += outcome.errors + permission_errors(parsed.webhooks, outcome, logger)
        return (False, "\n".join(errors)) if errors else (True, None)

    def streams(self, config: Mapping[str, Any]) -> list[Stream]:
        """Each stream is built with its checkpoint: a `PartitionCheckpoint` from the saved state for the catalog's
        streams, a null one for a parent read only for its children."""
        checkpoints = ReadCheckpoints(self._state, self._incremental, self._queue.put, self.message_repository)
        self._reads.append(checkpoints)

        def checkpoint_for(stream: str) -> StreamCheckpoint:
            return checkpoints.checkpoint(stream) if self._wanted(stream) else NullCheckpoint()

        connections = self._connections.for_config(config)
        streams = [s for connection in connections for s in connection.streams(checkpoint_for, self._selected)]
        # why: wrapping a stream builds its schema, and jira_issues' schema costs a `GET field`
        return [
            self.convert_to_concurrent_stream(logger, stream, checkpoints.state_manager, checkpoints[stream.name])
            for stream in streams
            if self._wanted(stream.name)
        ]

    def _wanted(self, stream: str) -> bool:
        return self._selected is None or stream in self._selected


def services_alternating(catalog: ConfiguredAirbyteCatalog) -> ConfiguredAirbyteCatalog:
    """The catalog's streams with Jira's and Octopus's taking turns, each service's in the catalog's order.

    The CDK starts streams in catalog order, a few at a time (`initial_number_of_partitions_to_generate`). A catalog
    lists Jira's streams first (as `discover` does), so Octopus's started only once most of Jira's had: each service
    is paced by its own governor, and the two paces ran one after the other instead of side by side (a full read
    under both services' rate limits took 1.8x the slower one's bound; bench/bench_rate_goals.py)."""
    by_service: dict[str, list[Any]] = {}
    for configured in catalog.streams:
        by_service.setdefault(configured.stream.name.split("_", 1)[0], []).append(configured)
    turns = [configured for turn in zip_longest(*by_service.values()) for configured in turn if configured is not None]
    return dataclasses.replace(catalog, streams=turns)


def _checked(connection: Connection) -> CheckOutcome:
    try:
        return connection.check()
    except AirbyteTracedException as error:
        return CheckOutcome(errors=[error.message or str(error)])


def _workers(config: Mapping[str, Any] | None) -> int:
    """Two threads per request slot of each service configured. Each service's requests are held to
    `max_concurrent_requests` in flight (its host's `InFlightLimit`), but a thread waiting for its service's paced
    slot holds its thread: with one pool of `max_concurrent_requests`, Octopus's waits under its rate-limiting policy
    left Jira 6.7 of its 10 requests/s (bench/bench_rate_goals.py: 1.37x the rate bound; 1.14x now). A waiting
    thread costs no CPU and sends nothing."""
    try:
        parsed = parse_config(config) if config else None
    except AirbyteTracedException:
        return DEFAULT_CONCURRENCY  # the entrypoint reports the config error itself
    if parsed is None:
        return DEFAULT_CONCURRENCY
    return THREADS_PER_SLOT * parsed.max_concurrent_requests * sum(s is not None for s in (parsed.jira, parsed.octopus))
