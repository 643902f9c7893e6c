"""One request budget per host, shared by every stream of that host."""

from __future__ import annotations

from datetime import timedelta

from airbyte_cdk.sources.streams.call_rate import APIBudget, MovingWindowCallRatePolicy, Rate

# Client-side pacing is a guard against hammering a server, not a rate-limit model: the servers' own
# 429 + Retry-After answers stay authoritative (Jira Cloud burst limits, Octopus 2026.3+ token bucket).
JIRA_REQUESTS_PER_SECOND = 50
OCTOPUS_REQUESTS_PER_SECOND = 50


def per_second_budget(requests_per_second: int) -> APIBudget:
    """A moving one-second window shared by every stream (and worker thread) given this instance."""
    rate = Rate(limit=requests_per_second, interval=timedelta(seconds=1))
    return APIBudget(policies=[MovingWindowCallRatePolicy(rates=[rate], matchers=[])])
