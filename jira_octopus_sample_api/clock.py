"""Time for the fake APIs: a freezable clock and the two vendors' timestamp formats."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import lru_cache

UTC = UTC


class FakeClock:
    """UTC clock: real time when ``frozen_at`` is None, else frozen and moved only by ``advance``."""

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._frozen_at = _as_utc(frozen_at) if frozen_at is not None else None
        self._offset = timedelta(0)

    @property
    def is_frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> datetime:
        with self._lock:
            base = self._frozen_at if self._frozen_at is not None else datetime.now(UTC)
            return base + self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward (a real-time clock gets a permanent offset); returns the new now."""
        with self._lock:
            self._offset += delta
        return self.now()

    def http_date(self, after: timedelta = timedelta(0)) -> str:
        """RFC 7231 HTTP-date of now + ``after`` (for ``Date`` and ``Retry-After`` headers)."""
        return format_datetime(self.now() + after, usegmt=True)


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_epoch_ms(value: datetime) -> int:
    return (_as_utc(value) - _EPOCH) // timedelta(milliseconds=1)


def from_epoch_ms(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


def jira_time(ms: int) -> str:
    """Jira's timestamp format: ``2024-01-15T10:20:30.123+0000`` (always UTC here)."""
    return f"{_clock_text(ms)}+0000"


def octopus_time(ms: int) -> str:
    """Octopus' timestamp format: ``2024-01-15T10:20:30.123+00:00``."""
    return f"{_clock_text(ms)}+00:00"


_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))
_THREE_DIGITS = tuple(f"{n:03d}" for n in range(1000))


def _clock_text(ms: int) -> str:
    """``yyyy-MM-ddTHH:mm:ss.SSS`` by table look-ups (strftime dominated generating 10,000 issues)."""
    day, in_day = divmod(ms, 86_400_000)
    seconds, millis = divmod(in_day, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    two = _TWO_DIGITS
    return f"{_day_text(day)}T{two[hour]}:{two[minute]}:{two[second]}.{_THREE_DIGITS[millis]}"


@lru_cache(maxsize=8192)
def _day_text(day: int) -> str:
    return from_epoch_ms(day * 86_400_000).strftime("%Y-%m-%d")


@lru_cache(maxsize=200_000)
def parse_jira_time(text: str) -> int:
    """Epoch ms of a Jira timestamp (cached: the JQL evaluator parses the same strings on every page)."""
    return to_epoch_ms(datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z"))
