"""The embedded warehouse: a PyAirbyte DuckDB cache whose timestamp columns keep their time zone.

Why a subclass: PyAirbyte maps `format: date-time` to SQLAlchemy `TIMESTAMP(timezone=True)`, which the DuckDB
dialect renders as plain `TIMESTAMP`; DuckDB then casts `2024-01-15T10:20:30.000+0200` to 10:20:30, silently
dropping the offset (Jira Data Center answers in the server's zone). `TIMESTAMP WITH TIME ZONE` keeps the instant.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, ClassVar

import sqlalchemy
from airbyte._processors.sql.duckdb import DuckDBSqlProcessor
from airbyte.caches import DuckDBCache
from airbyte.types import CONVERSION_MAP

from source_jira_octopus.warehouse.column_types import MixedTypesAsText


class TimestampWithTimeZone(sqlalchemy.types.UserDefinedType):
    """DuckDB's TIMESTAMPTZ, spelled out so both CREATE TABLE and read_json_auto's column map use it."""

    cache_ok = True

    def get_col_spec(self, **_: Any) -> str:
        return "TIMESTAMP WITH TIME ZONE"


class _TimeZoneAwareTypes(MixedTypesAsText):
    def __init__(self, conversion_map: dict | None = None) -> None:
        super().__init__(conversion_map or {**CONVERSION_MAP, "timestamp_with_timezone": TimestampWithTimeZone})


class _TimeZoneAwareProcessor(DuckDBSqlProcessor):
    type_converter_class = _TimeZoneAwareTypes

    def _get_table_by_name(
        self, table_name: str, *, force_refresh: bool = False, shallow_okay: bool = False
    ) -> sqlalchemy.Table:
        """PyAirbyte reflects each final table through SQLAlchemy before writing to it: 8 catalog queries per table
        through the Postgres dialect (about 40% of a 100-stream sample load). Its callers use the column names (and
        build UPDATE/INSERT statements from them), so one `information_schema.columns` query does."""
        cached = table_name in self._cached_table_definitions
        if shallow_okay or (cached and not force_refresh):
            return super()._get_table_by_name(table_name, force_refresh=force_refresh, shallow_okay=shallow_okay)
        with self.get_sql_connection() as connection:
            columns = connection.execute(
                sqlalchemy.text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = :schema AND table_name = :table ORDER BY ordinal_position"
                ),
                {"schema": self.sql_config.schema_name, "table": table_name},
            ).fetchall()
        if not columns:  # no such table: let SQLAlchemy raise its usual NoSuchTableError
            return super()._get_table_by_name(table_name, force_refresh=force_refresh)
        types: dict[str, type] = getattr(self.get_sql_engine().dialect, "ischema_names", {})
        table = sqlalchemy.Table(
            table_name,
            sqlalchemy.MetaData(schema=self.sql_config.schema_name),
            *(
                sqlalchemy.Column(name, types.get(data_type.lower(), sqlalchemy.types.NullType)())
                for name, data_type in columns
            ),
        )
        self._cached_table_definitions[table_name] = table
        return table


class WarehouseDuckDBCache(DuckDBCache):
    _sql_processor_class: ClassVar[type] = _TimeZoneAwareProcessor


def duckdb_cache(path: Path) -> WarehouseDuckDBCache:
    """An absolute path: PyAirbyte treats a bare file name such as `warehouse.duckdb` as not file-based. Its
    batch files go to the temp dir (they are deleted after each load) rather than a `.cache/` in the cwd."""
    return WarehouseDuckDBCache(db_path=path.expanduser().resolve(), schema_name="main", cache_dir=batch_dir())


def batch_dir() -> Path:
    return Path(tempfile.gettempdir()) / "source-jira-octopus-warehouse"
