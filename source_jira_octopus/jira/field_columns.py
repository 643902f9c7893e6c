"""Jira fields as named, typed top-level columns of `jira_issues`, from the site's `GET field` (read once).

Naming: the field's name in snake_case (`Story point estimate` -> `story_point_estimate`, accents and symbols
dropped). The field id is the column instead when the name gives no usable column (empty, starting with a digit),
when several fields share it (`Time Spent` and `Σ Time Spent`), when it is a column the connector already writes
(`id`, `key`, `fields`, `projectId`, ...) or another field's id. `created` and `updated` are the columns the
connector already derives from those fields; an id that is itself a connector column becomes `field_<id>`.
`jira_issue_fields` records the mapping in `column_name`.

The issue's parent: Jira deprecated Epic Link (`customfield_10014` on most sites) and Advanced Roadmaps' Parent Link
in favour of the system field `parent` (Cloud writes every level of the hierarchy there). The `parent` column holds
`fields.parent` when the issue has one; only when it has none does it take the deprecated link's issue instead, as
`{"key": ...}` (Epic Link holds a key; Parent Link an object with `data.key`/`data.id`, or a key), so one column
answers "which issue is above this one" on Cloud and on a Data Center site that still uses Epic Link. The deprecated
fields keep their own columns and are marked `deprecated` in `jira_issue_fields`.

Typing, from the field's `schema`: a system field the static schema types (`fields.<id>`) keeps that type; else
`number`, `string` (rich text: a string on Data Center, an ADF object on Cloud v3), `date`, `datetime`
(date-time), `user`, `option`-like objects, `array` of those; `any` and unknown types are left unconstrained.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader

DERIVED_COLUMNS = {"created": "created", "updated": "updated"}  # field id -> the column JiraIssues.transform writes
PARENT = "parent"
# Custom field types Jira deprecated in favour of `parent` (Epic Link, Parent Link), and the epic's own fields that
# went with Epic Link (Epic Name, Epic Status, Epic Colour: now the epic's summary, status and colour)
PARENT_LINK_TYPES = frozenset({"com.pyxis.greenhopper.jira:gh-epic-link", "com.atlassian.jpo:jpo-custom-field-parent"})
DEPRECATED_FIELD_TYPES = PARENT_LINK_TYPES | frozenset(
    {
        "com.pyxis.greenhopper.jira:gh-epic-label",
        "com.pyxis.greenhopper.jira:gh-epic-status",
        "com.pyxis.greenhopper.jira:gh-epic-color",
    }
)
_OBJECT = {"type": ["null", "object"], "additionalProperties": True}
_OBJECT_TYPES = frozenset(
    {
        "option",
        "option-with-child",
        "group",
        "version",
        "component",
        "project",
        "priority",
        "status",
        "issuetype",
        "resolution",
        "securitylevel",
        "issuelinks",
        "attachment",
        "watches",
        "votes",
        "progress",
        "timetracking",
        "comments-page",
        "worklog",
    }
)
_SCALARS: dict[str, dict[str, Any]] = {
    "number": {"type": ["null", "number"]},
    "string": {"type": ["null", "string"]},
    "date": {"type": ["null", "string"], "format": "date"},
    "datetime": {"type": ["null", "string"], "format": "date-time"},
}
# every JSON type: no constraint, yet typed (loaders make such a column text)
_ANY = {"type": ["null", "string", "number", "integer", "boolean", "object", "array"], "additionalProperties": True}
_RICH_TEXT = {"type": ["null", "string", "object"], "additionalProperties": True}


@cache
def issue_top_level_columns() -> frozenset[str]:
    """The columns `jira_issues` writes besides the fields' (its static schema's top level)."""
    return frozenset(ResourceSchemaLoader("source_jira_octopus").get_schema("jira_issues")["properties"])


def snake_case(name: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", ascii_text)
    return re.sub(r"[^A-Za-z0-9]+", "_", spaced).strip("_").lower()


def custom_type(entry: Mapping[str, Any]) -> str:
    schema = entry.get("schema")
    return str(schema.get("custom") or "") if isinstance(schema, Mapping) else ""


def is_deprecated(entry: Mapping[str, Any]) -> bool:
    """A field Jira deprecated in favour of `parent` (see the module docstring)."""
    return custom_type(entry) in DEPRECATED_FIELD_TYPES


def column_names(fields: Iterable[Mapping[str, Any]], reserved: Iterable[str]) -> dict[str, str]:
    """Field id -> its column, for every field with an id (see the module docstring for the rules)."""
    catalog = [f for f in fields if isinstance(f, Mapping) and isinstance(f.get("id"), str) and f["id"]]
    taken = set(reserved)
    ids = {f["id"] for f in catalog}
    wanted = {f["id"]: snake_case(str(f.get("name") or "")) for f in catalog}
    counts = Counter(wanted.values())
    columns: dict[str, str] = {}
    for field_id, name in wanted.items():
        usable = name and not name[0].isdigit() and counts[name] == 1 and name not in taken
        if usable and (name == field_id or name not in ids):
            columns[field_id] = name
        elif field_id in DERIVED_COLUMNS:
            columns[field_id] = DERIVED_COLUMNS[field_id]
        else:
            columns[field_id] = f"field_{field_id}" if field_id in taken else field_id
    return columns


@dataclass(frozen=True)
class FieldColumns:
    """The columns of one site's fields: where each field's value goes and the schema of each column."""

    columns: Mapping[str, str] = field(default_factory=dict)  # field id -> column
    schemas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # column -> its JSON schema
    parent_links: tuple[str, ...] = ()  # ids of the deprecated Epic Link / Parent Link fields (module docstring)

    @classmethod
    def build(cls, fields: list[Mapping[str, Any]], static_schema: Mapping[str, Any]) -> FieldColumns:
        top = static_schema.get("properties") or {}
        typed = (top.get("fields") or {}).get("properties") or {}
        columns = column_names(fields, top)
        schemas = {}
        for entry in fields:
            column = columns.get(entry.get("id"))  # type: ignore[arg-type]
            if column is not None and column not in top:
                schemas[column] = _column_schema(entry, typed)
        links = tuple(str(entry["id"]) for entry in fields if custom_type(entry) in PARENT_LINK_TYPES)
        return cls(columns, schemas, links)

    def schema(self, static_schema: Mapping[str, Any]) -> dict[str, Any]:
        return {**static_schema, "properties": {**static_schema.get("properties", {}), **self.schemas}}

    @cached_property
    def copied(self) -> tuple[tuple[str, str], ...]:
        """(field id, column) of every field copied to a column of its own, in the order of `columns`: found once,
        not once per issue (the site's field list is long; most of its fields are connector columns already)."""
        return tuple((field_id, column) for field_id, column in self.columns.items() if column in self.schemas)

    def values(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """The issue's field values under their columns (fields the issue does not carry are left out); `parent`
        from a deprecated link only when the issue has no `parent` of its own."""
        values = {column: fields[field_id] for field_id, column in self.copied if field_id in fields}
        parent_column = self.columns.get(PARENT)
        if parent_column is not None and parent_column in self.schemas and values.get(parent_column) is None:
            linked = next((_linked_issue(fields.get(link)) for link in self.parent_links if fields.get(link)), None)
            if linked is not None:
                values[parent_column] = linked
        return values


def _linked_issue(value: Any) -> dict[str, Any] | None:
    """Epic Link's value is the epic's key; Parent Link's an object whose `data` names the parent (or a key)."""
    if isinstance(value, str) and value:
        return {"key": value}
    data = value.get("data") if isinstance(value, Mapping) else None
    if isinstance(data, Mapping) and (data.get("key") or data.get("id")):
        return {name: str(data[name]) for name in ("id", "key") if data.get(name) is not None}
    return None


def _column_schema(entry: Mapping[str, Any], typed: Mapping[str, Any]) -> dict[str, Any]:
    field_id = str(entry["id"])
    described = {"description": f"Jira field {field_id} ({entry.get('name')}), copied from fields.{field_id}."}
    if field_id in typed and not entry.get("custom"):
        return {**_flat_if_mixed(typed[field_id]), **described}
    raw = entry.get("schema")
    declared: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    kind, custom = str(declared.get("type") or ""), str(declared.get("custom") or "")
    if kind == "array":
        items = _value_schema(str(declared.get("items") or ""), custom, typed)
        return {"type": ["null", "array"], "items": items, **described}
    return {**_value_schema(kind, custom, typed), **described}


def _flat_if_mixed(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A column of several types (`comment`: object or array) keeps its types without nested properties: loaders
    (PyAirbyte, destinations) make it one text/JSON column and cannot use them; `fields.<id>` keeps them typed."""
    types = schema.get("type")
    if isinstance(types, list) and len([t for t in types if t != "null"]) > 1:
        return {key: value for key, value in schema.items() if key not in ("properties", "items")}
    return dict(schema)


def _value_schema(kind: str, custom: str, typed: Mapping[str, Any]) -> dict[str, Any]:
    if kind == "string" and custom.endswith(":textarea"):
        return dict(_RICH_TEXT)  # why: Cloud v3 sends ADF documents, v2 plain text
    if kind in _SCALARS:
        return dict(_SCALARS[kind])
    if kind == "user":
        return dict(typed.get("assignee") or _OBJECT)  # the static schema's user: accountId (Cloud), key/name (DC)
    if kind in _OBJECT_TYPES:
        return dict(_OBJECT)
    return dict(_ANY)  # `any`, `json` and app types: no constraint
