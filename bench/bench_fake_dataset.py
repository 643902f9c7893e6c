"""How long the fake API takes to build its dataset, how much memory it holds, and what a page costs it.

    .venv/bin/python bench/bench_fake_dataset.py [--sizes 10000,100000] [--profile realistic]

Each size is built in a fresh subprocess, so its peak RSS is the dataset's alone (plus the interpreter).
Then the same process serves 20 Cloud search pages (100 issues, ``*all``) in process and prints the mean
time per page: the fake's own cost, which the connector benchmarks must stay well above.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def measure(size: int, profile: str) -> dict[str, float]:
    sys.path.insert(0, str(REPO_ROOT))
    from jira_octopus_sample_api import FakeApiServer, FakeDataset
    from jira_octopus_sample_api.clients import jira_session

    started = time.perf_counter()
    dataset = FakeDataset.generate(42, size, issue_profile=profile)
    built = time.perf_counter() - started
    rss_after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with FakeApiServer(dataset) as server:
        session, token = jira_session(server), None
        for _ in range(20):
            body = {
                "jql": "updated >= 0 ORDER BY id ASC",
                "fields": ["*all"],
                "maxResults": 100,
                **({"nextPageToken": token} if token else {}),
            }
            token = session.post(server.base_url + "/rest/api/3/search/jql", json=body).json().get("nextPageToken")
        page_seconds = server.serving_seconds() / 20
    return {"size": size, "build_s": built, "peak_rss_mib": rss_after_build, "serve_ms_per_page": page_seconds * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--profile", default="realistic", choices=("compact", "realistic"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.profile)))
        return 0
    print(f"command: .venv/bin/python bench/bench_fake_dataset.py --sizes {args.sizes} --profile {args.profile}")
    print(f"{'issues':>8} {'build s':>8} {'peak RSS MiB':>13} {'serve ms / page of 100':>23}")
    for size in (int(s) for s in args.sizes.split(",")):
        output = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--profile", args.profile],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        print(f"{size:>8} {row['build_s']:>8.1f} {row['peak_rss_mib']:>13.0f} {row['serve_ms_per_page']:>23.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
