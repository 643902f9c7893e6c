"""Build the Octopus, DORA and lineage marts on the hand-sized dataset (octopus_fixture.py) in one table layout, and
read them back as plain rows that compare across warehouses."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from integration_tests.analytics import octopus_fixture, table_layouts
from integration_tests.analytics.dbt_invocation import duckdb_output, run_dbt, snowflake_output

MARTS = (
    "octopus__deployments",
    "octopus__dora_daily",
    "octopus__dora_weekly",
    "octopus__dora_monthly",
    "lineage__issue_deployments",
    "lineage__issue_to_production",
    "lineage__issue_to_production_weekly",
)
# the marts and everything they are built from; `dbt build` runs the schema.yml tests on each
SELECTION = tuple(f"+{mart}" for mart in MARTS)
KEYS = {
    "octopus__deployments": "deployment_id",
    "octopus__dora_daily": "stream_period_id",
    "octopus__dora_weekly": "stream_period_id",
    "octopus__dora_monthly": "stream_period_id",
    "lineage__issue_deployments": "issue_deployment_id",
    "lineage__issue_to_production": "issue_key",
    "lineage__issue_to_production_weekly": "project_week_id",
}
Marts = dict[str, dict[str, dict[str, Any]]]  # mart -> key -> column -> value


def comparable(value: Any) -> Any:
    """One value as both warehouses' drivers can agree on it: whole decimals as int, floats to 9 places."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else round(float(value), 9)
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _rows(cursor: Any, relation: str, key: str) -> dict[str, dict[str, Any]]:
    cursor.execute(f"select * from {relation}")
    names = [column[0].lower() for column in cursor.description]
    rows = [dict(zip(names, map(comparable, row), strict=True)) for row in cursor.fetchall()]
    return {row[key]: row for row in rows}


def build_on_duckdb(work_dir: Path, dbt_vars: Mapping[str, Any] | None = None) -> Marts:
    path = work_dir / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        table_layouts.write_duckdb_pyairbyte(conn, "main", octopus_fixture.octopus_records())
    run_dbt(
        work_dir,
        duckdb_output(path),
        "build",
        select=SELECTION,
        dbt_vars={"jira_octopus_source_schema": "main", **(dbt_vars or {})},
    )
    with duckdb.connect(str(path)) as conn:  # the same configuration as dbt-duckdb's own, still open, connection
        return {mart: _rows(conn.cursor(), f"analytics.{mart}", KEYS[mart]) for mart in MARTS}


def build_on_fakesnow(work_dir: Path, layout: str) -> Marts:
    """`layout`: ``pyairbyte`` (SnowflakeCache tables) or ``airbyte_destination`` (destination-snowflake tables, with
    an older copy of some rows, as an append sync leaves them)."""
    import fakesnow
    import snowflake.connector

    db_path = work_dir / "fakesnow"
    db_path.mkdir(parents=True, exist_ok=True)
    records = octopus_fixture.octopus_records()
    with fakesnow.patch(db_path=str(db_path)):
        with snowflake.connector.connect(database="WAREHOUSE", schema="AIRBYTE") as conn:
            if layout == "airbyte_destination":
                table_layouts.write_snowflake_destination(
                    conn.cursor(), "AIRBYTE", records, stale_rows=octopus_fixture.stale_records()
                )
            else:
                table_layouts.write_snowflake_pyairbyte(conn.cursor(), "AIRBYTE", records)
        dbt_vars = {
            "jira_octopus_source_database": "WAREHOUSE",
            "jira_octopus_source_schema": "AIRBYTE",
            "jira_octopus_source_layout": layout,
        }
        run_dbt(work_dir, snowflake_output("WAREHOUSE", "ANALYTICS"), "build", select=SELECTION, dbt_vars=dbt_vars)
        with snowflake.connector.connect(database="WAREHOUSE", schema="ANALYTICS") as conn:
            return {mart: _rows(conn.cursor(), f"WAREHOUSE.ANALYTICS.{mart}", KEYS[mart]) for mart in MARTS}
