"""The first Octopus kinds: spaces (the parent of every space-scoped kind) and the foundation's five.

A kind that is pure data is a row: `space_kind(kind, path, ...)` or `server_kind(kind, path, ...)` make its class,
named `octopus_<kind>`, with `kind` the name `octopus.max_items_per_kind` accepts and any other class data
(`primary_key`, `cursor_field`, `newest_first_field`) given by keyword. A kind with behaviour of its own is a class.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, ClassVar

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.stream import NO_MAPPING, ServiceHttpStream
from source_jira_octopus.octopus.base import SKIPPED_STATUSES, SPACE_ID, OctopusContext, OctopusStream
from source_jira_octopus.octopus.paginators import SKIP, TAKE

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

    parent_kind: ClassVar[type[ServiceHttpStream] | None] = OctopusSpaces
    slice_keys: ClassVar[Mapping[str, str]] = SPACE_SCOPE
    stamps: ClassVar[Mapping[str, str]] = SPACE_STAMP


def space_kind(kind: str, path: str, **data: Any) -> type[OctopusStream]:
    """`GET /api/{space_id}/<path>` once per space (a row: `space_kind("lifecycles", "lifecycles")`)."""
    return _declared(OctopusSpaceStream, kind, f"{{{SPACE_ID}}}/{path}", data)


def server_kind(kind: str, path: str, **data: Any) -> type[OctopusStream]:
    """`GET /api/<path>` once for the whole server, no SpaceId stamp."""
    return _declared(OctopusStream, kind, path, data)


def _declared(base: type[OctopusStream], kind: str, path_template: str, data: Mapping[str, Any]) -> type[OctopusStream]:
    class_name = "Octopus" + "".join(word.capitalize() for word in kind.split("_"))
    attributes = {"name": f"octopus_{kind}", "kind": kind, "path_template": path_template, **data}
    return type(class_name, (base,), {"__module__": base.__module__, "__qualname__": class_name, **attributes})


class OctopusEnvironments(OctopusSpaceStream):
    """`GET /api/{spaceId}/environments/v2` where the server has it: Static, Parent and Ephemeral environments, each
    with its `Type` (and an ephemeral one with its parent), so ephemeral environments can be told apart. A server
    without it (404 on the first space asked, once per sync) is read from v1 (`/environments`: static ones only, no
    `Type`) with a log line saying so."""

    name = "octopus_environments"
    kind = "environments"
    path_template = f"{{{SPACE_ID}}}/environments/v2"
    v1_path_template = f"{{{SPACE_ID}}}/environments"

    def __init__(self, context: OctopusContext) -> None:
        super().__init__(context)
        self._template_lock = threading.Lock()
        self._template: str | None = None

    def path(self, *, stream_slice: Mapping[str, Any] | None = None, **kwargs: Any) -> str:
        return self.template_for(stream_slice or {}).format(**(stream_slice or {}))

    def template_for(self, stream_slice: Mapping[str, Any]) -> str:
        with self._template_lock:
            if self._template is None:
                self._template = self._probe(stream_slice)
            return self._template

    def _probe(self, stream_slice: Mapping[str, Any]) -> str:
        """One page of one item from v2: 404 means an older server (a 403 is this space's, v2 is still read)."""
        config = self.context.config
        probe = ServiceClient(
            self.context.settings, f"{config.server_url}/api", self.logger, self.name, SKIPPED_STATUSES
        )
        v2 = self.path_template.format(**stream_slice)
        if probe.send("GET", v2, params={SKIP: 0, TAKE: 1}).status_code != 404:
            return self.path_template
        self.logger.info(
            f"{self.name}: Octopus {self._server_version.get()} at {config.server_url} has no /api/{v2} (HTTP 404): "
            "reading /environments (v1) instead, which lists static environments only and has no `Type`."
        )
        return self.v1_path_template


OctopusDeployments = space_kind("deployments", "deployments", newest_first_field="Created", cursor_field="Created")

STREAMS: tuple[type[OctopusStream], ...] = (
    OctopusSpaces,
    space_kind("projects", "projects"),
    OctopusEnvironments,
    space_kind("releases", "releases", newest_first_field="Assembled", cursor_field="Assembled"),
    OctopusDeployments,
    space_kind("machines", "machines"),
)
