"""Requests and wall time of a `jira_issue_census` read from the in-process fake API (prints figures, asserts nothing).

.venv/bin/python -m bench.bench_issue_census --sizes 250,10000 --page-sizes 100,7
"""

from __future__ import annotations

import argparse
import time

from jira_octopus_sample_api import FakeApiServer
from testkit.reading import read_streams, records_by_stream


def measure(size: int, page_size: int, deployment: str) -> tuple[int, int, float]:
    with FakeApiServer(seed=42, size=size) as fake:
        fake.jira_deployment = deployment
        config = fake.connector_config(octopus=None)
        config["jira"]["page_size"] = page_size
        fake.clear_requests()
        started = time.perf_counter()
        output = read_streams(config, ["jira_issue_census"])
        elapsed = time.perf_counter() - started
        records = len(records_by_stream(output)["jira_issue_census"])
        assert records == len(fake.dataset.jira_issues), "the census must hold every issue"
        return len(fake.requests), records, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="250,10000")
    parser.add_argument("--page-sizes", default="100,7")
    args = parser.parse_args()
    print("| flavour | issues | page_size | requests | requests per 1,000 issues | wall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for deployment in ("cloud", "data_center"):
        for size in (int(s) for s in args.sizes.split(",")):
            for page_size in (int(p) for p in args.page_sizes.split(",")):
                requests, records, elapsed = measure(size, page_size, deployment)
                per_thousand = requests * 1000 / records
                print(
                    f"| {deployment} | {records:,} | {page_size} | {requests} | {per_thousand:.1f} | {elapsed:.2f} s |"
                )


if __name__ == "__main__":
    main()
