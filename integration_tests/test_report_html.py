"""report.html as a person sees it: rendered from hand-written mart rows, opened in Debian's chromium-headless-shell
(DevTools protocol over a pipe), with no console error, nothing fetched besides the file, marks in every chart, and a
screenshot kept in test-artifacts/report.png."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from integration_tests.headless_chromium import HeadlessChromium, find_browser
from source_jira_octopus.warehouse import dora
from source_jira_octopus.warehouse.report_html import ReportData, render_report, write_report

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHARTS = ("deployments-per-week", "issue-to-production", "time-in-status", "cumulative-flow", "sprints")
END = datetime(2025, 5, 10, 12, 0)

FIGURES = dora.DoraFigures(
    window_start=END - dora.WINDOW,
    window_end=END,
    production_deployments=30,
    successful_deployments=26,  # 26 / 365 days * 7 = 0.50 per week
    completed_deployments=28,
    failed_deployments=3,  # 3 / 28 = 10.7 %
    rework_deployments=2,  # 2 / 28 = 7.1 %
    lead_time_median_seconds=3 * 86400,
    recovery_median_seconds=5400,  # 1.5 h
    recoveries=2,
    issues_to_production=40,
    issue_to_production_median_seconds=12.5 * 86400,
)


def _sample_data() -> ReportData:
    months = [date(2024, 6 + i, 1) if i < 7 else date(2025, i - 6, 1) for i in range(12)]
    trend = [
        {
            "month": month,
            "successful_deployments": 1 + i % 4,
            "lead_time_median_seconds": 86400 * (2 + i % 3),
            "change_failure_rate": (i % 3) / 10,
            "recovery_median_seconds": None if i % 4 else 3600 * (1 + i),
            "rework_rate": (i % 2) / 8,
        }
        for i, month in enumerate(months)
    ]
    weeks = [date(2025, 1, 6) + timedelta(weeks=i) for i in range(12)]
    environments = ("Development", "Test", "Production")
    sprints = [(f"Sprint {n}", datetime(2025, 1, 1) + timedelta(days=14 * n), 10 + n, 7 + n % 4) for n in range(1, 7)]
    return ReportData(
        source="hand-written rows",
        figures=FIGURES,
        trend=trend,
        deployments_per_week=[
            {"week": week, "environment": env, "deployments": 1 + (i + j) % 3}
            for i, week in enumerate(weeks)
            for j, env in enumerate(environments)
        ],
        lead_times=[{"days": 0.5 + (i * 7) % 31} for i in range(40)],
        status_times=[
            {"status": "To Do", "status_category": "new", "median_days": 4.0, "stays": 20},
            {"status": "In Progress", "status_category": "indeterminate", "median_days": 2.5, "stays": 25},
            {"status": "In Review", "status_category": "indeterminate", "median_days": 1.0, "stays": 22},
            {"status": "Done", "status_category": "done", "median_days": 0.2, "stays": 5},
        ],
        flow=[
            {"day": date(2025, 1, 1) + timedelta(days=d), "status_category": category, "issues": count}
            for d in range(0, 120, 3)
            for category, count in (("new", 30 - d // 10), ("indeterminate", 12), ("done", 5 + d // 4))
        ],
        sprints=[
            {"sprint": name, "started": started, "measure": measure, "issues": value}
            for name, started, committed, completed in sprints
            for measure, value in (("committed", committed), ("completed", completed))
        ],
    )


def test_the_page_is_self_contained_and_shows_the_figures():
    page = render_report(_sample_data(), generated=datetime(2025, 5, 11, 8, 0))

    assert "<script" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    assert set(re.findall(r"https?://[^\s\"')]+", page)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    for text in (
        "0.50/week",
        "26 successful deployments in 365 days",
        "3.0 days",
        "10.7 %",
        "3 failed of 28 completed",
        "1.5 h",
        "7.1 %",
        "12.5 days",
        "median of 40 issues",
        "production, 2024-05-10 to 2025-05-10",
    ):
        assert text in page, text
    assert page.count("<svg") == len(CHARTS) + 5  # + a trend line in five of the six tiles
    assert len(page) < 400_000, len(page)  # inline SVG, not a charting library


def test_a_warehouse_with_no_production_deployment_still_renders_every_section():
    page = render_report(ReportData(source="empty", figures=None))

    assert "No production deployment in the data" in page
    figures = dict(re.findall(r'<figure class="chart" data-chart="([^"]+)">(.*?)</figure>', page, re.DOTALL))
    assert set(figures) == set(CHARTS)
    assert all(": no data<" in svg for svg in figures.values())


@pytest.mark.slow
def test_chromium_shows_every_chart_with_its_marks_and_no_console_error(tmp_path):
    browser = find_browser()
    assert browser, "chromium-headless-shell is not installed: run `bash .ci/bootstrap`"
    report = write_report(_sample_data(), tmp_path / "report.html")

    with HeadlessChromium(browser) as page:
        page.open(report.as_uri())
        errors = page.console_errors()
        requested = page.requested_urls()
        charts = page.evaluate(
            "Object.fromEntries(Array.from(document.querySelectorAll('figure.chart')).map(f => [f.dataset.chart, "
            "Array.from(f.querySelectorAll('.role-mark > path, .role-mark > rect, .role-mark > text'))"
            ".filter(m => (m.getAttribute('d') || m.getAttribute('width') || m.textContent || '').length > 0)"
            ".length]))"
        )
        trends = page.evaluate(
            "Array.from(document.querySelectorAll('.tile')).map(t => t.querySelectorAll('.trend .role-mark > *').length)"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(ARTIFACTS / "report.png")

    assert errors == []
    assert requested == [report.as_uri()], "the report must load nothing besides itself"
    assert set(charts) == set(CHARTS)
    # Marks drawn: 36 bars (12 weeks x 3 environments), histogram bars, 4 status bars, 3 areas, 12 sprint bars.
    assert charts["deployments-per-week"] == 36
    assert charts["time-in-status"] == 4
    assert charts["cumulative-flow"] == 3
    assert charts["sprints"] == 12
    assert charts["issue-to-production"] >= 5
    assert trends[:5] == [t for t in trends[:5] if t > 0] and len(trends) == 6 and trends[5] == 0
    assert width <= 1280, "nothing wider than the window"
    assert (ARTIFACTS / "report.png").stat().st_size > 50_000
