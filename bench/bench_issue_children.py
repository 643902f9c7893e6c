"""Requests per 1,000 issues for every issue child stream: ours vs Airbyte's source-jira 4.0.0, same fake data.

    bash .ci/bootstrap && bash bench/source_jira_venv.sh       # once: the competitor's own virtualenv
    .venv/bin/python bench/bench_issue_children.py [--issues 1000] [--workers 8] [--ours-only]
                                                    [--deployment data_center] [--latency 0]

Each child stream is read alone (full refresh, as a first sync) from the same fake Jira process (HTTPS, realistic
issues, the legacy search that source-jira 4.0.0 still calls), so every request counted is that stream's: the issue
search pages it needs plus its per-issue requests. Per-issue requests are what makes source-jira's child streams
take hours (one request per issue and stream, whether the issue has any children or not). Figures, never asserts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_core import read  # noqa: E402
from bench.connectors import OURS, SOURCE_JIRA, Connector, RunResult  # noqa: E402
from bench.fake_process import REPO_ROOT, FakeProcess  # noqa: E402

# ours -> source-jira 4.0.0's stream for the same data (None: it has none)
PAIRS = {
    "jira_issue_comments": "issue_comments",
    "jira_issue_worklogs": "issue_worklogs",
    "jira_issue_changelogs": None,
    "jira_issue_field_history": None,
    "jira_issue_transitions": "issue_transitions",
    "jira_issue_links": None,
    "jira_issue_watchers": "issue_watchers",
    "jira_issue_votes": "issue_votes",
    "jira_issue_remote_links": "issue_remote_links",
    "jira_issue_properties": "issue_properties",
}
SEARCH = ("/search", "/search/jql", "/search/approximate-count")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8, help="max_concurrent_requests / num_workers")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per response (counts do not depend on it)")
    parser.add_argument("--ours-only", action="store_true", help="skip source-jira 4.0.0")
    parser.add_argument("--streams", default=",".join(PAIRS), help="our streams to read (comma-separated)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--deployment", choices=("cloud", "data_center"), default="cloud")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    print("command: .venv/bin/python " + " ".join(["bench/bench_issue_children.py", *sys.argv[1:]]), flush=True)
    ours = Connector("ours", OURS, args.workers)
    rival = (
        None if args.ours_only or args.deployment != "cloud" else Connector("source-jira", SOURCE_JIRA, args.workers)
    )
    expected = expected_records(args.seed, args.issues, args.deployment)
    rows = []
    with FakeProcess(args.issues, args.latency, seed=args.seed, deployment=args.deployment) as fake:
        print(f"fake: {fake.command_line}  (ready in {fake.build_seconds:.1f} s)", flush=True)
        if rival is not None:  # why: source-jira trusts only certifi's bundle; see bench/source_jira_venv.sh
            script = str(REPO_ROOT / "bench" / "source_jira_venv.sh")
            subprocess.run(["bash", script, str(fake.ca_path)], check=True, capture_output=True)
        for stream in args.streams.split(","):
            theirs = PAIRS.get(stream) if rival is not None else None
            mine = read(ours, fake, [stream], 1)
            other = read(rival, fake, [theirs], 1) if rival is not None and theirs else None
            rows.append((stream, mine, theirs, other))
            print(f"  read {stream}" + (f" / {theirs}" if theirs else ""), flush=True)
    print_table(args, rows, expected)
    return 0


def expected_records(seed: int, size: int, deployment: str) -> dict[str, int]:
    from jira_octopus_sample_api import FakeDataset

    data = FakeDataset.generate(seed, size, issue_profile="realistic")
    return {stream: len(data.ids(stream, deployment)) for stream in PAIRS}


def requests_of(run: RunResult | None) -> tuple[int, int]:
    """(all requests, issue-search requests) of one run."""
    if run is None:
        return 0, 0
    total = sum(entry["requests"] for entry in run.fake_stats.values())
    search = sum(e["requests"] for endpoint, e in run.fake_stats.items() if endpoint.endswith(SEARCH))
    return total, search


def print_table(args: argparse.Namespace, rows: list, expected: dict[str, int]) -> None:
    per_k = 1000 / args.issues
    print(f"\nRequests per 1,000 issues, {args.issues} issues, {args.deployment}, {args.workers} workers")
    print(
        "| stream (ours) | ours: requests / 1k issues (search + rest) | ours: records (expected) | ours wall s |",
        end="",
    )
    print(" source-jira 4.0.0 stream | its requests / 1k issues | its records | its wall s | its / ours |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for stream, mine, theirs, other in rows:
        total, search = requests_of(mine)
        cells = [
            f"`{stream}`",
            f"{total * per_k:,.1f} ({search * per_k:,.1f} + {(total - search) * per_k:,.1f})",
            f"{mine.records.get(stream, 0) if mine else 0:,} ({expected.get(stream, 0):,})",
            f"{mine.wall:.1f}" if mine else "-",
        ]
        if other is not None and theirs:
            other_total, _ = requests_of(other)
            ratio = f"{other_total / total:.1f}x" if total else "-"
            cells += [f"`{theirs}`", f"{other_total * per_k:,.1f}", f"{other.records.get(theirs, 0):,}"]
            cells += [f"{other.wall:.1f}", ratio]
        else:
            cells += ["none" if not PAIRS.get(stream) else f"`{PAIRS[stream]}` (not run)", "-", "-", "-", "-"]
        print("| " + " | ".join(cells) + " |")
    for stream, mine, _, other in rows:
        for run in (mine, other):
            if run is not None:
                endpoints = ", ".join(
                    f"{endpoint} {entry['requests']}" for endpoint, entry in run.fake_stats.items() if entry["requests"]
                )
                print(f"  {run.connector} {stream}: {endpoints}")
    print(flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
