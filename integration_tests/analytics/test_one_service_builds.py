"""A config with only Jira, or only Octopus Deploy: the main job's transform (`transform.run_models` with the loaded
services) builds the models of that service alone on a warehouse holding only its tables, and the report reads
only the marts that exist. The disabled models are the project's vars `jira_octopus_using_jira` /
`jira_octopus_using_octopus`, the same a dbt package user sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from integration_tests.analytics.jira_fixture import jira_records
from integration_tests.analytics.octopus_fixture import SOURCE_STREAMS, octopus_rows
from integration_tests.analytics.table_layouts import write_duckdb_pyairbyte
from source_jira_octopus.warehouse import transform
from source_jira_octopus.warehouse.report_html import ReportData, collect_report

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

MODELS_DIR = Path(__file__).parents[2] / "jira_octopus_analytics" / "models"


def _models(folder: str, prefix: str = "") -> set[str]:
    return {path.stem for path in (MODELS_DIR / folder).glob(f"{prefix}*.sql")}


JIRA_MODELS = (
    _models("staging/jira")
    | _models("marts/jira")
    | {"int_jira__field_periods", "int_jira__issues", "int_jira__sprint_memberships"}
    | {"int_jira__status_changes", "int_jira__tracked_fields"}
)
OCTOPUS_MODELS = _models("staging/octopus") | _models("marts/octopus") | {"int_octopus__deployments"}


def _build(work_dir: Path, tables: dict[str, list[dict[str, Any]]], services: transform.LoadedServices) -> Path:
    path = work_dir / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        write_duckdb_pyairbyte(conn, "main", tables)
    transform.run_models(transform.DuckDBTarget(path), services=services)
    return path


def _query(path: Path, sql: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(path)) as conn:
        cursor = conn.execute(sql)
        names = [column[0].lower() for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _relations(path: Path) -> set[str]:
    rows = _query(path, "select table_name from information_schema.tables where table_schema = 'analytics'")
    return {row["table_name"] for row in rows}


def _report(path: Path, services: transform.LoadedServices) -> ReportData:
    def query(sql: str) -> list[dict[str, Any]]:
        return _query(path, sql)

    return collect_report(query, "analytics", source=str(path), jira=services.jira, octopus=services.octopus)


@pytest.fixture(scope="module")
def jira_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("jira_only"), jira_records(), transform.LoadedServices(octopus=False))


@pytest.fixture(scope="module")
def octopus_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = octopus_rows()
    # every Octopus table an Octopus-only load writes that the staging models read (the two the marts do not need
    # are empty here)
    streams = (*SOURCE_STREAMS, "octopus_build_information", "octopus_events")
    tables = {stream: rows.get(stream, []) for stream in streams if stream.startswith("octopus_")}
    return _build(tmp_path_factory.mktemp("octopus_only"), tables, transform.LoadedServices(jira=False))


def test_a_jira_only_config_builds_the_jira_models_alone(jira_only: Path) -> None:
    assert _relations(jira_only) == JIRA_MODELS
    # jira_fixture: 11 issues, ALP-5 deleted; jira__issue_flow keeps one row per issue still in Jira
    flow = _query(jira_only, "select count(*) as issues from analytics.jira__issue_flow")
    census = _query(jira_only, "select count(*) as issues from analytics.int_jira__issues where not is_deleted")
    assert flow == census and census[0]["issues"] > 0


def test_the_report_of_a_jira_only_build_has_no_dora(jira_only: Path) -> None:
    data = _report(jira_only, transform.LoadedServices(octopus=False))
    assert data.figures is None and data.deployments_per_week == [] and data.lead_times == []
    assert data.status_times and data.flow


def test_an_octopus_only_config_still_gets_dora_from_its_deployments(octopus_only: Path) -> None:
    assert _relations(octopus_only) == OCTOPUS_MODELS
    # octopus_fixture: Deployments-1 .. Deployments-16, each counted once in the daily DORA rows; no Jira incidents
    (totals,) = _query(
        octopus_only,
        "select sum(deployments) as deployments, sum(jira_incidents_opened) as incidents, "
        "count(jira_incident_recovery_median_seconds) as recoveries from analytics.octopus__dora_daily",
    )
    assert totals == {"deployments": 16, "incidents": 0, "recoveries": 0}


def test_the_report_of_an_octopus_only_build_has_dora_without_issues(octopus_only: Path) -> None:
    data = _report(octopus_only, transform.LoadedServices(jira=False))
    assert data.figures is not None and data.figures.production_deployments > 0
    assert (data.figures.issues_to_production, data.figures.issue_to_production_median_seconds) == (0, None)
    assert data.deployments_per_week and data.status_times == [] and data.lead_times == []


def test_the_job_says_in_one_line_what_it_skipped() -> None:
    assert transform.LoadedServices().skipped() is None
    assert transform.LoadedServices(octopus=False).skipped() == (
        "Skipped the Octopus, DORA and lineage models: Octopus Deploy is not configured."
    )
    assert "Skipped the Jira and lineage models" in str(transform.LoadedServices(jira=False).skipped())
