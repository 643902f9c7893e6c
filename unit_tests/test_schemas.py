"""Stream schemas: present, loadable the CDK's way, Airbyte-safe, and faithful to the vendors' specs."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import AirbyteCatalog, AirbyteStream, SyncMode
from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader
from airbyte_cdk.test.standard_tests._catalog_checks import find_catalog_problems, format_catalog_problems
from jsonschema import Draft7Validator

from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS
from unit_tests.schema_cases import SHARED_SOURCES, STREAM_IDS, STREAMS, StreamCase
from unit_tests.schema_derivation import JSON_SCHEMA_DRAFT_07, load_vendor_spec, vendor_properties

PACKAGE = "source_jira_octopus"
SCHEMAS_DIR = Path(__file__).resolve().parents[1] / PACKAGE / "schemas"
SHARED_DIR = SCHEMAS_DIR / "shared"
# The standard tests reject allOf and not (and additionalProperties: false); anyOf/oneOf: type lists do.
FORBIDDEN_KEYWORDS = ("allOf", "not", "anyOf", "oneOf")
SUBSCHEMA_MAP_KEYS = ("properties", "patternProperties", "definitions")
OCTOPUS_SERVER_WIDE = {kind.name for kind in OCTOPUS_STREAMS if kind.parent_kind is None}  # spaces, users, ...


# ---- helpers ---------------------------------------------------------------------------------------
@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema exactly as the connector serves it: through the CDK loader, ``$ref``s resolved."""
    return ResourceSchemaLoader(PACKAGE).get_schema(name)


def subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every schema node in the tree (property *names* are never mistaken for keywords)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key in SUBSCHEMA_MAP_KEYS:
        for child in schema.get(key, {}).values():
            yield from subschemas(child)
    for key in ("items", "additionalProperties", *FORBIDDEN_KEYWORDS):
        children = schema.get(key)
        for child in children if isinstance(children, list) else [children]:
            yield from subschemas(child)


def node_at(schema: dict[str, Any], dotted: str) -> dict[str, Any]:
    """Subschema at ``a.b[].c`` (``[]`` steps into array items)."""
    node = schema
    for part in dotted.split("."):
        node = node["properties"][part.removesuffix("[]")]
        if part.endswith("[]"):
            node = node["items"]
    return node


def types_of(node: dict[str, Any]) -> set[str]:
    declared = node.get("type", [])
    return {declared} if isinstance(declared, str) else set(declared)


def with_value(record: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    *parents, leaf = dotted.split(".")
    target = changed
    for part in parents:
        target = target[part]
    target[leaf] = value
    return changed


def raw_files() -> list[Path]:
    return sorted(SCHEMAS_DIR.glob("*.json")) + sorted(SHARED_DIR.glob("*.json"))


# ---- tests -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_schema_file_is_a_draft7_object_schema(case: StreamCase) -> None:
    raw = json.loads((SCHEMAS_DIR / f"{case.name}.json").read_text(encoding="utf-8"))
    assert raw["$schema"] == JSON_SCHEMA_DRAFT_07
    assert raw["type"] == "object" and raw["additionalProperties"] is True
    Draft7Validator.check_schema(load_schema(case.name))


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_schema_is_open_typed_and_free_of_forbidden_keywords(case: StreamCase) -> None:
    schema = load_schema(case.name)
    assert "$ref" not in json.dumps(schema), "a $ref survived the CDK loader"
    not_null = {id(schema), *(id(schema["properties"][key]) for key in case.primary_key)}
    for node in subschemas(schema):
        assert not set(FORBIDDEN_KEYWORDS) & node.keys(), node
        assert "type" in node, f"untyped node {node}"
        assert id(node) in not_null or "null" in types_of(node), f"not nullable: {node}"
        if "object" in types_of(node):
            assert node.get("additionalProperties") is True or isinstance(node.get("additionalProperties"), dict), node


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_primary_key_is_a_non_null_string(case: StreamCase) -> None:
    for key in case.primary_key:
        assert load_schema(case.name)["properties"][key]["type"] == "string"


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_known_date_fields_are_date_time(case: StreamCase) -> None:
    for path in case.date_time_paths:
        node = node_at(load_schema(case.name), path)
        assert node.get("format") == "date-time" and "string" in types_of(node), path


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_samples_validate_and_a_wrong_type_is_rejected(case: StreamCase) -> None:
    validator = Draft7Validator(load_schema(case.name))
    for sample in case.samples:
        assert [error.message for error in validator.iter_errors(sample)] == []
    path, bad_value = case.wrong_type
    assert list(validator.iter_errors(with_value(case.samples[0], path, bad_value))), f"{path}={bad_value!r} accepted"


@pytest.mark.parametrize("case", STREAMS, ids=STREAM_IDS)
def test_every_vendor_property_is_kept_with_its_type(case: StreamCase) -> None:
    if not case.component:  # a feed no vendor JSON component describes (Octopus' reporting XML): the sample is the spec
        assert set(load_schema(case.name)["properties"]) == set(case.samples[0]), case.name
        return
    assert_covers_vendor(load_schema(case.name), case.vendor, case.component, frozenset(case.primary_key))


@pytest.mark.parametrize("file_name", sorted(SHARED_SOURCES))
def test_shared_definition_keeps_its_vendor_component(file_name: str) -> None:
    vendor, component = SHARED_SOURCES[file_name]
    holder = {"type": "object", "properties": {"shared": {"$ref": file_name}}}  # resolved as get_schema() does
    resolved = ResourceSchemaLoader(PACKAGE)._resolve_schema_references(holder)["properties"]["shared"]
    assert_covers_vendor(resolved, vendor, component)


def assert_covers_vendor(
    schema: dict[str, Any], vendor: str, component: str, keys: frozenset[str] = frozenset()
) -> None:
    """`keys`: primary keys, which the connector emits as strings even where the vendor sends a number."""
    for prop, declared in vendor_properties(load_vendor_spec(vendor), component).items():
        assert prop in schema["properties"], f"vendor property {component}.{prop} missing"
        ours = schema["properties"][prop]
        if prop in keys and declared.json_type == "integer" and types_of(ours) == {"string"}:
            continue
        if declared.json_type is not None:
            assert declared.json_type in types_of(ours), (
                f"{component}.{prop}: {declared.json_type} not in {ours.get('type')}"
            )
        if declared.format == "date-time":
            assert ours.get("format") == "date-time", f"{component}.{prop} lost format date-time"


def test_standard_suite_catalog_checks_pass_including_advisory_ones() -> None:
    """The catalog checks the CDK standard tests run on `discover` (enforced and advisory alike)."""
    streams = [
        AirbyteStream(
            name=case.name,
            json_schema=load_schema(case.name),
            supported_sync_modes=[SyncMode.full_refresh],
            source_defined_primary_key=[[key] for key in case.primary_key],
            default_cursor_field=["updated"] if case.name == "jira_issues" else None,
        )
        for case in STREAMS
    ]
    problems = find_catalog_problems(AirbyteCatalog(streams=streams))
    assert not problems, format_catalog_problems(problems)


def test_connector_added_and_cross_deployment_fields() -> None:
    issues = load_schema("jira_issues")["properties"]
    for added in ("projectId", "projectKey", "created", "updated"):
        assert types_of(issues[added]) == {"null", "string"}, added
    assert issues["updated"]["format"] == "date-time"
    assert issues["fields"]["additionalProperties"] is True
    for rich_text in (
        "fields.description",
        "fields.environment",
        "fields.comment.comments[].body",
        "fields.worklog.worklogs[].comment",
    ):
        assert types_of(node_at(load_schema("jira_issues"), rich_text)) == {"null", "string", "object"}, rich_text
    assert {"accountId", "accountType", "key", "name", "deleted"} <= load_schema("jira_users")["properties"].keys()
    for case in STREAMS:
        if case.vendor == "octopus" and case.component:
            links = load_schema(case.name)["properties"]["Links"]
            assert types_of(links["additionalProperties"]) == {"null", "string"}, case.name
            if case.name not in OCTOPUS_SERVER_WIDE and "SpaceId" not in case.primary_key:  # a key part is non-null
                assert types_of(load_schema(case.name)["properties"]["SpaceId"]) == {"null", "string"}, case.name


def test_schema_folder_holds_exactly_the_known_streams() -> None:
    assert {path.stem for path in SCHEMAS_DIR.glob("*.json")} == set(STREAM_IDS)
    assert {path.name for path in SHARED_DIR.glob("*.json")} == set(SHARED_SOURCES) | {"jira_rich_text.json"}


def test_every_ref_names_an_existing_shared_file_and_every_shared_file_is_used() -> None:
    """The CDK resolves ``{"$ref": "x.json"}`` to ``schemas/shared/x.json``; ``shared/x.json`` would not load."""
    referenced: set[str] = set()
    for path in raw_files():
        for node in subschemas(json.loads(path.read_text(encoding="utf-8"))):
            if "$ref" in node:
                assert set(node) == {"$ref"}, f"{path.name}: keywords beside $ref are dropped by the loader"
                assert (SHARED_DIR / node["$ref"]).is_file(), f"{path.name}: $ref {node['$ref']}"
                referenced.add(node["$ref"])
    assert referenced == {path.name for path in SHARED_DIR.glob("*.json")}
