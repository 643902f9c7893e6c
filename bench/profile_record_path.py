"""Profile the record path of an in-process read: where our CPU goes per issue record (issue 15, item 5).

The fake Jira runs in its own process (its CPU does not count); the connector's ``read`` runs in this process
under cProfile, on every thread (the CDK's concurrent engine reads on worker threads and serialises on the main
thread: a profiler of the main thread alone would miss the HTTP, parsing and record shaping). The protocol
messages go to /dev/null through the real entrypoint, so serialisation is counted.

    .venv/bin/python bench/profile_record_path.py [--issues 5000] [--streams jira_issues] [--top 25]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.connectors import Connector, write_json
from bench.fake_process import FakeProcess


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--streams", default="jira_issues")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--output", default=os.devnull, help="where the protocol messages go (to compare reads)")
    parser.add_argument("--dump", help="also save the merged profile here (pstats format)")
    parser.add_argument("--no-profile", action="store_true", help="CPU time only, without the profiler's overhead")
    return parser.parse_args()


class ThreadProfiles:
    """One cProfile.Profile per thread (started by threading's profile hook), merged at the end."""

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def start_in_thread(self, *_args: Any) -> None:
        sys.setprofile(None)  # why: threading's hook runs once per new thread, then cProfile takes over
        profile = cProfile.Profile(time.thread_time)
        with self._lock:
            self.profiles.append(profile)
        profile.enable()

    def stats(self, main: cProfile.Profile) -> pstats.Stats:
        stats = pstats.Stats(main)
        for profile in self.profiles:
            profile.disable()
            with contextlib.suppress(TypeError):  # a thread that never called anything
                stats.add(profile)
        return stats


def read_in_process(config_path: Path, catalog_path: Path, output: str) -> None:
    from source_jira_octopus.run import run

    argv = sys.argv
    sys.argv = ["source-jira-octopus", "read", "--config", str(config_path), "--catalog", str(catalog_path)]
    try:
        with contextlib.ExitStack() as restore:
            sys.stdout.flush()
            saved_stdout = os.dup(1)  # why: the CDK's print buffer writes to the process's stdout, not sys.stdout
            restore.callback(os.close, saved_stdout)
            restore.callback(os.dup2, saved_stdout, 1)
            restore.callback(sys.stdout.flush)
            target = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(target, 1)
            os.close(target)
            run()
    finally:
        sys.argv = argv


def main() -> int:
    args = parse_args()
    ours_executable = Path(sys.executable).parent / "source-jira-octopus"  # discover only
    streams = [s.strip() for s in args.streams.split(",")]
    with FakeProcess(args.issues, 0.0) as fake:
        ours = Connector("ours", ours_executable, args.workers)
        folder = Path(tempfile.mkdtemp(prefix="profile-ours-"))
        config_path = write_json(folder, "config.json", ours.config(fake.config))
        ours.available_streams(config_path)
        catalog_path = write_json(folder, "catalog.json", ours.configured_catalog(streams))
        import source_jira_octopus.source  # noqa: F401  why: start-up (imports) is not the record path

        threads = ThreadProfiles()
        main_profile = cProfile.Profile(time.thread_time)  # CPU per thread, not wall
        cpu_before, wall_before = time.process_time(), time.monotonic()
        if not args.no_profile:
            threading.setprofile(threads.start_in_thread)
            main_profile.enable()
        read_in_process(config_path, catalog_path, args.output)
        main_profile.disable()
        threading.setprofile(None)
        cpu, wall = time.process_time() - cpu_before, time.monotonic() - wall_before
        served = fake.stats()
    requests = sum(int(entry.get("requests", 0)) for entry in served.values())
    print(f"read of {streams} ({args.issues} issues, {requests} requests): CPU {cpu:.2f} s, wall {wall:.2f} s")
    overhead = "without the profiler" if args.no_profile else "profiler overhead included"
    print(f"CPU per issue: {cpu / args.issues * 1000:.3f} ms (imports excluded; {overhead})")
    if args.no_profile:
        return 0
    stats = threads.stats(main_profile)
    if args.dump:
        stats.dump_stats(args.dump)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats.stream = out  # type: ignore[attr-defined]
        stats.sort_stats(order).print_stats(args.top)
        print(f"--- top {args.top} by {order} ---")
        print(_trim(out.getvalue()))
    return 0


def _trim(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    return "\n".join(line.replace(str(Path(sys.prefix)), "<venv>") for line in lines[start:])


if __name__ == "__main__":
    sys.exit(main())
