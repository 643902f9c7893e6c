"""report.html: one self-contained page (inline CSS and SVG; no script, no network, no font files) with the DORA
tiles and their monthly trend, deployments per week per environment, the issue -> production lead-time
distribution, time in status, cumulative flow and sprint commitment, all read from the marts.

`collect_report` runs the queries (dialect-neutral SQL, like dora.py); `render_report` turns the data into HTML, so
a test can render data it wrote by hand.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from source_jira_octopus.warehouse import charts, dora

Rows = list[dict[str, Any]]
RECENT_SPRINTS = 12


@dataclass
class ReportData:
    source: str  # where the data is, e.g. the DuckDB file
    figures: dora.DoraFigures | None
    trend: Rows = field(default_factory=list)  # dora.monthly_trend
    deployments_per_week: Rows = field(default_factory=list)  # week, environment, deployments
    lead_times: Rows = field(default_factory=list)  # days
    status_times: Rows = field(default_factory=list)  # status, status_category, median_days, stays
    flow: Rows = field(default_factory=list)  # day, status_category, issues
    sprints: Rows = field(default_factory=list)  # sprint, started, measure, issues


def collect_report(query: dora.Query, schema: str, source: str, jira: bool = True, octopus: bool = True) -> ReportData:
    """`jira` / `octopus`: the services whose marts were built; the sections of a missing one stay empty."""
    figures = dora.dora_figures(query, schema, with_lineage=jira) if octopus else None
    data = ReportData(source=source, figures=figures)
    start = dora.timestamp_literal(figures.window_start) if figures else None
    if figures:
        data.trend = dora.monthly_trend(query, schema, figures.window_start)
        if jira:
            data.lead_times = _rows(
                query(f"""
                SELECT created_to_production_seconds / 86400.0 AS days FROM {schema}.lineage__issue_to_production
                WHERE created_to_production_seconds IS NOT NULL AND first_production_deployed_at > {start}""")
            )
    if octopus:
        data.deployments_per_week = _rows(
            query(f"""
            SELECT period_start AS week, environment_name AS environment, sum(deployments) AS deployments
            FROM {schema}.octopus__dora_weekly
            WHERE deployments > 0 {"AND period_start > " + start if start else ""}
            GROUP BY 1, 2 ORDER BY 1, 2""")
        )
    if not jira:
        return data
    data.status_times = _rows(
        query(f"""
        SELECT status_name AS status, status_category, median(duration_seconds) / 86400.0 AS median_days,
               count(*) AS stays
        FROM {schema}.jira__issue_status_stays WHERE duration_seconds IS NOT NULL
        GROUP BY 1, 2 ORDER BY 3 DESC""")
    )
    data.flow = _rows(
        query(f"""
        SELECT day, status_category, sum(issue_count) AS issues FROM {schema}.jira__daily_cumulative_flow
        GROUP BY 1, 2 ORDER BY 1, 2""")
    )
    data.sprints = _sprint_rows(
        query(f"""
        SELECT sprint_name AS sprint, started_at AS started, committed_issues, completed_issues
        FROM {schema}.jira__sprint_report WHERE completed_issues IS NOT NULL AND started_at IS NOT NULL
        ORDER BY started_at DESC, sprint_name LIMIT {RECENT_SPRINTS}""")
    )
    return data


def write_report(data: ReportData, path: Path) -> Path:
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(data), encoding="utf-8")
    return path


def render_report(data: ReportData, generated: datetime | None = None) -> str:
    generated = generated or datetime.now(UTC)
    sections = [
        _section(
            "Deployments per week per environment",
            "deployments-per-week",
            charts.deployments_per_week(data.deployments_per_week),
            "Every deployment, whatever its outcome (octopus__dora_weekly).",
        ),
        _section(
            "Issue → production lead time",
            "issue-to-production",
            charts.lead_time_distribution(data.lead_times),
            "Days from a Jira issue's creation to the first successful production deployment that shipped it "
            "(lineage__issue_to_production), issues that reached production in the window.",
        ),
        _section(
            "Time in status",
            "time-in-status",
            charts.time_in_status(data.status_times),
            "Median days an issue stays in each status, finished stays only (jira__issue_status_stays).",
        ),
        _section(
            "Cumulative flow",
            "cumulative-flow",
            charts.cumulative_flow(data.flow),
            "Issues per status category per day, the whole history (jira__daily_cumulative_flow).",
        ),
        _section(
            "Sprints: committed vs completed",
            "sprints",
            charts.sprint_commitment(data.sprints),
            f"Issues committed at sprint start and completed by its end, last {RECENT_SPRINTS} closed sprints "
            "(jira__sprint_report).",
        ),
    ]
    return PAGE.format(
        title="Jira + Octopus delivery report",
        source=html.escape(data.source),
        generated=f"{generated:%Y-%m-%d %H:%M} UTC",
        window=html.escape(_window(data.figures)),
        tiles="\n".join(_tiles(data)),
        sections="\n".join(sections),
        style=STYLE,
    )


def _tiles(data: ReportData) -> list[str]:
    f = data.figures
    if f is None:
        return ['<p class="note">No production deployment in the data (var jira_octopus_production_environments).</p>']
    days = (f.window_end - f.window_start).days
    tiles = [
        ("Deployment frequency", f"{f.deployments_per_week:.2f}/week",
         f"{f.successful_deployments} successful deployments in {days} days", "successful_deployments"),
        ("Lead time for changes", dora.format_duration(f.lead_time_median_seconds),
         "median, release created → successful deployment", "lead_time_median_seconds"),
        ("Change failure rate", dora.format_rate(f.change_failure_rate),
         f"{f.failed_deployments} failed of {f.completed_deployments} completed", "change_failure_rate"),
        ("Failed deployment recovery time", dora.format_duration(f.recovery_median_seconds),
         f"median of {f.recoveries} recoveries", "recovery_median_seconds"),
        ("Deployment rework rate", dora.format_rate(f.rework_rate),
         f"{f.rework_deployments} rework of {f.completed_deployments} completed", "rework_rate"),
        ("Issue → production", dora.format_duration(f.issue_to_production_median_seconds),
         f"median of {f.issues_to_production} issues, created → production", None),
    ]  # fmt: skip
    return [
        f'<div class="tile" data-metric="{html.escape(label)}"><div class="label">{html.escape(label)}</div>'
        f'<div class="value">{html.escape(value)}</div><div class="detail">{html.escape(detail)}</div>'
        + (f'<div class="trend chart">{charts.sparkline(data.trend, trend)}</div>' if trend else "")
        + "</div>"
        for label, value, detail, trend in tiles
    ]


def _section(title: str, key: str, svg: str, note: str) -> str:
    return (
        f'<section id="{key}"><h2>{html.escape(title)}</h2>'
        f'<figure class="chart" data-chart="{key}">{svg}</figure><p class="note">{html.escape(note)}</p></section>'
    )


def _window(figures: dora.DoraFigures | None) -> str:
    if figures is None:
        return "no production deployments"
    return f"production, {figures.window_start:%Y-%m-%d} to {figures.window_end:%Y-%m-%d} (the last 12 months of data)"


def _sprint_rows(rows: Any) -> Rows:
    """One row per sprint and measure, oldest sprint first."""
    ordered = sorted(_rows(rows), key=lambda row: (row["started"], row["sprint"]))
    return [
        {"sprint": row["sprint"], "started": row["started"], "measure": measure, "issues": row[f"{measure}_issues"]}
        for row in ordered
        for measure in ("committed", "completed")
    ]


def _rows(rows: Any) -> Rows:
    return [dict(row) for row in rows]


STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; margin: 24px auto;
       max-width: 1240px; padding: 0 16px; color: #1d2430; background: #f6f7f9; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 0 0 8px; }
.meta { color: #5b6472; margin: 0 0 20px; font-size: 14px; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin-bottom: 20px; }
.tile { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 12px 14px; }
.tile .label { font-size: 13px; color: #5b6472; text-transform: uppercase; letter-spacing: .03em; }
.tile .value { font-size: 28px; font-weight: 600; margin: 4px 0; }
.tile .detail { font-size: 13px; color: #5b6472; }
.tile .trend svg { display: block; margin-top: 6px; }
.grid { display: grid; grid-template-columns: repeat(2, 1fr); gap: 16px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 14px; }
figure { margin: 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
.note { font-size: 13px; color: #5b6472; margin: 6px 0 0; }
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">DORA: {window}. Data: {source}. Generated {generated}.</p>
<div class="tiles">
{tiles}
</div>
<div class="grid">
{sections}
</div>
</body>
</html>
"""
