"""Records synthesised from a vendor Swagger component, for the Octopus kinds of `documented_kinds.py` (every
collection the Swagger pages that no hand-built part of the sample API serves).

Values are deterministic (a generator of their own per kind and dataset seed) and plausible by the property's name,
type and format: `Id` "<plural item type>-<n>" numbered across spaces, `SpaceId` the space, `Name` "<item type in
words> <n>", dates in the fake clock's past, `LastModifiedBy` one of the users the other kinds name, `Links` like the
hand-built kinds, enum values from the spec, `...Id` / `...Ids` as references, TimeSpans where the name says a
duration, nested components followed a few levels deep, arrays of one item, maps empty. A `SensitiveValue` never holds
a value: nothing synthesised here is a secret. Only properties the component declares are written, so a record
validates against the closed schemas the tests check responses with (`spec_validation.py`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jira_octopus_sample_api.clock import octopus_time
from jira_octopus_sample_api.contract.spec_documents import OCTOPUS_SPEC_FILE, read_spec
from jira_octopus_sample_api.octopus.kinds.space_records import SPAN_MS, Record, links

MAX_DEPTH = 3  # nested components deeper than this are written with their required properties only
SERVER_WIDE_COUNT = 3
DURATION_WORDS = ("Timeout", "Interval", "TimeSpan", "TimeLimit", "Duration")
EDITORS = ("admin", "octo-deployer", "jsmith")
_CAMEL_WORD = re.compile(r"[A-Z][a-z0-9]*|[a-z0-9]+")


@dataclass(frozen=True)
class DeclaredKind:
    """One kind the sample API serves from its Swagger component: what the connector's registry row says of it."""

    kind: str  # the connector's `kind` (stream `octopus_<kind>`): the dataset's key for its records
    segment: str  # `/api/{spaceId}/<segment>`, or `/api/<segment>` for a server-wide kind
    resource: str  # the Swagger component of one record, e.g. "MachinePolicyResource"
    space_scoped: bool
    permission: str | None  # the view permission a key needs in the space (None: any key that sees the space)
    filters: str = "ids,partialName"  # the link template's filters

    @property
    def item_type(self) -> str:
        """The collection's `ItemType` ("MachinePolicy")."""
        return self.resource.removesuffix("Resource")


@cache
def octopus_swagger() -> Mapping[str, Any]:
    """The vendor's 2020.5 Swagger document (read once per process)."""
    return read_spec(OCTOPUS_SPEC_FILE)


def octopus_definitions() -> Mapping[str, Any]:
    """The 2020.5 Swagger's `definitions`."""
    definitions: Mapping[str, Any] = octopus_swagger()["definitions"]
    return definitions


def plural(noun: str) -> str:
    """Octopus' id prefixes: `MachinePolicy` -> `MachinePolicies`, `TagSet` -> `TagSets`, `Proxy` -> `Proxies`."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


def words(name: str) -> str:
    """`MachinePolicy` -> `Machine policy`."""
    found = _CAMEL_WORD.findall(name)
    return " ".join([found[0], *(word.lower() for word in found[1:])]) if found else name


def declared_records(
    kind: DeclaredKind, rng: random.Random, anchor_ms: int, spaces: list[tuple[str, float]]
) -> list[Record]:
    """Every record of one kind: `1 + round(3 * weight)` per space (4, 3, 2 for the core's weights), numbered across
    spaces, or three for a server-wide kind."""
    writer = SwaggerRecordWriter(kind, rng, anchor_ms)
    if not kind.space_scoped:
        return [writer.record(number, None) for number in range(1, SERVER_WIDE_COUNT + 1)]
    found: list[Record] = []
    for space_id, weight in spaces:
        for _ in range(1 + round(3 * weight)):
            found.append(writer.record(len(found) + 1, space_id))
    return found


class SwaggerRecordWriter:
    """Writes records of one kind by walking its Swagger component."""

    def __init__(self, kind: DeclaredKind, rng: random.Random, anchor_ms: int) -> None:
        self.kind, self.rng, self.anchor_ms = kind, rng, anchor_ms
        self.definitions = octopus_definitions()

    def record(self, number: int, space_id: str | None) -> Record:
        record_id = f"{plural(self.kind.item_type)}-{number}"
        component = self.definitions[self.kind.resource]
        values = self._object(component, 0, number)
        values["Id"] = record_id
        for name, value in self._top_level(record_id, number, space_id).items():
            if name in component.get("properties", {}):
                values[name] = value
        if space_id is None:
            values.pop("SpaceId", None)  # a server-wide record belongs to no space
        return values

    def _top_level(self, record_id: str, number: int, space_id: str | None) -> Record:
        segment = self.kind.segment
        self_link = f"/api/{space_id}/{segment}/{record_id}" if space_id else f"/api/{segment}/{record_id}"
        return {
            "SpaceId": space_id,
            "Name": f"{words(self.kind.item_type)} {number}",
            "Description": f"{words(self.kind.item_type)} {number} of the sample data.",
            "IsDefault": number == 1,
            "SortOrder": number,
            "Links": links(space_id, segment, record_id) if space_id else {"Self": self_link},
        }

    def _object(self, schema: Mapping[str, Any], depth: int, number: int) -> Record:
        properties: Mapping[str, Any] = schema.get("properties", {})
        wanted = properties if depth < MAX_DEPTH else {n: properties[n] for n in schema.get("required", [])}
        return {name: self._value(name, node, depth, number) for name, node in wanted.items()}

    def _value(self, name: str, node: Mapping[str, Any], depth: int, number: int) -> Any:
        if "$ref" in node:
            component = node["$ref"].rsplit("/", 1)[-1]
            if component == "SensitiveValue":
                return {"HasValue": False}
            return self._object(self.definitions[component], depth + 1, number)
        kind = node.get("type")
        if kind == "array":
            return [self._value(name.removesuffix("s"), node["items"], depth + 1, number)] if depth < MAX_DEPTH else []
        if kind == "object":  # a map (`Links`, `Properties`): empty
            return self._object(node, depth + 1, number) if "properties" in node else {}
        if kind == "string":
            return self._string(name, node)
        if kind == "integer":
            return self.rng.randint(1, 10)
        if kind == "number":
            return round(self.rng.uniform(0, 100), 2)
        if kind == "boolean":
            return self.rng.random() < 0.3
        return None

    def _string(self, name: str, node: Mapping[str, Any]) -> str:
        if "enum" in node:
            return str(self.rng.choice(node["enum"]))
        if node.get("format") == "date-time":
            return octopus_time(self.anchor_ms - self.rng.randrange(SPAN_MS))
        if name == "LastModifiedBy":
            return self.rng.choice(EDITORS)
        if name.endswith("Id") and len(name) > 2:  # a reference: `TentacleUpdateAccountId` -> `Accounts-1`
            return f"{plural(_CAMEL_WORD.findall(name[:-2])[-1])}-{self.rng.randint(1, 3)}"
        if name.endswith("Cron"):
            return "0 0 */6 * * *"
        if name.endswith(("Timezone", "TimeZone")):
            return "UTC"
        if any(word in name for word in DURATION_WORDS):
            return f"00:{self.rng.choice((1, 5, 10, 15, 30)):02d}:00"
        return f"{words(name)} {self.rng.randint(1, 9)}"
