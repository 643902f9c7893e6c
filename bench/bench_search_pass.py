"""Issue-search requests when several issue streams are read together (issue 15, item 2): before vs after the one pass.

    bash .ci/bootstrap
    .venv/bin/python bench/bench_search_pass.py [--issues 1000] [--workers 8] [--deployment cloud]
                                                [--before /work/main/.venv/bin/source-jira-octopus]

Three reads, each by each connector, from one fake Jira process (HTTPS, realistic ~11 KB issues, 0 ms): `jira_issues`
alone, the four streams `jira_issues` + comments + worklogs + changelogs, and the eleven issue-search streams. The
connector is a subprocess (CPU user+sys and peak RSS from `os.wait4`); `--before` names the console script of another
checkout (e.g. main's) to read the same data with. Each read's records are compared with the fake's per stream.
Prints request counts per endpoint group: issue search (`search/jql` or DC `search`, probes included), approximate
counts, and the rest (per-issue requests, overflow, bulk fetches). Figures, never asserts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_core import read  # noqa: E402
from bench.connectors import OURS, Connector, RunResult  # noqa: E402
from bench.fake_process import FakeProcess  # noqa: E402

FOUR = ["jira_issues", "jira_issue_comments", "jira_issue_worklogs", "jira_issue_changelogs"]
ELEVEN = [
    *FOUR,
    "jira_issue_field_history",
    "jira_issue_transitions",
    "jira_issue_links",
    "jira_issue_watchers",
    "jira_issue_votes",
    "jira_issue_remote_links",
    "jira_issue_properties",
]
READS = {"jira_issues alone": ["jira_issues"], "4 streams": FOUR, "11 issue streams": ELEVEN}
SEARCH = ("/search", "/search/jql")
COUNT = "/search/approximate-count"
PASS_LOG = b"Jira issue search: one pass"  # what the pass fetched, shared and held (absent before the pass)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8, help="max_concurrent_requests")
    parser.add_argument("--deployment", choices=("cloud", "data_center"), default="cloud")
    parser.add_argument("--before", type=Path, help="another checkout's console script, read first as 'before'")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    print("command: .venv/bin/python " + " ".join(["bench/bench_search_pass.py", *sys.argv[1:]]), flush=True)
    connectors = [("after", OURS)] + ([("before", args.before)] if args.before else [])
    expected = expected_records(args.seed, args.issues, args.deployment)
    rows: list[tuple[str, str, RunResult | None]] = []
    with FakeProcess(args.issues, 0.0, seed=args.seed, deployment=args.deployment) as fake:
        print(f"fake: {fake.command_line}  (ready in {fake.build_seconds:.1f} s)", flush=True)
        for label, executable in connectors:
            connector = Connector("ours", executable, args.workers)  # "ours": our config shape, either checkout
            for title, streams in READS.items():
                rows.append((label, title, read(connector, fake, streams, 1, PASS_LOG)))
                print(f"  {label}: read {title}", flush=True)
    print_table(args, rows, expected)
    return 0


def expected_records(seed: int, size: int, deployment: str) -> dict[str, int]:
    from jira_octopus_sample_api import FakeDataset

    data = FakeDataset.generate(seed, size, issue_profile="realistic")
    return {stream: len(data.ids(stream, deployment)) for stream in ELEVEN}


def requests_of(run: RunResult) -> tuple[int, int, int]:
    """(issue-search pages incl. probes, approximate counts, every other request) of one read."""
    stats = run.fake_stats
    search = sum(e["requests"] for endpoint, e in stats.items() if endpoint.endswith(SEARCH))
    counts = sum(e["requests"] for endpoint, e in stats.items() if endpoint.endswith(COUNT))
    return search, counts, sum(e["requests"] for e in stats.values()) - search - counts


def print_table(args: argparse.Namespace, rows: list[tuple[str, str, RunResult | None]], expected: dict) -> None:
    print(f"\n{args.issues} issues, {args.deployment}, {args.workers} workers, page size 100, 0 ms")
    print("| code | read | issue search | approximate counts | other requests | total | records = fake's | CPU | RSS |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    alone: dict[str, int] = {}
    for label, title, run in rows:
        if run is None:
            print(f"| {label} | {title} | - | - | - | - | not read | - | - |")
            continue
        search, counts, other = requests_of(run)
        alone.setdefault(label, search)
        wrong = [s for s in READS[title] if run.records.get(s, 0) != expected[s]]
        records = "yes" if not wrong and run.returncode == 0 else f"NO: {', '.join(wrong) or run.returncode}"
        ratio = f" ({search / alone[label]:.2f}x alone)" if title != "jira_issues alone" else ""
        cells = [label, title, f"{search}{ratio}", str(counts), f"{other:,}", f"{search + counts + other:,}", records]
        cells += [f"{run.cpu:.1f} s", f"{run.max_rss_mib:.0f} MiB"]
        print("| " + " | ".join(cells) + " |")
    for label, title, run in rows:
        for message in run.kept_logs if run else []:
            print(f"  {label}, {title}: {message}")
    print(flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
