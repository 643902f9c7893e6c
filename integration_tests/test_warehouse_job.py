"""The README's main-job command as a user runs it, piped: `python -m source_jira_octopus.warehouse` builds a DuckDB
file from the bundled sample data, prints plain progress lines and a summary, and a second run is incremental."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from source_jira_octopus.warehouse.report import QUERIES
from source_jira_octopus.warehouse.sample import SAMPLE_SIZE

REPO_ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # PyAirbyte and the main job as processes


def _run(*args: str) -> str:
    """Both streams piped into one, as `... | tee log` would see them."""
    result = subprocess.run(
        [sys.executable, "-m", "source_jira_octopus.warehouse", *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=540,
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
    for query in QUERIES:
        assert query.title in first
    assert f"duckdb {path}" in first

    second = _run("--duckdb", str(path), "--sample-edits", "2")
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
