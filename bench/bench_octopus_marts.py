"""Build the Octopus, DORA and lineage marts (and everything below them) on a generated DuckDB warehouse in
PyAirbyte's layout and print how long `dbt run` takes. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_octopus_marts.py --deployments 50000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb

os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from integration_tests.analytics import table_layouts  # noqa: E402
from integration_tests.analytics.dbt_invocation import duckdb_output, run_dbt  # noqa: E402
from integration_tests.analytics.octopus_fixture import SOURCE_STREAMS  # noqa: E402
from integration_tests.analytics.octopus_marts import MARTS, SELECTION  # noqa: E402

# 20 projects x 5 environments (the last is Production) x 4 tenants or none; a release per 10 deployments;
# 3 work items per release over 20,000 issue keys; one task per deployment, 10% failed, 2% canceled.
GENERATE = """
insert into main.octopus_environments (id, spaceid, name, sortorder)
    select 'Environments-' || i, 'Spaces-1', case when i = 5 then 'Production' else 'Env ' || i end, i
    from range(1, 6) as r(i);
insert into main.octopus_projects (id, spaceid, name, slug)
    select 'Projects-' || i, 'Spaces-1', 'P' || i, 'p' || i from range(1, 21) as r(i);
insert into main.octopus_tenants (id, spaceid, name) select 'Tenants-' || i, 'Spaces-1', 'T' || i from range(1, 5) r(i);
insert into main.octopus_releases (id, spaceid, projectid, channelid, version, assembled)
    select 'Releases-' || i, 'Spaces-1', 'Projects-' || (i % 20 + 1), 'Channels-' || (i % 20 + 1), '1.' || i,
        timestamptz '2024-01-01 00:00:00+00' + to_minutes(cast(i * 10 as bigint))
    from range(0, {releases}) as r(i);
insert into main.octopus_release_work_items (id, releaseid, packageid, packageversion, spaceid, projectid,
        releaseversion, releaseassembled)
    select 'ISS-' || ((i * 3 + k) % 20000), 'Releases-' || i, 'pkg', '1.' || i, 'Spaces-1', 'Projects-' || (i % 20 + 1),
        '1.' || i, timestamptz '2024-01-01 00:00:00+00' + to_minutes(cast(i * 10 as bigint))
    from range(0, {releases}) as r(i), range(0, 3) as w(k);
insert into main.octopus_deployments (id, spaceid, projectid, channelid, releaseid, environmentid, tenantid, taskid,
        created, queuetime, changes)
    select 'Deployments-' || i, 'Spaces-1', 'Projects-' || ((i // 10) % 20 + 1), 'Channels-' || ((i // 10) % 20 + 1),
        'Releases-' || (i // 10), 'Environments-' || (i % 5 + 1), case when i % 7 < 4 then 'Tenants-' || (i % 7 + 1) end,
        'ServerTasks-' || i, timestamptz '2024-01-01 01:00:00+00' + to_minutes(cast(i as bigint)),
        timestamptz '2024-01-01 01:00:00+00' + to_minutes(cast(i as bigint)), '[]'
    from range(0, {deployments}) as r(i);
insert into main.octopus_tasks (id, spaceid, name, state, queuetime, starttime, completedtime)
    select 'ServerTasks-' || i, 'Spaces-1', 'Deploy',
        case when i % 50 = 0 then 'Canceled' when i % 10 = 3 then 'Failed' else 'Success' end,
        timestamptz '2024-01-01 01:00:00+00' + to_minutes(cast(i as bigint)),
        timestamptz '2024-01-01 01:01:00+00' + to_minutes(cast(i as bigint)),
        timestamptz '2024-01-01 01:05:00+00' + to_minutes(cast(i as bigint))
    from range(0, {deployments}) as r(i);
insert into main.jira_issues (id, key, projectid, projectkey, created, fields)
    select cast(i as varchar), 'ISS-' || i, '1', 'ISS', timestamptz '2023-12-01 00:00:00+00' + to_minutes(cast(i as bigint)),
        json_object('issuetype', json_object('name', case when i % 100 = 0 then 'Incident' else 'Story' end))
    from range(0, 20000) as r(i);
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deployments", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "warehouse.duckdb"
        with duckdb.connect(str(path)) as conn:
            table_layouts.write_duckdb_pyairbyte(conn, "main", {stream: [] for stream in SOURCE_STREAMS})
            conn.execute(GENERATE.format(deployments=args.deployments, releases=args.deployments // 10))
        started = time.perf_counter()
        run_dbt(
            work / "dbt", duckdb_output(path), "run", select=SELECTION, dbt_vars={"jira_octopus_source_schema": "main"}
        )
        elapsed = time.perf_counter() - started
        with duckdb.connect(str(path)) as conn:
            counts = {mart: conn.execute(f"select count(*) from analytics.{mart}").fetchone()[0] for mart in MARTS}
    print(f"dbt run, {args.deployments} deployments: {elapsed:.1f} s (dbt start-up included)")
    for mart, count in counts.items():
        print(f"  {mart}: {count} rows")


if __name__ == "__main__":
    main()
