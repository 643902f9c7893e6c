"""The main job: a full sync of every stream. With no credentials it starts the bundled fake Jira + Octopus API
on 127.0.0.1 and reads from it; with `--config path.json` it reads from the servers that config names.

    .venv/bin/python -m integration_tests.demo [--config secrets/config.json] [--size 250] [--seed 42]

Prints records per stream, the final state and the wall time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from integration_tests.reading import (
    ALL_STREAMS,
    INCREMENTAL_STREAMS,
    JIRA_STREAMS,
    OCTOPUS_STREAMS,
    read_streams,
    stream_state,
)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with ExitStack() as stack:
        config = _config(args, stack)
        streams = [
            s
            for s in ALL_STREAMS
            if (s in JIRA_STREAMS and "jira" in config) or (s in OCTOPUS_STREAMS and "octopus" in config)
        ]
        started = time.monotonic()
        output = read_streams(config, streams=streams)
        elapsed = time.monotonic() - started
    counts = Counter(message.record.stream for message in output.records)
    _report(streams, counts, output, elapsed)
    return 1 if output.errors else 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, help="a connector config (JSON); default: the bundled fake API")
    parser.add_argument("--size", type=int, default=250, help="fake API: number of Jira issues (other kinds scale)")
    parser.add_argument("--seed", type=int, default=42, help="fake API: data seed")
    return parser.parse_args(argv)


def _config(args: argparse.Namespace, stack: ExitStack) -> dict[str, Any]:
    if args.config:
        return json.loads(args.config.read_text())
    from integration_tests.fake_api import FakeApiServer

    server = stack.enter_context(FakeApiServer(seed=args.seed, size=args.size))
    print(f"No --config given: reading from the bundled fake Jira + Octopus API at {server.base_url}", file=sys.stderr)
    return server.connector_config()


def _report(streams: list[str], counts: Counter, output: Any, elapsed: float) -> None:
    width = max(len(s) for s in streams)
    print(f"{'stream'.ljust(width)}  records")
    for stream in streams:
        print(f"{stream.ljust(width)}  {counts.get(stream, 0):>7}")
    print(f"{'total'.ljust(width)}  {sum(counts.values()):>7}   in {elapsed:.1f} s")
    for stream in sorted(INCREMENTAL_STREAMS & set(streams)):
        print(f"saved state of {stream}: {json.dumps(stream_state(output, stream))}")
    for error in output.errors:
        print(f"ERROR: {error.trace.error.message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
