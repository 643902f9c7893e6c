"""Is a delivery authentic, and new? Jira signs admin-webhook bodies (`X-Hub-Signature: sha256=<hex>`, HMAC-SHA256
of the raw body keyed with `webhooks.secret`); Octopus sends the secret itself in the subscription's header. Both
are compared in constant time, and nothing secret is ever logged or echoed. Dynamic webhooks of an OAuth 2.0 app
carry no HMAC: Jira sends `Authorization: Bearer <JWT>` signed (HS256) with the app's client secret, which is
verified instead (signature, and `exp` when present).

Replays: Jira's `X-Atlassian-Webhook-Identifier` is stable across its retries, Octopus' event id (`Payload.Event.Id`)
names the event; a delivery without either is known by the SHA-256 of its body. An id seen within the replay
window, or a body whose own timestamp (`timestamp` epoch ms in Jira's, `Timestamp` in Octopus') is older than the
window or too far in the future, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt

from source_jira_octopus.webhooks.octopus_hooks import SECRET_HEADER

JIRA, OCTOPUS = "jira", "octopus"
SIGNATURE_HEADER = "x-hub-signature"
JIRA_DELIVERY_HEADER = "x-atlassian-webhook-identifier"
FUTURE_SKEW_SECONDS = 300.0
MAX_REMEMBERED = 100_000


@dataclass(frozen=True)
class Delivery:
    service: str  # JIRA | OCTOPUS
    delivery_id: str
    event: str  # e.g. jira:issue_updated, or Octopus' event category
    sent_at: float | None  # epoch seconds from the body, when it says


def authenticate(
    headers: Mapping[str, str], body: bytes, secret: str, jira_app_secret: str | None = None
) -> str | None:
    """The service whose proof of the secret the request carries, or None (answer 401)."""
    bearer = headers.get("authorization", "")
    if jira_app_secret and bearer[:7].lower() == "bearer ":
        return JIRA if _valid_jwt(bearer[7:].strip(), jira_app_secret) else None
    octopus = headers.get(SECRET_HEADER.lower())
    if octopus is not None:
        return OCTOPUS if hmac.compare_digest(octopus.encode(), secret.encode()) else None
    signature = headers.get(SIGNATURE_HEADER)
    if signature is None or not signature.startswith("sha256="):
        return None
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return (
        JIRA if hmac.compare_digest(signature[len("sha256=") :].strip().lower().encode(), expected.encode()) else None
    )


def describe(service: str, headers: Mapping[str, str], body: bytes, payload: Mapping[str, Any]) -> Delivery:
    if service == JIRA:
        delivery_id = headers.get(JIRA_DELIVERY_HEADER) or ""
        event, sent = str(payload.get("webhookEvent") or "?"), _epoch_ms(payload.get("timestamp"))
    else:
        inner = payload.get("Payload")
        found = inner.get("Event") if isinstance(inner, Mapping) else None
        found = found if isinstance(found, Mapping) else {}
        delivery_id, event = str(found.get("Id") or ""), str(found.get("Category") or "?")
        sent = _iso(payload.get("Timestamp"))
    return Delivery(service, f"{service}:{delivery_id or hashlib.sha256(body).hexdigest()}", event, sent)


class ReplayGuard:
    """Remembers delivery ids for `window_seconds` (bounded memory: the oldest are forgotten first)."""

    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self._window, self._clock = window_seconds, clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def problem(self, delivery: Delivery) -> str | None:
        """Why the delivery is refused as a replay, or None (then it is remembered)."""
        now = self._clock()
        if delivery.sent_at is not None and delivery.sent_at < now - self._window:
            return f"sent {now - delivery.sent_at:.0f} s ago, outside the {self._window:g} s replay window"
        if delivery.sent_at is not None and delivery.sent_at > now + FUTURE_SKEW_SECONDS:
            return "timestamped in the future"
        with self._lock:
            while self._seen and (
                next(iter(self._seen.values())) < now - self._window or len(self._seen) > MAX_REMEMBERED
            ):
                self._seen.popitem(last=False)
            if delivery.delivery_id in self._seen:
                return "already delivered (a replay or a duplicate)"
            self._seen[delivery.delivery_id] = now
        return None


def _valid_jwt(token: str, key: str) -> bool:
    try:
        jwt.decode(token, key, algorithms=["HS256"], options={"verify_aud": False})
    except jwt.PyJWTError:
        return False
    return True


def _epoch_ms(value: Any) -> float | None:
    return value / 1000 if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _iso(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
