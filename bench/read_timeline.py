"""Where a read's wall time goes: every HTTP request's start and end per thread, and CPU per thread (issue 15, item 5).

The fake Jira runs in its own process (HTTPS, realistic issues, ``--latency``); the connector's ``read`` runs in this
process with its protocol output on /dev/null. Each request sent through ``requests.Session.send`` is logged with its
thread, start, end and what it asked (the search's JQL tail and page size); each thread's CPU comes from
/proc/self/task, sampled every 20 ms (a worker thread's last sample before it ends is kept).

    .venv/bin/python bench/read_timeline.py [--issues 5000] [--latency 0.3] [--workers 8] [--requests]

It prints the read's wall and CPU, the planning requests, per worker its pages and when its last one ended, and CPU
per thread group (workers, main thread, planner); ``--requests`` lists every request.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.connectors import Connector, write_json
from bench.fake_process import FakeProcess

Request = tuple[str, float, float, str]  # thread, start, end (seconds since the read began), what it asked


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--streams", default="jira_issues")
    parser.add_argument("--requests", action="store_true", help="list every request")
    return parser.parse_args()


class ThreadCpu:
    """CPU seconds per thread name, from /proc/self/task/<tid>/stat (user + system)."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {threading.get_native_id(): "MainThread"}
        self.seconds: dict[int, float] = {}
        self._tick = os.sysconf("SC_CLK_TCK")
        self._stop = threading.Event()

    def name_new_thread(self, *_args: Any) -> None:
        sys.setprofile(None)  # why: threading's hook runs once per new thread; this is all it is for
        self.names[threading.get_native_id()] = threading.current_thread().name

    def sample(self) -> None:
        for tid in os.listdir("/proc/self/task"):
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
                self.seconds[int(tid)] = (int(fields[11]) + int(fields[12])) / self._tick

    @contextlib.contextmanager
    def sampling(self) -> Iterator[None]:
        self.sample()
        start = dict(self.seconds)
        thread = threading.Thread(target=self._loop, daemon=True, name="cpu-sampler")
        thread.start()
        threading.setprofile(self.name_new_thread)
        try:
            yield
        finally:
            threading.setprofile(None)
            self.sample()
            self._stop.set()
            thread.join()
            self.seconds = {tid: value - start.get(tid, 0.0) for tid, value in self.seconds.items()}

    def by_group(self) -> dict[str, float]:
        groups: dict[str, float] = {}
        for tid, value in self.seconds.items():
            name = self.names.get(tid, "other")
            group = name if name == "MainThread" else name.rstrip("0123456789").rstrip("_-") or "other"
            groups[group] = groups.get(group, 0.0) + value
        return dict(sorted(groups.items(), key=lambda item: -item[1]))

    def _loop(self) -> None:
        while not self._stop.wait(0.02):
            self.sample()


def logged_requests(log: list[Request], started: list[float]) -> Any:
    """requests.Session.send, logging each request."""
    import requests

    send = requests.Session.send

    def logging_send(session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        begin = time.monotonic()
        try:
            return send(session, request, **kwargs)
        finally:
            log.append(
                (threading.current_thread().name, begin - started[0], time.monotonic() - started[0], _asked(request))
            )

    return logging_send


def _asked(request: Any) -> str:
    import json

    path = (request.url or "").split("/rest/", 1)[-1].split("?", 1)[0]
    body = request.body
    if isinstance(body, bytes) and b'"jql"' in body:
        payload = json.loads(body)
        token = " +token" if payload.get("nextPageToken") else ""
        return f"{path} max={payload.get('maxResults')}{token} ...{str(payload.get('jql'))[-70:]}"
    return path


def main() -> int:
    args = parse_args()
    log: list[Request] = []
    started = [0.0]
    cpu = ThreadCpu()
    with FakeProcess(args.issues, args.latency) as fake:
        ours = Connector("ours", Path(sys.executable).parent / "source-jira-octopus", args.workers)
        folder = Path(tempfile.mkdtemp(prefix="timeline-"))
        config_path = write_json(folder, "config.json", ours.config(fake.config))
        ours.available_streams(config_path)
        catalog_path = write_json(folder, "catalog.json", ours.configured_catalog(args.streams.split(",")))
        import requests

        import source_jira_octopus.run  # noqa: F401  why: start-up (imports) is not the read's timeline
        from bench.profile_record_path import read_in_process

        requests.Session.send = logged_requests(log, started)  # type: ignore[method-assign]
        cpu_before = time.process_time()
        started[0] = time.monotonic()
        with cpu.sampling():
            read_in_process(config_path, catalog_path, os.devnull)
        wall, used = time.monotonic() - started[0], time.process_time() - cpu_before
    print(f"read of {args.streams} ({args.issues} issues at {args.latency * 1000:.0f} ms, {args.workers} workers):")
    print(f"  wall {wall:.2f} s, CPU {used:.2f} s, {len(log)} requests")
    print("  CPU per thread group: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in cpu.by_group().items()))
    ordered = sorted(log, key=lambda entry: entry[1])
    first_page = next((entry[1] for entry in ordered if entry[0].startswith("workerpool")), wall)
    print(f"  before the first page: {first_page:.2f} s")
    for thread, begin, end, asked in ordered:
        if not thread.startswith("workerpool"):
            print(f"    {thread:14} {begin:6.2f} -> {end:6.2f} s  {asked}")
    workers: dict[str, list[Request]] = {}
    for entry in ordered:
        if entry[0].startswith("workerpool"):
            workers.setdefault(entry[0], []).append(entry)
    for thread, entries in sorted(workers.items()):
        waiting = sum(end - begin for _, begin, end, _ in entries)
        print(
            f"  {thread:14} {len(entries):3} requests, last ends {entries[-1][2]:6.2f} s, "
            f"in requests {waiting:5.2f} s, between them {entries[-1][2] - entries[0][1] - waiting:5.2f} s"
        )
    if args.requests:
        for thread, begin, end, asked in ordered:
            print(f"    {thread:14} {begin:6.2f} -> {end:6.2f} s  {asked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
