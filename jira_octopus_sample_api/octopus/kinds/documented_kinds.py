"""The Octopus kinds the sample API serves from their Swagger component: every collection the vendor's 2020.5 Swagger
pages with skip/take (`GET /api/{baseSpaceId}/<segment>`, or `GET /api/<segment>` for a server-wide one) whose segment
no part builds by hand (``hand_built.py``). A real server answers every documented list, so the fake does too, and
a connector stream for such a kind needs nothing here: its records are synthesised from the component
(``swagger_records.py``) under the kind's conventional name (`MachinePolicyResource` -> `machine_policies`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jira_octopus_sample_api.octopus.kinds.hand_built import HAND_SERVED_SEGMENTS
from jira_octopus_sample_api.octopus.kinds.swagger_records import DeclaredKind, octopus_swagger, plural

SPACE_PREFIX = "/api/{baseSpaceId}/"
SERVER_PREFIX = "/api/"
COLLECTION = "#/definitions/ResourceCollection_of_"
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def kind_name(resource: str) -> str:
    """The kind's conventional name: `MachinePolicyResource` -> `machine_policies` (stream `octopus_machine_policies`)."""
    return _WORD_START.sub("_", plural(resource.removesuffix("Resource"))).lower()


def paged_collections(paths: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """segment -> component of every `GET <prefix><segment>` the Swagger pages with skip/take."""
    found = {}
    for path, item in paths.items():
        segment = path.removeprefix(prefix)
        get = item.get("get", {})
        ref = get.get("responses", {}).get("200", {}).get("schema", {}).get("$ref", "")
        parameters = {parameter.get("name") for parameter in get.get("parameters", [])}
        if path.startswith(prefix) and "/" not in segment and ref.startswith(COLLECTION) and "skip" in parameters:
            found[segment] = ref.removeprefix(COLLECTION)
    return found


def documented_kinds(spec: Mapping[str, Any], hand_served: frozenset[str]) -> tuple[DeclaredKind, ...]:
    """The collections of `spec` no hand-built part serves, space-scoped where the Swagger has the space form, in
    segment order. A key needs the Swagger's `<ItemType>View` in the space where its permission list names one."""
    paths: Mapping[str, Any] = spec["paths"]
    space = paged_collections(paths, SPACE_PREFIX)
    server = {seg: res for seg, res in paged_collections(paths, SERVER_PREFIX).items() if seg not in space}
    permissions = set(spec["definitions"]["UserRoleResource"]["properties"]["GrantedSpacePermissions"]["items"]["enum"])
    found = []
    for segment, resource in sorted({**space, **server}.items()):
        if segment in hand_served:
            continue
        view = f"{resource.removesuffix('Resource')}View"
        scoped = segment in space
        permission = view if scoped and view in permissions else None
        found.append(DeclaredKind(kind_name(resource), segment, resource, scoped, permission))
    return tuple(found)


DECLARED_KINDS: tuple[DeclaredKind, ...] = documented_kinds(octopus_swagger(), HAND_SERVED_SEGMENTS)
