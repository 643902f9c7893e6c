"""What the generated files say about each stream, taken from the stream registries alone (no server, no network).

The streams are built from a config that names a Jira Cloud site and an Octopus server but reaches neither, so
facts that depend on the instance (a key that differs by flavour, `supports_incremental`) are read as `discover`
reads them against Jira Cloud; nothing here asks for a schema (`jira_issues`' costs a `GET field`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from source_jira_octopus.http.stream import ServiceHttpStream
from source_jira_octopus.jira.base import SAME_AS_CLOUD, JiraStream
from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS, OctopusSpaces
from source_jira_octopus.service_connections import ServiceConnections

OFFLINE_CONFIG = {
    "jira": {
        "base_url": "https://registry.invalid",
        "deployment": "cloud",
        "credentials": {"auth_type": "api_token", "email": "registry@example.com", "api_token": "unused"},
    },
    "octopus": {"server_url": "https://registry.invalid", "api_key": "API-UNUSED"},
}


@dataclass(frozen=True)
class StreamFacts:
    name: str
    primary_key: tuple[str, ...]
    cursor: str | None
    endpoint: str  # Jira: the Cloud route; Octopus: the path under /api
    data_center: str  # Jira only: the Data Center route, "same", or why there is none
    partitions: str

    @property
    def sync_modes(self) -> str:
        return "full refresh, incremental" if self.cursor else "full refresh"


@cache
def registry_streams() -> tuple[ServiceHttpStream, ...]:
    """One instance of every registered kind, in registry order (Jira first), as `discover` lists them."""
    connections = ServiceConnections(logging.getLogger("registry")).for_config(OFFLINE_CONFIG)
    return tuple(stream for connection in connections for stream in connection.streams())  # type: ignore[misc]


def stream_facts() -> list[StreamFacts]:
    return [_facts(stream) for stream in registry_streams()]


def octopus_cap_kinds() -> list[type[OctopusStream]]:
    """The kinds `octopus.max_items_per_kind` accepts, in registry order (every kind but spaces)."""
    return [kind for kind in OCTOPUS_STREAMS if kind is not OctopusSpaces]


def _facts(stream: ServiceHttpStream) -> StreamFacts:
    key = stream.primary_key
    cursor = stream.cursor_field if stream.supports_incremental else None
    parent = stream.parent_kind
    partitions = f"one per `{parent.name}` record" if parent is not None else "one"
    if isinstance(stream, JiraStream):
        cls = type(stream)
        data_center: Any = cls.data_center
        if data_center == SAME_AS_CLOUD:
            dc = "same"
        elif data_center is None:
            dc = f"not on DC: {cls.absent_reason}" if cls.absent_reason else "not on DC"
        else:
            dc = _route(data_center)
        return StreamFacts(stream.name, _keys(key), _cursor(cursor), _route(cls.cloud), dc, partitions)
    assert isinstance(stream, OctopusStream)
    scoped = parent is not None
    path = stream.path_template.replace("{space_id}", "{SpaceId}")
    return StreamFacts(
        stream.name, _keys(key), _cursor(cursor), f"`GET /api/{path}`", "", "one per space" if scoped else "one"
    )


def _keys(key: str | Sequence[str]) -> tuple[str, ...]:
    return (key,) if isinstance(key, str) else tuple(key)


def _cursor(cursor: Any) -> str | None:
    if not cursor:
        return None
    return cursor if isinstance(cursor, str) else ".".join(cursor)


def _route(route: Any) -> str:
    return f"`{route.method} {route.path}`" if route is not None else "none"
