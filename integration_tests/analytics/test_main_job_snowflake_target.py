"""The main job's Snowflake path after the load, on fakesnow: the profile generated from the job's Snowflake settings
(password through DBT_ENV_SECRET_SNOWFLAKE_PASSWORD, never in the file) builds every model in the loaded schema, and
the DORA summary and report read the marts there. fakesnow cannot run PyAirbyte's PUT + COPY, so the loaded tables
are written directly in SnowflakeCache's layout from the hand-sized fixtures."""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml

from integration_tests.analytics import jira_fixture, octopus_fixture, table_layouts
from integration_tests.analytics.octopus_marts import comparable
from jira_octopus_analytics import PROJECT_DIR
from source_jira_octopus.warehouse import transform
from source_jira_octopus.warehouse.report_html import collect_report, render_report
from source_jira_octopus.warehouse.snowflake import parse_settings

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
PASSWORD = "fakesnow-password-never-on-disk"


def _source_tables() -> list[str]:
    sources = yaml.safe_load((PROJECT_DIR / "models" / "staging" / "sources.yml").read_text())["sources"]
    return [table["name"] for source in sources for table in source["tables"]]


def test_every_model_builds_in_the_loaded_schema_and_the_report_reads_it(tmp_path):
    import fakesnow
    import snowflake.connector

    tables: dict[str, list[Any]] = {name: [] for name in _source_tables()}  # every table the models read, ...
    tables.update(jira_fixture.jira_records())  # ... filled from the two hand-sized fixtures
    tables.update(octopus_fixture.octopus_records())  # its Jira issues are the ones its work items name
    settings = parse_settings(
        {
            "account": "fakesnow",
            "username": "LOADER",
            "warehouse": "COMPUTE_WH",
            "database": "WAREHOUSE",
            "role": "LOADER_ROLE",
            "schema_name": "AIRBYTE",
            "password": PASSWORD,
        }
    )
    target = transform.SnowflakeTarget(settings)
    (tmp_path / "fakesnow").mkdir()
    with fakesnow.patch(db_path=str(tmp_path / "fakesnow")):
        with snowflake.connector.connect(database="WAREHOUSE", schema="AIRBYTE") as conn:
            table_layouts.write_snowflake_pyairbyte(conn.cursor(), "AIRBYTE", tables)

        built = transform.run_models(target)

        with snowflake.connector.connect(database="WAREHOUSE", schema="AIRBYTE") as conn:
            cursor = conn.cursor()

            def query(sql: str) -> list[dict[str, Any]]:
                cursor.execute(sql)
                names = [column[0].lower() for column in cursor.description]
                return [dict(zip(names, map(comparable, row), strict=True)) for row in cursor.fetchall()]

            data = collect_report(query, target.models_schema, source="fakesnow")

    assert built.models >= 45
    assert "DBT_ENV_SECRET_SNOWFLAKE_PASSWORD" not in os.environ
    work_dir = transform.work_directory(target)
    assert not any(PASSWORD in path.read_text(errors="ignore") for path in work_dir.rglob("*") if path.is_file())
    assert data.figures is not None and data.figures.production_deployments > 0
    # (status_times stays empty here: the Octopus fixture's jira_issues replace the Jira fixture's, whose changelogs
    # then name no loaded issue; the Jira marts have their own fakesnow tests)
    assert data.deployments_per_week and data.flow and data.sprints
    page = render_report(data)
    assert f"{data.figures.successful_deployments} successful deployments" in page
