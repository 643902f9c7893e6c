"""Streams get their checkpoint when they are built: the read's `PartitionCheckpoint`, else a `NullCheckpoint`;
`http/` and `state/` do not import each other."""

import ast
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from airbyte_cdk.models import AirbyteStateMessageSerializer
from airbyte_cdk.sources.message import InMemoryMessageRepository

from source_jira_octopus.config import parse_config
from source_jira_octopus.http.checkpoints import NullCheckpoint
from source_jira_octopus.octopus.connection import OctopusConnection
from source_jira_octopus.state.checkpoint import PartitionCheckpoint
from source_jira_octopus.state.read_checkpoints import ReadCheckpoints

LOGGER = logging.getLogger("test")
PACKAGE = Path(__file__).resolve().parents[1] / "source_jira_octopus"
OCTOPUS = {"server_url": "https://octopus.acme.io", "api_key": "API-TEST", "start_date": "2026-01-01T00:00:00Z"}
SAVED_CURSOR = datetime(2026, 3, 1, tzinfo=UTC)


def octopus_connection():
    return OctopusConnection(parse_config({"octopus": OCTOPUS}).octopus, 30, True, LOGGER)


def stream_state(name, state):
    return AirbyteStateMessageSerializer.load(
        {"type": "STREAM", "stream": {"stream_descriptor": {"name": name}, "stream_state": state}}
    )


def test_null_checkpoint_reads_every_slice_and_saves_nothing():
    null = NullCheckpoint()
    slices = [{"partition": "A"}, {"partition": "B", "window_from": 1, "window_to": 2}]
    null.declare("A")
    null.keep_cursor("A")
    assert null.incremental is False
    assert null.saved_cursor("A") is None and null.saved_cursor("*") is None
    assert null.done_windows("B") == []
    assert list(null.track(slices)) == slices


def test_null_checkpoint_starts_the_sync_at_the_earliest_server_time_seen_else_now():
    null = NullCheckpoint()
    before = datetime.now(UTC)
    unseen = null.sync_started_at
    assert before <= unseen <= datetime.now(UTC)
    late, early = before + timedelta(minutes=5), before - timedelta(minutes=5)
    null.note_server_time(late)
    assert null.sync_started_at == late
    null.note_server_time(early)
    null.note_server_time(late + timedelta(minutes=1))
    assert null.sync_started_at == early


def test_streams_built_outside_a_read_each_get_their_own_null_checkpoint():
    streams = octopus_connection().streams()
    assert streams and all(isinstance(stream.checkpoint, NullCheckpoint) for stream in streams)
    assert len({id(stream.checkpoint) for stream in streams}) == len(streams)


def test_streams_of_a_read_are_built_with_the_checkpoint_the_engine_closes_partitions_on():
    state = {"state_version": 2, "partitions": {"Spaces-1": {"cursor": SAVED_CURSOR.isoformat()}}}
    saved = [stream_state("octopus_deployments", state)]
    read = ReadCheckpoints(saved, {"octopus_deployments"}, lambda message: None, InMemoryMessageRepository())
    streams = {stream.name: stream for stream in octopus_connection().streams(read.checkpoint)}
    for name, stream in streams.items():
        assert isinstance(stream.checkpoint, PartitionCheckpoint)
        assert stream.checkpoint is read[name]
    deployments, releases = streams["octopus_deployments"], streams["octopus_releases"]
    assert deployments.checkpoint.incremental and not releases.checkpoint.incremental
    assert deployments.checkpoint.saved_cursor("Spaces-1") == SAVED_CURSOR
    assert deployments.lower_bound("Spaces-1") == SAVED_CURSOR - timedelta(minutes=10)
    assert read.completed_partitions() == 0


def imported_modules(package):
    for path in (PACKAGE / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path.relative_to(PACKAGE), node.module
            elif isinstance(node, ast.Import):
                yield from ((path.relative_to(PACKAGE), alias.name) for alias in node.names)


def test_http_and_state_do_not_import_each_other():
    """Not even for type checking: `http/` asks for the `StreamCheckpoint` protocol, `state/` knows no stream."""
    assert [
        (path, module) for path, module in imported_modules("http") if module.startswith("source_jira_octopus.state")
    ] == []
    assert [
        (path, module) for path, module in imported_modules("state") if module.startswith("source_jira_octopus.http")
    ] == []
