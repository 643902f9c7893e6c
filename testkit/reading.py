"""Run the connector in-process through the Airbyte entrypoint, as the platform would."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from airbyte_cdk.models import AirbyteStateMessage, SyncMode
from airbyte_cdk.sources.streams import Stream
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.test.state_builder import StateBuilder

from source_jira_octopus import SourceJiraOctopus
from source_jira_octopus.jira.site import JiraSite
from source_jira_octopus.jira.streams import JIRA_STREAMS as JIRA_STREAM_KINDS
from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS as OCTOPUS_STREAM_KINDS


def declared_name(kind: type[Stream]) -> str:
    """The ``name`` a stream class declares (a class attribute over the CDK's ``name`` property)."""
    name = kind.name
    if not isinstance(name, str):
        raise TypeError(f"{kind.__qualname__} declares no stream name")
    return name


# Every stream the connector declares, from its own registries (never a hand-written list).
JIRA_STREAMS = tuple(declared_name(kind) for kind in JIRA_STREAM_KINDS)
OCTOPUS_STREAMS = tuple(declared_name(kind) for kind in OCTOPUS_STREAM_KINDS)
ALL_STREAMS = JIRA_STREAMS + OCTOPUS_STREAMS
INCREMENTAL_STREAMS = frozenset(
    declared_name(kind) for kind in (*JIRA_STREAM_KINDS, *OCTOPUS_STREAM_KINDS) if isinstance(kind.cursor_field, str)
)
# A stream's declared key (a list for a composite key, compared as its values joined by "|"); jira_users' key
# depends on the flavour (see test_full_read.pk_field).
PRIMARY_KEYS: dict[str, str | list[str]] = {
    declared_name(kind): kind.primary_key if isinstance(kind.primary_key, str | list) else "id"
    for kind in (*JIRA_STREAM_KINDS, *OCTOPUS_STREAM_KINDS)
}


def streams_on(deployment: str) -> tuple[str, ...]:
    """Every stream `discover` lists when Jira is `deployment` (streams without a route there are left out)."""
    site = JiraSite(deployment, "https://jira.invalid")
    jira = tuple(declared_name(kind) for kind in JIRA_STREAM_KINDS if kind.route_for(site) is not None)
    return jira + OCTOPUS_STREAMS


def catalog(streams: Iterable[str] = ALL_STREAMS, incremental: bool = True) -> Any:
    builder = CatalogBuilder()
    for name in streams:
        mode = SyncMode.incremental if incremental and name in INCREMENTAL_STREAMS else SyncMode.full_refresh
        builder.with_stream(name, mode)
    return builder.build()


def read_streams(
    config: Mapping[str, Any],
    streams: Iterable[str] = ALL_STREAMS,
    state: list[AirbyteStateMessage] | None = None,
    incremental: bool = True,
) -> EntrypointOutput:
    return read(SourceJiraOctopus(config, state), dict(config), catalog(streams, incremental), state)


def stream_state(output: EntrypointOutput, stream: str) -> dict[str, Any] | None:
    states = [
        message.state.stream
        for message in output.state_messages
        if message.state is not None
        and message.state.stream is not None
        and message.state.stream.stream_descriptor.name == stream
    ]
    last = states[-1].stream_state if states else None
    return dict(last.__dict__) if last is not None else None


def state_for(stream: str, value: Mapping[str, Any]) -> list[AirbyteStateMessage]:
    return StateBuilder().with_stream_state(stream, dict(value)).build()


def records_by_stream(output: EntrypointOutput) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for message in output.records:
        assert message.record is not None  # output.records holds RECORD messages only
        grouped[message.record.stream].append(message.record.data)
    return grouped


def primary_keys(records: list[Mapping[str, Any]], field: str | list[str]) -> Counter:
    fields = [field] if isinstance(field, str) else field
    return Counter("|".join(str(record[name]) for name in fields) for record in records)
