"""How long to wait before retrying: the server's Retry-After first, else exponential backoff with jitter."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from airbyte_cdk.sources.streams.http.error_handlers import BackoffStrategy

MAX_SERVER_REQUESTED_WAIT_SECONDS = 600.0


def retry_after_seconds(headers: Mapping[str, str], now: datetime) -> float | None:
    """Seconds the server asked us to wait, from `Retry-After` (seconds or HTTP-date) or `X-RateLimit-Reset`.

    Jira Cloud sends `X-RateLimit-Reset` as ISO 8601 (`2024-01-15T10:21Z`); Octopus 2026.3+ sends only `Retry-After`.
    """
    value = headers.get("Retry-After")
    if value:
        seconds = _seconds_or_http_date(value.strip(), now)
        if seconds is not None:
            return min(max(seconds, 0.0), MAX_SERVER_REQUESTED_WAIT_SECONDS)
    reset = headers.get("X-RateLimit-Reset")
    if reset:
        reset_at = _parse_iso(reset.strip())
        if reset_at is not None:
            return min(max((reset_at - now).total_seconds(), 0.0), MAX_SERVER_REQUESTED_WAIT_SECONDS)
    return None


def _seconds_or_http_date(value: str, now: datetime) -> float | None:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - now).total_seconds()


def _parse_iso(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class RetryAfterBackoffStrategy(BackoffStrategy):
    """Honours Retry-After / X-RateLimit-Reset; otherwise waits base * 2^(attempt-1) plus up to `jitter` of it.

    The CDK adds one second to whatever this returns, and bounds attempts with the error handler's max_retries.
    """

    def __init__(
        self,
        base_seconds: float = 1.0,
        max_seconds: float = 60.0,
        jitter: float = 0.25,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._base = base_seconds
        self._max = max_seconds
        self._jitter = jitter
        self._now = now

    def backoff_time(
        self,
        response_or_exception: requests.Response | requests.RequestException | None,
        attempt_count: int,
    ) -> float | None:
        if isinstance(response_or_exception, requests.Response):
            requested = retry_after_seconds(response_or_exception.headers, self._now())
            if requested is not None:
                return requested
        exponential = self._base * (2 ** max(attempt_count - 1, 0))
        return min(exponential * (1 + random.uniform(0, self._jitter)), self._max)
