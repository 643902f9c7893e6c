"""Issue 15, items 2 and 4, side by side with Airbyte's source-jira 4.0.0 in one run on one fake Jira process.

    bash .ci/bootstrap && bash bench/source_jira_venv.sh       # once: the competitor's own virtualenv
    .venv/bin/python bench/bench_side_by_side.py [--issues 1000] [--workers 8] [--parts search,burst]
                                                 [--burst-limit 10]

One fake Jira Cloud process (HTTPS, realistic ~11 KB issues, 0 ms, the legacy search that source-jira 4.0.0 calls);
each connector runs as a subprocess (wall, CPU user+sys and peak RSS of that process alone), full refresh, as a
first sync, with the same number of workers.
- search (item 2): issue streams read together. `jira_issues` alone vs `issues`; issues + comments + worklogs
  (+ changelogs: source-jira has no such stream, its `issues` always expands the changelog); every issue stream
  (our 11 vs source-jira's 8). Requests per endpoint group, records per stream against the fake's. Ours unpaced
  (the fake's config sets ``requests_per_second: 0``), as source-jira, which has no pacing.
- burst (item 4): the nine Jira streams both connectors have, read once without a limit (the reference) and once
  under the fake's burst limit (``burst 10`` on its control channel: a token bucket of 10 requests/s per
  credential, 429 + ``RateLimit-Reason: jira-burst-based`` + ``Retry-After``). Requests, share answered 429, wall
  against the rate bound (answered requests / limit), records the same as without the limit or not. Ours with a
  user's default (no ``requests_per_second``: 10/s on Cloud).
Figures, never asserts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_core import read  # noqa: E402
from bench.bench_search_pass import ELEVEN, FOUR  # noqa: E402
from bench.connectors import OURS, SOURCE_JIRA, Connector, RunResult, spec_seconds  # noqa: E402
from bench.fake_process import REPO_ROOT, FakeProcess  # noqa: E402

# source-jira 4.0.0's issue streams -> ours for the same data (None: one record per issue, the whole object)
THEIR_ISSUE_STREAMS = {
    "issues": "jira_issues",
    "issue_comments": "jira_issue_comments",
    "issue_worklogs": "jira_issue_worklogs",
    "issue_transitions": "jira_issue_transitions",
    "issue_watchers": None,
    "issue_votes": None,
    "issue_remote_links": "jira_issue_remote_links",
    "issue_properties": "jira_issue_properties",
}
SEARCH_READS = {  # title -> (our streams, source-jira's)
    "issues alone": (["jira_issues"], ["issues"]),
    "issues + comments + worklogs (+ changelogs)": (FOUR, ["issues", "issue_comments", "issue_worklogs"]),
    "every issue stream": (ELEVEN, list(THEIR_ISSUE_STREAMS)),
}
BURST_PAIRS = {  # ours -> source-jira 4.0.0's
    "jira_projects": "projects",
    "jira_issue_fields": "issue_fields",
    "jira_statuses": "workflow_statuses",
    "jira_priorities": "issue_priorities",
    "jira_issues": "issues",
    "jira_issue_comments": "issue_comments",
    "jira_issue_worklogs": "issue_worklogs",
    "jira_project_versions": "project_versions",
    "jira_project_components": "project_components",
}
GROUPS = ("issue search", "approximate count", "per issue", "bulk", "other")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8, help="max_concurrent_requests / num_workers")
    parser.add_argument("--parts", default="search,burst")
    parser.add_argument("--burst-limit", type=float, default=10.0, help="requests/s per credential")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    print("command: .venv/bin/python " + " ".join(["bench/bench_side_by_side.py", *sys.argv[1:]]), flush=True)
    connectors = [Connector("ours", OURS, args.workers), Connector("source-jira", SOURCE_JIRA, args.workers)]
    with FakeProcess(args.issues, 0.0, seed=args.seed) as fake:
        print(f"fake: {fake.command_line}  (ready in {fake.build_seconds:.1f} s)", flush=True)
        script = str(REPO_ROOT / "bench" / "source_jira_venv.sh")  # why: source-jira trusts only certifi's bundle
        subprocess.run(["bash", script, str(fake.ca_path)], check=True, capture_output=True)
        expected = expected_records(args.seed, args.issues)
        if "search" in args.parts:
            search_part(args, fake, connectors, expected)
        if "burst" in args.parts:
            burst_part(args, fake, connectors, expected)
    return 0


def expected_records(seed: int, size: int) -> dict[str, int]:
    """Records per stream the fake serves, for our stream names and source-jira's issue streams."""
    from jira_octopus_sample_api import FakeDataset

    data = FakeDataset.generate(seed, size, issue_profile="realistic")
    ours = {stream: len(data.ids(stream, "cloud")) for stream in [*ELEVEN, *BURST_PAIRS]}
    theirs = {theirs: ours[mine] if mine else size for theirs, mine in THEIR_ISSUE_STREAMS.items()}
    return {**ours, **{theirs: ours[mine] for mine, theirs in BURST_PAIRS.items()}, **theirs}


def group_of(endpoint: str) -> str:
    """``GET /rest/api/3/issue/{issueIdOrKey}/watchers`` -> "per issue" (one of GROUPS)."""
    path = endpoint.split(" ", 1)[-1]
    if path.endswith(("/search", "/search/jql")):
        return "issue search"
    if path.endswith("/search/approximate-count"):
        return "approximate count"
    if path.endswith(("/bulkfetch", "/worklog/list", "/worklog/updated")):
        return "bulk"
    return "per issue" if "/issue/{issueIdOrKey}" in path else "other"


def requests_by_group(run: RunResult) -> Counter[str]:
    groups: Counter[str] = Counter()
    for endpoint, entry in run.fake_stats.items():
        groups[group_of(endpoint)] += entry["requests"]
    return groups


def load() -> str:
    return "load average " + " / ".join(f"{value:.1f}" for value in os.getloadavg())


def search_part(args: argparse.Namespace, fake: FakeProcess, connectors: list[Connector], expected: dict) -> None:
    print(f"\nsearch part, {load()}", flush=True)
    rows: list[tuple[str, RunResult | None]] = []
    for title, streams_of in SEARCH_READS.items():
        for connector, streams in zip(connectors, streams_of, strict=True):
            rows.append((title, read(connector, fake, streams, 1)))
            print(f"  {connector.name}: read {title}, {load()}", flush=True)
    print(f"\nItem 2: {args.issues} issues, {args.workers} workers, 0 ms, page size: ours 100, source-jira 50;", end="")
    print(" ours unpaced (the fake's config: requests_per_second 0), source-jira has no pacing")
    print("| read | connector | streams | " + " | ".join(GROUPS) + " | total | records = fake's | wall | CPU |")
    print("| --- | --- | ---: | " + "---: | " * len(GROUPS) + "---: | --- | ---: | ---: |")
    for title, run in rows:
        if run is None:
            continue
        groups = requests_by_group(run)
        cells = [title, run.connector, str(len([s for s in run.records if not s.startswith("<")]))]
        cells += [f"{groups[group]:,}" for group in GROUPS] + [f"**{sum(groups.values()):,}**"]
        cells += [records_cell(run, expected), f"{run.wall:.1f} s", f"{run.cpu:.1f} s"]
        print("| " + " | ".join(cells) + " |")
    print_details([(f"{run.connector}, {title}", run) for title, run in rows if run is not None])


def records_cell(run: RunResult, expected: dict[str, int]) -> str:
    wrong = [f"{s} {n:,} ({expected.get(s, '?')})" for s, n in sorted(run.records.items()) if expected.get(s) != n]
    return ("yes" if not wrong else "NO: " + ", ".join(wrong)) + (
        "" if run.returncode == 0 else f", rc {run.returncode}"
    )


def print_details(rows: list[tuple[str, RunResult | None]]) -> None:
    for title, run in rows:
        if run is None:
            continue
        records = ", ".join(f"{stream} {count:,}" for stream, count in sorted(run.records.items()))
        endpoints = ", ".join(
            f"{endpoint} {entry['requests']}" + _limited(entry) for endpoint, entry in run.fake_stats.items()
        )
        print(f"  {title}: records {records}\n    requests: {endpoints}")
    print(flush=True)


def _limited(entry: dict) -> str:
    limited = entry["statuses"].get("429", 0)
    return f" (429 x{limited})" if limited else ""


def burst_part(args: argparse.Namespace, fake: FakeProcess, connectors: list[Connector], expected: dict) -> None:
    print(f"\nburst part, {load()}", flush=True)
    # why: the fake's config turns our pacing off (requests_per_second 0, for tests); a user's default has no key
    runs_of = {
        "ours (default: 10/s)": Connector("ours", OURS, args.workers, jira_options={"requests_per_second": None}),
        "ours, unpaced (requests_per_second 0)": connectors[0],
        "source-jira 4.0.0": connectors[1],
    }
    rows: list[tuple[str, RunResult | None, RunResult | None, float]] = []
    for label, connector in runs_of.items():
        streams = list(BURST_PAIRS) if connector.name == "ours" else list(BURST_PAIRS.values())
        fake.set_burst_limit(0)
        reference = read(connector, fake, streams, 1)
        print(f"  {label}: read without a limit, {load()}", flush=True)
        fake.set_burst_limit(args.burst_limit)
        limited = read(connector, fake, streams, 1)
        print(f"  {label}: read under {args.burst_limit:g}/s, {load()}", flush=True)
        rows.append((label, reference, limited, spec_seconds(connector.executable, 3)))
    fake.set_burst_limit(0)
    print(f"\nItem 4: nine Jira streams, {args.issues} issues, {args.workers} workers, burst limit ", end="")
    print(f"{args.burst_limit:g} requests/s per credential; rate bound = answered requests / {args.burst_limit:g}/s")
    print("| connector | requests without limit | requests under limit | answered 429 | wall | rate bound |", end="")
    print(" wall / bound | (wall - start-up) / bound | records as without limit | records = fake's |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for label, reference, limited, startup in rows:
        if reference is not None and limited is not None:
            print("| " + " | ".join([label, *burst_cells(args, reference, limited, startup, expected)]) + " |")
    print_details(
        [(f"{label}, {title}", run) for label, *runs, _ in rows for title, run in zip(TITLES, runs, strict=True)]
    )


TITLES = ("without a limit", "under the limit")


def burst_cells(
    args: argparse.Namespace, reference: RunResult, limited: RunResult, startup: float, expected: dict[str, int]
) -> list[str]:
    total = sum(e["requests"] for e in limited.fake_stats.values())
    refused = sum(e["statuses"].get("429", 0) for e in limited.fake_stats.values())
    bound = (total - refused) / args.burst_limit
    changed = [s for s in reference.records if limited.records.get(s) != reference.records[s]]
    same = "yes" if not changed and limited.returncode == 0 else f"NO: {', '.join(changed) or limited.returncode}"
    cells = [f"{sum(e['requests'] for e in reference.fake_stats.values()):,}", f"{total:,}"]
    cells += [f"{refused:,} ({refused / total:.1%})", f"{limited.wall:.1f} s", f"{bound:.1f} s"]
    cells += [f"**{limited.wall / bound:.2f}x**", f"{(limited.wall - startup) / bound:.2f}x (start-up {startup:.1f} s)"]
    return cells + [same, records_cell(limited, expected)]


if __name__ == "__main__":
    raise SystemExit(main())
