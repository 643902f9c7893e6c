"""The rate governor: one per host and process, asked by every stream and worker thread before each request.

It is the CDK's `APIBudget` hook (`LimiterSession.send` calls `acquire_call` before a request and
`update_from_response` after it), so pages, overflow requests, the check and the OAuth refresh all pass through it.

- **Pacing.** A request starts no earlier than its slot in a GCRA schedule at `requests_per_second` (with a burst
  allowance for token-bucket servers such as Octopus 2026.3), so threads never race each other into a limit.
- **A 429 holds back only what it names** (`RateLimit-Reason`, see rate_headers.py): a burst limit pauses and slows
  that endpoint + method (halved at most once per 5 s, never below 1 request/s, back to full speed over 30 s, so
  stray 429s cannot ratchet an endpoint down to a crawl); a per-issue limit pauses that issue; a quota or cost budget, or a 429 that does not say
  why, pauses every thread until the reset. The retry waits for the same pause (transport.py), so no thread keeps
  hitting a limit while another waits.
- **Early signals.** `X-RateLimit-NearLimit: true` (or a `Beta-Retry-After` on a success) halves the pace; the pace
  then climbs back over 15 s. Repeated 429s that give neither a reason nor a wait halve the pace too; an
  unpaced host that answers them gets a pace of 80% of the rate it was just sent.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from airbyte_cdk.sources.streams.call_rate import AbstractCallRatePolicy, APIBudget

from source_jira_octopus.http.rate_headers import BURST, HOST, ISSUE, RateSignal, read_rate_signal

MIN_FACTOR = 0.05  # the pace never drops below 5% of the configured rate
RECOVERY_SECONDS = 30.0  # a slowed pace climbs back linearly: from half to full in 15 s (time, not answers, so
SLOWDOWN_COOLDOWN = 5.0  # random 429s cannot ratchet it down); one halving per 5 s: a volley of 429s is one event
UNPACED_ENDPOINT_RATE = 40.0  # an unpaced host's endpoint is taken to run at 40/s: its first burst 429 halves it to 20
ENDPOINT_MIN_RATE = 1.0  # Jira's burst limits are per second: a burst-limited endpoint is never slowed below 1/s
DEFAULT_PAUSE_SECONDS = 1.0  # a 429 that announces no wait
UNEXPLAINED_WINDOW, UNEXPLAINED_TO_SLOW_DOWN = 10.0, 3  # 429s without a reason that slow the pace
OBSERVED_SECONDS = 5.0
_ID_SEGMENT = re.compile(r"\d")
_VERSION = re.compile(r"\d+(\.\d+)*")
_VERSIONED = frozenset({"api", "agile", "software", "webhooks", "auth", "greenhopper"})  # `/rest/api/3` is no id
_ISSUE_PATH = re.compile(r"/issue/([^/]+)")


def endpoint_of(method: str, url: str) -> str:
    """`GET /rest/api/3/issue/{id}/watchers`: Jira's burst limits hold one endpoint and method, not one URL."""
    segments = urlsplit(url).path.split("/")
    shaped = [
        segment
        if not _ID_SEGMENT.search(segment) or (_VERSION.fullmatch(segment) and i and segments[i - 1] in _VERSIONED)
        else "{id}"
        for i, segment in enumerate(segments)
    ]
    return f"{method.upper()} {'/'.join(shaped)}"


def issue_of(url: str) -> str | None:
    match = _ISSUE_PATH.search(urlsplit(url).path)
    return match.group(1) if match and match.group(1) not in ("picker", "bulkfetch", "createmeta") else None


@dataclass
class _Schedule:
    """GCRA: `tat` is the theoretical arrival time of the next request; `tolerance` lets a burst through early."""

    interval: float = 0.0
    tolerance: float = 0.0
    tat: float = 0.0

    def reserve(self, now: float) -> float:
        if self.interval <= 0:
            return now
        start = max(now, self.tat - self.tolerance)
        self.tat = max(self.tat, now) + self.interval
        return start


@dataclass
class _Endpoint:
    """A burst-limited endpoint: its pause, and its own pace at `factor` of the host's (recovering with time)."""

    schedule: _Schedule
    paused_until: float = 0.0
    factor: float = 1.0
    factor_since: float = 0.0
    last_slowdown: float = -SLOWDOWN_COOLDOWN

    def current_factor(self, now: float) -> float:
        return min(1.0, self.factor + (now - self.factor_since) / RECOVERY_SECONDS)


class RateGovernor(APIBudget):
    """Shared by every stream and thread of one host (`budget.governor_for`)."""

    def __init__(
        self,
        service: str,
        logger: logging.Logger,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(policies=[])
        self.service = service
        self._logger = logger
        self._clock, self._sleep, self._wall_clock = clock, sleep, wall_clock
        self._lock = threading.Lock()
        self._preparing = threading.RLock()
        self._preparation: Callable[[], None] | None = None
        self._preparer: int | None = None  # the thread running the preparation
        self._answered = False
        self._rate: float | None = None  # requests per second; None = unpaced
        self._burst = 1.0
        self._factor, self._factor_since, self._last_slowdown = 1.0, clock(), -SLOWDOWN_COOLDOWN
        self._global = _Schedule()
        self._host_paused_until = 0.0
        self._endpoints: dict[str, _Endpoint] = {}
        self._issues: dict[str, float] = {}
        self._recent: deque[float] = deque()  # recent send times, to learn an unpaced host's rate
        self._unexplained: list[float] = []  # times of recent 429s without a reason
        self.rate_limited = 0  # 429 answers seen (figures for logs and benchmarks)

    # ---- configuration ------------------------------------------------------------------------------------
    def pace(self, requests_per_second: float | None, burst: float = 1.0, source: str = "") -> None:
        """Pace every request to this host; None or 0 removes the pacing (the server's 429s still hold it). The latest
        setting wins: a pending `prepare_with` (an earlier connection's policy read) is dropped."""
        with self._preparing:
            if self._preparer != threading.get_ident():  # not the preparation setting the pace it read
                self._preparation = None
        with self._lock:
            self._rate = requests_per_second if requests_per_second and requests_per_second > 0 else None
            self._burst = max(burst, 1.0)
            self._set_factor(1.0)
            self._reschedule()
        if self._rate and source:
            burst_text = f" (bursts of up to {self._burst:g})" if self._burst > 1 else ""
            self._logger.info(f"{self.service}: pacing requests at {self._rate:g}/s{burst_text}: {source}.")

    def prepare_with(self, preparation: Callable[[], None]) -> None:
        """Run `preparation` (e.g. read the server's rate-limiting policies) before the next request once the host
        has answered (a silent or absent server fails as it would without it); its own requests pass through,
        every other thread waits for it."""
        with self._preparing:
            self._preparation = preparation

    def _prepare(self) -> None:
        if self._preparation is None or not self._answered:
            return
        with self._preparing:  # re-entrant: the preparation's own requests come back here and go through
            if self._preparation is None or self._preparer == threading.get_ident():
                return
            self._preparer = threading.get_ident()
            try:
                self._preparation()
            finally:
                self._preparation, self._preparer = None, None

    @property
    def requests_per_second(self) -> float | None:
        return self._rate * self._current_factor() if self._rate else None

    def _current_factor(self) -> float:
        return min(1.0, self._factor + (self._clock() - self._factor_since) / RECOVERY_SECONDS)

    def _set_factor(self, factor: float) -> None:
        self._factor, self._factor_since = factor, self._clock()

    def _reschedule(self) -> None:
        rate = self.requests_per_second
        self._global.interval = 1.0 / rate if rate else 0.0
        self._global.tolerance = (self._burst - 1.0) * self._global.interval

    # ---- the CDK's APIBudget interface --------------------------------------------------------------------
    def acquire_call(self, request: Any, block: bool = True, timeout: float | None = None) -> None:
        """Blocks until this request may go: out of every pause that holds it, then at its paced slot."""
        self._prepare()
        method, url = getattr(request, "method", "GET") or "GET", getattr(request, "url", "") or ""
        endpoint, issue = endpoint_of(method, url), issue_of(url)
        self._wait_out_pauses(endpoint, issue)
        with self._lock:
            now = self._clock()
            if self._factor < 1.0:  # a slowed pace recovering
                self._reschedule()
            start = self._global.reserve(now)
            state = self._endpoints.get(endpoint)
            if state is not None and state.paused_until <= now and state.current_factor(now) >= 1.0:
                del self._endpoints[endpoint]  # recovered: the host's pace alone holds it again
            elif state is not None:
                self._pace_endpoint(state, now)
                start = max(start, state.schedule.reserve(now))
            self._recent.append(max(start, now))
            if len(self._recent) > 4096:
                self._observed_rate()
        self._wait(start - now)
        self._wait_out_pauses(endpoint, issue)  # a pause announced while this thread waited for its slot

    def get_matching_policy(self, request: Any) -> AbstractCallRatePolicy | None:
        return None

    def update_from_response(self, request: Any, response: Any) -> None:
        if not isinstance(response, requests.Response):
            return
        self._answered = True
        signal = read_rate_signal(response.headers, self._wall_clock())
        method, url = getattr(request, "method", "GET") or "GET", getattr(request, "url", "") or ""
        if response.status_code == 429:
            self.note_rate_limited(endpoint_of(method, url), issue_of(url), signal)
        elif signal.near_limit or signal.retry_after is not None:
            self._slow_down(
                endpoint_of(method, url), "X-RateLimit-NearLimit" if signal.near_limit else "Beta-Retry-After"
            )

    # ---- what a 429 holds back ----------------------------------------------------------------------------
    def pending_wait(self, endpoint: str, issue: str | None = None) -> float:
        """Seconds until no pause holds a request to `endpoint` (and `issue`)."""
        with self._lock:
            now = self._clock()
            state = self._endpoints.get(endpoint)
            until = max(
                self._host_paused_until,
                state.paused_until if state else 0.0,
                self._issues.get(issue, 0.0) if issue else 0.0,
            )
        return max(until - now, 0.0)

    def note_rate_limited(self, endpoint: str, issue: str | None, signal: RateSignal) -> float:
        """Records a 429 and returns how long the requests it holds back now wait."""
        wait = signal.announced_wait
        wait = DEFAULT_PAUSE_SECONDS if wait is None else wait
        scope = signal.scope if signal.scope != ISSUE or issue else HOST
        with self._lock:
            self.rate_limited += 1
            now = self._clock()
            until = now + wait
            if scope == BURST:
                state = self._endpoint(endpoint)
                fresh = until > state.paused_until + 0.5
                state.paused_until = max(state.paused_until, until)
                # once per pause (the requests already in flight met the same limit) and per 5 s
                if fresh and now - state.last_slowdown >= SLOWDOWN_COOLDOWN:
                    state.factor, state.factor_since = 0.5 * state.current_factor(now), now
                    state.last_slowdown = now
                self._pace_endpoint(state, now)
                state.schedule.tat = max(state.schedule.tat, until)
                held = f"{endpoint} only, now at most {1 / state.schedule.interval:.3g} requests/s"
            elif scope == ISSUE:
                assert issue is not None
                fresh = until > self._issues.get(issue, 0.0) + 0.5
                self._issues[issue] = max(self._issues.get(issue, 0.0), until)
                held = f"requests for issue {issue} only"
            else:
                fresh = until > self._host_paused_until + 0.5
                self._host_paused_until = max(self._host_paused_until, until)
                self._learn_pace_from_429(signal)
                held = "every request to this host (all streams wait)"
        if fresh:
            self._log_hit(signal, endpoint, wait, held)
        return wait

    def _learn_pace_from_429(self, signal: RateSignal) -> None:
        """A quota says when it resets, and a 429 with Retry-After says how long to wait: the pause does it. A 429
        that says neither only says we were too fast. One may be chance (a proxy, a fault); from the third within
        10 s on, slow down: halve the pace, or give an unpaced host 80% of the rate it was just sent."""
        if (signal.reason and signal.scope == HOST) or signal.announced_wait is not None:
            return
        now = self._clock()
        self._unexplained = [t for t in self._unexplained if t > now - UNEXPLAINED_WINDOW] + [now]
        if len(self._unexplained) < UNEXPLAINED_TO_SLOW_DOWN:
            return
        self._unexplained = []
        if self._rate is None:
            observed = self._observed_rate()
            if observed >= 1:
                self._rate, self._burst = 0.8 * observed, 1.0
                self._set_factor(1.0)
        elif now - self._last_slowdown >= SLOWDOWN_COOLDOWN:
            self._set_factor(max(self._current_factor() * 0.5, MIN_FACTOR))
        self._last_slowdown = now
        self._reschedule()

    def _observed_rate(self) -> float:
        """Requests per second sent over the last OBSERVED_SECONDS."""
        now = self._clock()
        while self._recent and self._recent[0] < now - OBSERVED_SECONDS:
            self._recent.popleft()
        return len(self._recent) / OBSERVED_SECONDS

    def _slow_down(self, endpoint: str, signal_name: str) -> None:
        with self._lock:
            if self._rate is None or self._current_factor() <= 0.5:
                return
            self._set_factor(0.5)
            self._reschedule()
            rate = self.requests_per_second
        self._logger.info(
            f"{self.service}: {signal_name} on {endpoint}: the limit is near, pacing at {rate:.3g} requests/s for now."
        )

    def _pace_endpoint(self, state: _Endpoint, now: float) -> None:
        """The endpoint's interval at its factor of the host's pace, never slower than ENDPOINT_MIN_RATE."""
        host_rate = self.requests_per_second or UNPACED_ENDPOINT_RATE
        rate = max(host_rate * state.current_factor(now), min(ENDPOINT_MIN_RATE, host_rate))
        state.schedule.interval = 1.0 / rate

    def endpoint_rate(self, endpoint: str) -> float | None:
        """Requests per second an endpoint slowed by a burst limit may send now; None when only the host's pace holds it."""
        with self._lock:
            state = self._endpoints.get(endpoint)
            if state is None:
                return None
            self._pace_endpoint(state, self._clock())
            return 1.0 / state.schedule.interval

    def _endpoint(self, endpoint: str) -> _Endpoint:
        state = self._endpoints.get(endpoint)
        if state is None:
            state = self._endpoints[endpoint] = _Endpoint(_Schedule(), factor_since=self._clock())
        return state

    def _log_hit(self, signal: RateSignal, endpoint: str, wait: float, held: str) -> None:
        resume = (self._wall_clock() + timedelta(seconds=wait)).strftime("%H:%M:%S UTC")
        self._logger.warning(
            f"{self.service}: rate limit hit ({signal.reason or 'HTTP 429 without RateLimit-Reason'}) on {endpoint}; "
            f"holding back {held} for {wait:.1f} s (until {resume})."
        )

    def _wait_out_pauses(self, endpoint: str, issue: str | None) -> None:
        while (seconds := self.pending_wait(endpoint, issue)) > 0:
            self._sleep(seconds)

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)
