"""Tables the benchmarks print: one row per connector run, and requests per endpoint with the fake's time."""

from __future__ import annotations

from bench.connectors import RunResult

# stream name (either connector) -> what it must return, from the dataset
_EXPECTED_KEY = {
    "jira_issues": "issues",
    "issues": "issues",
    "jira_issue_comments": "comments",
    "issue_comments": "comments",
    "jira_issue_worklogs": "worklogs",
    "issue_worklogs": "worklogs",
    "jira_issue_changelogs": "changelogs",
}


def expected_counts(seed: int, size: int) -> dict[str, int]:
    """How many issues, comments, worklogs and histories the fake serves (same seed and size)."""
    from jira_octopus_sample_api import FakeDataset

    data = FakeDataset.generate(seed, size, issue_profile="realistic")
    totals = {
        kind: sum(spec.total(kind) for spec in data.issue_children.values())
        for kind in ("comment", "worklog", "changelog")
    }
    return {
        "issues": size,
        "comments": totals["comment"],
        "worklogs": totals["worklog"],
        "changelogs": totals["changelog"],
    }


def print_runs(title: str, runs: list[RunResult], expected: dict[str, int]) -> None:
    print(f"\n{title}")
    print(f"  {'connector':<12} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'rc':>3}  records (expected)")
    for run in runs:
        records = ", ".join(
            f"{name} {count}"
            + (
                f" ({expected[_EXPECTED_KEY[name]]})"
                if name in _EXPECTED_KEY and _EXPECTED_KEY[name] in expected
                else ""
            )
            for name, count in sorted(run.records.items())
        )
        print(
            f"  {run.connector:<12} {run.wall:>8.2f} {run.cpu:>8.2f} {run.max_rss_mib:>9.0f} {run.returncode:>3}  "
            f"{records}"
        )
    for run in runs:
        print(f"  $ {run.command}")
    print(flush=True)


def print_endpoints(runs: list[RunResult], issues: int) -> None:
    """Requests per endpoint (and per 1,000 issues), with the fake's own serving seconds."""
    for run in runs:
        total_requests = sum(e["requests"] for e in run.fake_stats.values())
        total_serve = sum(e["serve_seconds"] for e in run.fake_stats.values())
        print(
            f"  {run.connector}: {total_requests} requests, fake serving {total_serve:.2f} s "
            f"({total_serve / run.wall:.0%} of the connector's wall time)"
        )
        print(f"    {'endpoint':<58} {'requests':>8} {'per 1k issues':>13} {'serve s':>8}  statuses")
        for endpoint, entry in run.fake_stats.items():
            statuses = ",".join(f"{code}x{count}" for code, count in sorted(entry["statuses"].items()))
            print(
                f"    {endpoint:<58} {entry['requests']:>8} {entry['requests'] * 1000 / issues:>13.1f} "
                f"{entry['serve_seconds']:>8.2f}  {statuses}"
            )
    print(flush=True)
