"""Column types for properties whose schema allows several JSON types (e.g. Jira rich text: an ADF object on Cloud,
a wiki-markup string on Data Center, `["null", "string", "object"]`).

PyAirbyte has no single type for them and falls back to its string type, but it first `print`s "Could not determine
airbyte type" once per such property per stream: about 700 lines on the main job's console for our 96 streams. The
mixin below gives the same fallback column type without the noise; every other property goes through PyAirbyte as is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy
from airbyte.types import SQLTypeConverter


def allows_several_types(property_schema: Mapping[str, Any]) -> bool:
    """True when the schema names more than one non-null JSON type and no explicit `airbyte_type`."""
    types = property_schema.get("type")
    if "airbyte_type" in property_schema or not isinstance(types, list):
        return False
    return len([name for name in types if name != "null"]) > 1


class MixedTypesAsText(SQLTypeConverter):
    """A property of several JSON types becomes the converter's string column (PyAirbyte's own fallback), silently."""

    def to_sql_type(self, json_schema_property_def: dict[str, Any]) -> sqlalchemy.types.TypeEngine:
        if allows_several_types(json_schema_property_def):
            return self.get_failover_type()
        return super().to_sql_type(json_schema_property_def)
