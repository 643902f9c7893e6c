"""The report's charts: Vega-Lite specs built with altair, rendered offline to inline SVG by vl-convert.

Each function takes plain rows (dicts, as the report's queries return them) and returns one `<svg>` string: no
JavaScript, no network, no font files (text uses the system sans-serif). Rows with nothing to draw give a small chart
that says so, rather than an empty box.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import altair as alt
import vl_convert

Rows = Sequence[dict[str, Any]]
WIDTH = 520
HEIGHT = 220
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
# Jira's three status categories, named as Jira's own boards name them.
CATEGORY_LABELS = {"new": "To Do", "indeterminate": "In Progress", "done": "Done"}
CATEGORY_COLOURS = {"To Do": "#8d99ae", "In Progress": "#4c78a8", "Done": "#54a24b"}
NO_DATA = "no data"


def deployments_per_week(rows: Rows) -> str:
    """rows: week (date), environment, deployments."""
    if not rows:
        return empty_chart("Deployments per week")
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("yearweek(week):T", title="week", axis=_month_axis()),
            y=alt.Y("sum(deployments):Q", title="deployments"),
            color=alt.Color("environment:N", title="environment", sort=_environment_order(rows)),
            tooltip=["week:T", "environment:N", "deployments:Q"],
        )
    )
    return _svg(chart.properties(width=WIDTH, height=HEIGHT))


def lead_time_distribution(rows: Rows) -> str:
    """rows: days (issue created -> first production deployment)."""
    if not rows:
        return empty_chart("Issue → production")
    chart = (
        alt.Chart(_data(rows))
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("days:Q", bin=alt.Bin(maxbins=30), title="days from issue created to production"),
            y=alt.Y("count():Q", title="issues"),
        )
    )
    return _svg(chart.properties(width=WIDTH, height=HEIGHT))


def time_in_status(rows: Rows) -> str:
    """rows: status, status_category, median_days, stays (finished stays only)."""
    if not rows:
        return empty_chart("Time in status")
    chart = (
        alt.Chart(_data(_with_category_labels(rows)))
        .mark_bar()
        .encode(
            y=alt.Y("status:N", sort="-x", title=None),
            x=alt.X("median_days:Q", title="median days per stay", axis=alt.Axis(tickCount=6)),
            color=_category_colour(),
            tooltip=["status:N", "median_days:Q", "stays:Q"],
        )
    )
    return _svg(chart.properties(width=WIDTH, height=max(80, 26 * len(rows))))


def cumulative_flow(rows: Rows) -> str:
    """rows: day (date), status_category, issues."""
    if not rows:
        return empty_chart("Cumulative flow")
    chart = (
        alt.Chart(_data(rows))
        .mark_area()
        .encode(
            x=alt.X("day:T", title=None, axis=_month_axis()),
            y=alt.Y("issues:Q", stack="zero", title="issues"),
            color=_category_colour(),
            order=alt.Order("order:Q"),
        )
    )
    ordered = [
        {**row, "order": list(CATEGORY_COLOURS).index(row["status_category"])} for row in _with_category_labels(rows)
    ]
    return _svg(chart.properties(width=WIDTH, height=HEIGHT, data=_data(ordered)))


def sprint_commitment(rows: Rows) -> str:
    """rows: sprint, started (date), measure ('committed' | 'completed'), issues."""
    if not rows:
        return empty_chart("Sprints")
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("sprint:N", sort=alt.EncodingSortField("started"), title=None, axis=alt.Axis(labelAngle=-35)),
            xOffset=alt.XOffset("measure:N", sort=["committed", "completed"]),
            y=alt.Y("issues:Q", title="issues"),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=["committed", "completed"], range=["#9ecae9", "#4c78a8"]),
            ),
        )
    )
    return _svg(chart.properties(width=WIDTH, height=HEIGHT))


def sparkline(rows: Rows, field: str) -> str:
    """A tile's trend: rows of month (date) and `field`; a line with a dot per month, no axes."""
    points = [row for row in rows if row.get(field) is not None]
    if not points:
        return empty_chart("trend", width=180, height=40)
    base = alt.Chart(_data(points)).encode(
        x=alt.X("month:T", axis=None), y=alt.Y(f"{field}:Q", axis=None, scale=alt.Scale(zero=False))
    )
    chart = base.mark_line(color="#4c78a8", strokeWidth=2) + base.mark_circle(color="#4c78a8", size=18)
    return _svg(chart.properties(width=180, height=40), padding=2)


def empty_chart(title: str, width: int = WIDTH, height: int = 60) -> str:
    chart = (
        alt.Chart(alt.Data(values=[{"text": f"{title}: {NO_DATA}"}]))
        .mark_text(color="#6c757d", fontSize=13)
        .encode(text="text:N")
    )
    return _svg(chart.properties(width=width, height=height))


def _month_axis() -> alt.Axis:
    return alt.Axis(format="%b %Y", tickCount="month", labelAngle=0, labelOverlap=True, labelSeparation=12)


def _category_colour() -> alt.Color:
    return alt.Color(
        "status_category:N",
        title="category",
        scale=alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values())),
    )


def _with_category_labels(rows: Rows) -> list[dict[str, Any]]:
    return [
        {**row, "status_category": CATEGORY_LABELS.get(row["status_category"], row["status_category"])} for row in rows
    ]


def _environment_order(rows: Rows) -> list[str]:
    """Environments by how often they are deployed to: usually Development, Test, ... Production."""
    totals: dict[str, float] = {}
    for row in rows:
        totals[row["environment"]] = totals.get(row["environment"], 0) + float(row["deployments"])
    return sorted(totals, key=lambda name: -totals[name])


def _svg(chart: Any, padding: int = 8) -> str:
    spec = (
        chart.configure(font=FONT, padding=padding)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=12)
        .configure_legend(labelLimit=0, titleLimit=0, labelFontSize=12, titleFontSize=12)
        .to_dict()
    )
    svg: str = vl_convert.vegalite_to_svg(spec)
    return svg


def _data(rows: Rows) -> alt.Data:
    return alt.Data(values=[{key: _plain(value) for key, value in row.items()} for row in rows])


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
