"""Requests and wall time of a full read of the issue-9 Octopus kinds (in process, against the in-process fake).

    .venv/bin/python bench/bench_octopus_kinds.py [--size 250] [--page-sizes 100,7] [--repeat 3]

Per page size: the requests per stream (each space's list is paged with skip/take, so a stream costs
``sum over spaces of ceil(records / page size)``, at least one per space), the records, and the median wall time
of the whole read (spaces + 17 kinds; 8 workers). Also the time to build the kinds' fake records. Figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jira_octopus_sample_api import FakeApiServer  # noqa: E402
from jira_octopus_sample_api.dataset import FakeDataset  # noqa: E402
from jira_octopus_sample_api.octopus.kinds.part import PART  # noqa: E402
from source_jira_octopus.octopus.streams import space_kinds, system_kinds  # noqa: E402
from testkit.reading import read_streams, records_by_stream  # noqa: E402

STREAMS = ["octopus_spaces", *(k.name for k in (*space_kinds.STREAMS, *system_kinds.STREAMS))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=250)
    parser.add_argument("--page-sizes", default="100,7")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dataset = FakeDataset.generate(size=args.size)
    started = time.perf_counter()
    PART.build(dataset)
    print(f"size {args.size}: the kinds' fake records built in {(time.perf_counter() - started) * 1000:.1f} ms")
    with FakeApiServer(size=args.size) as server:
        for page_size in (int(p) for p in args.page_sizes.split(",")):
            config = server.connector_config(jira=None, octopus={"page_size": page_size})
            walls, requests, records = [], Counter(), Counter()
            for _ in range(args.repeat):
                server.clear_requests()
                started = time.perf_counter()
                output = read_streams(config, STREAMS)
                walls.append(time.perf_counter() - started)
                assert not output.errors
                requests = Counter(r.path.rsplit("/", 1)[-1] for r in server.requests)
                records = Counter({s: len(r) for s, r in records_by_stream(output).items()})
            print(
                f"page size {page_size}: {sum(requests.values())} requests, {sum(records.values())} records, "
                f"median wall {statistics.median(walls):.2f} s over {args.repeat} reads"
            )
            print("  requests per collection: " + ", ".join(f"{k} {n}" for k, n in sorted(requests.items())))


if __name__ == "__main__":
    main()
