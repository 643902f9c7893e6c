"""Octopus kinds as data: one line per space-scoped kind (`GET /api/{SpaceId}/<kind>`)."""

from __future__ import annotations

from source_jira_octopus.config import OctopusConfig
from source_jira_octopus.http.stream import HttpSettings
from source_jira_octopus.octopus.base import OctopusSpaceDirectory, OctopusSpaceScopedStream, OctopusStream

# kind -> the creation timestamp of kinds the server lists newest first (None: not date-ordered, read whole)
SPACE_SCOPED_KINDS: dict[str, str | None] = {
    "projects": None,
    "environments": None,
    "releases": "Assembled",
    "deployments": "Created",
    "machines": None,
}


def build_octopus_streams(config: OctopusConfig, settings: HttpSettings) -> list[OctopusStream]:
    spaces = _spaces_stream(config, settings)
    directory = OctopusSpaceDirectory(spaces, config.spaces)
    scoped = [
        OctopusSpaceScopedStream(
            f"octopus_{kind}", settings, config.server_url, kind, config.page_size, directory,
            cap=config.max_items_per_kind.get(kind, 0), created_field=created_field, start_date=config.start_date,
        )
        for kind, created_field in SPACE_SCOPED_KINDS.items()
    ]
    return [spaces, *scoped]


def _spaces_stream(config: OctopusConfig, settings: HttpSettings) -> OctopusStream:
    wanted = set(config.spaces)
    record_filter = (lambda record: record.get("Id") in wanted) if wanted else None
    return OctopusStream("octopus_spaces", settings, config.server_url, "spaces", config.page_size, record_filter)
