"""The main job's DORA summary and report queries (warehouse/dora.py, report_html.py) on the Octopus fixture marts,
built on DuckDB and on Snowflake (fakesnow): the same SQL runs on both, gives the same figures, and every figure
equals the same metric computed here in Python from the `octopus__deployments` / `lineage__issue_to_production`
rows themselves."""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Any

import duckdb
import pytest

from integration_tests.analytics.octopus_marts import build_on_duckdb, build_on_fakesnow, comparable
from source_jira_octopus.warehouse import dora

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _reader(cursor: Any) -> dora.Query:
    def query(sql: str) -> list[dict[str, Any]]:
        cursor.execute(sql)
        names = [column[0].lower() for column in cursor.description]
        return [dict(zip(names, map(comparable, row), strict=True)) for row in cursor.fetchall()]

    return query


def _read_all(query: dora.Query, schema: str) -> tuple[dora.DoraFigures | None, list[dict[str, Any]]]:
    figures = dora.dora_figures(query, schema)
    assert figures is not None
    return figures, dora.monthly_trend(query, schema, figures.window_start)


@pytest.fixture(scope="module")
def duckdb_side(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("duckdb")
    marts = build_on_duckdb(work_dir)
    with duckdb.connect(str(work_dir / "warehouse.duckdb")) as conn:
        return marts, _read_all(_reader(conn.cursor()), "analytics")


@pytest.fixture(scope="module")
def snowflake_side(tmp_path_factory):
    import fakesnow
    import snowflake.connector

    work_dir = tmp_path_factory.mktemp("fakesnow")
    build_on_fakesnow(work_dir, "pyairbyte")
    with (
        fakesnow.patch(db_path=str(work_dir / "fakesnow")),
        snowflake.connector.connect(database="WAREHOUSE", schema="ANALYTICS") as conn,
    ):
        return _read_all(_reader(conn.cursor()), "WAREHOUSE.ANALYTICS")


def _deployed_at(row: dict[str, Any]) -> datetime:
    return row["completed_at"] or row["created_at"]


def test_the_figures_are_the_marts_rows_counted_again(duckdb_side):
    marts, (figures, _) = duckdb_side
    deployments = [row for row in marts["octopus__deployments"].values() if row["is_production"]]
    end = max(_deployed_at(row) for row in deployments)
    window = [row for row in deployments if _deployed_at(row) > end - dora.WINDOW]
    completed = [row for row in window if row["is_completed"]]
    successful = [row for row in window if row["is_successful"]]
    lead_times = [row["lead_time_seconds"] for row in successful if row["lead_time_seconds"] is not None]
    recoveries = [row["recovery_seconds"] for row in window if row["recovery_seconds"] is not None]
    shipped = [
        row["created_to_production_seconds"]
        for row in marts["lineage__issue_to_production"].values()
        if row["created_to_production_seconds"] is not None and row["first_production_deployed_at"] > end - dora.WINDOW
    ]
    assert len(window) >= 3 and completed and lead_times and recoveries and shipped, "the fixture covers each metric"

    assert (figures.window_start, figures.window_end) == (end - dora.WINDOW, end)
    assert figures.production_deployments == len(window)
    assert figures.successful_deployments == len(successful)
    assert figures.completed_deployments == len(completed)
    assert figures.failed_deployments == sum(1 for row in completed if row["is_failure"])
    assert figures.rework_deployments == sum(1 for row in completed if row["is_rework"])
    assert figures.lead_time_median_seconds == statistics.median(lead_times)
    assert figures.recovery_median_seconds == statistics.median(recoveries)
    assert figures.recoveries == len(recoveries)
    assert figures.issues_to_production == len(shipped)
    assert figures.issue_to_production_median_seconds == statistics.median(shipped)


def test_the_monthly_trend_adds_up_to_the_window(duckdb_side):
    _, (figures, trend) = duckdb_side
    assert sum(row["successful_deployments"] for row in trend) == figures.successful_deployments
    assert [row["month"] for row in trend] == sorted(row["month"] for row in trend)


def test_snowflake_gives_the_same_figures_and_trend(duckdb_side, snowflake_side):
    _, on_duckdb = duckdb_side
    assert snowflake_side == on_duckdb
