"""Run the warehouse models in-process (dbt's `dbtRunner`) on DuckDB or on fakesnow, as the tests need them."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from dbt.cli.main import dbtRunner, dbtRunnerResult

from jira_octopus_analytics import PROJECT_DIR

PROFILE = "jira_octopus"
JIRA_MARTS = (
    "jira__issue_status_stays",
    "jira__issue_flow",
    "jira__issue_field_history_scd",
    "jira__daily_issue_field_history",
    "jira__sprint_report",
    "jira__daily_cumulative_flow",
)
# the Jira marts and everything they are built from; `dbt build` adds the tests on these models
JIRA_SELECTION = tuple(f"+{mart}" for mart in JIRA_MARTS)


def duckdb_output(path: Path, schema: str = "analytics") -> dict[str, Any]:
    return {"type": "duckdb", "path": str(path), "schema": schema, "threads": 1}


def snowflake_output(database: str, schema: str) -> dict[str, Any]:
    """A dbt-snowflake target; under `fakesnow.patch()` its connections reach the emulator."""
    return {
        "type": "snowflake",
        "account": "fakesnow",
        "user": "tester",
        "password": "unused",
        "database": database,
        "warehouse": "compute_wh",
        "schema": schema,
        "threads": 1,
    }


def run_dbt(
    work_dir: Path,
    output: Mapping[str, Any],
    command: str,
    *,
    select: Sequence[str] = JIRA_SELECTION,
    dbt_vars: Mapping[str, Any] | None = None,
    extra_args: Sequence[str] = (),
) -> dbtRunnerResult:
    """One dbt command on the project; raises with dbt's failures when it does not succeed."""
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    work_dir.mkdir(parents=True, exist_ok=True)
    profiles = {PROFILE: {"target": "test", "outputs": {"test": dict(output)}}}
    (work_dir / "profiles.yml").write_text(yaml.safe_dump(profiles))
    args = [
        command,
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(work_dir),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--vars",
        json.dumps(dict(dbt_vars or {})),
        "--select",
        *select,
        *extra_args,
    ]
    result = dbtRunner().invoke(args)
    if not result.success:
        failures = [
            f"{r.node.name}: {r.status}: {r.message}"
            for r in getattr(result.result, "results", []) or []
            if str(r.status) not in ("success", "pass")
        ]
        raise AssertionError(f"dbt {command} failed: {result.exception}\n" + "\n".join(failures))
    return result
