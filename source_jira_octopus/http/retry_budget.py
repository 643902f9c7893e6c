"""A retry budget in time, not a count: a request that meets transient failures (429, 5xx, resets, timeouts) is
retried with capped exponential backoff and jitter until `max_retry_minutes` have passed since its first failure.

A streak of six faults (503, reset, 500, 503, 503, 429) costs seconds and loses nothing, while a real outage still
fails within the bound. A wait the server announces (Retry-After, a quota's X-RateLimit-Reset) is honoured in full;
when it ends after the deadline (an hourly quota), it is honoured once per request, up to an hour, and the request
then gets a fresh budget from the end of that wait.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_RETRY_MINUTES = 10.0
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 60.0
LONGEST_ANNOUNCED_WAIT_SECONDS = 3600.0  # Jira's quotas are hourly


@dataclass
class RetryDeadline:
    """The retry schedule of one request; `next_wait` returns None when the request must give up."""

    budget_seconds: float
    clock: Callable[[], float] = field(default=lambda: time.monotonic())  # looked up when called (tests patch it)
    jitter: Callable[[float, float], float] = random.uniform
    started: float = field(init=False)
    deadline: float = field(init=False)
    retries: int = field(init=False, default=0)
    _backoffs: int = field(init=False, default=0)  # retries whose wait we chose: the exponent
    _extended: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.started = self.clock()
        self.deadline = self.started + self.budget_seconds

    def next_wait(self, announced: float | None = None) -> float | None:
        now = self.clock()
        if announced is not None:  # Retry-After: 0 means "now"
            if now + announced <= self.deadline:
                return self._retry(announced)
            if self._extended or announced > LONGEST_ANNOUNCED_WAIT_SECONDS:
                return None
            self._extended = True
            self.deadline = now + announced + self.budget_seconds
            return self._retry(announced)
        if now >= self.deadline:
            return None
        exponential = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**self._backoffs)
        self._backoffs += 1
        return self._retry(min(self.jitter(exponential / 2, exponential), self.deadline - now))  # "equal jitter"

    def _retry(self, wait: float) -> float:
        self.retries += 1
        return max(wait, 0.0)

    def elapsed(self) -> float:
        return self.clock() - self.started

    def describe(self) -> str:
        minutes = self.budget_seconds / 60
        return (
            f"Retried {self.retries} time{'s' if self.retries != 1 else ''} over {self.elapsed():.1f} s; the retry "
            f"budget (`max_retry_minutes` = {minutes:g}) ran out. Sync again once the server answers, or raise "
            "`max_retry_minutes` to ride out longer outages."
        )
