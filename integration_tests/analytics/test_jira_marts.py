"""The Jira marts on the hand-made dataset of `jira_fixture` (read its docstring first), written in PyAirbyte's
DuckDB layout and built once by an in-process `dbt build` (models and their dbt tests). Every expected figure is
derived by hand in the comments. Times are UTC."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from integration_tests.analytics.dbt_invocation import JIRA_SELECTION, duckdb_output, run_dbt
from integration_tests.analytics.jira_fixture import jira_records
from integration_tests.analytics.table_layouts import write_duckdb_pyairbyte

pytestmark = pytest.mark.slow

END_DATE = "2024-01-25"
DBT_VARS = {"jira_octopus_source_schema": "main", "jira_octopus_daily_end_date": END_DATE}
DAY = 86_400


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("jira_marts")
    path = work / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        write_duckdb_pyairbyte(conn, "main", jira_records())
    run_dbt(work / "dbt", duckdb_output(path), "build", dbt_vars=DBT_VARS)
    return path


def rows(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    # not read-only: dbt-duckdb keeps the file open in this process, and DuckDB shares a file between connections
    # of one configuration only
    with duckdb.connect(str(warehouse)) as conn:
        return conn.execute(sql).fetchall()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_status_stays_follow_the_history_in_changelog_order(warehouse):
    # ALP-1: created 01-01 07:00 (09:00+02:00) in the first change's `from` (To Do); each change opens a stay. The two
    # changes at 01-05 07:00 order by changelog id as a number (9999 -> In Review, then 10000 -> Done), so In Review
    # lasts 0 s and Done is current.
    assert rows(
        warehouse,
        "select stay_number, status_name, status_category, entered_at, left_at, duration_seconds "
        "from analytics.jira__issue_status_stays where issue_key = 'ALP-1' order by stay_number",
    ) == [
        (1, "To Do", "new", at("2024-01-01 07:00"), at("2024-01-02 07:00"), DAY),
        (2, "In Progress", "indeterminate", at("2024-01-02 07:00"), at("2024-01-03 07:00"), DAY),
        (3, "Done", "done", at("2024-01-03 07:00"), at("2024-01-04 07:00"), DAY),
        (4, "In Progress", "indeterminate", at("2024-01-04 07:00"), at("2024-01-05 07:00"), DAY),
        (5, "In Review", "indeterminate", at("2024-01-05 07:00"), at("2024-01-05 07:00"), 0),
        (6, "Done", "done", at("2024-01-05 07:00"), None, None),
    ]


def test_status_stays_without_history_start_in_the_current_status(warehouse):
    # ALP-2 was created Done, ALP-3 To Do, neither ever changed: one open stay each, from creation.
    # BET-1 (ALP-4 until it moved) is listed under its key and project of today.
    assert rows(
        warehouse,
        "select issue_key, project_key, stay_number, status_name, entered_at, left_at "
        "from analytics.jira__issue_status_stays where issue_id in ('102', '103', '104') order by issue_id, stay_number",
    ) == [
        ("ALP-2", "ALP", 1, "Done", at("2024-01-02 10:00"), None),
        ("ALP-3", "ALP", 1, "To Do", at("2024-01-03 12:00"), None),
        ("BET-1", "BET", 1, "To Do", at("2024-01-02 00:00"), at("2024-01-03 00:00")),
        ("BET-1", "BET", 2, "In Progress", at("2024-01-03 00:00"), None),
    ]


def test_a_history_behind_the_issue_ends_in_the_current_status(warehouse):
    # ALP-11's loaded history ends In Progress but the issue is Done: Done starts at its `updated` (01-23 00:00)
    assert rows(
        warehouse,
        "select stay_number, status_name, entered_at, left_at, duration_seconds "
        "from analytics.jira__issue_status_stays where issue_key = 'ALP-11' order by stay_number",
    ) == [
        (1, "To Do", at("2024-01-20 00:00"), at("2024-01-21 00:00"), DAY),
        (2, "In Progress", at("2024-01-21 00:00"), at("2024-01-23 00:00"), 2 * DAY),
        (3, "Done", at("2024-01-23 00:00"), None, None),
    ]
    # the status field's periods agree (the daily history reads them)
    assert rows(
        warehouse,
        "select period_number, valid_from, field_value from analytics.jira__issue_field_history_scd "
        "where issue_key = 'ALP-11' and field_key = 'status' order by period_number",
    ) == [(0, at("2024-01-20 00:00"), "1"), (1, at("2024-01-21 00:00"), "3"), (2, at("2024-01-23 00:00"), "10002")]


def test_a_deleted_issue_is_in_no_mart(warehouse):
    # ALP-5 (105) is in jira_issues but not in the latest census, and ALP is still visible.
    for mart in (
        "jira__issue_status_stays",
        "jira__issue_flow",
        "jira__issue_field_history_scd",
        "jira__daily_issue_field_history",
    ):
        assert rows(warehouse, f"select count(*) from analytics.{mart} where issue_id = '105'") == [(0,)], mart
    # 10 issues: 11 loaded, one deleted
    assert rows(warehouse, "select count(*) from analytics.jira__issue_flow") == [(10,)]


def test_issue_flow_times(warehouse):
    # issue_key, first in progress, done, reopened, lead, cycle:
    # ALP-1: in progress 01-02 07:00; done = entry into the Done it is still in, 01-05 07:00; reopened once (Done ->
    #   In Progress on 01-04); lead 01-01 07:00 -> 01-05 07:00 = 4 days; cycle 01-02 07:00 -> 01-05 07:00 = 3 days.
    # ALP-2: created Done: done at creation, lead 0, never in progress so no cycle time.
    # ALP-3, BET-1, ALP-7, ALP-9, ALP-10: not done, no lead or cycle time; BET-1 and ALP-7 have been in progress.
    # ALP-6: created 01-05 08:00, in progress 01-10 00:00, done 01-15 00:00: lead 9d16h = 835200 s, cycle 5 days.
    # ALP-8: To Do -> Done on 01-18 00:00: lead 12d16h = 1094400 s; never in progress.
    # ALP-11: created 01-20, in progress 01-21, Done by its updated time 01-23 (its history stops before): lead 3
    #   days, cycle 2 days.
    assert rows(
        warehouse,
        "select issue_key, current_status_category, first_in_progress_at, done_at, times_reopened, "
        "lead_time_seconds, cycle_time_seconds from analytics.jira__issue_flow order by cast(issue_id as int)",
    ) == [
        ("ALP-1", "done", at("2024-01-02 07:00"), at("2024-01-05 07:00"), 1, 4 * DAY, 3 * DAY),
        ("ALP-2", "done", None, at("2024-01-02 10:00"), 0, 0, None),
        ("ALP-3", "new", None, None, 0, None, None),
        ("BET-1", "indeterminate", at("2024-01-03 00:00"), None, 0, None, None),
        ("ALP-6", "done", at("2024-01-10 00:00"), at("2024-01-15 00:00"), 0, 835_200, 5 * DAY),
        ("ALP-7", "indeterminate", at("2024-01-12 00:00"), None, 0, None, None),
        ("ALP-8", "done", None, at("2024-01-18 00:00"), 0, 1_094_400, None),
        ("ALP-9", "new", None, None, 0, None, None),
        ("ALP-10", "new", None, None, 0, None, None),
        ("ALP-11", "done", at("2024-01-21 00:00"), at("2024-01-23 00:00"), 0, 3 * DAY, 2 * DAY),
    ]


def test_issue_flow_reads_offsets_as_instants(warehouse):
    # ALP-1: created 2024-01-01T09:00:00.000+0200 and resolved 2024-01-05T09:00:00.000+0200 (a string inside
    # `fields`, with Jira's colon-less offset): 07:00 UTC both.
    assert rows(
        warehouse,
        "select created_at, resolved_at, issue_type, project_key from analytics.jira__issue_flow where issue_id = '101'",
    ) == [(at("2024-01-01 07:00"), at("2024-01-05 07:00"), "Story", "ALP")]


def test_sprint_report(warehouse):
    # Sprint 1, 01-08 09:00 -> closed 01-19 17:00:
    #   committed: ALP-6 (3 points), ALP-7 (5 points at the start; 8 came on 01-12), ALP-9 (1) = 3 issues, 9 points.
    #   added: ALP-8 on 01-10 10:00, 2 points (today's value, never changed) = 1 issue, 2 points.
    #   removed: ALP-9 on 01-12 00:00 with 1 point = 1 issue, 1 point.
    #   completed: ALP-6 (Done 01-15, 3) and ALP-8 (Done 01-18, 2) = 2 issues, 5 points.
    #   carried over: ALP-7 (In Progress at the close; its field became '1, 2' at the close, still listing 1),
    #   8 points at the close = 1 issue, 8 points.
    # Sprint 2, active since 01-22 09:00: committed ALP-7 (8 points) and ALP-10 (in sprint 2 since creation by
    #   today's field, 5 points) = 2 issues, 13 points; nothing added or removed; completed and carried over unknown.
    # Sprint 3: not started, no figures.
    assert rows(
        warehouse,
        "select sprint_id, committed_issues, committed_points, added_issues, added_points, removed_issues, "
        "removed_points, completed_issues, completed_points, carried_over_issues, carried_over_points "
        "from analytics.jira__sprint_report order by sprint_id",
    ) == [
        ("1", 3, 9.0, 1, 2.0, 1, 1.0, 2, 5.0, 1, 8.0),
        ("2", 2, 13.0, 0, 0.0, 0, 0.0, None, None, None, None),
        ("3", None, None, None, None, None, None, None, None, None, None),
    ]


def test_daily_cumulative_flow(warehouse):
    # End of 01-01: ALP-1 To Do.                                       ALP: new 1
    # End of 01-02: ALP-1 In Progress, ALP-2 Done, ALP-4 To Do.        ALP: new 1, indeterminate 1, done 1
    # End of 01-03: ALP-1 Done, ALP-2 Done, ALP-3 To Do, ALP-4 In Progress (ALP-5 is deleted: not counted).
    #                                                                  ALP: new 1, indeterminate 1, done 2
    # End of 01-04: ALP-1 In Progress, ALP-2 Done, ALP-3 To Do; ALP-4 moved to BET at 12:00 and is In Progress.
    #                                                                  ALP: new 1, indeterminate 1, done 1; BET: ind. 1
    # End of 01-25: ALP-1, 2, 6, 8, 11 Done; ALP-7 In Progress; ALP-3, 9, 10 To Do; BET-1 In Progress.
    got = rows(
        warehouse,
        "select day, project_key, status_category, issue_count from analytics.jira__daily_cumulative_flow "
        "where day in ('2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-25') "
        "order by day, project_key, status_category",
    )
    assert got == [
        (date(2024, 1, 1), "ALP", "new", 1),
        (date(2024, 1, 2), "ALP", "done", 1),
        (date(2024, 1, 2), "ALP", "indeterminate", 1),
        (date(2024, 1, 2), "ALP", "new", 1),
        (date(2024, 1, 3), "ALP", "done", 2),
        (date(2024, 1, 3), "ALP", "indeterminate", 1),
        (date(2024, 1, 3), "ALP", "new", 1),
        (date(2024, 1, 4), "ALP", "done", 1),
        (date(2024, 1, 4), "ALP", "indeterminate", 1),
        (date(2024, 1, 4), "ALP", "new", 1),
        (date(2024, 1, 4), "BET", "indeterminate", 1),
        (date(2024, 1, 25), "ALP", "done", 5),
        (date(2024, 1, 25), "ALP", "indeterminate", 1),
        (date(2024, 1, 25), "ALP", "new", 3),
        (date(2024, 1, 25), "BET", "indeterminate", 1),
    ]
    # BET's rows start on 01-04 (its first non-zero day) and run to the last day: 22 days, one category.
    assert rows(
        warehouse,
        "select count(*), min(day), max(day) from analytics.jira__daily_cumulative_flow where project_key = 'BET'",
    ) == [(22, date(2024, 1, 4), date(2024, 1, 25))]


def test_field_history_scd(warehouse):
    # ALP-7: story points: none at creation (the first change's `from`), 5 from 01-06, 8 from 01-12;
    # sprint: none, then '1' from 01-06, then '1, 2' from the close of sprint 1.
    assert rows(
        warehouse,
        "select field_key, period_number, valid_from, valid_to, field_value, is_current "
        "from analytics.jira__issue_field_history_scd where issue_key = 'ALP-7' and field_key in ('sprint', 'story_points') "
        "order by field_key, period_number",
    ) == [
        ("sprint", 0, at("2024-01-05 08:00"), at("2024-01-06 00:00"), None, False),
        ("sprint", 1, at("2024-01-06 00:00"), at("2024-01-19 17:00"), "1", False),
        ("sprint", 2, at("2024-01-19 17:00"), None, "1, 2", True),
        ("story_points", 0, at("2024-01-05 08:00"), at("2024-01-06 00:00"), None, False),
        ("story_points", 1, at("2024-01-06 00:00"), at("2024-01-12 00:00"), "5", False),
        ("story_points", 2, at("2024-01-12 00:00"), None, "8", True),
    ]
    # ALP-10 never changed: today's values hold from creation (sprint from jira_sprint_issues, points from `fields`);
    # `project` is followed for the other marts but was not asked for.
    assert rows(
        warehouse,
        "select field_key, field_id, field_value from analytics.jira__issue_field_history_scd "
        "where issue_key = 'ALP-10' order by field_key",
    ) == [
        ("assignee", "assignee", None),
        ("sprint", "customfield_10020", "2"),
        ("status", "status", "1"),
        ("story_points", "customfield_10016", "5"),
    ]
    # ALP-1: six status periods (as its six stays) and an assignee from 01-02 07:00 (the second item of entry 1001)
    assert rows(
        warehouse,
        "select field_key, count(*), max(case when is_current then field_value end) "
        "from analytics.jira__issue_field_history_scd where issue_key = 'ALP-1' group by field_key order by field_key",
    ) == [("assignee", 2, "acc-1"), ("sprint", 1, None), ("status", 6, "10002"), ("story_points", 1, None)]


def test_daily_issue_field_history(warehouse):
    # Days from creation to done (or to the last day, 01-25, while not done):
    # ALP-1 01-01..01-05 = 5, ALP-2 01-02 = 1, ALP-3 01-03..01-25 = 23, BET-1 01-02..01-25 = 24, ALP-6 01-05..01-15
    # = 11, ALP-7 01-05..01-25 = 21, ALP-8 01-05..01-18 = 14, ALP-9 = 21, ALP-10 = 21, ALP-11 01-20..01-23 = 4:
    # 145 rows.
    assert rows(warehouse, "select count(*) from analytics.jira__daily_issue_field_history") == [(145,)]
    # End-of-day values of ALP-7: on 01-11 sprint 1 with 5 points, To Do; on 01-12 8 points, In Progress; on 01-19
    # the field lists '1, 2' (changed at 17:00).
    assert rows(
        warehouse,
        "select day, status, sprint, story_points from analytics.jira__daily_issue_field_history "
        "where issue_key = 'ALP-7' and day in ('2024-01-05', '2024-01-11', '2024-01-12', '2024-01-19') order by day",
    ) == [
        (date(2024, 1, 5), "1", None, None),
        (date(2024, 1, 11), "1", "1", "5"),
        (date(2024, 1, 12), "3", "1", "8"),
        (date(2024, 1, 19), "3", "1, 2", "8"),
    ]
    # ALP-1 on 01-01 is unassigned and To Do; from 01-02 assigned to acc-1; on 01-05 Done (the last change that day)
    assert rows(
        warehouse,
        "select day, status, assignee from analytics.jira__daily_issue_field_history where issue_key = 'ALP-1' order by day",
    ) == [
        (date(2024, 1, 1), "1", None),
        (date(2024, 1, 2), "3", "acc-1"),
        (date(2024, 1, 3), "10002", "acc-1"),
        (date(2024, 1, 4), "3", "acc-1"),
        (date(2024, 1, 5), "10002", "acc-1"),
    ]


def test_dbt_selection_covers_every_jira_mart():
    assert {s.lstrip("+") for s in JIRA_SELECTION} == {
        "jira__issue_status_stays",
        "jira__issue_flow",
        "jira__issue_field_history_scd",
        "jira__daily_issue_field_history",
        "jira__sprint_report",
        "jira__daily_cumulative_flow",
    }
