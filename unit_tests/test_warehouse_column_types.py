"""Warehouse column types: a property of several JSON types is a text column, and PyAirbyte prints nothing."""

from pathlib import Path

import pytest
from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader

from source_jira_octopus.warehouse.duckdb_cache import _TimeZoneAwareTypes
from source_jira_octopus.warehouse.snowflake_load import _SnowflakeColumnTypes

STREAMS = sorted(path.stem for path in (Path(__file__).parents[1] / "source_jira_octopus" / "schemas").glob("*.json"))


@pytest.mark.parametrize("converter", [_TimeZoneAwareTypes(), _SnowflakeColumnTypes()], ids=["duckdb", "snowflake"])
def test_every_stream_property_gets_a_column_type_without_console_noise(converter, capsys):
    mixed = 0
    loader = ResourceSchemaLoader("source_jira_octopus")  # $refs resolved, as the streams declare them
    for stream in STREAMS:
        for name, prop in loader.get_schema(stream).get("properties", {}).items():
            column = converter.to_sql_type(prop)
            assert column is not None, (stream, name)
            mixed += isinstance(prop.get("type"), list) and len([t for t in prop["type"] if t != "null"]) > 1
    assert mixed > 0  # the schemas do have such properties (Jira rich text), so the check below means something
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("converter", "expected"),
    [
        (_TimeZoneAwareTypes(), ("VARCHAR", "JSON", "TIMESTAMP WITH TIME ZONE")),
        (_SnowflakeColumnTypes(), ("VARCHAR", "VARIANT", "TIMESTAMP")),
    ],
    ids=["duckdb", "snowflake"],
)
def test_mixed_types_are_text_and_the_rest_is_unchanged(converter, expected):
    rich_text = converter.to_sql_type({"type": ["null", "string", "object"]})
    obj = converter.to_sql_type({"type": ["null", "object"]})
    stamp = converter.to_sql_type({"type": ["null", "string"], "format": "date-time"})
    assert (str(rich_text), str(obj).split("(")[0], str(stamp)) == expected
