"""The Octopus, DORA and lineage marts on the bundled sample data: the fake Octopus and Jira served over real HTTP,
loaded by the main job's own PyAirbyte path into DuckDB, then `dbt build` (models and dbt tests). The figures the
report reads equal direct SQL counts on the loaded tables."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import duckdb
import pytest

from integration_tests.analytics.dbt_invocation import duckdb_output, run_dbt
from integration_tests.analytics.octopus_fixture import SOURCE_STREAMS
from integration_tests.analytics.octopus_marts import SELECTION
from jira_octopus_sample_api import FakeApiServer
from source_jira_octopus.warehouse.duckdb_cache import duckdb_cache
from source_jira_octopus.warehouse.loading import connector_source, load

pytestmark = pytest.mark.slow

# deployments joined to their task and environment, production by the default pattern
PRODUCTION_DEPLOYMENTS = """
    select d.*, t.state from main.octopus_deployments as d
    join main.octopus_tasks as t on t.id = d.taskid
    join main.octopus_environments as e on e.id = d.environmentid
    where regexp_full_match(lower(e.name), '^prod(uction)?([^a-z0-9].*)?$')
"""


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("octopus_sample")
    path = work / "warehouse.duckdb"
    with FakeApiServer(seed=5, size=80) as fake:
        source = connector_source(fake.connector_config())
        source.select_streams(list(SOURCE_STREAMS))
        load(source, duckdb_cache(path), out=io.StringIO(), live=False)
    run_dbt(
        work / "dbt", duckdb_output(path), "build", select=SELECTION, dbt_vars={"jira_octopus_source_schema": "main"}
    )
    return path


def one(path: Path, sql: str) -> Any:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()[0]


def test_every_deployment_has_one_row(sample_warehouse: Path) -> None:
    (marts,) = one(sample_warehouse, "select count(*) from analytics.octopus__deployments")
    assert marts == one(sample_warehouse, "select count(*) from main.octopus_deployments")[0] > 0


def test_production_frequency_equals_successful_production_tasks(sample_warehouse: Path) -> None:
    marts = one(
        sample_warehouse,
        "select sum(successful_deployments), sum(completed_deployments) from analytics.octopus__dora_weekly"
        " where is_production",
    )
    direct = one(
        sample_warehouse,
        f"select count_if(state = 'Success'), count_if(state in ('Success', 'Failed')) from ({PRODUCTION_DEPLOYMENTS})",
    )
    assert marts == direct and direct[0] > 0


def test_failures_are_failed_tasks_plus_successes_after_guided_failure(sample_warehouse: Path) -> None:
    (marts,) = one(sample_warehouse, "select sum(failed_deployments) from analytics.octopus__dora_monthly")
    (direct,) = one(
        sample_warehouse,
        """select count(*) from main.octopus_deployments as d join main.octopus_tasks as t on t.id = d.taskid
           where t.state = 'Failed' or (t.state = 'Success' and (
               (d.useguidedfailure and d.failureencountered)
               or d.taskid in (select taskid from main.octopus_interruptions where form -> 'Values' ->> 'Guidance' is not null)))""",
    )
    assert marts == direct > 0


def test_issues_to_production_equal_work_items_of_successful_production_releases(sample_warehouse: Path) -> None:
    # The sample API sends an empty Changes[] on every deployment, so the release work items stand in everywhere.
    assert one(sample_warehouse, "select count_if(json_array_length(changes) > 0) from main.octopus_deployments") == (
        0,
    )
    (marts,) = one(
        sample_warehouse,
        "select count(first_production_deployment_id) from analytics.lineage__issue_to_production",
    )
    (direct,) = one(
        sample_warehouse,
        f"""select count(distinct w.id) from main.octopus_release_work_items as w
            join ({PRODUCTION_DEPLOYMENTS}) as d on d.releaseid = w.releaseid where d.state = 'Success'""",
    )
    assert marts == direct > 0
    (weekly,) = one(
        sample_warehouse, "select sum(issues_to_production) from analytics.lineage__issue_to_production_weekly"
    )
    (in_jira,) = one(
        sample_warehouse,
        "select count(*) from analytics.lineage__issue_to_production"
        " where is_in_jira and first_production_deployment_id is not null",
    )
    assert weekly == in_jira > 0
