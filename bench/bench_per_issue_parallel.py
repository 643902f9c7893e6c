"""Wall time of the per-issue children (watchers, votes, remote links, properties) read together, before and after
their per-issue requests went side by side, and what a second sync costs with `per_issue_children_updated_only`.

    .venv/bin/python bench/bench_per_issue_parallel.py [--issues 1000] [--latency 0.1] [--workers 8] [--repeat 1]
        [--baseline-commit 0943940 | --baseline /work/main/.venv/bin/source-jira-octopus]  # the connector before

`--baseline-commit` runs the connector's package as it was at that commit (`git archive` into a temporary folder,
run with this venv's Python: the dependencies are the same), so the figures can be taken again after main moves;
`--baseline` runs another checkout's console script as it is now.

One fake Jira Cloud process (HTTPS, realistic issues, seed 42) serves every run. Each connector is a subprocess read
with a full-refresh catalog of the four streams (the same config: page size 100, `max_concurrent_requests` workers);
the latency bound is requests x latency / workers, since no more than `workers` requests may be in flight. Then ours
runs twice incrementally with the option on: the second sync reads only issues updated since the first began.
Figures, never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.connectors import OURS, RunResult, run_measured, write_json  # noqa: E402
from bench.fake_process import FakeProcess  # noqa: E402

STREAMS = ("jira_issue_watchers", "jira_issue_votes", "jira_issue_remote_links", "jira_issue_properties")
SEARCH = ("/search", "/search/jql", "/search/approximate-count")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the fake adds to every response")
    parser.add_argument("--workers", type=int, default=8, help="max_concurrent_requests")
    parser.add_argument("--repeat", type=int, default=1, help="reads per connector (the median wall is shown)")
    before = parser.add_mutually_exclusive_group()
    before.add_argument("--baseline", type=Path, help="the connector before the change (its console script)")
    before.add_argument("--baseline-commit", help="the connector before the change: its package at this commit")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--streams", default=",".join(STREAMS), help="the streams read together (comma-separated)")
    parser.add_argument("--skip-updated-only", action="store_true", help="skip the two incremental syncs")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    print("command: .venv/bin/python " + " ".join(["bench/bench_per_issue_parallel.py", *sys.argv[1:]]), flush=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-per-issue-"))
    streams = tuple(args.streams.split(","))
    expected = expected_records(args.seed, args.issues, streams)
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with FakeProcess(args.issues, args.latency, seed=args.seed) as fake:
        print(f"fake: {fake.command_line}  (ready in {fake.build_seconds:.1f} s)", flush=True)
        config = {key: value for key, value in fake.config.items() if key != "octopus"}
        config["max_concurrent_requests"] = args.workers
        config["jira"] = dict(config["jira"], page_size=100)
        catalog = write_json(folder, "catalog.json", catalog_of(streams, "full_refresh"))
        commands = {}
        before = [str(args.baseline)] if args.baseline else None
        if args.baseline_commit:
            before = package_at(args.baseline_commit, folder)
        for name, connector in [("before", before), ("after", [str(OURS)])]:
            if connector is not None:
                config_path = write_json(folder, f"config-{name}.json", config)
                commands[name] = [*connector, "read", "--config", str(config_path), "--catalog", str(catalog)]
        runs: dict[str, list[tuple[RunResult, int | None]]] = {name: [] for name in commands}
        for _ in range(args.repeat):  # alternating, so that a change in the machine's load hits both alike
            for name, command in commands.items():
                runs[name].append(measured(name, command, fake))
        rows = [sorted(done, key=lambda run: run[0].wall)[len(done) // 2] for done in runs.values()]
        print_reads(args, streams, rows, expected)
        if not args.skip_updated_only:
            print_updated_only(folder, config, fake, streams)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    return 0


def package_at(commit: str, folder: Path) -> list[str]:
    """A command running `source_jira_octopus` as it was at `commit` (its package only, with this venv's Python)."""
    root = Path(__file__).resolve().parent.parent
    target = folder / f"package-{commit}"
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", commit, "source_jira_octopus"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    print(f"before: source_jira_octopus at {commit} ({target})", flush=True)
    # -P: no working directory on sys.path, so the connector's cwd (this checkout) does not shadow the old package
    run = "from source_jira_octopus.run import run; run()"
    return ["env", f"PYTHONPATH={target}", str(root / ".venv" / "bin" / "python"), "-P", "-c", run]


def catalog_of(names: tuple[str, ...], sync_mode: str) -> dict[str, Any]:
    """The streams; incremental ones name the option's cursor (`issueUpdated`)."""
    streams = []
    for name in names:
        entry: dict[str, Any] = {
            "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
            "sync_mode": sync_mode,
            "destination_sync_mode": "append_dedup" if sync_mode == "incremental" else "overwrite",
        }
        if sync_mode == "incremental":
            entry["cursor_field"] = ["issueUpdated"]
        streams.append(entry)
    return {"streams": streams}


def measured(name: str, command: list[str], fake: FakeProcess) -> tuple[RunResult, int | None]:
    """One read, and the most requests the fake answered at once during it."""
    fake.stats()  # clears the fake's request log and its peak
    result = run_measured(name, command)
    result.fake_stats = fake.stats()
    if result.returncode != 0:
        print(f"  {name} exited {result.returncode}:\n{result.stderr_tail}", flush=True)
    return result, fake.peak_in_flight


def expected_records(seed: int, size: int, streams: tuple[str, ...]) -> dict[str, int]:
    from jira_octopus_sample_api import FakeDataset

    data = FakeDataset.generate(seed, size, issue_profile="realistic")
    return {stream: len(data.ids(stream, "cloud")) for stream in streams}


def requests_of(run: RunResult) -> tuple[int, int]:
    """(all requests, issue-search requests) of one run."""
    total = sum(entry["requests"] for entry in run.fake_stats.values())
    search = sum(e["requests"] for endpoint, e in run.fake_stats.items() if endpoint.endswith(SEARCH))
    return total, search


def print_reads(
    args: argparse.Namespace,
    streams: tuple[str, ...],
    rows: list[tuple[RunResult, int | None]],
    expected: dict[str, int],
) -> None:
    print(f"\n{', '.join(streams)} read together: {args.issues} issues, Cloud, {args.latency * 1000:.0f} ms per")
    print(f"response, {args.workers} workers, page size 100 (median of {args.repeat})")
    print(
        "| connector | wall s | CPU s | requests (search + rest) | latency bound s | wall / bound | in flight: mean, peak |",
        end="",
    )
    print(" records ok |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for run, peak in rows:
        total, search = requests_of(run)
        bound = total * args.latency / args.workers
        ok = all(run.records.get(stream, 0) == count for stream, count in expected.items())
        cells = [run.connector, f"{run.wall:.1f}", f"{run.cpu:.1f}", f"{total:,} ({search} + {total - search:,})"]
        cells += [f"{bound:.1f}", f"{run.wall / bound:.2f}" if bound else "-"]
        cells += [f"{total * args.latency / run.wall:.1f}, {peak}", "yes" if ok else f"NO {run.records}"]
        print("| " + " | ".join(cells) + " |")
    print(f"  expected records: {expected}", flush=True)


def print_updated_only(folder: Path, config: dict[str, Any], fake: FakeProcess, streams: tuple[str, ...]) -> None:
    """First and second incremental sync of ours with the option on (nothing changes in between)."""
    config = {**config, "jira": {**config["jira"], "per_issue_children_updated_only": True}}
    config_path = write_json(folder, "config-updated-only.json", config)
    catalog = write_json(folder, "catalog-incremental.json", catalog_of(streams, "incremental"))
    base = [str(OURS), "read", "--config", str(config_path), "--catalog", str(catalog)]
    first, states = read_keeping_state("first sync", base, folder / "first.out", fake)
    state_path = write_json(folder, "state.json", states)
    second, _ = read_keeping_state("second sync", [*base, "--state", str(state_path)], folder / "second.out", fake)
    print("\nWith per_issue_children_updated_only (incremental), no issue changed between the syncs:")
    print("| sync | wall s | requests (search + rest) | records |")
    print("| --- | ---: | ---: | ---: |")
    for name, wall, stats, records in (first, second):
        total = sum(entry["requests"] for entry in stats.values())
        search = sum(e["requests"] for endpoint, e in stats.items() if endpoint.endswith(SEARCH))
        print(f"| {name} | {wall:.1f} | {total:,} ({search} + {total - search:,}) | {records:,} |")
    print(flush=True)


def read_keeping_state(
    name: str, command: list[str], output: Path, fake: FakeProcess
) -> tuple[tuple[str, float, dict[str, Any], int], list[dict[str, Any]]]:
    """(name, wall, the fake's stats, records) of one read, and the last state message of each of its streams."""
    fake.stats()
    started = time.monotonic()
    with output.open("wb") as sink:
        subprocess.run(command, stdout=sink, check=True)
    wall = time.monotonic() - started
    stats = fake.stats()
    states: dict[str, dict[str, Any]] = {}
    records = 0
    for line in output.read_bytes().splitlines():
        if line.startswith(b'{"type":"RECORD"'):
            records += 1
        elif line.startswith(b'{"type":"STATE"'):
            state = json.loads(line)["state"]
            states[state["stream"]["stream_descriptor"]["name"]] = state
    return (name, wall, stats, records), list(states.values())


if __name__ == "__main__":
    raise SystemExit(main())
