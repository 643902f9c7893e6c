"""Derive Airbyte stream schemas from the vendors' own response schemas (a test helper; not shipped).

The stream schemas in ``source_jira_octopus/schemas`` started as the output of :func:`derive_schema`
for the vendor component each endpoint returns, and were then extended by hand with what the vendor
spec does not declare (fields the connector adds, Data Center variants, the typed Jira system fields
inside ``jira_issues.fields``). ``unit_tests/test_schemas.py`` uses :func:`vendor_properties` to prove
that every property the vendor declares is still there, with a compatible type.

Draft a schema for a new stream (prints JSON; review it, then add the connector's own fields)::

    .venv/bin/python -m unit_tests.schema_derivation jira Worklog --depth 2
    .venv/bin/python -m unit_tests.schema_derivation octopus TenantResource

Shared definitions: ``--shared User=jira_user.json`` emits ``{"$ref": "jira_user.json"}`` for that
component, and ``--definition`` drafts the shared file itself. Write a ``$ref`` as the bare file name:
the CDK's ``ResourceSchemaLoader`` maps it to ``schemas/shared/<name>``, while ``shared/<name>`` does
not resolve, and keywords next to a ``$ref`` are dropped by the loader.

    .venv/bin/python -m unit_tests.schema_derivation jira Comment --shared User=jira_user.json

The vendor specs are the gzip copies vendored in ``jira_octopus_sample_api/api_specs`` (the ones the request contract
checker reads).

Conversion rules (why: Airbyte's standard tests and real responses, not the spec, are the judge):
- every type becomes ``["null", <type>]``; every object gets ``additionalProperties: true`` (or a
  nullable value schema for vendor maps such as Octopus ``Links``), because the vendors add fields and
  send nulls that their specs do not mention;
- ``$ref`` and the OpenAPI ``allOf: [{$ref}]`` wrapper are inlined (``allOf`` is rejected by Airbyte);
- ``enum`` is dropped (vendors add values; a closed enum would reject new records);
- only the ``date-time`` and ``date`` formats are kept (the others mean nothing to destinations);
- below ``depth`` nested object levels an object becomes ``{"type": ["null","object"]}`` with no
  properties; untyped vendor values become a list of every JSON type.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jira_octopus_sample_api.contract.agile_document import AGILE_DOCUMENT
from jira_octopus_sample_api.contract.spec_documents import read_spec

SPEC_FILES = {
    "jira": ("jira-cloud-platform.openapi.json", "#/components/schemas/"),
    "octopus": ("octopus-deploy.swagger.json", "#/definitions/"),
    "jira_agile": ("", "#/components/schemas/"),  # no file: jira_octopus_sample_api/contract/agile_document.py
}
JSON_SCHEMA_DRAFT_07 = "http://json-schema.org/draft-07/schema#"
KEPT_FORMATS = frozenset({"date-time", "date"})
ANY_JSON_TYPE = ["null", "string", "number", "integer", "boolean", "object", "array"]
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class VendorProperty:
    """One top-level property as the vendor declares it (``json_type`` None when untyped)."""

    json_type: str | None
    format: str | None


@dataclass(frozen=True)
class VendorSpec:
    """The component/definition table of one vendor spec."""

    components: Mapping[str, Any]
    ref_prefix: str

    def component(self, name: str) -> dict[str, Any]:
        """The vendor's schema for ``name`` (KeyError names the missing component)."""
        return self.components[name]

    def unwrap(self, node: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
        """Follow ``$ref`` or the single-item ``allOf`` wrapper; returns (component name, schema)."""
        ref = node.get("$ref")
        if ref is None and len(node.get("allOf", [])) == 1:
            ref = node["allOf"][0].get("$ref")
        if ref is None:
            return None, node
        name = ref.removeprefix(self.ref_prefix)
        return name, self.component(name)


@cache
def load_vendor_spec(vendor: str) -> VendorSpec:
    """Load ``jira`` (OpenAPI 3 components), ``octopus`` (Swagger 2 definitions) or ``jira_agile`` (ours)."""
    file_name, ref_prefix = SPEC_FILES[vendor]
    if vendor == "jira_agile":
        return VendorSpec(components=AGILE_DOCUMENT["components"]["schemas"], ref_prefix=ref_prefix)
    document = read_spec(file_name + ".gz")
    table = document["components"]["schemas"] if vendor == "jira" else document["definitions"]
    return VendorSpec(components=table, ref_prefix=ref_prefix)


def vendor_properties(spec: VendorSpec, component: str) -> dict[str, VendorProperty]:
    """Top-level properties of a component with their JSON type (``$ref`` objects count as object)."""
    declared: dict[str, VendorProperty] = {}
    for name, node in spec.component(component).get("properties", {}).items():
        _, target = spec.unwrap(node)
        json_type = target.get("type") or ("object" if "properties" in target else None)
        declared[name] = VendorProperty(json_type=json_type, format=target.get("format"))
    return declared


def derive_schema(
    spec: VendorSpec, component: str, depth: int = 2, shared: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A draft-07 stream schema for ``component``; ``shared`` maps component names to shared files."""
    shared = dict(shared or {})
    shared.pop(component, None)
    schema = _object_schema(spec, spec.component(component), depth, shared)
    return {"$schema": JSON_SCHEMA_DRAFT_07, **schema, "type": "object"}


def derive_definition(
    spec: VendorSpec, component: str, depth: int = 1, shared: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A nullable object schema for ``component``, for a ``schemas/shared/`` file (no ``$schema``)."""
    shared = dict(shared or {})
    shared.pop(component, None)
    return _object_schema(spec, spec.component(component), depth, shared)


def _convert(spec: VendorSpec, node: Mapping[str, Any], depth: int, shared: Mapping[str, str]) -> dict[str, Any]:
    name, target = spec.unwrap(node)
    if name is not None and name in shared:
        return {"$ref": shared[name]}
    description = _first_line(node.get("description") or target.get("description"))
    json_type = target.get("type") or ("object" if "properties" in target else None)
    if json_type == "object":
        converted = _object_schema(spec, target, depth - 1, shared)
    elif json_type == "array":
        converted = {"type": ["null", "array"], "items": _convert(spec, target.get("items", {}), depth, shared)}
    elif json_type is None:
        converted = {"type": list(ANY_JSON_TYPE)}
    else:
        converted = {"type": ["null", json_type]}
        if target.get("format") in KEPT_FORMATS:
            converted["format"] = target["format"]
    return {"description": description, **converted} if description else converted


def _object_schema(spec: VendorSpec, node: Mapping[str, Any], depth: int, shared: Mapping[str, str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["null", "object"], "additionalProperties": True}
    if depth < 0:
        return schema
    properties = {key: _convert(spec, value, depth, shared) for key, value in node.get("properties", {}).items()}
    if properties:
        schema["properties"] = dict(sorted(properties.items()))
    values = node.get("additionalProperties")
    if isinstance(values, Mapping) and ("type" in values or "$ref" in values) and not properties:
        schema["additionalProperties"] = _convert(spec, values, depth, shared)
    return schema


def _first_line(text: str | None) -> str | None:
    """Vendor descriptions are long markdown; keep the first line without link targets."""
    if not text:
        return None
    line = _MARKDOWN_LINK.sub(r"\1", text.strip().splitlines()[0]).strip()
    sentences = [part for part in re.split(r"(?<=[.:])\s+", line) if part]
    while len(sentences) > 1 and sentences[-1].endswith(":"):
        sentences.pop()  # "Can take the following values:" announces a list we do not copy
    return " ".join(sentences) or None


def dump_schema(schema: Mapping[str, Any]) -> str:
    """JSON text with short scalar lists (type lists) kept on one line."""
    text = json.dumps(schema, indent=2, ensure_ascii=False)
    collapse = re.compile(
        r'\[\s*((?:"[^"\n]*"|true|false|null|-?\d+)(?:,\s*(?:"[^"\n]*"|true|false|null|-?\d+))*)\s*\]'
    )
    return collapse.sub(lambda match: "[" + re.sub(r",\n\s*", ", ", match.group(1)) + "]", text) + "\n"


def main(argv: list[str] | None = None) -> None:
    """CLI: print the derived draft schema for one vendor component."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendor", choices=sorted(SPEC_FILES))
    parser.add_argument("component")
    parser.add_argument("--depth", type=int, default=2, help="nested object levels to describe")
    parser.add_argument(
        "--shared",
        action="append",
        default=[],
        metavar="Component=file.json",
        help='emit {"$ref": "file.json"} (a schemas/shared/ file) for this component',
    )
    parser.add_argument("--definition", action="store_true", help="draft a schemas/shared/ file instead")
    args = parser.parse_args(argv)
    shared = dict(item.split("=", 1) for item in args.shared)
    derive = derive_definition if args.definition else derive_schema
    print(dump_schema(derive(load_vendor_spec(args.vendor), args.component, args.depth, shared)), end="")


if __name__ == "__main__":
    main()
