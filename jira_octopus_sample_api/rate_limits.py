"""Rate limits on the fake, off by default: Jira Cloud's 2026 limits and Octopus Server 2026.3's policies.

- ``jira_burst(per_second, scope)``: a token bucket per credential (``scope="credential"``: every endpoint shares it;
  ``"endpoint"``: one per method + path template, as Atlassian documents). A request over it gets 429 with
  ``RateLimit-Reason: jira-burst-based`` and ``Retry-After`` (seconds, an HTTP-date, or only ``Beta-Retry-After``).
- ``jira_quota(requests, window_seconds, reason)``: an hourly points quota in miniature. Once a credential has spent
  ``requests`` in the window, EVERY request gets 429 with that reason (``jira-quota-global-based``,
  ``jira-cost-based``, ...), ``X-RateLimit-Reset`` (ISO 8601, seconds kept so a test window can be short) and
  ``Retry-After``. Below 20% left, answers carry ``X-RateLimit-NearLimit: true``.
- ``jira_per_issue(issue, seconds)``: requests for one issue answer ``jira-per-issue-on-write`` for a while.
- ``octopus_policies(...)``: ``GET /api/ratelimitingpolicies`` lists the built-in policies (404 when None, as
  servers before 2026.3); an enabled Authenticated policy is enforced per API key with 429 + ``Retry-After``.

Buckets and windows run on real time (``time.monotonic``; resets on the real UTC clock), never on the dataset's
frozen clock: the connector paces itself in real seconds. ``hits`` counts the 429s sent, per reason.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest

POLICIES_PATH = "/api/ratelimitingpolicies"
_ID_SEGMENT = re.compile(r"\d")
_ISSUE = re.compile(r"/issue/([^/]+)")


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """0 when a token was taken, else the seconds until one is there."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_second


@dataclass
class _Quota:
    requests: int
    window_seconds: float
    reason: str
    spent: Counter = field(default_factory=Counter)
    window_start: dict[str, float] = field(default_factory=dict)


@dataclass
class _Burst:
    per_second: float
    scope: str
    retry_after_form: str
    buckets: dict[str, _Bucket] = field(default_factory=dict)


class RateLimits:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._burst: _Burst | None = None
        self._quota: _Quota | None = None
        self._issues: dict[str, float] = {}
        self._octopus: list[dict[str, Any]] | None = None
        self._octopus_buckets: dict[str, _Bucket] = {}
        self.hits: Counter = Counter()

    # ---- what a test turns on ------------------------------------------------------------------------------
    def jira_burst(self, per_second: float, scope: str = "credential", retry_after_form: str = "seconds") -> None:
        """``retry_after_form``: "seconds" (whole seconds, rounded up), "http-date" or "beta" (Beta-Retry-After)."""
        if scope not in ("credential", "endpoint") or retry_after_form not in ("seconds", "http-date", "beta"):
            raise ValueError(f"unknown scope {scope!r} or retry_after_form {retry_after_form!r}")
        with self._lock:
            self._burst = _Burst(per_second, scope, retry_after_form)

    def jira_quota(self, requests: int, window_seconds: float, reason: str = "jira-quota-global-based") -> None:
        with self._lock:
            self._quota = _Quota(requests, window_seconds, reason)

    def jira_per_issue(self, issue: str, seconds: float) -> None:
        with self._lock:
            self._issues[issue] = time.monotonic() + seconds

    def octopus_policies(self, requests_per_minute: int = 200, burst: int = 200, enabled: bool = True) -> None:
        """The three built-in policies of a 2026.3 server; the Authenticated one as given."""
        with self._lock:
            self._octopus = [
                _policy(1, "Unauthenticated Requests", "Unauthenticated", enabled, 60, 60),
                _policy(2, "Authenticated Requests", "Authenticated", enabled, requests_per_minute, burst),
                _policy(3, "Authenticated AI Agent Requests", "AuthenticatedAiAgent", True, 60, 60),
            ]

    def clear(self) -> None:
        with self._lock:
            self._burst, self._quota, self._octopus = None, None, None
            self._issues.clear()
            self._octopus_buckets.clear()

    # ---- serving (server.py calls these) -------------------------------------------------------------------
    def answer(self, request: RecordedRequest) -> ApiResponse | None:
        """A 429, the Octopus policy list, or None (serve the request normally)."""
        with self._lock:
            if request.service == "octopus":
                return self._octopus_answer(request, time.monotonic())
            if request.service != "jira":
                return None
            return self._jira_answer(request, time.monotonic())

    def decorate(self, request: RecordedRequest, response: ApiResponse) -> None:
        """``X-RateLimit-NearLimit: true`` on answers to a credential with under 20% of its quota left."""
        quota = self._quota
        if request.service != "jira" or quota is None or response.status == 429:
            return
        with self._lock:
            left = quota.requests - quota.spent[_credential(request)]
        if left < 0.2 * quota.requests:
            response.headers["X-RateLimit-NearLimit"] = "true"

    # ---- Jira ------------------------------------------------------------------------------------------------
    def _jira_answer(self, request: RecordedRequest, now: float) -> ApiResponse | None:
        credential = _credential(request)
        limited = self._quota_answer(credential, now)
        if limited is not None:
            return limited
        issue = _ISSUE.search(request.path)
        if issue and self._issues.get(issue.group(1), 0.0) > now:
            wait = self._issues[issue.group(1)] - now
            return self._too_many("jira-per-issue-on-write", {"Retry-After": str(math.ceil(wait))})
        burst = self._burst
        if burst is None:
            return None
        key = credential if burst.scope == "credential" else f"{credential} {_endpoint(request)}"
        bucket = burst.buckets.get(key)
        if bucket is None:
            bucket = burst.buckets[key] = _Bucket(burst.per_second, burst.per_second, burst.per_second, now)
        wait = bucket.take(now)
        if wait <= 0:
            return None
        return self._too_many("jira-burst-based", _retry_after(wait, burst.retry_after_form))

    def _quota_answer(self, credential: str, now: float) -> ApiResponse | None:
        quota = self._quota
        if quota is None:
            return None
        started = quota.window_start.setdefault(credential, now)
        if now - started >= quota.window_seconds:
            quota.window_start[credential], quota.spent[credential] = now, 0
            started = now
        if quota.spent[credential] < quota.requests:
            quota.spent[credential] += 1
            return None
        wait = started + quota.window_seconds - now
        reset = datetime.now(UTC) + timedelta(seconds=wait)
        headers = {
            "Retry-After": str(math.ceil(wait)),
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "X-RateLimit-Limit": str(quota.requests),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-NearLimit": "true",
        }
        return self._too_many(quota.reason, headers)

    # ---- Octopus ---------------------------------------------------------------------------------------------
    def _octopus_answer(self, request: RecordedRequest, now: float) -> ApiResponse | None:
        if request.path.rstrip("/").lower() == POLICIES_PATH:
            if self._octopus is None:
                return ApiResponse(404, {"ErrorMessage": "The resource you requested was not found.", "Errors": []})
            items = [dict(policy) for policy in self._octopus]
            return ApiResponse(
                200,
                {
                    "ItemType": "RateLimitingPolicy",
                    "TotalResults": len(items),
                    "ItemsPerPage": len(items),
                    "NumberOfPages": 1,
                    "LastPageNumber": 0,
                    "Items": items,
                },
            )
        policy = next((p for p in self._octopus or [] if p["ScopeType"] == "Authenticated"), None)
        if policy is None or not policy["IsEnabled"]:
            return None
        key = request.header("X-Octopus-ApiKey") or "anonymous"
        per_second = policy["RequestsPerMinute"] / 60
        bucket = self._octopus_buckets.get(key)
        if bucket is None:
            bucket = self._octopus_buckets[key] = _Bucket(policy["BurstLimit"], per_second, policy["BurstLimit"], now)
        wait = bucket.take(now)
        if wait <= 0:
            return None
        self.hits["octopus"] += 1
        body = {"ErrorMessage": "Too many requests. Please try again later.", "Errors": []}
        return ApiResponse(429, body, {"Retry-After": str(math.ceil(wait))})

    def _too_many(self, reason: str, headers: dict[str, str]) -> ApiResponse:
        self.hits[reason] += 1
        body = {"errorMessages": ["Rate limit exceeded."], "errors": {}}
        return ApiResponse(429, body, {"RateLimit-Reason": reason, **headers})


def _policy(number: int, name: str, scope: str, enabled: bool, per_minute: int, burst: int) -> dict[str, Any]:
    return {
        "Id": f"RateLimitingPolicies-{number}",
        "Name": name,
        "ScopeType": scope,
        "IsBuiltIn": True,
        "IsEnabled": enabled,
        "AuditMode": False,
        "RequestsPerMinute": per_minute,
        "BurstLimit": burst,
    }


def _credential(request: RecordedRequest) -> str:
    return request.header("Authorization") or "anonymous"


def _endpoint(request: RecordedRequest) -> str:
    segments = ["{id}" if _ID_SEGMENT.search(segment) else segment for segment in request.path.split("/")]
    return f"{request.method} {'/'.join(segments)}"


def _retry_after(wait: float, form: str) -> dict[str, str]:
    if form == "http-date":
        return {"Retry-After": format_datetime(datetime.now(UTC) + timedelta(seconds=math.ceil(wait)), usegmt=True)}
    seconds = str(math.ceil(wait))
    return {"Beta-Retry-After": seconds} if form == "beta" else {"Retry-After": seconds}
