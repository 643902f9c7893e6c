"""Benchmark of issue 10's relay: `webhooks serve` as a real process on loopback, the Airbyte API stand-in behind it.

    .venv/bin/python bench/bench_webhook_relay.py [--events 1000] [--window 2] [--senders 16] [--isolated 20]

- Burst: `--events` signed Jira deliveries (one in ten an Octopus one) sent by `--senders` threads as fast as the
  relay takes them: events received (202) vs sync requests Airbyte got, and the latency from each event's send to
  the sync request that covers it (median, p99; bounded below by the debounce window, by design).
- Isolated: `--isolated` single events, each alone in its window (sent a window + 1 s apart): event -> sync request
  latency = window + the relay's own overhead; overhead = latency - window.
Figures, never asserts.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from testkit.airbyte_api_standin import AirbyteApiStandIn  # noqa: E402
from testkit.webhook_relay import (  # noqa: E402
    CONNECTION_ID,
    RelayProcess,
    jira_delivery,
    octopus_delivery,
    relay_config,
)

SECRET = "bench-relay-secret"
BASE = {"octopus": {"server_url": "https://octopus.example.com", "api_key": "API-BENCHRELAYKEY00000000001"}}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


class Sender:
    """One keep-alive connection per thread; http.client sends headers and body in one write (no Nagle stall)."""

    def __init__(self, url: str) -> None:
        self._port, self._local = int(url.rsplit(":", 1)[1]), threading.local()

    def post(self, delivery: tuple[bytes, dict[str, str]]) -> tuple[float, int]:
        if not hasattr(self._local, "connection"):
            self._local.connection = http.client.HTTPConnection("127.0.0.1", self._port, timeout=30)
        body, headers = delivery
        sent = time.perf_counter()
        self._local.connection.request("POST", "/hooks", body, {"Content-Type": "application/json", **headers})
        response = self._local.connection.getresponse()
        response.read()
        return sent, response.status


def burst(api: AirbyteApiStandIn, relay: RelayProcess, events: int, senders: int, window: float) -> dict[str, float]:
    deliveries = [octopus_delivery(SECRET, i) if i % 10 == 9 else jira_delivery(SECRET, i) for i in range(events)]
    sender = Sender(relay.url)
    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        results = list(pool.map(sender.post, deliveries))
    took = time.perf_counter() - started
    deadline = time.monotonic() + window * 3 + 30
    while time.monotonic() < deadline and relay.health()["events_accepted"] and not relay.health()["idle"]:
        time.sleep(0.05)
    time.sleep(window + 0.5)
    syncs = sorted(job.received_at for job in api.accepted_jobs())
    latencies = [
        next((s for s in syncs if s >= sent), float("nan")) - sent for sent, status in results if status == 202
    ]
    covered = [value for value in latencies if value == value]
    return {
        "events sent": events,
        "events received (202)": sum(status == 202 for _, status in results),
        "syncs triggered": len(syncs),
        "burst duration (s)": took,
        "events/s received": events / took,
        "event -> sync request, median (s)": statistics.median(covered),
        "event -> sync request, p99 (s)": percentile(covered, 0.99),
        "events not covered by a sync": len(latencies) - len(covered),
    }


def isolated(api: AirbyteApiStandIn, relay: RelayProcess, events: int, window: float) -> dict[str, float]:
    sender, latencies = Sender(relay.url), []
    for number in range(events):
        before = len(api.accepted_jobs())
        sent, status = sender.post(jira_delivery(SECRET, 100_000 + number))
        deadline = time.monotonic() + window + 30
        while len(api.accepted_jobs()) == before and time.monotonic() < deadline:
            time.sleep(0.002)
        latencies.append(api.accepted_jobs()[-1].received_at - sent)
        time.sleep(1.0)
    return {
        "isolated events": events,
        "event -> sync request, median (s)": statistics.median(latencies),
        "event -> sync request, p99 (s)": percentile(latencies, 0.99),
        "relay overhead beyond the window, median (ms)": (statistics.median(latencies) - window) * 1000,
        "relay overhead beyond the window, p99 (ms)": (percentile(latencies, 0.99) - window) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--window", type=float, default=2.0, help="webhooks.debounce_seconds")
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument("--isolated", type=int, default=20)
    args = parser.parse_args()
    with AirbyteApiStandIn() as api, tempfile.TemporaryDirectory() as workdir:
        airbyte = {"api_url": api.url, "connection_id": CONNECTION_ID, "access_token": api.access_token}
        with RelayProcess(relay_config(BASE, SECRET, args.window, airbyte), Path(workdir)) as relay:
            figures = burst(api, relay, args.events, args.senders, args.window)
            api.jobs.clear()
            if args.isolated:
                figures |= {f"isolated: {k}": v for k, v in isolated(api, relay, args.isolated, args.window).items()}
            relay.stop()
        print(
            f"debounce window {args.window:g} s, {args.senders} senders; Airbyte API stand-in violations: {len(api.violations)}"
        )
        print("| figure | value |\n| --- | --- |")
        for name, value in figures.items():
            print(f"| {name} | {value:,.3f} |" if isinstance(value, float) else f"| {name} | {value:,} |")


if __name__ == "__main__":
    main()
