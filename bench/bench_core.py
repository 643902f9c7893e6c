"""Benchmarks of issue 5 ("A core that carries 80 streams"): ours vs Airbyte's source-jira 4.0.0, same fake data.

    bash .ci/bootstrap && bash bench/source_jira_venv.sh       # once: the competitor's own virtualenv
    .venv/bin/python bench/bench_core.py [--scenarios S1,S2,S3,S4] [--repeat 1] [--ours-only]
                                         [--deployment data_center] [--issues 5000] [--workers 8]

The fake Jira Cloud runs in its own process (HTTPS, realistic ~11 KB issues, the legacy search source-jira
calls), every connector as a subprocess measured alone (wall, CPU user+sys and peak RSS from ``os.wait4``).
- S1: 5,000 issues at 300 ms per response: ours (jira_issues) vs the ideal
  ``spec start-up + pages x latency / max_concurrent_requests``, and vs source-jira ``issues``.
- S2: issues + comments + worklogs + changelogs at 100 ms: requests per 1,000 issues per endpoint, wall time.
- S3: CPU seconds for 5,000 issues at 0 ms.
- S4: peak RSS of ours at 10,000 and 100,000 issues (jira_issues, 0 ms).
Figures, never asserts. S1-S3 share one fake process (one dataset); the latency changes between them.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.connectors import (  # noqa: E402
    OURS,
    SOURCE_JIRA,
    Connector,
    RunResult,
    median_result,
    run_measured,
    spec_seconds,
    write_json,
)
from bench.fake_process import REPO_ROOT, FakeProcess  # noqa: E402
from bench.report import expected_counts, print_endpoints, print_runs  # noqa: E402

OURS_S2 = "jira_issues,jira_issue_comments,jira_issue_worklogs,jira_issue_changelogs"
SOURCE_JIRA_S2 = "issues,issue_comments,issue_worklogs"
PAGE_SIZE = 100


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", default="S1,S2,S3,S4")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is printed")
    parser.add_argument("--ours-only", action="store_true", help="skip source-jira 4.0.0")
    parser.add_argument("--issues", type=int, default=5000, help="issues for S1-S3")
    parser.add_argument("--workers", type=int, default=8, help="max_concurrent_requests / num_workers")
    parser.add_argument("--ours-streams", default=OURS_S2, help="S2 streams of ours (missing ones are skipped)")
    parser.add_argument("--source-jira-streams", default=SOURCE_JIRA_S2, help="S2 streams of source-jira")
    parser.add_argument("--s4-sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--deployment",
        choices=("cloud", "data_center"),
        default="cloud",
        help="data_center: the fake serves Jira DC (REST v2, every child embedded); ours only",
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    scenarios = {s.strip().upper() for s in args.scenarios.split(",")}
    print("command: .venv/bin/python " + " ".join(["bench/bench_core.py", *sys.argv[1:]]), flush=True)
    ours = Connector("ours", OURS, args.workers)
    cloud = args.deployment == "cloud"
    if not cloud and not args.ours_only:
        print("source-jira 4.0.0 reads Jira Cloud only (REST v3): skipped for data_center", flush=True)
    rivals = [] if args.ours_only or not cloud else [Connector("source-jira", SOURCE_JIRA, args.workers)]
    if scenarios & {"S1", "S2", "S3"}:
        with FakeProcess(args.issues, 0.3, seed=args.seed, deployment=args.deployment) as fake:
            _prepare(fake, rivals)
            print(f"fake: {fake.command_line}  (ready in {fake.build_seconds:.1f} s)", flush=True)
            expected = expected_counts(args.seed, args.issues)
            if "S1" in scenarios:
                scenario_1(args, fake, ours, rivals, expected)
            if "S2" in scenarios:
                scenario_2(args, fake, ours, rivals, expected)
            if "S3" in scenarios:
                scenario_3(args, fake, ours, rivals, expected)
    if "S4" in scenarios:
        scenario_4(args, ours)
    return 0


def _prepare(fake: FakeProcess, rivals: list[Connector]) -> None:
    if rivals:  # why: source-jira trusts only certifi's bundle; see bench/source_jira_venv.sh
        subprocess.run(
            ["bash", str(REPO_ROOT / "bench" / "source_jira_venv.sh"), str(fake.ca_path)],
            check=True,
            capture_output=True,
        )


def read(
    connector: Connector, fake: FakeProcess, streams: list[str], repeat: int, keep_logs: bytes = b""
) -> RunResult | None:
    """Median of ``repeat`` full-refresh reads of ``streams`` (those ``discover`` lists), or None; LOG messages that
    contain ``keep_logs`` are kept in the result."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{connector.name}-"))
    config_path = write_json(folder, "config.json", connector.config(fake.config))
    available = connector.available_streams(config_path)
    missing = [s for s in streams if s not in available]
    if missing:
        print(f"  {connector.name}: skipping {', '.join(missing)} (not in its discover)", flush=True)
    streams = [s for s in streams if s in available]
    if not streams:
        return None
    catalog_path = write_json(folder, "catalog.json", connector.configured_catalog(streams))
    command = [str(connector.executable), "read", "--config", str(config_path), "--catalog", str(catalog_path)]
    results = []
    for _ in range(repeat):
        fake.stats()  # clears the fake's request log
        result = run_measured(connector.name, command, keep_logs)
        result.fake_stats = fake.stats()
        if result.returncode != 0:
            print(f"  {connector.name} exited {result.returncode}:\n{result.stderr_tail}", flush=True)
        results.append(result)
    return median_result(results)


def scenario_1(
    args: argparse.Namespace, fake: FakeProcess, ours: Connector, rivals: list[Connector], expected: dict[str, int]
) -> None:
    latency = 0.3
    fake.set_latency(latency)
    title = f"S1: {args.issues} issues at {latency * 1000:.0f} ms per response, {args.workers} workers"
    runs = [
        r
        for r in [read(ours, fake, ["jira_issues"], args.repeat)]
        + [read(c, fake, ["issues"], args.repeat) for c in rivals]
        if r is not None
    ]
    print_runs(title, runs, expected)
    startup = spec_seconds(OURS, max(args.repeat, 3))
    pages = math.ceil(args.issues / PAGE_SIZE)
    ideal = startup + pages * latency / args.workers
    print(f"  ideal = spec start-up {startup:.2f} s + {pages} pages x {latency} s / {args.workers} = {ideal:.2f} s")
    print(f"  ours / ideal = {runs[0].wall / ideal:.1f}x", end="")
    for rival in runs[1:]:
        print(f";  {rival.connector} / ours = {rival.wall / runs[0].wall:.1f}x", end="")
    print("\n", flush=True)
    print_endpoints(runs, args.issues)


def scenario_2(
    args: argparse.Namespace, fake: FakeProcess, ours: Connector, rivals: list[Connector], expected: dict[str, int]
) -> None:
    fake.set_latency(0.1)
    title = f"S2: issues and their children, {args.issues} issues at 100 ms, {args.workers} workers"
    runs = [read(ours, fake, args.ours_streams.split(","), args.repeat)]
    runs += [read(c, fake, args.source_jira_streams.split(","), args.repeat) for c in rivals]
    present = [r for r in runs if r is not None]
    print_runs(title, present, expected)
    if len(present) > 1:
        print(f"  {present[1].connector} / ours wall = {present[1].wall / present[0].wall:.1f}x\n")
    print_endpoints(present, args.issues)


def scenario_3(
    args: argparse.Namespace, fake: FakeProcess, ours: Connector, rivals: list[Connector], expected: dict[str, int]
) -> None:
    fake.set_latency(0.0)
    runs = [
        r
        for r in [read(ours, fake, ["jira_issues"], args.repeat)]
        + [read(c, fake, ["issues"], args.repeat) for c in rivals]
        if r is not None
    ]
    print_runs(f"S3: CPU for {args.issues} issues at 0 ms", runs, expected)
    for rival in runs[1:]:
        print(f"  {rival.connector} CPU / ours CPU = {rival.cpu / runs[0].cpu:.1f}x")
    print(flush=True)
    print_endpoints(runs, args.issues)


def scenario_4(args: argparse.Namespace, ours: Connector) -> None:
    for size in (int(s) for s in args.s4_sizes.split(",")):
        with FakeProcess(size, 0.0, seed=args.seed, deployment=args.deployment) as fake:
            print(f"fake: {fake.command_line}  (ready in {fake.build_seconds:.1f} s)", flush=True)
            run = read(ours, fake, ["jira_issues"], args.repeat)
            if run is not None:
                print_runs(f"S4: peak RSS of ours at {size} issues (jira_issues, 0 ms)", [run], {"issues": size})
                print_endpoints([run], size)


if __name__ == "__main__":
    raise SystemExit(main())
