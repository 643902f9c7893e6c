"""Benchmark: a full `jira_issues` read of N issues (default 10,000) from the fake Jira Cloud over real HTTP.

    .venv/bin/python bench/bench_jira_issues.py [--issues 10000] [--page-size 100] [--workers 8] [--deployment cloud]

Prints records, requests, wall time, records/s and peak RSS. Figures, not asserts: run it, read it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jira_octopus_sample_api import FakeApiServer  # noqa: E402
from testkit.reading import read_streams  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--deployment", choices=["cloud", "data_center"], default="cloud")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the fake adds to every response")
    args = parser.parse_args()

    built = time.monotonic()
    with FakeApiServer(
        seed=42, size=args.issues, jira_deployment=args.deployment, latency_seconds=args.latency
    ) as server:
        print(f"fake API with {args.issues} issues ready in {time.monotonic() - built:.2f} s", file=sys.stderr)
        config = server.connector_config()
        config.pop("octopus", None)
        config["jira"].update(page_size=args.page_size, deployment=args.deployment)
        config["max_concurrent_requests"] = args.workers
        started = time.monotonic()
        output = read_streams(config, streams=["jira_issues"])
        elapsed = time.monotonic() - started
        requests = len([r for r in server.requests if "search" in r.path])
    records = len(output.records)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"deployment={args.deployment} page_size={args.page_size} workers={args.workers} latency={args.latency}s")
    print(f"records={records} search_requests={requests} errors={len(output.errors)}")
    print(
        f"wall={elapsed:.2f}s records_per_s={records / elapsed:,.0f} peak_rss={peak_mib:.0f}MiB (process, incl. fake API)"
    )


if __name__ == "__main__":
    main()
