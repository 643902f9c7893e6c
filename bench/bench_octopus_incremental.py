"""Incremental `octopus_deployments` in a busy space: requests and wall time after N new deployments (issue 9).

    .venv/bin/python bench/bench_octopus_incremental.py [--deployments 2000] [--new 10] [--page-size 100]
                                                        [--latency 0.05] [--repeat 3]

One in-process fake Octopus (a space of ``--deployments`` deployments added by ``add_busy_space``, the clock
frozen), the connector run in-process through the Airbyte entrypoint with ``octopus.spaces`` = that space:
1. a first read (no state: the whole list, newest first);
2. the clock moves one hour, ``--new`` deployments are added;
3. an incremental read from the first read's state (stops at the first deployment older than cursor - 10 min).
Printed: list requests to the space's deployments, records, wall seconds (median of ``--repeat`` runs of 3).
Figures, never asserts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jira_octopus_sample_api import FakeApiServer, FakeClock, FakeDataset  # noqa: E402
from jira_octopus_sample_api.octopus.activity.edits import add_busy_space  # noqa: E402
from jira_octopus_sample_api.octopus.core.edits import add_deployment  # noqa: E402
from testkit.reading import read_streams, records_by_stream, state_for, stream_state  # noqa: E402

STREAM = "octopus_deployments"
FROZEN_AT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deployments", type=int, default=2000, help="deployments in the busy space")
    parser.add_argument("--new", type=int, default=10, help="deployments added before the incremental read")
    parser.add_argument("--page-size", type=int, default=100, help="octopus.page_size (take)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the fake sleeps per response")
    parser.add_argument("--repeat", type=int, default=3, help="runs; medians are printed")
    return parser.parse_args()


def measured_read(server: FakeApiServer, config: dict, space: str, state: dict | None) -> tuple[int, int, float, dict]:
    server.clear_requests()
    started = time.perf_counter()
    output = read_streams(config, [STREAM], state=state_for(STREAM, state) if state else None)
    wall = time.perf_counter() - started
    if output.errors:
        raise SystemExit(f"the read failed: {[e.trace.error.message for e in output.errors]}")
    sent = [r for r in server.requests if r.path == f"/api/{space}/deployments"]
    return len(sent), len(records_by_stream(output)[STREAM]), wall, stream_state(output, STREAM) or {}


def one_run(args: argparse.Namespace) -> dict[str, tuple[int, int, float]]:
    clock = FakeClock(FROZEN_AT)
    dataset = FakeDataset.generate(7, 120, anchor=FROZEN_AT - timedelta(days=1))
    dataset.clock = clock
    space = add_busy_space(dataset, args.deployments)
    with FakeApiServer(dataset, clock=clock, latency_seconds=args.latency) as server:
        config = server.connector_config(jira=None, octopus={"page_size": args.page_size, "spaces": [space]})
        config.pop("jira", None)
        *first, state = measured_read(server, config, space, None)
        clock.advance(timedelta(hours=1))
        for _ in range(args.new):
            add_deployment(dataset, space)
        *second, _ = measured_read(server, config, space, state)
    return {"first read (no state)": tuple(first), f"incremental after {args.new} new": tuple(second)}  # type: ignore[dict-item]


def main() -> None:
    args = parse_args()
    runs = [one_run(args) for _ in range(args.repeat)]
    print(
        f"octopus_deployments, one space of {args.deployments} deployments, page_size {args.page_size}, "
        f"latency {args.latency * 1000:.0f} ms, median of {args.repeat}"
    )
    print(f"{'read':<28} {'list requests':>13} {'records':>8} {'wall s':>8}")
    for name in runs[0]:
        requests_sent = statistics.median(run[name][0] for run in runs)
        records = statistics.median(run[name][1] for run in runs)
        wall = statistics.median(run[name][2] for run in runs)
        print(f"{name:<28} {requests_sent:>13.0f} {records:>8.0f} {wall:>8.2f}")


if __name__ == "__main__":
    main()
