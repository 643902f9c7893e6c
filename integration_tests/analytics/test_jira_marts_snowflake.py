"""The same Jira marts on Snowflake (fakesnow 0.11.4 under dbt-snowflake, in-process) from the same fixture written
in the two Snowflake layouts: PyAirbyte's SnowflakeCache and destination-snowflake's typed final tables (with stale
rows an append sync leaves behind). Every mart must hold exactly the rows DuckDB builds; the DuckDB figures
themselves are pinned in test_jira_marts."""

from __future__ import annotations

import copy
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from integration_tests.analytics.dbt_invocation import JIRA_MARTS, duckdb_output, run_dbt, snowflake_output
from integration_tests.analytics.jira_fixture import Record, jira_records
from integration_tests.analytics.table_layouts import (
    write_duckdb_pyairbyte,
    write_snowflake_destination,
    write_snowflake_pyairbyte,
)

fakesnow = pytest.importorskip("fakesnow")
snowflake_connector = pytest.importorskip("snowflake.connector")

pytestmark = pytest.mark.slow

END_DATE = "2024-01-25"
DATABASE = "JIRA_OCTOPUS"
SOURCE_SCHEMA = "AIRBYTE_RAW"


def stale_rows() -> dict[str, list[Record]]:
    """Older copies of keys, extracted before the current rows: staging must keep only the latest per key."""
    records = jira_records()
    issue = copy.deepcopy(next(i for i in records["jira_issues"] if i["id"] == "107"))
    issue["fields"]["status"] = {"id": "1", "name": "To Do", "statusCategory": {"id": 2, "key": "new"}}
    sprint = copy.deepcopy(next(s for s in records["jira_sprints"] if s["id"] == 1))
    sprint.update(state="active", completeDate=None)
    change = copy.deepcopy(next(h for h in records["jira_issue_field_history"] if h["id"] == "3103:0"))
    change["toString"] = "13"
    return {"jira_issues": [issue], "jira_sprints": [sprint], "jira_issue_field_history": [change]}


def normalized(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return round(float(value), 6)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def mart_rows(cursor: Any, mart: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cursor.execute(f"select * from analytics.{mart}")
    columns = [d[0].lower() for d in cursor.description]
    data = sorted((tuple(normalized(v) for v in row) for row in cursor.fetchall()), key=repr)
    return columns, data


@pytest.fixture(scope="module")
def duckdb_marts(tmp_path_factory) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    work = tmp_path_factory.mktemp("jira_marts_duckdb")
    path = work / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        write_duckdb_pyairbyte(conn, "main", jira_records())
    dbt_vars = {"jira_octopus_source_schema": "main", "jira_octopus_daily_end_date": END_DATE}
    run_dbt(work / "dbt", duckdb_output(path), "run", dbt_vars=dbt_vars)
    with duckdb.connect(str(path)) as conn:
        return {mart: mart_rows(conn.cursor(), mart) for mart in JIRA_MARTS}


def snowflake_marts(work: Path, layout: str) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Build on fakesnow and read the marts back; the patch ends before the next layout's build starts."""
    (work / "fakesnow").mkdir(parents=True)
    with fakesnow.patch(db_path=str(work / "fakesnow")):
        conn = snowflake_connector.connect(database=DATABASE, schema="PUBLIC")
        cursor = conn.cursor()
        if layout == "pyairbyte":
            write_snowflake_pyairbyte(cursor, SOURCE_SCHEMA, jira_records())
        else:
            write_snowflake_destination(cursor, SOURCE_SCHEMA, jira_records(), stale_rows())
        dbt_vars = {
            "jira_octopus_source_schema": SOURCE_SCHEMA,
            "jira_octopus_source_layout": layout,
            "jira_octopus_daily_end_date": END_DATE,
        }
        run_dbt(work / "dbt", snowflake_output(DATABASE, "ANALYTICS"), "run", dbt_vars=dbt_vars)
        marts = {mart: mart_rows(cursor, mart) for mart in JIRA_MARTS}
        conn.close()
    return marts


@pytest.fixture(scope="module")
def snowflake_pyairbyte_marts(tmp_path_factory):
    return snowflake_marts(tmp_path_factory.mktemp("jira_marts_sf_pyairbyte"), "pyairbyte")


@pytest.fixture(scope="module")
def snowflake_destination_marts(tmp_path_factory):
    return snowflake_marts(tmp_path_factory.mktemp("jira_marts_sf_destination"), "airbyte_destination")


@pytest.mark.parametrize("mart", JIRA_MARTS)
def test_snowflake_cache_layout_gives_the_duckdb_rows(mart, duckdb_marts, snowflake_pyairbyte_marts):
    assert duckdb_marts[mart][1], f"{mart} is empty on DuckDB: nothing compared"
    assert snowflake_pyairbyte_marts[mart] == duckdb_marts[mart]


@pytest.mark.parametrize("mart", JIRA_MARTS)
def test_destination_snowflake_layout_gives_the_duckdb_rows(mart, duckdb_marts, snowflake_destination_marts):
    # the stale copies (ALP-7 To Do, sprint 1 still active, ALP-7's 5 -> 13 points) would change the stays, flow,
    # sprint report and field history if staging kept them
    assert snowflake_destination_marts[mart] == duckdb_marts[mart]
