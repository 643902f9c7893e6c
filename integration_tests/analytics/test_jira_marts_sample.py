"""The Jira marts on the bundled sample data: the fake Jira served over real HTTP, loaded by the main job's own
PyAirbyte path into DuckDB, then `dbt build` (models and dbt tests). The marts' figures equal direct SQL counts on
the loaded tables."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import duckdb
import pytest

from integration_tests.analytics.dbt_invocation import duckdb_output, run_dbt
from jira_octopus_sample_api import FakeApiServer
from source_jira_octopus.warehouse.duckdb_cache import duckdb_cache
from source_jira_octopus.warehouse.loading import connector_source, load

pytestmark = pytest.mark.slow

# the tables the Jira marts read (jira_issue_field_history and the census are children of jira_issues)
JIRA_TABLES = [
    "jira_issues",
    "jira_issue_field_history",
    "jira_issue_census",
    "jira_projects",
    "jira_statuses",
    "jira_issue_fields",
    "jira_sprints",
    "jira_sprint_issues",
]
# issues that count: not deleted (in the census, or in a project the census did not cover)
# (DuckDB's JSON arrows bind looser than `=`: every arrow expression below is in parentheses)
LIVE_ISSUES = """
    select i.* from main.jira_issues as i
    where i.id in (select id from main.jira_issue_census)
        or i.projectid not in (select id from main.jira_projects)
"""


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("jira_sample")
    path = work / "warehouse.duckdb"
    with FakeApiServer(seed=5, size=80) as fake:
        source = connector_source(fake.connector_config())
        source.select_streams(JIRA_TABLES)
        load(source, duckdb_cache(path), out=io.StringIO(), live=False)
    run_dbt(work / "dbt", duckdb_output(path), "build", dbt_vars={"jira_octopus_source_schema": "main"})
    return path


def one(path: Path, sql: str) -> Any:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(sql).fetchall()


def test_every_live_issue_has_one_flow_row(sample_warehouse):
    flow = one(sample_warehouse, "select count(*) from analytics.jira__issue_flow")
    assert flow == one(sample_warehouse, f"select count(*) from ({LIVE_ISSUES})")
    assert flow[0][0] > 0


def test_stays_are_one_per_issue_plus_one_per_status_change(sample_warehouse):
    # plus one per issue whose loaded history ends in another status than its current one (the sample generator
    # writes such issues; the mart closes them with a stay in the current status)
    direct = one(
        sample_warehouse,
        f"""select (select count(*) from ({LIVE_ISSUES}))
            + (select count(*) from main.jira_issue_field_history
               where fieldid = 'status' and issueid in (select id from ({LIVE_ISSUES})))
            + (select count(*) from ({LIVE_ISSUES}) as i
               where (select h."to" from main.jira_issue_field_history as h
                      where h.issueid = i.id and h.fieldid = 'status'
                      order by h.created desc, cast(h.changelogid as bigint) desc, h.itemindex desc
                      limit 1) <> (i.fields -> 'status' ->> 'id'))""",
    )
    assert one(sample_warehouse, "select count(*) from analytics.jira__issue_status_stays") == direct


def test_cumulative_flow_today_equals_the_current_statuses(sample_warehouse):
    # the last day is today: every issue sits in its current status and project by the end of it
    marts = one(
        sample_warehouse,
        """select project_key, status_category, issue_count from analytics.jira__daily_cumulative_flow
           where day = (select max(day) from analytics.jira__daily_cumulative_flow) and issue_count > 0
           order by 1, 2""",
    )
    direct = one(
        sample_warehouse,
        f"""select i.projectkey, coalesce((s.statuscategory ->> 'key'), (i.fields -> 'status' -> 'statusCategory' ->> 'key')),
               count(*)
           from ({LIVE_ISSUES}) as i
           left join main.jira_statuses as s on s.id = (i.fields -> 'status' ->> 'id')
           group by 1, 2 order by 1, 2""",
    )
    assert marts == direct
    assert len(marts) > 3


def test_done_issues_in_flow_equal_done_category_issues(sample_warehouse):
    direct = one(
        sample_warehouse,
        f"""select count(*) from ({LIVE_ISSUES}) as i
           join main.jira_statuses as s on s.id = (i.fields -> 'status' ->> 'id')
           where (s.statuscategory ->> 'key') = 'done'""",
    )
    assert one(sample_warehouse, "select count(done_at) from analytics.jira__issue_flow") == direct
