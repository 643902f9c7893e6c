"""Issue 15, item 4's goals: a full read of every stream of both services under (a) a burst limit, (b) an exhausted
hourly quota and (c) 30% injected faults. Prints failed syncs, lost records (against the fake's own ids), the share
of requests answered 429, and the wall time against the rate bound. In process, against the in-process fake.

    .venv/bin/python bench/bench_rate_goals.py [--size 250] [--scenarios burst,quota,faults] [--repeat 1]

Connector settings are a user's defaults: no `requests_per_second` (Jira Cloud paces at 10/s; Octopus paces under
the policy it reads from `/api/ratelimitingpolicies`, or not at all on a server without one), page size 100,
8 workers, `max_retry_minutes` 10 (except in `quota`, see below).

- **burst**: Jira answers over a token bucket of `--jira-limit` requests/s per credential (capacity as many) with
  429 + `RateLimit-Reason: jira-burst-based` + `Retry-After`; Octopus 2026.3 enforces an Authenticated policy of
  `--octopus-per-minute` with a burst of `--octopus-burst` (429 + `Retry-After`). The rate bound is the slower
  service's least time through its bucket: (requests answered - capacity) / rate.
- **quota**: Jira's hourly points quota in miniature: `--quota` requests per `--quota-window` seconds per
  credential, then 429 + `RateLimit-Reason: jira-quota-global-based` + `X-RateLimit-Reset` + `Retry-After` on every
  request until the window ends. `max_retry_minutes` is a sixth of the window, as 10 minutes is of an hour, so a
  quota's wait is longer than the retry budget, as it is for a real hourly quota. The bound: the answered Jira
  requests at the 10/s pace, each window holding at most `--quota` of them.
- **faults**: `--fault-rate` of all requests (both services) answered 429, 500, 502, 503 or a connection reset, up to
  `--max-streak` in a row for one request (the first request of the read gets the full streak). 5xx and resets say
  no wait (the connector backs off: 0.5-1 s, doubling, capped at 60 s); a 429 says `Retry-After: 1` (with
  `RateLimit-Reason: jira-burst-based` from Jira). No goal for the wall time here; the bound shown is Jira's
  requests at the 10/s pace.

"Lost" counts the fake's ids a stream did not emit, "duplicates" the records emitted twice. Figures only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import math
import random
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jira_octopus_sample_api import FakeApiServer  # noqa: E402
from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest  # noqa: E402
from jira_octopus_sample_api.faults import CONNECTION_RESET  # noqa: E402
from jira_octopus_sample_api.rate_limits import POLICIES_PATH  # noqa: E402
from testkit.reading import ALL_STREAMS, PRIMARY_KEYS, primary_keys, read_streams, records_by_stream  # noqa: E402

JIRA_CLOUD_PACE = 10.0  # http/budget.py's default for Jira Cloud
FAULTS = (429, 500, 502, 503, CONNECTION_RESET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=250)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--scenarios", default="burst,quota,faults")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jira-limit", type=float, default=10.0, help="burst: Jira requests/s per credential")
    parser.add_argument("--octopus-per-minute", type=int, default=120, help="burst: Octopus policy rate")
    parser.add_argument("--octopus-burst", type=int, default=20, help="burst: Octopus policy burst")
    parser.add_argument("--quota", type=int, default=400, help="quota: Jira requests per window")
    parser.add_argument("--quota-window", type=float, default=60.0, help="quota: seconds")
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--max-streak", type=int, default=6, help="faults: most faults in a row for one request")
    args = parser.parse_args()
    print(
        f"every stream ({len(ALL_STREAMS)}), fake size {args.size}, page size {args.page_size}, 8 workers, "
        f"{args.repeat} run(s) per scenario"
    )
    for scenario in args.scenarios.split(","):
        runs = [SCENARIOS[scenario](args) for _ in range(args.repeat)]
        _print(scenario, runs)


# ---- the three conditions -------------------------------------------------------------------------------------
def burst(args: argparse.Namespace) -> dict[str, Any]:
    def arrange(fake: FakeApiServer) -> None:
        fake.rate_limits.jira_burst(per_second=args.jira_limit)
        fake.rate_limits.octopus_policies(requests_per_minute=args.octopus_per_minute, burst=args.octopus_burst)

    def bound(answered: Counter) -> float:
        jira = max(answered["jira"] - args.jira_limit, 0) / args.jira_limit
        octopus = max(answered["octopus"] - args.octopus_burst, 0) / (args.octopus_per_minute / 60)
        return max(jira, octopus)

    return _read(args, arrange, bound)


def quota(args: argparse.Namespace) -> dict[str, Any]:
    def arrange(fake: FakeApiServer) -> None:
        fake.rate_limits.jira_quota(requests=args.quota, window_seconds=args.quota_window)

    def bound(answered: Counter) -> float:
        return _paced_under_quota(answered["jira"], JIRA_CLOUD_PACE, args.quota, args.quota_window)

    return _read(args, arrange, bound, retry_minutes=args.quota_window / 6 / 60)


def faults(args: argparse.Namespace) -> dict[str, Any]:
    def arrange(fake: FakeApiServer) -> None:
        fake.faults.take = _flaky(args.fault_rate, args.max_streak)  # type: ignore[method-assign]

    def bound(answered: Counter) -> float:
        return answered["jira"] / JIRA_CLOUD_PACE

    return _read(args, arrange, bound)


SCENARIOS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "burst": burst,
    "quota": quota,
    "faults": faults,
}


def _paced_under_quota(requests: int, rate: float, per_window: int, window: float) -> float:
    """The least time from the first to the last of `requests` sent at `rate`, at most `per_window` per window."""
    done, now = 0, 0.0
    while True:
        batch = min(per_window, requests - done)
        done += batch
        now += (batch - 1) / rate
        if done >= requests:
            return now
        now = max(now + 1 / rate, math.floor(now / window + 1) * window)


def _flaky(rate: float, max_streak: int) -> Callable[[RecordedRequest], ApiResponse | None]:
    """A share of requests answered with a fault; one request meets at most `max_streak` faults in a row."""
    rng, lock, in_a_row, first = random.Random(11), threading.Lock(), Counter[str](), set[str]()

    def take(request: RecordedRequest) -> ApiResponse | None:
        key = f"{request.method} {request.path} {sorted(request.query.items())} {json.dumps(request.json_body)}"
        with lock:
            if not first:
                first.add(key)
            if in_a_row[key] >= max_streak or (key not in first and rng.random() >= rate):
                in_a_row[key] = 0
                return None
            in_a_row[key] += 1
            status = rng.choice(FAULTS)
        if status != 429:
            return ApiResponse(status, {"errorMessages": ["fault"], "ErrorMessage": "fault"})
        headers = {"Retry-After": "1"}
        if request.service == "jira":
            headers["RateLimit-Reason"] = "jira-burst-based"
        return ApiResponse(429, {"errorMessages": ["Rate limit exceeded."], "ErrorMessage": "Too many"}, headers)

    return take


# ---- one read ---------------------------------------------------------------------------------------------------
def _read(
    args: argparse.Namespace,
    arrange: Callable[[FakeApiServer], None],
    bound: Callable[[Counter], float],
    retry_minutes: float | None = None,
) -> dict[str, Any]:
    with FakeApiServer(size=args.size) as fake:
        arrange(fake)
        arrivals: list[tuple[float, str]] = []
        serve = fake.serve

        def timed(request: RecordedRequest) -> Any:
            arrivals.append((time.perf_counter(), request.service))
            return serve(request)

        fake.serve = timed  # type: ignore[method-assign]
        config = fake.connector_config(
            jira={"page_size": args.page_size, "requests_per_second": None},  # None removes it: the Cloud default
            octopus={"page_size": args.page_size},
        )
        if retry_minutes is not None:
            config["max_retry_minutes"] = retry_minutes
        started = time.perf_counter()
        try:
            with _quiet():
                output = read_streams(config)
            errors = [e.trace.error.message for e in output.errors if e.trace and e.trace.error]
        except Exception as error:  # a failed sync, counted as such
            output, errors = None, [f"{type(error).__name__}: {error}"]
        wall = time.perf_counter() - started
        sent = list(fake.requests)
        lost, duplicates = _compare(fake, output) if output is not None else ({"all": -1}, {})
    limited = Counter(r.service for r in sent if r.status == 429)
    requests = Counter(r.service for r in sent)
    answered = Counter({service: requests[service] - limited[service] for service in requests})
    rate_bound = bound(answered)
    return {
        "requests": requests,
        "limited": limited,
        "faults": sum(1 for r in sent if r.injected_fault and r.path != POLICIES_PATH),  # not the policy list
        "failed": 1 if errors else 0,
        "errors": errors[:3],
        "lost": lost,
        "duplicates": duplicates,
        "wall": wall,
        "span": arrivals[-1][0] - arrivals[0][0] if arrivals else 0.0,
        "spans": _spans(arrivals, started),
        "side_by_side": _side_by_side(arrivals, started),
        "bound": rate_bound,
    }


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The connector's log lines (the CDK's console handler on the root logger, writing to its PRINT_BUFFER for
    stdout) away from the figures; `read` captures them with a handler of its own."""
    sink = io.StringIO()
    consoles = [handler for handler in logging.getLogger().handlers if isinstance(handler, logging.StreamHandler)]
    streams = [handler.setStream(sink) for handler in consoles]
    try:
        with contextlib.redirect_stdout(sink):
            yield
    finally:
        for handler, stream in zip(consoles, streams, strict=True):
            handler.setStream(stream)


def _spans(arrivals: list[tuple[float, str]], started: float) -> dict[str, tuple[float, float]]:
    """Per service: seconds from the start of the read to its first and to its last request."""
    spans: dict[str, tuple[float, float]] = {}
    for at, service in arrivals:
        first, _ = spans.get(service, (at - started, 0.0))
        spans[service] = (first, at - started)
    return spans


def _side_by_side(arrivals: list[tuple[float, str]], started: float) -> dict[str, float]:
    """Per service: requests per second while both services were reading (between the later first request and the
    earlier last one); empty when only one service was read."""
    spans = _spans(arrivals, started)
    if len(spans) < 2:
        return {}
    begin, end = max(a for a, _ in spans.values()), min(b for _, b in spans.values())
    if end <= begin:
        return {}
    sent = Counter(service for at, service in arrivals if begin <= at - started <= end)
    return {service: sent[service] / (end - begin) for service in spans}


def _compare(fake: FakeApiServer, output: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Per stream: the fake's ids not emitted, and ids emitted more than once."""
    by_stream = records_by_stream(output)
    lost, duplicates = {}, {}
    for stream in ALL_STREAMS:
        key = "accountId" if stream == "jira_users" else PRIMARY_KEYS[stream]
        counts = primary_keys(by_stream.get(stream, []), key)
        missing = {str(i) for i in fake.dataset.ids(stream)} - set(counts)
        if missing:
            lost[stream] = len(missing)
        extra = sum(n - 1 for n in counts.values() if n > 1)
        if extra:
            duplicates[stream] = extra
    return lost, duplicates


def _print(scenario: str, runs: list[dict[str, Any]]) -> None:
    for run in runs:
        requests, limited = run["requests"], run["limited"]
        total, total_limited = sum(requests.values()), sum(limited.values())
        per_service = ", ".join(
            f"{service} {requests[service]} ({limited[service]} 429)" for service in sorted(requests)
        )
        print(
            f"{scenario:>7}: failed {run['failed']}, lost {sum(run['lost'].values())} {run['lost'] or ''}, "
            f"duplicates {sum(run['duplicates'].values())}; {total} requests ({per_service}), "
            f"429 {total_limited / total:.1%}, injected faults {run['faults']}; wall {run['wall']:.1f} s, "
            f"first to last request {run['span']:.1f} s, rate bound {run['bound']:.1f} s: "
            f"wall {run['wall'] / run['bound']:.2f}x, span {run['span'] / run['bound']:.2f}x"
        )
        spans = ", ".join(f"{service} {a:.1f}-{b:.1f} s" for service, (a, b) in sorted(run["spans"].items()))
        side = ", ".join(f"{service} {rate:.1f}/s" for service, rate in sorted(run["side_by_side"].items()))
        print(f"         requests from the start of the read: {spans}; while both read: {side or '-'}")
        for error in run["errors"]:
            print(f"         error: {error[:300]}")
    if len(runs) > 1:
        ratio = statistics.median(r["wall"] / r["bound"] for r in runs)
        print(f"{scenario:>7}: median wall / rate bound {ratio:.2f}x over {len(runs)} runs")


if __name__ == "__main__":
    main()
