"""Every kind of spec violation of every constrained field, generated from spec.json itself, gets a friendly
message: the field's JSON path, the bad value (or "not shown" for a secret), never jsonschema's raw wording
(`does not match '^https?://...'`, `is not of type`, `is not valid under any of the given schemas`)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

import source_jira_octopus
from source_jira_octopus.spec_validation import validate_config
from unit_tests.config_cases import API_TOKEN, jira, octopus

SCHEMA = json.loads((Path(source_jira_octopus.__file__).parent / "spec.json").read_text())["connectionSpecification"]
BASE = {"jira": jira(), "octopus": octopus(), "webhooks": {"verify_permissions": True}}
RAW_WORDING = ("does not match", "is not of type", "is not valid under", "Config validation error", "^")
WRONG_TYPE = {"integer": "12", "number": "1.5", "string": 12345, "boolean": "yes", "array": "PROJ", "object": 5}


def violations(node: dict[str, Any], path: list[str]) -> Iterator[tuple[str, list[str], Any]]:
    """(kind, path, bad value) for each constraint each property declares."""
    for name, prop in (node.get("properties") or {}).items():
        here = [*path, name]
        kind = prop.get("type")
        if kind in WRONG_TYPE:
            yield "type", here, WRONG_TYPE[kind]
        if "minimum" in prop:
            yield "minimum", here, prop["minimum"] - 1
        if "maximum" in prop:
            yield "maximum", here, prop["maximum"] + 1
        if "enum" in prop:
            yield "enum", here, "not-an-option"
        if "pattern" in prop:
            yield "pattern", here, "!! not this"
        if kind == "array":
            example = prop["examples"][0][0]
            yield "uniqueItems", here, [example, example]
            if "pattern" in prop.get("items", {}):
                yield "items.pattern", here, ["!! not this"]
        if prop.get("additionalProperties") is False:
            yield "additionalProperties", here, {"unknown_key": 1}
        if kind == "object" and "properties" in prop:
            yield from violations(prop, here)


CASES = list(violations(SCHEMA, []))
CREDENTIAL_CASES = [
    ("credentials.not-an-object", ["jira", "credentials"], 5),
    ("credentials.type", ["jira", "credentials", "email"], 5),
    ("credentials.pattern", ["jira", "credentials", "email"], "bob"),
    ("credentials.secret-type", ["jira", "credentials", "api_token"], 4510451),
    ("credentials.required", ["jira", "credentials", "api_token"], None),
    ("credentials.unknown-option", ["jira", "credentials", "auth_type"], "basic"),
]


def with_value(path: list[str], value: Any) -> dict[str, Any]:
    config = copy.deepcopy(BASE)
    config["jira"]["credentials"] = dict(API_TOKEN)
    node = config
    for step in path[:-1]:
        node = node.setdefault(step, {})
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return config


@pytest.mark.parametrize("kind, path, value", CASES + CREDENTIAL_CASES, ids=lambda v: v if isinstance(v, str) else None)
def test_each_violation_names_the_field_without_raw_jsonschema_text(kind: str, path: list[str], value: Any) -> None:
    with pytest.raises(AirbyteTracedException) as raised:
        validate_config(with_value(path, value), SCHEMA)
    message = raised.value.message or ""
    assert raised.value.failure_type == FailureType.config_error
    named = message.split("`")[1]
    assert named.startswith(".".join(path[:2]) if path[:2] == ["jira", "credentials"] else ".".join(path)), message
    assert "is not valid." not in message, message  # says what is wrong
    assert not any(raw in message for raw in RAW_WORDING), message
    assert "4510451" not in message  # a secret of the wrong type is still a secret


def test_the_generated_catalogue_covers_every_kind_of_constraint() -> None:
    kinds = {kind for kind, _, _ in CASES}
    assert kinds == {
        "type",
        "minimum",
        "maximum",
        "enum",
        "pattern",
        "uniqueItems",
        "items.pattern",
        "additionalProperties",
    }
    assert len(CASES) + len(CREDENTIAL_CASES) >= 50
