"""Write records into the table layouts the warehouse models read, without a sync:

- PyAirbyte's DuckDB cache: column names and types from PyAirbyte's own normalizer and type converter
  (lower-case names, TIMESTAMP WITH TIME ZONE, JSON for objects and arrays, DECIMAL(38, 9) for numbers).
- PyAirbyte's SnowflakeCache: the same names (Snowflake stores them upper-case: PyAirbyte creates them with
  QUOTED_IDENTIFIERS_IGNORE_CASE) with PyAirbyte's Snowflake types (VARIANT, TIMESTAMP_TZ).
- destination-snowflake's typed final tables: upper-case names, VARCHAR / NUMBER / FLOAT / BOOLEAN /
  TIMESTAMP_TZ, VARIANT for objects and arrays, and _AIRBYTE_RAW_ID, _AIRBYTE_EXTRACTED_AT, _AIRBYTE_META,
  _AIRBYTE_GENERATION_ID; an append sync may hold older rows of the same key (`stale_rows`).

Snowflake tables are written through fakesnow, which keeps no time-zone offset: timestamps go in as UTC.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from airbyte._processors.sql.snowflake import SnowflakeTypeConverter
from airbyte._util.name_normalizers import LowerCaseNormalizer
from airbyte.types import SQLTypeConverter
from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader
from duckdb_engine import Dialect as DuckDbDialect
from snowflake.sqlalchemy.snowdialect import SnowflakeDialect

Record = Mapping[str, Any]
EXTRACTED_AT = datetime(2024, 1, 24, 1, 0, tzinfo=UTC)


@cache
def stream_properties(stream: str) -> dict[str, dict[str, Any]]:
    """The stream's top-level properties, `$ref`s resolved (as discover sends them)."""
    schema = ResourceSchemaLoader("source_jira_octopus").get_schema(stream)
    return dict(schema["properties"])


def _json_kind(prop: Mapping[str, Any]) -> str:
    types = prop.get("type", [])
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    if len(types) != 1:
        return "variant"
    if types[0] == "string" and prop.get("format") == "date-time":
        return "timestamp"
    return str(types[0])


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _cell(kind: str, value: Any, utc_only: bool) -> Any:
    if value is None:
        return None
    if kind == "timestamp":
        stamp = _timestamp(value)
        assert stamp is not None
        return (stamp.astimezone(UTC) if utc_only else stamp).isoformat()
    if kind in ("object", "array", "variant"):
        return json.dumps(value)
    return value


def write_duckdb_pyairbyte(conn: Any, schema: str, tables: Mapping[str, Iterable[Record]]) -> None:
    """Create and fill tables as PyAirbyte's DuckDB cache does. `conn` is a duckdb connection."""
    conn.execute(f"create schema if not exists {schema}")
    converter = SQLTypeConverter()
    for stream, records in tables.items():
        props = stream_properties(stream)
        columns = {LowerCaseNormalizer.normalize(name): prop for name, prop in props.items()}
        ddl = {
            name: str(converter.to_sql_type(prop).compile(dialect=DuckDbDialect())) for name, prop in columns.items()
        }
        ddl |= {"_airbyte_raw_id": "VARCHAR", "_airbyte_extracted_at": "TIMESTAMP", "_airbyte_meta": "JSON"}
        conn.execute(f"drop table if exists {schema}.{stream}")
        conn.execute(f"create table {schema}.{stream} ({', '.join(f'{_q(c)} {t}' for c, t in ddl.items())})")
        rows = []
        for number, record in enumerate(records):
            cells = [_cell(_json_kind(props[name]), record.get(name), utc_only=False) for name in props]
            rows.append([*cells, f"{stream}-{number}", EXTRACTED_AT.replace(tzinfo=None), "{}"])
        if rows:
            marks = ", ".join("?" for _ in ddl)
            conn.executemany(f"insert into {schema}.{stream} values ({marks})", rows)


def _q(name: str) -> str:
    return '"' + name + '"'


def _snowflake_pyairbyte_columns(props: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    converter = SnowflakeTypeConverter()
    columns = {
        LowerCaseNormalizer.normalize(name).upper(): str(
            converter.to_sql_type(prop).compile(dialect=SnowflakeDialect())
        )
        for name, prop in props.items()
    }
    return columns | {"_AIRBYTE_RAW_ID": "VARCHAR", "_AIRBYTE_EXTRACTED_AT": "TIMESTAMP_TZ", "_AIRBYTE_META": "VARIANT"}


_DESTINATION_TYPES = {
    "string": "VARCHAR",
    "integer": "NUMBER(38, 0)",
    "number": "FLOAT",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP_TZ",
    "object": "VARIANT",
    "array": "VARIANT",
    "variant": "VARIANT",
}


def _destination_columns(props: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    columns = {name.upper(): _DESTINATION_TYPES[_json_kind(prop)] for name, prop in props.items()}
    return columns | {
        "_AIRBYTE_RAW_ID": "VARCHAR",
        "_AIRBYTE_EXTRACTED_AT": "TIMESTAMP_TZ",
        "_AIRBYTE_META": "VARIANT",
        "_AIRBYTE_GENERATION_ID": "NUMBER(38, 0)",
    }


def _snowflake_value_sql(sql_type: str) -> str:
    if sql_type == "VARIANT":
        return "parse_json(%s)"
    if sql_type.startswith("TIMESTAMP"):
        return "cast(%s as timestamp_tz)"
    return "%s"


def _write_snowflake(
    cursor: Any,
    schema: str,
    tables: Mapping[str, Iterable[Record]],
    columns_of: Callable[[Mapping[str, Mapping[str, Any]]], dict[str, str]],
    stale_rows: Mapping[str, Iterable[Record]],
) -> None:
    cursor.execute(f"create schema if not exists {schema}")
    for stream, records in tables.items():
        props = stream_properties(stream)
        columns = columns_of(props)
        cursor.execute(
            f"create or replace table {schema}.{stream} ({', '.join(f'{c} {t}' for c, t in columns.items())})"
        )
        select = ", ".join(_snowflake_value_sql(t) for t in columns.values())
        insert = f"insert into {schema}.{stream} ({', '.join(columns)}) select {select}"
        batches = [(EXTRACTED_AT, list(records)), (EXTRACTED_AT.replace(day=1), list(stale_rows.get(stream, [])))]
        for extracted_at, batch in batches:
            for number, record in enumerate(batch):
                cells = [_cell(_json_kind(props[name]), record.get(name), utc_only=True) for name in props]
                extras: list[Any] = [f"{stream}-{extracted_at.day}-{number}", extracted_at.isoformat(), "{}"]
                if "_AIRBYTE_GENERATION_ID" in columns:
                    extras.append(0)
                cursor.execute(insert, [*cells, *extras])


def write_snowflake_pyairbyte(cursor: Any, schema: str, tables: Mapping[str, Iterable[Record]]) -> None:
    """Create and fill tables as PyAirbyte's SnowflakeCache does. `cursor`: a (fake) Snowflake cursor."""
    _write_snowflake(cursor, schema, tables, _snowflake_pyairbyte_columns, {})


def write_snowflake_destination(
    cursor: Any,
    schema: str,
    tables: Mapping[str, Iterable[Record]],
    stale_rows: Mapping[str, Iterable[Record]] | None = None,
) -> None:
    """Create and fill tables as destination-snowflake's typed final tables; `stale_rows` are older copies of keys
    (extracted earlier), as an append sync leaves them."""
    _write_snowflake(cursor, schema, tables, _destination_columns, stale_rows or {})
