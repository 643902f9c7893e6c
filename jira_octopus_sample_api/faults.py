"""Injected failures and mid-read hooks: the test controls a fake API needs beyond the real behaviour."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jira_octopus_sample_api.dataset import FakeDataset
from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest

Hook = Callable[[FakeDataset, RecordedRequest], None]
CONNECTION_RESET = 0  # an injected "status" the server answers by closing the connection without a response

_REASONS = {
    429: "Rate limit exceeded.",
    500: "Internal server error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    401: "Unauthorized",
    403: "Forbidden",
}
_DEFAULT_BODIES: dict[str, Callable[[int], dict[str, Any]]] = {
    "jira": lambda status: {"errorMessages": [_REASONS.get(status, f"HTTP {status}")], "errors": {}},
    "octopus": lambda status: {"ErrorMessage": _REASONS.get(status, f"HTTP {status}"), "Errors": []},
    "oauth": lambda status: {"error": "server_error", "error_description": _REASONS.get(status, f"HTTP {status}")},
}


@dataclass
class FaultRule:
    pattern: re.Pattern[str]
    status: int
    remaining: int
    headers: dict[str, str]
    body: dict[str, Any] | str | None
    method: str | None

    def matches(self, request: RecordedRequest) -> bool:
        return (
            self.remaining > 0
            and (self.method is None or self.method.upper() == request.method)
            and self.pattern.search(request.path) is not None
        )


class FaultInjector:
    """``add`` queues a canned response for the next ``times`` requests whose path matches a regex."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []

    def add(
        self,
        path_pattern: str,
        status: int,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | str | None = None,
        method: str | None = None,
    ) -> None:
        """E.g. ``add(r"/search/jql$", 429, times=2, headers={"Retry-After": "1"})``; rules apply in order."""
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._rules.append(FaultRule(re.compile(path_pattern), status, times, dict(headers or {}), body, method))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def pending(self) -> int:
        """How many injected responses are still to be served."""
        with self._lock:
            return sum(rule.remaining for rule in self._rules)

    def take(self, request: RecordedRequest) -> ApiResponse | None:
        with self._lock:
            rule = next((r for r in self._rules if r.matches(request)), None)
            if rule is None:
                return None
            rule.remaining -= 1
            if rule.remaining == 0:
                self._rules.remove(rule)
        body = rule.body if rule.body is not None else _DEFAULT_BODIES[request.service](rule.status)
        return ApiResponse(rule.status, body, dict(rule.headers))


@dataclass
class _HookRule:
    pattern: re.Pattern[str]
    callback: Hook
    after_nth: int
    seen: int = 0
    fired: bool = False


@dataclass
class HookRegistry:
    """Callbacks run once, right after the nth served (not injected) request matching a path regex."""

    _rules: list[_HookRule] = field(default_factory=list)

    def add(self, path_pattern: str, callback: Hook, after_nth: int = 1) -> None:
        if after_nth < 1:
            raise ValueError("after_nth must be at least 1")
        self._rules.append(_HookRule(re.compile(path_pattern), callback, after_nth))

    def due(self, request: RecordedRequest) -> list[Hook]:
        """Count this request against every hook and return the callbacks whose turn it is."""
        ready = []
        for rule in self._rules:
            if rule.fired or rule.pattern.search(request.path) is None:
                continue
            rule.seen += 1
            if rule.seen == rule.after_nth:
                rule.fired = True
                ready.append(rule.callback)
        return ready

    def clear(self) -> None:
        self._rules.clear()
