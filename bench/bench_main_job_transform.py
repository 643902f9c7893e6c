"""The time the models add to the main job: `run_models` (dbt start-up, parse, every model) on an already loaded
DuckDB file, each repeat in a fresh process as the job runs it, plus building and writing report.html.

    .venv/bin/python -m source_jira_octopus.warehouse --duckdb /tmp/bench.duckdb --no-transform   # load once
    .venv/bin/python bench/bench_main_job_transform.py /tmp/bench.duckdb --repeat 3

Prints wall and CPU seconds of the dbt run and of the report per repeat and the machine's load average: on a shared machine, wall time is CPU time
plus waiting for a core. The first repeat parses the project from scratch; later ones use dbt's partial parsing
(the job keeps dbt's target/ per warehouse in the temp dir).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ONE_RUN = """
import json, resource, sys, time
started = time.monotonic()
import source_jira_octopus.warehouse
from pathlib import Path
from source_jira_octopus.warehouse.duckdb_cache import duckdb_cache
from source_jira_octopus.warehouse.report_html import collect_report, write_report
from source_jira_octopus.warehouse.transform import DuckDBTarget, run_models
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
path = Path(sys.argv[1])
imported, imported_cpu = time.monotonic(), cpu()  # the job has paid for these imports before its load
built = run_models(DuckDBTarget(path))
transformed, transformed_cpu = time.monotonic(), cpu()
cache = duckdb_cache(path)
write_report(collect_report(cache.run_sql_query, "analytics", str(path)), path.with_name("bench-report.html"))
print(json.dumps({"models": built.models, "imports": round(imported - started, 1),
                  "dbt_wall": round(transformed - imported, 1), "dbt_cpu": round(transformed_cpu - imported_cpu, 1),
                  "report_wall": round(time.monotonic() - transformed, 1), "report_cpu": round(cpu() - transformed_cpu, 1)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("duckdb", type=Path, help="a DuckDB file the main job has loaded")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for attempt in range(1, args.repeat + 1):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", ONE_RUN, str(args.duckdb.resolve())],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            f"run {attempt}: process {time.monotonic() - started:.1f} s wall; imports {figures['imports']} s (paid "
            f"before the load in the job); added by the job: dbt ({figures['models']} models) {figures['dbt_wall']} s "
            f"wall / {figures['dbt_cpu']} s CPU, report {figures['report_wall']} s wall / {figures['report_cpu']} s "
            f"CPU; load average {os.getloadavg()[0]:.1f}; children CPU so far {children.ru_utime + children.ru_stime:.1f} s"
        )


if __name__ == "__main__":
    main()
