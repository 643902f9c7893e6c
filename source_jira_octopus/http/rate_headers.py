"""What a response says about rate limits, read once from its headers.

Jira Cloud (Atlassian's rate-limiting guide, 2026-10): a 429 carries `RateLimit-Reason` (which limit: burst per
endpoint + method, per-issue write, or an hourly quota / cost budget), `Retry-After` (seconds; the HTTP-date form
is allowed by RFC 9110 and accepted too) and, for quotas, `X-RateLimit-Reset` (ISO 8601, `2026-12-07T10:21Z`).
`X-RateLimit-NearLimit: true` says less than 20% of a budget is left; Atlassian sends it only with cost-based
limits, so it is an early signal when present, never the only one. The pre-enforcement beta sent `Beta-Retry-After`
(and `X-Beta-RateLimit-*`): honoured where the final header is absent. Octopus 2026.3+ sends only `Retry-After`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

BURST = "burst"  # one endpoint + method
ISSUE = "issue"  # one issue (writes only; we read, but a shared tenant may still answer it)
HOST = "host"  # every request to this host: quotas, cost budgets, or a 429 that does not say why

_REASON_HEADERS = ("RateLimit-Reason", "X-RateLimit-Reason", "X-Beta-RateLimit-Reason")
_NEAR_LIMIT_HEADERS = ("X-RateLimit-NearLimit", "X-Beta-RateLimit-NearLimit")
_RESET_HEADERS = ("X-RateLimit-Reset", "X-Beta-RateLimit-Reset")


@dataclass(frozen=True)
class RateSignal:
    reason: str | None  # the server's own words, e.g. "jira-burst-based"; None when it gave none
    retry_after: float | None  # seconds from now, from Retry-After (else Beta-Retry-After)
    reset_after: float | None  # seconds from now until X-RateLimit-Reset
    near_limit: bool

    @property
    def scope(self) -> str:
        """Which requests a 429 with this reason holds back."""
        reason = (self.reason or "").lower()
        if "burst" in reason:
            return BURST
        if "per-issue" in reason:
            return ISSUE
        return HOST  # jira-quota-*, jira-cost-based, tenant quotas, and any 429 that does not say

    @property
    def announced_wait(self) -> float | None:
        """How long the server asked us to wait: a quota holds until its reset, whichever of the two is later."""
        waits = [w for w in (self.retry_after, self.reset_after if self.scope == HOST else None) if w is not None]
        return max(waits) if waits else None


def read_rate_signal(headers: Mapping[str, str], now: datetime) -> RateSignal:
    reason = _first(headers, _REASON_HEADERS)
    retry_after = _seconds(headers.get("Retry-After"), now)
    if retry_after is None:
        retry_after = _seconds(headers.get("Beta-Retry-After"), now)
    reset = _first(headers, _RESET_HEADERS)
    reset_at = parse_iso(reset) if reset else None
    near = (_first(headers, _NEAR_LIMIT_HEADERS) or "").strip().lower() == "true"
    return RateSignal(
        reason=reason.strip() if reason else None,
        retry_after=retry_after,
        reset_after=max((reset_at - now).total_seconds(), 0.0) if reset_at else None,
        near_limit=near,
    )


def _first(headers: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    return next((headers[name] for name in names if headers.get(name)), None)


def _seconds(value: str | None, now: datetime) -> float | None:
    """`Retry-After` as delta-seconds or an HTTP-date; never negative."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)


def parse_iso(value: str) -> datetime | None:
    """ISO 8601 with or without seconds (`2026-12-07T10:21Z`, Jira's form)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
