"""Size of the state written after every page (issue 15): one stream's `PartitionCheckpoint` driven the way the
concurrent engine drives it, with `--windows` issue windows of `--pages` pages each, `--workers` read at a time.

Prints the largest and mean size of the state blob and of the whole STATE line, per completion order, beside the
shape written before per-page progress (every done window listed separately, no position in progress).

    .venv/bin/python bench/bench_state_size.py --windows 100 --workers 8 --pages 50
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from datetime import UTC, datetime

from airbyte_cdk.models import AirbyteMessageSerializer
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import InMemoryMessageRepository

from source_jira_octopus.slice_keys import PARTITION, WINDOW_FROM, WINDOW_TO
from source_jira_octopus.state.checkpoint import PartitionCheckpoint
from source_jira_octopus.state.saved import SavedState

FIRST_CREATED_MS = 1_600_000_000_000
WINDOW_MS = 8_640_000_000  # 100 days


class Closed:
    def __init__(self, stream_slice: dict) -> None:
        self._slice = stream_slice

    def to_slice(self) -> dict:
        return self._slice


def windows(count: int) -> list[tuple[int | None, int | None]]:
    edges: list[int | None] = [None, *(FIRST_CREATED_MS + WINDOW_MS * i for i in range(1, count)), None]
    return list(zip(edges, edges[1:], strict=False))


def run(count: int, workers: int, pages: int, shuffled: bool) -> tuple[list[int], list[int], list[int]]:
    """Sizes of each state blob, each STATE line, and of the old shape at the same moments."""
    lines: list[str] = []
    checkpoint = PartitionCheckpoint(
        "jira_issues",
        SavedState(),
        True,
        lambda message: lines.append(json.dumps(AirbyteMessageSerializer.dump(message), separators=(",", ":"))),
        InMemoryMessageRepository(),
        ConnectorStateManager(),
        now=lambda: datetime(2026, 12, 7, tzinfo=UTC),
    )
    slices = [{PARTITION: "*", WINDOW_FROM: low, WINDOW_TO: high} for low, high in windows(count)]
    queued = list(checkpoint.track(slices))
    rng = random.Random(7)
    in_flight: dict[int, int] = {}  # window index -> pages read
    old_done: list[list[int | None]] = []
    blobs, old = [], []
    next_window = step = 0
    while queued and (in_flight or next_window < len(queued)):
        while len(in_flight) < workers and next_window < len(queued):
            in_flight[next_window] = 0
            next_window += 1
        index = rng.choice(list(in_flight)) if shuffled else list(in_flight)[step % len(in_flight)]
        step += 1
        in_flight[index] += 1
        stream_slice = queued[index]
        if in_flight[index] < pages:
            checkpoint.page_read(stream_slice, 10_000_000 + index * 10_000 + in_flight[index] * 100)
        else:
            del in_flight[index]
            checkpoint.close_partition(Closed(stream_slice))  # type: ignore[arg-type]
            old_done.append([stream_slice[WINDOW_FROM], stream_slice[WINDOW_TO]])
        blob = json.loads(lines[-1])["state"]["stream"]["stream_state"]
        blobs.append(len(json.dumps(blob, separators=(",", ":"))))
        before = {"state_version": 2, "sync": {"started_at": blob["sync"]["started_at"], "finished": []}}
        before["sync"]["done"] = {"*": old_done} if old_done else {}
        old.append(len(json.dumps(before, separators=(",", ":"))))
    return blobs, [len(line) for line in lines], old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--windows", type=int, default=100)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--pages", type=int, default=50, help="pages per window")
    args = parser.parse_args()
    print(f"{args.windows} windows x {args.pages} pages, {args.workers} at a time (bytes, compact JSON)")
    for order, shuffled in (("round robin", False), ("random", True)):
        blobs, lines, old = run(args.windows, args.workers, args.pages, shuffled)
        print(
            f"{order:>12}: {len(lines)} states; state max {max(blobs)} mean {statistics.mean(blobs):.0f}; "
            f"STATE line max {max(lines)}; before per-page progress (done windows unmerged) max {max(old)} "
            f"mean {statistics.mean(old):.0f}"
        )


if __name__ == "__main__":
    main()
