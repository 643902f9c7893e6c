"""jira__daily_issue_field_history is incremental: a second run after a change rebuilds only the changed issues and
the ones not yet done, drops deleted issues, and ends with the rows a full refresh builds (fixture: jira_fixture)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from integration_tests.analytics.dbt_invocation import duckdb_output, run_dbt
from integration_tests.analytics.jira_fixture import STATUSES, jira_records
from integration_tests.analytics.table_layouts import write_duckdb_pyairbyte

pytestmark = pytest.mark.slow

DAILY = "analytics.jira__daily_issue_field_history"


def second_sync() -> dict[str, list[dict[str, Any]]]:
    """What a later sync brings: ALP-3 (103) went To Do -> Done on 01-26 10:00; ALP-6 (106) was deleted."""
    records = copy.deepcopy(jira_records())
    alp3 = next(i for i in records["jira_issues"] if i["id"] == "103")
    alp3["updated"] = "2024-01-26T10:00:00.000+0000"
    name, category_id, category_key = STATUSES["10002"]
    alp3["fields"]["status"] = {
        "id": "10002",
        "name": name,
        "statusCategory": {"id": int(category_id), "key": category_key},
    }
    records["jira_issue_field_history"].append(
        {
            "id": "4001:0",
            "changelogId": "4001",
            "itemIndex": 0,
            "issueId": "103",
            "issueKey": "ALP-3",
            "field": "status",
            "fieldId": "status",
            "from": "1",
            "fromString": "To Do",
            "to": "10002",
            "toString": "Done",
            "created": "2024-01-26T10:00:00Z",
        }
    )
    records["jira_issue_census"] = [c for c in records["jira_issue_census"] if c["id"] != "106"]
    return records


def daily_rows(path: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path)) as conn:
        return conn.execute(f"select * exclude (issue_updated_at) from {DAILY} order by issue_id, day").fetchall()


def count_by_issue(path: Path) -> dict[str, tuple[int, date, str]]:
    with duckdb.connect(str(path)) as conn:
        found = conn.execute(
            f"select issue_key, count(*), max(day), arg_max(status, day) from {DAILY} group by issue_key"
        ).fetchall()
    return {key: (n, last, status) for key, n, last, status in found}


def test_second_run_rebuilds_changed_and_open_issues_only(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        write_duckdb_pyairbyte(conn, "main", jira_records())
    run_dbt(
        tmp_path / "dbt",
        duckdb_output(path),
        "run",
        dbt_vars={"jira_octopus_source_schema": "main", "jira_octopus_daily_end_date": "2024-01-25"},
    )
    # 145 rows after the first run (derived in test_jira_marts)
    assert len(daily_rows(path)) == 145
    # a mark on a done, unchanged issue (ALP-1): only a rebuild of ALP-1 would erase it
    with duckdb.connect(str(path)) as conn:
        conn.execute(f"update {DAILY} set story_points = 'untouched' where issue_key = 'ALP-1' and day = '2024-01-03'")
        write_duckdb_pyairbyte(conn, "main", second_sync())

    second_vars = {"jira_octopus_source_schema": "main", "jira_octopus_daily_end_date": "2024-01-27"}
    run_dbt(tmp_path / "dbt", duckdb_output(path), "run", dbt_vars=second_vars)

    counts = count_by_issue(path)
    # ALP-1 (done 01-05) and ALP-2 (done at creation) were not rebuilt: the mark stays, their days do not grow.
    with duckdb.connect(str(path)) as conn:
        assert conn.execute(
            f"select story_points from {DAILY} where issue_key = 'ALP-1' and day = '2024-01-03'"
        ).fetchall() == [("untouched",)]
    assert counts["ALP-1"] == (5, date(2024, 1, 5), "10002")
    assert counts["ALP-2"] == (1, date(2024, 1, 2), "10002")
    # ALP-3 changed: done on 01-26, so 01-03..01-26 = 24 days, Done on the last one.
    assert counts["ALP-3"] == (24, date(2024, 1, 26), "10002")
    # open issues grow to the new last day: BET-1 01-02..01-27 = 26, ALP-7, ALP-9, ALP-10 01-05..01-27 = 23
    assert counts["BET-1"] == (26, date(2024, 1, 27), "3")
    assert {key: counts[key][0] for key in ("ALP-7", "ALP-9", "ALP-10")} == {"ALP-7": 23, "ALP-9": 23, "ALP-10": 23}
    # ALP-6 was deleted: its 11 rows are gone. ALP-8 (done 01-18) keeps 14, ALP-11 (done 01-23) 4.
    # Total 5+1+24+26+23+14+23+23+4 = 143.
    assert "ALP-6" not in counts
    assert counts["ALP-8"] == (14, date(2024, 1, 18), "10002")
    assert counts["ALP-11"] == (4, date(2024, 1, 23), "10002")
    incremental = daily_rows(path)
    assert len(incremental) == 143

    # a full refresh builds the same rows, except that it recomputes the marked one
    run_dbt(
        tmp_path / "dbt",
        duckdb_output(path),
        "run",
        select=["jira__daily_issue_field_history"],
        dbt_vars=second_vars,
        extra_args=["--full-refresh"],
    )
    rebuilt = daily_rows(path)
    changed = [(a, b) for a, b in zip(incremental, rebuilt, strict=True) if a != b]
    assert [(a[0], b[0]) for a, b in changed] == [("101:2024-01-03", "101:2024-01-03")]
    assert "untouched" in changed[0][0] and "untouched" not in changed[0][1]
