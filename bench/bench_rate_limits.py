"""A read of ten Jira streams under an injected burst limit: the share of requests answered 429, and the wall time
against the rate bound (requests / limit). In process, against the in-process fake (8 workers).

    .venv/bin/python bench/bench_rate_limits.py [--size 250] [--limit 10] [--scope credential] [--repeat 1]

The fake answers a request over its token bucket (``--limit`` requests/s per credential, bursts of ``--limit``)
with 429 + ``RateLimit-Reason: jira-burst-based`` + ``Retry-After`` (whole seconds). Three connector settings:
``default`` (no ``jira.requests_per_second``: 10/s on Cloud), ``margin`` (``requests_per_second`` = 90% of the
limit) and ``reactive`` (``requests_per_second: 0``: no pacing, only the governor's answer to 429s). The rate bound
is the answered requests / the limit; "first to last request" leaves out the connector's start-up. Figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jira_octopus_sample_api import FakeApiServer  # noqa: E402
from testkit.reading import read_streams, records_by_stream  # noqa: E402

STREAMS = [
    "jira_projects",
    "jira_issue_fields",
    "jira_statuses",
    "jira_priorities",
    "jira_issues",
    "jira_issue_comments",
    "jira_issue_worklogs",
    "jira_issue_changelogs",
    "jira_project_versions",
    "jira_project_components",
]
SETTINGS: dict[str, dict[str, Any]] = {
    "default": {"requests_per_second": None},
    "margin": {},  # filled with 90% of the limit
    "reactive": {"requests_per_second": 0},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=250)
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--scope", choices=("credential", "endpoint"), default="credential")
    parser.add_argument("--page-size", type=int, default=25)
    parser.add_argument("--settings", default="default,margin,reactive")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    SETTINGS["margin"] = {"requests_per_second": 0.9 * args.limit}
    print(
        f"{len(STREAMS)} Jira streams, {args.size} issues, page size {args.page_size}, 8 workers; burst limit "
        f"{args.limit:g}/s per {args.scope}"
    )
    for name in args.settings.split(","):
        rows = [_read(args, name) for _ in range(args.repeat)]
        share = statistics.median(r["share"] for r in rows)
        ratio = statistics.median(r["ratio"] for r in rows)
        last = rows[-1]
        print(
            f"{name:>10}: {last['requests']} requests, {last['limited']} answered 429 ({share:.1%}), "
            f"wall {last['wall']:.1f} s vs rate bound {last['bound']:.1f} s = {ratio:.2f}x "
            f"(first to last request {last['span']:.1f} s = {last['span'] / last['bound']:.2f}x), "
            f"{last['records']} records, errors {last['errors']}"
        )


def _read(args: argparse.Namespace, name: str) -> dict[str, Any]:
    with FakeApiServer(size=args.size) as server:
        server.rate_limits.jira_burst(per_second=args.limit, scope=args.scope)
        jira = {"page_size": args.page_size, **SETTINGS[name]}
        config = server.connector_config(octopus=None, jira=jira)
        arrivals: list[float] = []
        serve = server.serve

        def timed(request: Any) -> Any:
            arrivals.append(time.perf_counter())
            return serve(request)

        server.serve = timed  # type: ignore[method-assign]
        started = time.perf_counter()
        output = read_streams(config, STREAMS)
        wall = time.perf_counter() - started
        sent = server.requests
    limited = sum(1 for r in sent if r.status == 429)
    answered = len(sent) - limited
    bound = answered / args.limit  # the requests that had to be answered, at the limit's rate
    return {
        "requests": len(sent),
        "limited": limited,
        "share": limited / len(sent),
        "wall": wall,
        "bound": bound,
        "ratio": wall / bound,
        "span": arrivals[-1] - arrivals[0],  # first to last request: the read without the connector's start-up
        "records": sum(len(r) for r in records_by_stream(output).values()),
        "errors": len(output.errors),
    }


if __name__ == "__main__":
    main()
