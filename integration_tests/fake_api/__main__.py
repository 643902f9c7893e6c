"""Run the fake APIs in the foreground: ``python -m integration_tests.fake_api --port 8765 --size 250``."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from pathlib import Path

from .server import FakeApiServer


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m integration_tests.fake_api", description=__doc__)
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--size", type=int, default=250, help="number of Jira issues (other kinds derive from it)")
    parser.add_argument("--jira-deployment", choices=("cloud", "data_center"), default="cloud")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added before every response")
    parser.add_argument("--write-config", type=Path, help="write connector_config() JSON to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    server = FakeApiServer(seed=args.seed, size=args.size, jira_deployment=args.jira_deployment,
                           latency_seconds=args.latency, port=args.port)
    with server:
        if args.write_config:
            args.write_config.write_text(json.dumps(server.connector_config(), indent=2) + "\n")
        print(f"fake Jira + Octopus API listening on {server.base_url}", flush=True)
        stop.wait()
    print("fake API stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
