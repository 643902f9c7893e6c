"""Build every model of jira_octopus_analytics on a generated DuckDB warehouse in PyAirbyte's layout (issue 16,
item 5): 100,000 issues with 10 field changes each (1,000,000 history rows), 2/3 of them still open, created over
two years, and 50,000 deployments. Prints the full `dbt run`, an incremental run after 1% of the issues changed, and
each model's time in both. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_analytics.py --issues 100000 --deployments 50000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_octopus_marts import GENERATE as GENERATE_OCTOPUS  # noqa: E402
from integration_tests.analytics import table_layouts  # noqa: E402
from integration_tests.analytics.dbt_invocation import duckdb_output, run_dbt  # noqa: E402
from integration_tests.analytics.jira_fixture import POINTS_FIELD, SPRINT_FIELD, jira_records  # noqa: E402
from integration_tests.analytics.octopus_fixture import SOURCE_STREAMS  # noqa: E402

END_DATE = "2026-01-01"  # the daily models' last day (an open issue created 2024-01-01 spans 731 days)
GENERATED = ("jira_issues", "jira_issue_field_history", "jira_issue_census", "jira_sprint_issues")
# Issue i is created at 2024-01-01 + 10 i minutes (100,000 issues span 694 days); every third issue is Done.
ISSUE = """
    select i, 'ISS-' || i as key,
        timestamptz '2024-01-01 00:00:00+00' + to_minutes(cast(i * 10 as bigint)) as created,
        i % 3 = 0 as done,
        timestamptz '2024-01-01 00:00:00+00' + to_minutes(cast(i * 10 as bigint)) + to_days(cast(8 + i % 30 as int))
            as resolved
    from range({first}, {last}) as r(i)
"""
# (k, days after creation, field, field id, from, from string, to, to string); k = 9 depends on the issue's state
CHANGES = [
    (0, 1, "status", "status", "'1'", "'To Do'", "'3'", "'In Progress'"),
    (1, 1, "assignee", "assignee", "null", "null", "'acc-1'", "'Ann'"),
    (2, 2, "Sprint", SPRINT_FIELD, "null", "null", "'1'", "'ALP Sprint 1'"),
    (3, 2, "Story point estimate", POINTS_FIELD, "null", "null", "null", "'3'"),
    (4, 3, "Story point estimate", POINTS_FIELD, "null", "'3'", "null", "'5'"),
    (5, 4, "status", "status", "'3'", "'In Progress'", "'10001'", "'In Review'"),
    (6, 5, "status", "status", "'10001'", "'In Review'", "'3'", "'In Progress'"),
    (7, 6, "assignee", "assignee", "'acc-1'", "'Ann'", "'acc-2'", "'Bob'"),
    (8, 7, "Story point estimate", POINTS_FIELD, "null", "'5'", "null", "'8'"),
]


def generate_jira(first: int, last: int, updated: str) -> list[str]:
    """SQL inserting issues [first, last) and their 10 changes each; `updated` is the issues' `updated`."""
    issue = ISSUE.format(first=first, last=last)
    history = [
        f"""insert into main.jira_issue_field_history (id, changelogid, itemindex, issueid, issuekey, field, fieldid,
            fieldtype, "from", fromstring, "to", tostring, created)
        select (i * 10 + {k}) || ':0', cast(i * 10 + {k} as varchar), 0, cast(i as varchar), key, '{field}',
            '{field_id}', 'jira', {old}, {old_text}, {new}, {new_text}, created + to_days({days})
        from ({issue})"""
        for k, days, field, field_id, old, old_text, new, new_text in CHANGES
    ]
    last_change = f"""insert into main.jira_issue_field_history (id, changelogid, itemindex, issueid, issuekey, field,
            fieldid, fieldtype, "from", fromstring, "to", tostring, created)
        select (i * 10 + 9) || ':0', cast(i * 10 + 9 as varchar), 0, cast(i as varchar), key,
            case when done then 'status' else 'Sprint' end, case when done then 'status' else '{SPRINT_FIELD}' end,
            'jira', case when done then '3' else '1' end, case when done then 'In Progress' else 'ALP Sprint 1' end,
            case when done then '10002' else '1, 2' end,
            case when done then 'Done' else 'ALP Sprint 1, ALP Sprint 2' end,
            case when done then resolved else created + to_days(8) end
        from ({issue})"""
    issues = f"""insert into main.jira_issues (id, key, projectid, projectkey, created, updated, fields)
        select cast(i as varchar), key, '10000', 'ALP', created, timestamptz '{updated}',
            json_object(
                'status', case when done
                    then json_object('id', '10002', 'name', 'Done', 'statusCategory', json_object('id', 3, 'key', 'done'))
                    else json_object('id', '3', 'name', 'In Progress',
                        'statusCategory', json_object('id', 4, 'key', 'indeterminate')) end,
                'issuetype', json_object('id', '10001', 'name', 'Story'),
                'project', json_object('id', '10000', 'key', 'ALP', 'name', 'Alpha'),
                'assignee', json_object('accountId', 'acc-2'),
                '{POINTS_FIELD}', 8,
                '{SPRINT_FIELD}', case when done then json_array(json_object('id', 1)) else
                    json_array(json_object('id', 1), json_object('id', 2)) end,
                'created', strftime(created, '%Y-%m-%dT%H:%M:%S.000+0000'),
                'resolutiondate', case when done then strftime(resolved, '%Y-%m-%dT%H:%M:%S.000+0000') end)
        from ({issue})"""
    census = f"""insert into main.jira_issue_census (id, key, projectid, projectkey)
        select cast(i as varchar), key, '10000', 'ALP' from ({issue})"""
    return [issues, census, *history, last_change]


def change_one_percent(issues: int) -> list[str]:
    """1% of the issues (every 100th) get one more change (back to In Review) and a newer `updated`."""
    return [
        f"""update main.jira_issues set updated = timestamptz '{END_DATE} 00:00:00+00'
            where cast(id as bigint) % 100 = 1 and cast(id as bigint) < {issues}""",
        f"""insert into main.jira_issue_field_history (id, changelogid, itemindex, issueid, issuekey, field, fieldid,
            fieldtype, "from", fromstring, "to", tostring, created)
        select (i * 10 + 10) || ':0', cast(i * 10 + 10 as varchar), 0, cast(i as varchar), 'ISS-' || i, 'status',
            'status', 'jira', '3', 'In Progress', '10001', 'In Review', timestamptz '{END_DATE} 00:00:00+00'
        from range(1, {issues}, 100) as r(i)""",
    ]


def model_times(outcome: Any) -> dict[str, float]:
    return {result.node.name: result.execution_time for result in outcome.result.results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--deployments", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "warehouse.duckdb"
        base = {stream: rows for stream, rows in jira_records().items() if stream not in GENERATED}
        streams = (*SOURCE_STREAMS, "octopus_build_information", "octopus_events")
        octopus = {stream: [] for stream in streams if stream.startswith("octopus_")}
        with duckdb.connect(str(path)) as conn:
            table_layouts.write_duckdb_pyairbyte(conn, "main", {**base, **dict.fromkeys(GENERATED, []), **octopus})
            octopus_sql = GENERATE_OCTOPUS.format(deployments=args.deployments, releases=args.deployments // 10)
            for statement in octopus_sql.split(";"):
                if statement.strip() and "main.jira_issues" not in statement:
                    conn.execute(statement)
            for statement in generate_jira(0, args.issues, f"{END_DATE} 00:00:00+00"):
                conn.execute(statement)
            counts = conn.execute(
                "select (select count(*) from main.jira_issues), (select count(*) from main.jira_issue_field_history),"
                " (select count(*) from main.octopus_deployments)"
            ).fetchone()
        print(f"warehouse: {counts[0]} issues, {counts[1]} field-history rows, {counts[2]} deployments")
        output = duckdb_output(path)
        output["threads"] = 2
        dbt_vars = {"jira_octopus_source_schema": "main", "jira_octopus_daily_end_date": END_DATE}
        runs: dict[str, dict[str, float]] = {}
        for name, prepare in (("full", []), ("incremental (1% of issues changed)", change_one_percent(args.issues))):
            if prepare:
                with duckdb.connect(str(path)) as conn:
                    for statement in prepare:
                        conn.execute(statement)
            started = time.perf_counter()
            outcome = run_dbt(work / "dbt", output, "run", select=("package:jira_octopus",), dbt_vars=dbt_vars)
            print(f"dbt run, {name}: {time.perf_counter() - started:.1f} s (dbt start-up included)", flush=True)
            runs[name] = model_times(outcome)
        with duckdb.connect(str(path)) as conn:
            history_rows = conn.execute("select count(*) from analytics.jira__daily_issue_field_history").fetchone()
        print(f"jira__daily_issue_field_history: {history_rows[0]} rows")
        names = sorted(runs["full"], key=lambda model: -runs["full"][model])
        print(f"{'model':48} {'full s':>8} {'incr. s':>8}")
        for model in names:
            incremental = runs["incremental (1% of issues changed)"].get(model, 0.0)
            print(f"{model:48} {runs['full'][model]:8.2f} {incremental:8.2f}")
        print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
