"""Requests and wall time of a full read of the project detail, people and Agile streams (plus `jira_users`) from the
in-process fake Jira, per flavour and dataset size. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_people_agile.py --sizes 250,8400
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jira_octopus_sample_api import FakeApiServer, FakeClock  # noqa: E402
from source_jira_octopus.jira.streams import agile, people, project_details  # noqa: E402
from testkit.reading import read_streams, records_by_stream, streams_on  # noqa: E402

STREAMS = ("jira_users", *(kind.name for kind in (*project_details.STREAMS, *people.STREAMS, *agile.STREAMS)))


def measure(size: int, deployment: str) -> str:
    with FakeApiServer(seed=42, size=size, clock=FakeClock(datetime(2026, 11, 23, 12, tzinfo=UTC))) as fake:
        fake.jira_deployment = deployment
        config = fake.connector_config()
        config["jira"]["deployment"] = deployment
        wanted = [name for name in STREAMS if name in streams_on(deployment)]
        started = time.perf_counter()
        output = read_streams(config, wanted)
        wall = time.perf_counter() - started
        records = records_by_stream(output)
        by_endpoint = Counter(r.path.rsplit("/", 1)[-1] for r in fake.requests)
    busiest = ", ".join(f"{name} {count}" for name, count in by_endpoint.most_common(3))
    total = sum(len(batch) for batch in records.values())
    return (
        f"size {size:>5} {deployment:<11} {total:>6} records, {len(fake.requests):>5} requests, {wall:5.1f} s, "
        f"{len(output.errors)} errors; users {len(records['jira_users'])}, group members "
        f"{len(records['jira_group_members'])}, board issues {len(records['jira_board_issues'])}; most requests: {busiest}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,8400", help="dataset sizes (issues), comma-separated")
    args = parser.parse_args()
    for size in (int(value) for value in args.sizes.split(",")):
        for deployment in ("cloud", "data_center"):
            print(measure(size, deployment), flush=True)


if __name__ == "__main__":
    main()
