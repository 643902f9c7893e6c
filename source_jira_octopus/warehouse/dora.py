"""The five DORA figures and the median Jira issue -> production time, for production over the last 12 months of
data, read from the marts (`octopus__deployments`, `lineage__issue_to_production`).

The SQL is plain enough for DuckDB and Snowflake alike (`median`, `date_trunc`, `count`, `CASE`): the dialect
differences live in the dbt macros, not here. Definitions are the marts' (see jira_octopus_analytics/README.md):
Octopus' failure (task Failed, or Success after a guided failure), Octopus' lead time (release created ->
successful deployment), recovery (failed completion -> next successful completion of the same
project/environment/tenant), rework (DORA 2024: redeployments and deployments right after a failure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

WINDOW = timedelta(days=365)
SECONDS_PER_WEEK = 7 * 86400

Query = Callable[[str], Sequence[dict[str, Any]]]  # SQL -> rows as dicts (lower-case keys)


@dataclass(frozen=True)
class DoraFigures:
    window_start: datetime
    window_end: datetime
    production_deployments: int  # every production deployment in the window, whatever its outcome
    successful_deployments: int
    completed_deployments: int  # ended Success or Failed: the denominator of the rates
    failed_deployments: int
    rework_deployments: int
    lead_time_median_seconds: float | None
    recovery_median_seconds: float | None
    recoveries: int
    issues_to_production: int
    issue_to_production_median_seconds: float | None

    @property
    def deployments_per_week(self) -> float:
        return (
            self.successful_deployments
            / max((self.window_end - self.window_start).total_seconds(), 1)
            * (SECONDS_PER_WEEK)
        )

    @property
    def change_failure_rate(self) -> float | None:
        return self.failed_deployments / self.completed_deployments if self.completed_deployments else None

    @property
    def rework_rate(self) -> float | None:
        return self.rework_deployments / self.completed_deployments if self.completed_deployments else None


def deployed_at(alias: str = "") -> str:
    """When a deployment counts: its task's completion, else its creation (queued, no task)."""
    return f"coalesce({alias}completed_at, {alias}created_at)"


def window_end(query: Query, schema: str) -> datetime | None:
    """The newest production deployment: the 12 months end there, not today (sample data and old exports)."""
    rows = query(f"SELECT max({deployed_at()}) AS newest FROM {schema}.octopus__deployments WHERE is_production")
    newest = rows[0]["newest"] if rows else None
    return _naive(newest) if newest is not None else None


def timestamp_literal(moment: datetime) -> str:
    return f"CAST('{moment:%Y-%m-%d %H:%M:%S}' AS TIMESTAMP)"


def dora_figures(query: Query, schema: str, with_lineage: bool = True) -> DoraFigures | None:
    """None when there is no production deployment at all. Without `with_lineage` (Jira not loaded, so no
    lineage marts) the issue -> production figures are 0 issues and no median."""
    end = window_end(query, schema)
    if end is None:
        return None
    start = end - WINDOW
    in_window = f"is_production AND {deployed_at()} > {timestamp_literal(start)}"
    deployments = query(f"""
        SELECT count(*) AS deployments,
               count(CASE WHEN is_successful THEN 1 END) AS successful,
               count(CASE WHEN is_completed THEN 1 END) AS completed,
               count(CASE WHEN is_completed AND is_failure THEN 1 END) AS failed,
               count(CASE WHEN is_completed AND is_rework THEN 1 END) AS rework,
               median(CASE WHEN is_successful THEN lead_time_seconds END) AS lead_time,
               median(recovery_seconds) AS recovery,
               count(recovery_seconds) AS recoveries
        FROM {schema}.octopus__deployments
        WHERE {in_window}""")[0]
    issues: dict[str, Any] = {"issues": 0, "median": None}
    if with_lineage:
        issues = dict(
            query(f"""
            SELECT count(created_to_production_seconds) AS issues, median(created_to_production_seconds) AS median
            FROM {schema}.lineage__issue_to_production
            WHERE first_production_deployed_at > {timestamp_literal(start)}""")[0]
        )
    return DoraFigures(
        window_start=start,
        window_end=end,
        production_deployments=int(deployments["deployments"]),
        successful_deployments=int(deployments["successful"]),
        completed_deployments=int(deployments["completed"]),
        failed_deployments=int(deployments["failed"]),
        rework_deployments=int(deployments["rework"]),
        lead_time_median_seconds=_number(deployments["lead_time"]),
        recovery_median_seconds=_number(deployments["recovery"]),
        recoveries=int(deployments["recoveries"]),
        issues_to_production=int(issues["issues"]),
        issue_to_production_median_seconds=_number(issues["median"]),
    )


def monthly_trend(query: Query, schema: str, start: datetime) -> list[dict[str, Any]]:
    """Per month of the window: the same five figures (rates as fractions, times in seconds)."""
    month = f"date_trunc('month', {deployed_at()})"
    rows = query(f"""
        SELECT {month} AS month,
               count(CASE WHEN is_successful THEN 1 END) AS successful_deployments,
               median(CASE WHEN is_successful THEN lead_time_seconds END) AS lead_time_median_seconds,
               count(CASE WHEN is_completed AND is_failure THEN 1 END)
                   / nullif(count(CASE WHEN is_completed THEN 1 END), 0) AS change_failure_rate,
               median(recovery_seconds) AS recovery_median_seconds,
               count(CASE WHEN is_completed AND is_rework THEN 1 END)
                   / nullif(count(CASE WHEN is_completed THEN 1 END), 0) AS rework_rate
        FROM {schema}.octopus__deployments
        WHERE is_production AND {deployed_at()} > {timestamp_literal(start)}
        GROUP BY 1 ORDER BY 1""")
    return [{key: _number(value) if key != "month" else value for key, value in row.items()} for row in rows]


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if abs(seconds) >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def format_rate(rate: float | None) -> str:
    return "n/a" if rate is None else f"{100 * rate:.1f} %"


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _naive(moment: Any) -> datetime:
    """The marts hold UTC timestamps without a zone; a driver may still hand back an aware one."""
    value: datetime = moment if isinstance(moment, datetime) else datetime.fromisoformat(str(moment))
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
