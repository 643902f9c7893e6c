"""Run the fake APIs in the foreground: ``python -m jira_octopus_sample_api --port 8765 --size 250``.

Benchmarks: ``--tls --latency 0.3 --size 5000 --issue-profile realistic --legacy-search --port 0
--write-config cfg.json --write-ca ca.pem --control``. With ``--control`` the fake reads commands from stdin,
one per line, and answers each with one JSON line on stdout: ``stats`` (requests and serving seconds per
endpoint since the last ``stats``, which clears the log), ``latency SECONDS`` (change the added latency, so
several scenarios share one dataset), ``burst PER_SECOND`` (the burst limit below; 0 turns it off), ``quit``.
``--burst-limit 10`` turns on Jira Cloud's burst limit: 10 requests/s per credential (bursts of 10), a request over
it answered 429 + ``RateLimit-Reason: jira-burst-based`` + ``Retry-After`` (``rate_limits.py``).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from jira_octopus_sample_api.request_stats import summarize
from jira_octopus_sample_api.server import FakeApiServer


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m jira_octopus_sample_api",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--size", type=int, default=250, help="number of Jira issues (other kinds derive from it)")
    parser.add_argument("--jira-deployment", choices=("cloud", "data_center"), default="cloud")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added before every response")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a CA made at start")
    parser.add_argument(
        "--legacy-search",
        action="store_true",
        help="serve Cloud's removed /rest/api/3/search (startAt paging) instead of 410 Gone",
    )
    parser.add_argument(
        "--issue-profile",
        choices=("compact", "realistic"),
        default="compact",
        help="realistic: ~11 KB issues (long rich text, custom fields, rendered fields)",
    )
    parser.add_argument(
        "--burst-limit",
        type=float,
        metavar="PER_SECOND",
        help="Jira burst limit per credential: over it, 429 + RateLimit-Reason: jira-burst-based (off by default)",
    )
    parser.add_argument("--write-config", type=Path, help="write connector_config() JSON to this file")
    parser.add_argument("--write-ca", type=Path, help="with --tls: write the CA certificate (PEM) to this file")
    parser.add_argument("--control", action="store_true", help="answer 'stats' / 'latency S' / 'quit' on stdin")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    built = time.perf_counter()
    server = build_server(args)
    with server:
        _write_files(server, args)
        print(
            f"fake Jira + Octopus API listening on {server.base_url} ({args.size} issues, "
            f"built in {time.perf_counter() - built:.1f} s)",
            flush=True,
        )
        if args.control:
            threading.Thread(target=_control_loop, args=(server, stop), daemon=True).start()
        stop.wait()
    print("fake API stopped", flush=True)
    return 0


def build_server(args: argparse.Namespace) -> FakeApiServer:
    """The server the options describe (not started)."""
    server = FakeApiServer(
        seed=args.seed,
        size=args.size,
        jira_deployment=args.jira_deployment,
        latency_seconds=args.latency,
        port=args.port,
        tls=args.tls,
        legacy_search=args.legacy_search,
        issue_profile=args.issue_profile,
    )
    if args.burst_limit:
        server.rate_limits.jira_burst(per_second=args.burst_limit)
    return server


def _write_files(server: FakeApiServer, args: argparse.Namespace) -> None:
    if args.write_config:
        args.write_config.write_text(json.dumps(server.connector_config(), indent=2) + "\n")
    if args.write_ca and server.ca_pem:
        args.write_ca.write_text(server.ca_pem)


def _control_loop(server: FakeApiServer, stop: threading.Event) -> None:
    for line in sys.stdin:
        answer = control_answer(server, line.strip())
        if answer is None:
            break
        if answer:
            print(json.dumps(answer), flush=True)
    stop.set()


def control_answer(server: FakeApiServer, command: str) -> dict[str, Any] | None:
    """The JSON answer to one ``--control`` command; None for ``quit``, {} for an empty line."""
    name, _, value = command.partition(" ")
    if name == "stats":
        peak = server.peak_in_flight  # since the previous stats (draining starts a new count)
        return {"stats": summarize(server.drain_requests()), "peak_in_flight": peak}
    if name == "latency" and value:
        server.latency_seconds = float(value)
        return {"latency": server.latency_seconds}
    if name == "burst" and value:  # why: one process (one dataset) serves reads with and without the limit
        server.rate_limits.clear()
        if float(value) > 0:
            server.rate_limits.jira_burst(per_second=float(value))
        return {"burst": float(value)}
    if name == "quit":
        return None
    return {"error": f"unknown command {command!r}; use stats, latency S, burst S or quit"} if command else {}


if __name__ == "__main__":
    raise SystemExit(main())
