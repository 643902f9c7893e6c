"""The main job: sync every stream of the connector into a warehouse you can query.

    .venv/bin/python -m source_jira_octopus.warehouse                         # sample data -> ./warehouse.duckdb
    .venv/bin/python -m source_jira_octopus.warehouse --config config.json    # your Jira / Octopus
    .venv/bin/python -m source_jira_octopus.warehouse --config config.json --snowflake snowflake.json

After the load it builds the warehouse models (dbt, jira_octopus_analytics) on the same DuckDB file or Snowflake
schema, prints the DORA figures and writes report.html (--report PATH; --no-transform skips all three).

Environment: CONFIG (= --config), WAREHOUSE (= --duckdb), SNOWFLAKE_* (see --help; SNOWFLAKE_ACCOUNT selects
Snowflake). Runs again are incremental: saved state lives in the warehouse's `_airbyte_state` table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

warnings.filterwarnings("ignore", category=FutureWarning)  # google-* packages PyAirbyte imports warn about Python 3.11

from source_jira_octopus.warehouse import snowflake, transform  # noqa: E402
from source_jira_octopus.warehouse.duckdb_cache import duckdb_cache  # noqa: E402
from source_jira_octopus.warehouse.loading import connector_source, load  # noqa: E402
from source_jira_octopus.warehouse.report_html import collect_report, write_report  # noqa: E402
from source_jira_octopus.warehouse.sample import sample_config  # noqa: E402
from source_jira_octopus.warehouse.summary import print_dora, print_how_to_open, print_summary  # noqa: E402

DEFAULT_DUCKDB = Path("warehouse.duckdb")
REPORT_NAME = "report.html"
EXIT_CONFIG, EXIT_CONNECT, EXIT_SYNC = 2, 3, 1


def main(argv: list[str] | None = None, out: TextIO | None = None, live: bool | None = None) -> int:
    """Progress goes to `out` too (default stdout): a live table when it is a terminal, plain lines otherwise."""
    out = out or sys.stdout
    args = _arguments(argv)
    try:
        target = _target(args)
        with ExitStack() as stack:
            cache, duckdb_path = _open_cache(target, args, out)  # fails fast, before any sample server
            config = _config(args, stack, out)
            source = connector_source(config)
            print(
                f"Loading {len(source.get_selected_streams())} streams into {_describe(target, duckdb_path)} ...",
                file=out,
                flush=True,
            )
            result = load(source, cache, full_refresh=args.full_refresh, out=out, live=live)
            print(f"Synced in {result.seconds:.1f} s.", file=out)
            print_summary(cache, result, out)
            cache.close()  # dbt opens the warehouse itself
            report = None
            if not args.no_transform:
                services = _loaded_services(config)
                report = _transform_and_report(args, target, cache, duckdb_path, out, services)
            print_how_to_open(out, duckdb_path, cache.schema_name, None if report is None else report[0])
            if report is not None:
                print(f"\nReport: {report[1]}", file=out)
            cache.close()
    except (snowflake.SnowflakeSettingsError, ConfigFileError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except snowflake.SnowflakeConnectionError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return EXIT_CONNECT
    except transform.TransformError as error:
        print(f"ERROR: {error}. The loaded tables are kept; --no-transform skips the models.", file=sys.stderr)
        return EXIT_SYNC
    except Exception as error:  # PyAirbyte has already printed the connector's own error message above
        log_file = getattr(error, "log_file", None)
        where = f"; connector log: {log_file}" if log_file else ""
        print(f"ERROR: the sync failed: {_first_line(error)}{where}", file=sys.stderr)
        return EXIT_SYNC
    return 0


class ConfigFileError(ValueError):
    pass


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m source_jira_octopus.warehouse",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=_env_path("CONFIG"),
        help="connector config (JSON, see the README); default: sample data from the bundled fake API",
    )
    parser.add_argument(
        "--duckdb",
        type=Path,
        default=_env_path("WAREHOUSE") or DEFAULT_DUCKDB,
        help="DuckDB file to load into (default ./warehouse.duckdb)",
    )
    parser.add_argument(
        "--snowflake",
        type=Path,
        default=_env_path("SNOWFLAKE_SETTINGS"),
        help="Snowflake settings (JSON with account, username, warehouse, database, role, schema_name "
        "and password or private_key / private_key_path [+ private_key_passphrase]); the same "
        "names as SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, ... variables",
    )
    parser.add_argument(
        "--full-refresh", action="store_true", help="re-read everything and rebuild every table and model"
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"where to write the HTML report (default: {REPORT_NAME} beside the DuckDB file; with Snowflake, in the "
        "current directory)",
    )
    parser.add_argument(
        "--no-transform",
        action="store_true",
        help="only load: skip the dbt models, the DORA summary and the report",
    )
    parser.add_argument(
        "--sample-edits",
        type=int,
        default=3,
        metavar="N",
        help="sample data only: issues to mark as edited just now, so a second run has changes (3)",
    )
    return parser.parse_args(argv)


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value) if value else None


def _target(args: argparse.Namespace) -> snowflake.SnowflakeSettings | None:
    """Snowflake settings, checked before anything starts; None means the embedded DuckDB file."""
    if not snowflake.wanted(args.snowflake):
        return None
    return snowflake.load_settings(args.snowflake)


def _config(args: argparse.Namespace, stack: ExitStack, out: TextIO) -> dict[str, Any]:
    if args.config is None:
        return stack.enter_context(sample_config(out, edits=args.sample_edits))
    try:
        config = json.loads(args.config.read_text())
    except OSError as error:
        raise ConfigFileError(f"connector config {args.config} cannot be read: {error.strerror}.") from None
    except json.JSONDecodeError as error:
        raise ConfigFileError(f"connector config {args.config} is not JSON (line {error.lineno}).") from None
    if not isinstance(config, dict):
        raise ConfigFileError(f"connector config {args.config} must be a JSON object (see the README).")
    return config


def _open_cache(
    target: snowflake.SnowflakeSettings | None, args: argparse.Namespace, out: TextIO
) -> tuple[Any, Path | None]:
    """(cache, DuckDB file or None)."""
    if target is None:
        return duckdb_cache(args.duckdb), args.duckdb.expanduser().resolve()
    print(
        f"Connecting to Snowflake account {target.account} as {target.username} ({target.auth_method}) ...",
        file=out,
        flush=True,
    )
    return snowflake.open_snowflake_cache(target), None


def _transform_and_report(
    args: argparse.Namespace,
    target: snowflake.SnowflakeSettings | None,
    cache: Any,
    duckdb_path: Path | None,
    out: TextIO,
    services: transform.LoadedServices,
) -> tuple[str, Path]:
    """Build the models, print DORA from the marts, write the report: (models schema, report path)."""
    models: transform.Target = (
        transform.SnowflakeTarget(target) if target is not None else transform.DuckDBTarget(duckdb_path or args.duckdb)
    )
    print("\nBuilding the warehouse models (dbt, jira_octopus_analytics) ...", file=out, flush=True)
    if skipped := services.skipped():
        print(skipped, file=out)
    built = transform.run_models(models, full_refresh=args.full_refresh, services=services)
    print(f"Transformed: {built.models} models in {built.seconds:.1f} s (schema {models.models_schema}).", file=out)
    default_dir = duckdb_path.parent if duckdb_path is not None else Path.cwd()
    try:
        data = collect_report(
            cache.run_sql_query,
            models.models_schema,
            source=_describe(target, duckdb_path),
            jira=services.jira,
            octopus=services.octopus,
        )
        print_dora(data.figures, out)
        return models.models_schema, write_report(data, args.report or default_dir / REPORT_NAME)
    except Exception as error:  # a mart query (SQL error) or the report file (OSError)
        raise transform.TransformError(f"the models were built, but the report failed: {_first_line(error)}") from error


def _loaded_services(config: dict[str, Any]) -> transform.LoadedServices:
    """The services the config turns on (the connector's own rule: only user-entered values count)."""
    from source_jira_octopus.config import parse_config

    parsed = parse_config(config)  # the load has already run on this config, so it parses
    return transform.LoadedServices(jira=parsed.jira is not None, octopus=parsed.octopus is not None)


def _describe(target: snowflake.SnowflakeSettings | None, duckdb_path: Path | None) -> str:
    if target is None:
        return str(duckdb_path)
    return f"Snowflake {target.account} {target.database}.{target.schema_name}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
