"""The README's main-job command as a user runs it, piped: `python -m source_jira_octopus.warehouse` builds a DuckDB
file from the bundled sample data, prints plain progress lines and a summary, builds the models, prints DORA figures
that equal a direct count on the loaded tables, writes report.html; a second run is incremental."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from integration_tests.headless_chromium import HeadlessChromium, find_browser
from source_jira_octopus.warehouse.sample import SAMPLE_SIZE

REPO_ROOT = Path(__file__).resolve().parents[1]
RUN_TIMEOUT = 900  # a load (~1-5 min on a busy 2-core machine) plus the models (~15-60 s)
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2 * RUN_TIMEOUT + 60)]  # PyAirbyte and the main job as processes


def _run(*args: str) -> str:
    """Both streams piped into one, as `... | tee log` would see them."""
    result = subprocess.run(
        [sys.executable, "-m", "source_jira_octopus.warehouse", *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return result.stdout


def _summary_rows(output: str) -> dict[str, tuple[int, int]]:
    section = output.split("\nRows per table\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    rows = (re.fullmatch(r"(\S+)\s+([\d,]+)\s+([\d,]+)", line) for line in section)
    return {m[1]: (int(m[2].replace(",", "")), int(m[3].replace(",", ""))) for m in rows if m}


def _table_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as db:
        names = [row[0] for row in db.execute("SELECT stream_name FROM _airbyte_streams").fetchall()]
        return {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in names}


def _direct_production_counts(path: Path) -> dict[str, str]:
    """Production deployments of the 12 months (365 days) up to the newest one, counted on the loaded tables (not
    the marts): Octopus' definitions written out again by hand (failure = task Failed, or Success after a guided
    failure prompt; completed = Success or Failed; a deployment counts when its task completed, else when created)."""
    with duckdb.connect(str(path), read_only=True) as db:
        row = db.execute(
            """
            WITH production AS (
                SELECT t.state, coalesce(t.completedtime, d.created) AS deployed_at,
                       EXISTS (SELECT 1 FROM octopus_interruptions i
                               WHERE i.taskid = d.taskid AND (i.form->'Values'->>'Guidance') IS NOT NULL) AS guided
                FROM octopus_deployments d
                JOIN octopus_environments e ON e.id = d.environmentid
                LEFT JOIN octopus_tasks t ON t.id = d.taskid
                WHERE e.name = 'Production'
            ), window_start AS (SELECT max(deployed_at) - INTERVAL 365 DAY AS start FROM production)
            SELECT count(*) FILTER (WHERE state = 'Success'),
                   count(*) FILTER (WHERE state IN ('Success', 'Failed')),
                   count(*) FILTER (WHERE state = 'Failed' OR (state = 'Success' AND guided)),
                   strftime(any_value(start) AT TIME ZONE 'UTC', '%Y-%m-%d')
            FROM production, window_start WHERE deployed_at > start
            """
        ).fetchone()
    successful, completed, failed, start = row
    return {"start": start, "successful": str(successful), "failed": str(failed), "completed": str(completed)}


def _dora_figures(output: str) -> dict[str, str]:
    window = re.search(r"DORA, production, last 12 months of data \((\S+) to (\S+)\)", output)
    successful = re.search(r"deployment frequency\s+[\d.]+ per week\s+(\d+) successful deployments in 365 days", output)
    failures = re.search(r"change failure rate\s+[\d.]+ %\s+(\d+) failed of (\d+) completed", output)
    assert window and successful and failures, output[-4000:]
    return {
        "start": window[1],
        "successful": successful[1],
        "failed": failures[1],
        "completed": failures[2],
    }


def _check_report_in_a_browser(report: Path, artifact: Path) -> None:
    browser = find_browser()
    assert browser, "chromium-headless-shell is not installed: run `bash .ci/bootstrap`"
    with HeadlessChromium(browser) as page:
        page.open(report.as_uri())
        assert page.console_errors() == []
        assert page.requested_urls() == [report.as_uri()], "the report must load nothing besides itself"
        marks = page.evaluate(
            "Array.from(document.querySelectorAll('figure.chart')).map(f => f.querySelectorAll('.role-mark > *').length)"
        )
        assert len(marks) == 5 and all(marks), marks
        page.screenshot(artifact)


@pytest.mark.slow
@pytest.mark.timeout(2 * RUN_TIMEOUT + 60)
def test_sample_run_builds_the_warehouse_then_a_second_run_reads_only_the_edits(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    first = _run("--duckdb", str(path))
    counts = _table_counts(path)

    assert "SAMPLE DATA: no --config given" in first
    assert not [line for line in first.splitlines() if line.lstrip().startswith("{") or "\x1b[" in line], (
        "piped output must be plain lines: no protocol JSON, no terminal escapes"
    )
    assert counts and counts["jira_issues"] == SAMPLE_SIZE and min(counts.values()) > 0
    for stream, rows in counts.items():
        assert re.search(rf"\] {stream}: {rows:,} records read in [\d.]+ s", first), stream
    summary = _summary_rows(first)
    assert summary.pop("total") == (sum(counts.values()), sum(counts.values()))
    assert summary == {stream: (rows, rows) for stream, rows in counts.items()}
    assert f"duckdb {path}" in first

    assert re.search(r"^Transformed: \d+ models in [\d.]+ s \(schema analytics\)\.$", first, re.MULTILINE)
    shown = _dora_figures(first)
    assert shown == _direct_production_counts(path)
    for metric in ("lead time for changes", "failed deployment recovery time", "deployment rework rate"):
        assert re.search(rf"^{metric}\s+\S", first, re.MULTILINE), metric
    assert re.search(r"^issue -> production\s+\S", first, re.MULTILINE)
    report = tmp_path / "report.html"
    assert first.rstrip().endswith(f"Report: {report}")
    page = report.read_text()
    assert f"{shown['successful']} successful deployments in 365 days" in page
    assert f"{shown['failed']} failed of {shown['completed']} completed" in page
    _check_report_in_a_browser(report, REPO_ROOT / "test-artifacts" / "main-job-report.png")
    report.unlink()

    second = _run("--duckdb", str(path), "--sample-edits", "2", "--no-transform")
    assert "Transformed:" not in second and "DORA" not in second and not report.exists()
    edited = re.search(r"Simulated activity: 2 issues edited just now \(([^)]+)\)", second)
    assert edited and any(
        line.startswith("Incremental:") and "jira_issues" in line and "resumed" in line for line in second.splitlines()
    )
    summary = _summary_rows(second)
    assert _table_counts(path) == counts, "a second run merges on primary keys: no new rows, no duplicates"
    # The 2 edits, plus at most the 3 edits of the first run when they fell in the second its sync started in.
    assert 2 <= summary["jira_issues"][1] <= 5
    with duckdb.connect(str(path), read_only=True) as db:
        newest = [row[0] for row in db.execute("SELECT key FROM jira_issues ORDER BY updated DESC LIMIT 2").fetchall()]
    assert sorted(newest) == sorted(edited[1].split(", "))


def test_a_bad_connector_config_fails_with_the_field_naming_message_and_no_secret(tmp_path):
    secret = "jira-api-token-never-printed"
    config = {
        "jira": {
            "base_url": "https://your-domain.atlassian.net",
            "page_size": 1000,
            "credentials": {"auth_type": "api_token", "email": "name@example.com", "api_token": secret},
        }
    }
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "source_jira_octopus.warehouse",
            "--config",
            str(path),
            "--duckdb",
            str(tmp_path / "w.duckdb"),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "Invalid configuration: `jira.page_size` is 1000" in result.stdout
    assert "ERROR: the sync failed" in result.stdout and "SAMPLE DATA" not in result.stdout
    assert secret not in result.stdout
