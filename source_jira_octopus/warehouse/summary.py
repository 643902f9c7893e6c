"""The end-of-run summary: rows per table, two questions the warehouse answers, and how to open it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from source_jira_octopus.warehouse.loading import LoadResult


@dataclass(frozen=True)
class Query:
    title: str
    needs: tuple[str, ...]  # tables that must exist and hold rows
    sql: dict[str, str]  # by dialect: "duckdb", "snowflake"


OPEN_ISSUES = Query(
    "Open issues per project and status (status category is not Done)",
    ("jira_issues",),
    {
        "duckdb": """
            SELECT projectkey AS project, fields->'status'->>'name' AS status, COUNT(*) AS open_issues
            FROM {schema}.jira_issues
            WHERE coalesce(fields->'status'->'statusCategory'->>'key', '') <> 'done'
            GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""",
        "snowflake": """
            SELECT projectkey AS project, fields:status:name::string AS status, COUNT(*) AS open_issues
            FROM {schema}.jira_issues
            WHERE coalesce(fields:status:statusCategory:key::string, '') <> 'done'
            GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""",
    },
)
DEPLOYMENTS_PER_WEEK = Query(
    "Deployments per environment per week, last 6 weeks with deployments (success = no failure encountered)",
    ("octopus_deployments", "octopus_environments"),
    {
        dialect: f"""
            WITH weekly AS (
                SELECT date_trunc('week', d.created) AS week, coalesce(e.name, d.environmentid) AS environment,
                       d.failureencountered AS failed
                FROM {{schema}}.octopus_deployments d
                LEFT JOIN {{schema}}.octopus_environments e ON e.id = d.environmentid
            ), recent AS (SELECT DISTINCT week FROM weekly ORDER BY week DESC LIMIT 6)
            SELECT {week} AS week, environment, COUNT(*) AS deployments,
                   round(100.0 * avg(CASE WHEN failed THEN 0 ELSE 1 END), 1) AS success_pct
            FROM weekly WHERE week IN (SELECT week FROM recent)
            GROUP BY 1, 2 ORDER BY 1 DESC, 2"""
        for dialect, week in (("duckdb", "strftime(week, '%Y-%m-%d')"), ("snowflake", "to_char(week, 'YYYY-MM-DD')"))
    },
)
QUERIES = (OPEN_ISSUES, DEPLOYMENTS_PER_WEEK)


def row_counts(cache: Any, streams: Sequence[str]) -> dict[str, int]:
    schema = cache.schema_name
    return {
        stream: cache.run_sql_query(f"SELECT COUNT(*) AS n FROM {schema}.{cache.processor.get_sql_table_name(stream)}")[
            0
        ]["n"]
        for stream in streams
    }


def print_summary(cache: Any, result: LoadResult, dialect: str, out: TextIO, duckdb_path: Path | None) -> None:
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
    for query in QUERIES:
        if all(counts.get(table) for table in query.needs):
            rows = cache.run_sql_query(query.sql[dialect].format(schema=cache.schema_name))
            columns = list(rows[0]) if rows else ["(no rows)"]
            print_table(out, query.title, columns, [list(row.values()) for row in rows])
    print_how_to_open(out, duckdb_path, cache.schema_name)


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


def print_how_to_open(out: TextIO, duckdb_path: Path | None, schema: str) -> None:
    if duckdb_path is None:
        print(
            f"\nThe tables are in Snowflake schema {schema}; the `_airbyte_state` table holds the sync state.", file=out
        )
        return
    print(f"\nOpen the warehouse ({duckdb_path}):", file=out)
    print(f"  duckdb {duckdb_path}                      # DuckDB CLI, then: SHOW TABLES;", file=out)
    print(
        f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{duckdb_path}', read_only=True)"
        ".sql('SELECT key, updated FROM jira_issues ORDER BY updated DESC LIMIT 5'))\"",
        file=out,
    )


def _cell(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else str(value)


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()
