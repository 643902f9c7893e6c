"""The first Octopus kinds: spaces (the parent of every space-scoped kind) and the foundation's five.

A kind that is pure data is a row: `space_kind(kind, path, ...)` or `server_kind(kind, path, ...)` make its class,
named `octopus_<kind>`, with `kind` the name `octopus.max_items_per_kind` accepts and any other class data
(`primary_key`, `cursor_field`, `newest_first_field`) given by keyword. A kind with behaviour of its own is a class.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from source_jira_octopus.http.stream import NO_MAPPING, ServiceHttpStream
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


OctopusDeployments = space_kind("deployments", "deployments", newest_first_field="Created", cursor_field="Created")

STREAMS: tuple[type[OctopusStream], ...] = (
    OctopusSpaces,
    space_kind("projects", "projects"),
    space_kind("environments", "environments"),
    space_kind("releases", "releases", newest_first_field="Assembled", cursor_field="Assembled"),
    OctopusDeployments,
    space_kind("machines", "machines"),
)
