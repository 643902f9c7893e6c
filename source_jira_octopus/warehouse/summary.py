"""The end-of-run summary: rows per table, the five DORA figures and the median Jira issue -> production time for
production over the last 12 months of data (read from the marts, see dora.py), and how to open the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from source_jira_octopus.warehouse import dora
from source_jira_octopus.warehouse.loading import LoadResult


def row_counts(cache: Any, streams: Sequence[str]) -> dict[str, int]:
    schema = cache.schema_name
    return {
        stream: cache.run_sql_query(f"SELECT COUNT(*) AS n FROM {schema}.{cache.processor.get_sql_table_name(stream)}")[
            0
        ]["n"]
        for stream in streams
    }


def print_summary(cache: Any, result: LoadResult, out: TextIO) -> None:
    counts = row_counts(cache, result.streams)
    print_table(
        out,
        "Rows per table",
        ["table", "rows", "read this run"],
        [[s, counts[s], result.records_read.get(s, 0)] for s in result.streams]
        + [["total", sum(counts.values()), sum(result.records_read.values())]],
    )
    if result.incremental_streams:
        print(
            f"Incremental: {', '.join(result.incremental_streams)} resumed from the state saved by the last run; "
            "rows are merged on their primary key (--full-refresh re-reads everything).",
            file=out,
        )


def print_dora(figures: dora.DoraFigures | None, out: TextIO) -> None:
    if figures is None:
        print("\nDORA: no production deployment in the data (see var jira_octopus_production_environments).", file=out)
        return
    f = figures
    days = (f.window_end - f.window_start).days
    print_table(
        out,
        f"DORA, production, last 12 months of data ({f.window_start:%Y-%m-%d} to {f.window_end:%Y-%m-%d})",
        ["metric", "value", "from"],
        [
            [
                "deployment frequency",
                f"{f.deployments_per_week:.2f} per week",
                f"{f.successful_deployments} successful deployments in {days} days",
            ],
            [
                "lead time for changes",
                dora.format_duration(f.lead_time_median_seconds),
                "median, release created -> successful deployment",
            ],
            [
                "change failure rate",
                dora.format_rate(f.change_failure_rate),
                f"{f.failed_deployments} failed of {f.completed_deployments} completed",
            ],
            [
                "failed deployment recovery time",
                dora.format_duration(f.recovery_median_seconds),
                f"median of {f.recoveries} recoveries",
            ],
            [
                "deployment rework rate",
                dora.format_rate(f.rework_rate),
                f"{f.rework_deployments} rework of {f.completed_deployments} completed",
            ],
            [
                "issue -> production",
                dora.format_duration(f.issue_to_production_median_seconds),
                f"median, created -> first production deployment, {f.issues_to_production} issues",
            ],
        ],
    )


def print_table(out: TextIO, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(str(column))] + [len(row[i]) for row in cells]) for i, column in enumerate(columns)]
    numeric = [bool(cells) and all(_is_number(row[i]) for row in cells) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        ).rstrip()

    print(f"\n{title}", file=out)
    print(line([str(c) for c in columns]), file=out)
    print(line(["-" * w for w in widths]), file=out)
    for row in cells:
        print(line(row), file=out)


def print_how_to_open(out: TextIO, duckdb_path: Path | None, schema: str, models_schema: str | None) -> None:
    if duckdb_path is None:
        print(
            f"\nThe tables are in Snowflake schema {schema}; the `_airbyte_state` table holds the sync state.", file=out
        )
        if models_schema:
            print(f"The models (jira__*, octopus__*, lineage__*) are in schema {models_schema}.", file=out)
        return
    print(f"\nOpen the warehouse ({duckdb_path}):", file=out)
    print(f"  duckdb {duckdb_path}                      # DuckDB CLI, then: SHOW TABLES;", file=out)
    print(
        f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{duckdb_path}', read_only=True)"
        ".sql('SELECT key, updated FROM jira_issues ORDER BY updated DESC LIMIT 5'))\"",
        file=out,
    )
    if models_schema:
        print(
            f"  the models: SELECT * FROM {models_schema}.octopus__dora_monthly;  (also jira__*, lineage__*)", file=out
        )


def _cell(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else str(value)


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()
