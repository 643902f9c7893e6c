"""The first Octopus kinds: spaces (the parent of every space-scoped kind) and the foundation's five."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from source_jira_octopus.http.stream import NO_MAPPING
from source_jira_octopus.octopus.base import SPACE_ID, OctopusStream

SPACE_SCOPE = {SPACE_ID: "Id"}
SPACE_STAMP = {"SpaceId": SPACE_ID}


class OctopusSpaces(OctopusStream):
    name = "octopus_spaces"
    kind = "spaces"
    path_template = "spaces"
    ignored_statuses = NO_MAPPING  # a 403/404 on the space list is a wrong key or URL: fail (DESIGN.md §5)

    def keep(self, record: Mapping[str, Any]) -> bool:
        wanted = self.context.config.spaces
        return not wanted or record.get("Id") in wanted


class OctopusSpaceStream(OctopusStream):
    """`GET /api/{space_id}/<kind>` once per space, each record stamped with its SpaceId."""

    parent_kind = OctopusSpaces
    slice_keys = SPACE_SCOPE
    stamps = SPACE_STAMP


class OctopusProjects(OctopusSpaceStream):
    name = "octopus_projects"
    kind = "projects"
    path_template = "{space_id}/projects"


class OctopusEnvironments(OctopusSpaceStream):
    name = "octopus_environments"
    kind = "environments"
    path_template = "{space_id}/environments"


class OctopusReleases(OctopusSpaceStream):
    name = "octopus_releases"
    kind = "releases"
    path_template = "{space_id}/releases"
    newest_first_field = "Assembled"
    cursor_field = "Assembled"


class OctopusDeployments(OctopusSpaceStream):
    name = "octopus_deployments"
    kind = "deployments"
    path_template = "{space_id}/deployments"
    newest_first_field = "Created"
    cursor_field = "Created"


class OctopusMachines(OctopusSpaceStream):
    name = "octopus_machines"
    kind = "machines"
    path_template = "{space_id}/machines"


STREAMS: tuple[type[OctopusStream], ...] = (
    OctopusSpaces,
    OctopusProjects,
    OctopusEnvironments,
    OctopusReleases,
    OctopusDeployments,
    OctopusMachines,
)
