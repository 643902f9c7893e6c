"""The T of the main job: build the dbt models of `jira_octopus_analytics` on the warehouse just loaded, in-process.

The dbt profile is generated from the job's own target into a temporary directory, deleted when dbt is done. A
Snowflake secret (password, private key, passphrase) never goes into that file: the profile names an environment
variable (`env_var('DBT_ENV_SECRET_...')`, which dbt also scrubs from its logs) that is set only while dbt runs.
dbt's compiled files, partial-parse cache and log stay in a directory per target under the temp dir, so the next
run parses less; a failure message names that log.

Where the models go: DuckDB, schema `analytics` of the same file (the loaded tables stay in `main`); Snowflake, the
schema the job loads into (no other schema is created, so the loading role needs no extra grant).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from source_jira_octopus.warehouse.snowflake import SnowflakeSettings

PROFILE_NAME = "jira_octopus"  # jira_octopus_analytics/dbt_project.yml `profile:`
TARGET_NAME = "main_job"
DUCKDB_SOURCE_SCHEMA = "main"  # where PyAirbyte's DuckDB cache writes (duckdb_cache.py)
DUCKDB_MODELS_SCHEMA = "analytics"
SECRET_VARIABLES = {
    "password": "DBT_ENV_SECRET_SNOWFLAKE_PASSWORD",
    "private_key": "DBT_ENV_SECRET_SNOWFLAKE_PRIVATE_KEY",
    "private_key_passphrase": "DBT_ENV_SECRET_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
}
_FAILED = {"error", "fail", "runtime error"}


class TransformError(RuntimeError):
    """dbt failed; the message names the failing models (or the step that failed) and dbt's log file."""


@dataclass(frozen=True)
class TransformResult:
    models: int
    seconds: float


@dataclass(frozen=True)
class LoadedServices:
    """The services the job loaded: the models of a service that was not configured would read absent tables, so
    they are disabled (the project's vars `jira_octopus_using_jira` / `jira_octopus_using_octopus`)."""

    jira: bool = True
    octopus: bool = True

    def variables(self) -> dict[str, bool]:
        return {"jira_octopus_using_jira": self.jira, "jira_octopus_using_octopus": self.octopus}

    def skipped(self) -> str | None:
        """One line naming the models not built, or None when every model is."""
        if self.jira and self.octopus:
            return None
        if self.jira:
            return "Skipped the Octopus, DORA and lineage models: Octopus Deploy is not configured."
        if self.octopus:
            return (
                "Skipped the Jira and lineage models: Jira is not configured (the DORA marts count no Jira incidents)."
            )
        return "Skipped every model: neither Jira nor Octopus Deploy is configured."


@dataclass(frozen=True)
class DuckDBTarget:
    path: Path

    @property
    def models_schema(self) -> str:
        return DUCKDB_MODELS_SCHEMA

    def profile(self) -> dict[str, Any]:
        return {"type": "duckdb", "path": str(self.path), "schema": DUCKDB_MODELS_SCHEMA, "threads": 2}

    def variables(self) -> dict[str, Any]:
        # The catalog is named after the file; quoted, so a name such as `jira-prod.duckdb` works in a source name.
        catalog = '"' + self.path.stem.replace('"', '""') + '"'
        return {"jira_octopus_source_database": catalog, "jira_octopus_source_schema": DUCKDB_SOURCE_SCHEMA}

    def secrets(self) -> dict[str, str]:
        return {}


@dataclass(frozen=True)
class SnowflakeTarget:
    settings: SnowflakeSettings

    @property
    def models_schema(self) -> str:
        return self.settings.schema_name

    def profile(self) -> dict[str, Any]:
        s = self.settings
        profile: dict[str, Any] = {
            "type": "snowflake",
            "account": s.account,
            "user": s.username,
            "role": s.role,
            "database": s.database,
            "warehouse": s.warehouse,
            "schema": s.schema_name,
            "threads": 4,
        }
        if s.private_key_path:
            profile["private_key_path"] = s.private_key_path
        for name, variable in SECRET_VARIABLES.items():
            if getattr(s, name):
                profile[name] = "{{ env_var('" + variable + "') }}"
        return profile

    def variables(self) -> dict[str, Any]:
        return {}  # the loaded tables are in the target's own database and schema

    def secrets(self) -> dict[str, str]:
        return {
            variable: value for name, variable in SECRET_VARIABLES.items() if (value := getattr(self.settings, name))
        }


Target = DuckDBTarget | SnowflakeTarget


def run_models(
    target: Target, full_refresh: bool = False, services: LoadedServices = LoadedServices()
) -> TransformResult:
    """`dbt run` of the models of the loaded `services`; incremental models add only what changed unless
    `full_refresh` rebuilds them."""
    from jira_octopus_analytics import PROJECT_DIR

    work_dir = work_directory(target)
    started = time.monotonic()
    with _profiles_directory(target) as profiles_dir, _environment(target.secrets()):
        from dbt.cli.main import dbtRunner  # seconds to import: only when the models run

        arguments = [
            "run",
            *("--project-dir", str(PROJECT_DIR), "--profiles-dir", str(profiles_dir)),
            *("--profile", PROFILE_NAME, "--target", TARGET_NAME),
            *("--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")),
            *("--log-level", "none", "--log-level-file", "info", "--no-send-anonymous-usage-stats", "--no-use-colors"),
            *("--vars", json.dumps({**target.variables(), **services.variables()})),
        ]
        try:
            outcome = dbtRunner().invoke([*arguments, "--full-refresh"] if full_refresh else arguments)
        finally:
            _release_duckdb()
    log_file = work_dir / "logs" / "dbt.log"
    if outcome.exception is not None:
        raise TransformError(f"dbt could not run the models: {_first_line(outcome.exception)} (dbt log: {log_file})")
    results = list(getattr(outcome.result, "results", None) or [])
    failed = [result for result in results if str(result.status) in _FAILED]
    if failed or not outcome.success:
        names = "; ".join(f"{r.node.name}: {_first_line(r.message or r.status)}" for r in failed) or "(see the log)"
        raise TransformError(f"dbt failed to build model {names} (dbt log: {log_file})")
    return TransformResult(len(results), time.monotonic() - started)


def _release_duckdb() -> None:
    """dbt-duckdb keeps its database open for the life of the process (a class attribute); close it, or the job's
    own connection (another configuration) cannot open the file afterwards."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # dbt-duckdb not installed: nothing was opened
        return
    environment = DuckDBConnectionManager._ENV  # noqa: SLF001
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def profile_text(target: Target) -> str:
    """profiles.yml (JSON is YAML) with one output, the job's target."""
    return json.dumps({PROFILE_NAME: {"target": TARGET_NAME, "outputs": {TARGET_NAME: target.profile()}}}, indent=2)


def work_directory(target: Target) -> Path:
    """One directory per target (its profile's hash), kept between runs for dbt's partial parsing."""
    digest = hashlib.sha256(profile_text(target).encode()).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / "source-jira-octopus-dbt" / digest
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _profiles_directory(target: Target) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="source-jira-octopus-profile-") as directory:
        path = Path(directory) / "profiles.yml"
        path.write_text(profile_text(target))
        path.chmod(0o600)
        yield Path(directory)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _first_line(value: object) -> str:
    """dbt's model errors open with "Runtime Error in model x (path)": the line after it says what went wrong."""
    lines = [line.strip() for line in str(value).strip().splitlines() if line.strip()]
    if lines and lines[0].lower().startswith(("runtime error in", "database error in", "compilation error in")):
        lines = lines[1:]
    return lines[0][:300] if lines else type(value).__name__
