"""SourceJiraOctopus: parse the config once, build each service's streams, hand them to the concurrent engine."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator, Mapping, MutableMapping
from datetime import UTC, datetime
from queue import Queue
from typing import Any

from airbyte_cdk.config_observation import emit_configuration_as_airbyte_control_message
from airbyte_cdk.models import (
    AirbyteConnectionStatus,
    AirbyteMessage,
    AirbyteStateMessage,
    ConfiguredAirbyteCatalog,
    Status,
    SyncMode,
)
from airbyte_cdk.sources.concurrent_source.concurrent_source import ConcurrentSource
from airbyte_cdk.sources.concurrent_source.concurrent_source_adapter import ConcurrentSourceAdapter
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import InMemoryMessageRepository
from airbyte_cdk.sources.streams import Stream
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import ConnectorConfig, parse_config
from source_jira_octopus.connection_check import CheckOutcome, permission_errors
from source_jira_octopus.http.errors import CHECK_CONNECTION_RETRIES, MAX_RETRIES
from source_jira_octopus.http.stream import ServiceHttpStream
from source_jira_octopus.http.tls import verify_setting
from source_jira_octopus.input_files import load_catalog, load_config, load_state
from source_jira_octopus.jira.connection import JiraConnection
from source_jira_octopus.octopus.connection import OctopusConnection
from source_jira_octopus.state.checkpoint import PartitionCheckpoint
from source_jira_octopus.state.saved import parse_saved_state
from source_jira_octopus.sync_outcome import with_stream_failure_types

DEFAULT_CONCURRENCY = 8
# Records waiting for the main thread to write them. The CDK's default of 10,000 holds 10,000 parsed issues (about
# 450 MiB of realistic ones) whenever workers outpace stdout; 1,000 (ten pages) keeps memory flat and the writer busy.
QUEUE_SIZE = 1_000
LEGACY_CURSOR_FIELD = "updated"  # the foundation saved `{"updated": "<sync start>"}` for jira_issues
logger = logging.getLogger("airbyte")


class SourceJiraOctopus(ConcurrentSourceAdapter):
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
        self._connections: dict[str, tuple[JiraConnection | None, OctopusConnection | None]] = {}
        self._checkpoints: list[PartitionCheckpoint] = []

    def completed_partitions(self) -> int:
        """How many partitions (or `created` windows) the streams' current states name as complete."""
        return sum(checkpoint.completed_partitions() for checkpoint in self._checkpoints)

    @staticmethod
    def read_config(config_path: str) -> MutableMapping[str, Any]:
        return load_config(config_path)

    @classmethod
    def read_catalog(cls, catalog_path: str) -> ConfiguredAirbyteCatalog:
        return load_catalog(catalog_path)

    @classmethod
    def read_state(cls, state_path: str) -> list[AirbyteStateMessage]:
        return load_state(state_path, lambda stream: LEGACY_CURSOR_FIELD if stream == "jira_issues" else None)

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
        _warn_about_future_start_dates(logger, parse_config(config))
        yield from with_stream_failure_types(super().read(logger, config, catalog, state))

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        """Like AbstractSource.check, without repr() quoting the message shown to the user."""
        succeeded, message = self.check_connection(logger, config)
        return AirbyteConnectionStatus(status=Status.SUCCEEDED if succeeded else Status.FAILED, message=message)

    def check_connection(self, logger: logging.Logger, config: Mapping[str, Any]) -> tuple[bool, Any | None]:
        parsed = parse_config(config)
        errors: list[str] = []
        for connection in self._services(config, CHECK_CONNECTION_RETRIES):
            outcome = _checked(connection)
            errors += outcome.errors + permission_errors(parsed.webhooks, outcome, logger)
        return (False, "\n".join(errors)) if errors else (True, None)

    def streams(self, config: Mapping[str, Any]) -> list[Stream]:
        state_manager = ConnectorStateManager(state=self._state)
        streams = [stream for connection in self._services(config) for stream in connection.streams()]
        # why: wrapping a stream builds its schema, and jira_issues' schema costs a `GET field`
        wanted = [stream for stream in streams if self._selected is None or stream.name in self._selected]
        return [self._concurrent(stream, state_manager) for stream in wanted]

    def _concurrent(self, stream: Stream, state_manager: ConnectorStateManager) -> Stream:
        assert isinstance(stream, ServiceHttpStream)
        raw: MutableMapping[str, Any] = state_manager.get_stream_state(stream.name, None)
        legacy = LEGACY_CURSOR_FIELD if stream.name == "jira_issues" else None
        checkpoint = PartitionCheckpoint(
            stream.name,
            parse_saved_state(stream.name, raw, legacy),
            stream.name in self._incremental,
            self._queue.put,
            self.message_repository,
            state_manager,
        )
        stream.checkpoint = checkpoint
        self._checkpoints.append(checkpoint)
        return self.convert_to_concurrent_stream(logger, stream, state_manager, checkpoint)

    def _services(
        self, config: Mapping[str, Any], connection_retries: int = MAX_RETRIES
    ) -> list[JiraConnection | OctopusConnection]:
        """Built once per config: the Jira site is resolved (one request) the first time streams need it.
        `check` gives timeouts and refused connections fewer retries than a sync (429/5xx keep the same)."""
        key = json.dumps(config, sort_keys=True, default=str) + f"#{connection_retries}"
        if key not in self._connections:
            parsed = parse_config(config)
            self._connections[key] = (
                self._jira(parsed, config, connection_retries),
                self._octopus(parsed, connection_retries),
            )
        return [connection for connection in self._connections[key] if connection is not None]

    def _jira(self, parsed: ConnectorConfig, raw: Mapping[str, Any], retries: int) -> JiraConnection | None:
        if parsed.jira is None:
            return None
        verify = verify_setting(parsed.ca_certificate)
        return JiraConnection(
            parsed.jira,
            parsed.request_timeout_seconds,
            verify,
            logger,
            _config_updater(raw),
            workers=parsed.max_concurrent_requests,
            connection_retries=retries,
            retry_seconds=parsed.max_retry_minutes * 60,
        )

    def _octopus(self, parsed: ConnectorConfig, retries: int) -> OctopusConnection | None:
        if parsed.octopus is None:
            return None
        verify = verify_setting(parsed.ca_certificate)
        return OctopusConnection(
            parsed.octopus, parsed.request_timeout_seconds, verify, logger, retries, parsed.max_retry_minutes * 60
        )


def _warn_about_future_start_dates(logger: logging.Logger, parsed: ConnectorConfig) -> None:
    """Not an error (a sync may be set up ahead of time), but a first sync that reads nothing must say why."""
    now = datetime.now(UTC)
    for name, section in (("jira", parsed.jira), ("octopus", parsed.octopus)):
        if section is not None and section.start_date > now:
            logger.warning(
                f"{name}.start_date is {section.start_date.isoformat()}, in the future: a first sync reads no "
                f"{name} records created or updated before then (0 records now). Set an earlier start_date to read them."
            )


def _checked(connection: JiraConnection | OctopusConnection) -> CheckOutcome:
    try:
        return connection.check()
    except AirbyteTracedException as error:
        return CheckOutcome(errors=[error.message or str(error)])


def _workers(config: Mapping[str, Any] | None) -> int:
    try:
        return parse_config(config).max_concurrent_requests if config else DEFAULT_CONCURRENCY
    except AirbyteTracedException:
        return DEFAULT_CONCURRENCY  # the entrypoint reports the config error itself


def _config_updater(raw: Mapping[str, Any]):  # type: ignore[no-untyped-def]
    """Persist a rotated OAuth refresh token: the platform stores configs sent as control messages."""

    def update(refresh_token: str) -> None:
        updated = copy.deepcopy(dict(raw))
        updated["jira"]["credentials"]["refresh_token"] = refresh_token
        emit_configuration_as_airbyte_control_message(updated)

    return update
