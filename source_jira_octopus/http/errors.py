"""Errors as data: a status -> rule table per API, and one handler that turns a response into a resolution.

Every message names the service, the request (method + secret-free URL), the status, the API's own error text
and what the user should do, because that text is what reaches the Airbyte UI as the sync's error.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.error_handlers import ErrorHandler
from airbyte_cdk.sources.streams.http.error_handlers.response_models import ErrorResolution, ResponseAction
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.responses import body_excerpt, describe_request, redact_url

RETRY, FAIL, RATE_LIMITED = ResponseAction.RETRY, ResponseAction.FAIL, ResponseAction.RATE_LIMITED
CONFIG, SYSTEM, TRANSIENT = FailureType.config_error, FailureType.system_error, FailureType.transient_error
REFUSED_LOCATION_HEADER = "X-Source-Refused-Location"  # set by http/redirects.py on a redirect it will not follow


@dataclass(frozen=True)
class ErrorRule:
    action: ResponseAction
    failure_type: FailureType
    hint: str


ErrorTable = Mapping[int, ErrorRule]


class IgnoredWhenBodySays(str):
    """A stream's ignored-status reason that applies only when the error body carries `marker` (case-insensitive):
    Jira answers 400 both for "The board does not support sprints" and for a malformed request, and only the first
    is documented as expected."""

    marker: str

    def __new__(cls, reason: str, marker: str) -> IgnoredWhenBodySays:
        value = super().__new__(cls, reason)
        value.marker = marker
        return value


def _ignore_applies(reason: str, response: requests.Response) -> bool:
    marker = getattr(reason, "marker", None)
    return marker is None or marker.lower() in (response.text or "").lower()


_RETRY_HINT = "The request will be retried with backoff; if this persists, check the server's health."
_GENERIC_CDK_MESSAGES = (
    "Exhausted available request attempts",
    "API rate limit exceeded",
    "Refreshed OAuth access token is rejected",
    "API rejects the current OAuth access token",
)
_RETRYING = "The request will be retried with backoff; if this persists"
_GAVE_UP = "Gave up after the retries; as this persists"

COMMON_ERROR_RULES: dict[int, ErrorRule] = {
    400: ErrorRule(FAIL, SYSTEM, "The server rejected the request as invalid; the API's message above says why."),
    404: ErrorRule(FAIL, CONFIG, "Check the base URL (including any context path) and that the resource exists."),
    405: ErrorRule(FAIL, SYSTEM, "The server does not allow this method here; check the server version."),
    408: ErrorRule(RETRY, TRANSIENT, _RETRY_HINT),
    410: ErrorRule(FAIL, SYSTEM, "The server removed this endpoint."),
    429: ErrorRule(RATE_LIMITED, TRANSIENT, "Rate limited: waiting as the server asks (Retry-After) before retrying."),
    500: ErrorRule(RETRY, TRANSIENT, _RETRY_HINT),
    502: ErrorRule(RETRY, TRANSIENT, _RETRY_HINT),
    503: ErrorRule(RETRY, TRANSIENT, "The server is unavailable or overloaded; retrying after Retry-After or backoff."),
    504: ErrorRule(RETRY, TRANSIENT, _RETRY_HINT),
}

MAX_RETRIES = 5
CHECK_CONNECTION_RETRIES = 1  # `check` gives a silent or absent server one retry, not five (429/5xx keep five)


class HostHealth:
    """Shared by every request to one host (HttpSettings): once a request has used its whole connection budget on a
    silent or absent server, the other streams' requests get one attempt each instead of a budget of their own, so
    a read fails in about one request's retries, not one per stream. Once the host has answered, a timeout or reset
    is a transient fault, retried within the time budget (retry_budget.py) instead of the count."""

    def __init__(self) -> None:
        self.unreachable = False
        self.answered = False


@dataclass(frozen=True)
class ConnectionRule:
    """How a request that got no HTTP answer is handled: the first rule whose exception kind and text match."""

    kinds: tuple[type[Exception], ...]
    markers: tuple[str, ...]  # any of these in the lower-cased error text; () matches every error of the kinds
    action: ResponseAction
    failure_type: FailureType
    problem: str
    hint: str


_CA_HINT = (
    "The server's certificate is not signed by a CA this worker trusts (self-signed, or a private CA): paste the "
    "PEM of the CA that signed it into `ca_certificate`. TLS verification is never turned off."
)
_PLAIN_HTTP_PORT_HINT = (
    "The URL starts with https:// but the server speaks plain HTTP on that port: use the server's HTTPS port, "
    "or http:// if the server really has no TLS."
)
_HTTPS_PORT_HINT = " If that port serves HTTPS, the URL must start with https://."
CONNECTION_RULES: tuple[ConnectionRule, ...] = (
    ConnectionRule(
        (requests.exceptions.SSLError,),
        ("certificate_verify_failed", "certificate verify failed", "self signed", "self-signed"),
        FAIL,
        CONFIG,
        "failed TLS certificate verification",
        _CA_HINT,
    ),
    ConnectionRule(
        (requests.exceptions.SSLError,),
        ("wrong version number", "unknown protocol", "record layer failure", "packet length too long", "http_request"),
        FAIL,
        CONFIG,
        "failed the TLS handshake: the port answers plain HTTP, not HTTPS",
        _PLAIN_HTTP_PORT_HINT,
    ),
    ConnectionRule(
        (requests.exceptions.SSLError,),
        (),
        FAIL,
        CONFIG,
        "failed the TLS handshake",
        "Check that the URL's scheme and port are the server's HTTPS ones; for a private CA set `ca_certificate`.",
    ),
    ConnectionRule(
        (requests.Timeout,),
        (),
        RETRY,
        TRANSIENT,
        "timed out",
        "No answer within `request_timeout_seconds`: check the URL, that the server is reachable and healthy, and the timeout.",
    ),
    ConnectionRule(
        (requests.ConnectionError,),
        ("connection refused", "errno 111"),
        RETRY,
        TRANSIENT,
        "was refused: nothing listens on that host and port",
        "Check the URL's host and port, and that the server is running and reachable from the Airbyte worker.",
    ),
    ConnectionRule(
        (requests.ConnectionError,),
        ("name or service not known", "nodename nor servname", "failed to resolve", "temporary failure in name"),
        RETRY,
        TRANSIENT,
        "failed: the host name does not resolve",
        "Check the host name in the URL and the worker's DNS.",
    ),
    ConnectionRule(
        (requests.ConnectionError,),
        (),
        RETRY,
        TRANSIENT,
        "could not connect or was closed without an answer",
        "Check the URL, that the server is reachable from the Airbyte worker, and the request timeout.",
    ),
)
_PLAIN_HTTP_TO_HTTPS_MARKERS = ("plain http request was sent to https port", "speaking plain http to an ssl")


def connection_rule(error: Exception, target: str) -> ConnectionRule:
    text = str(error).lower()
    rule = next(
        r
        for r in CONNECTION_RULES
        if isinstance(error, r.kinds) and (not r.markers or any(marker in text for marker in r.markers))
    )
    if rule is CONNECTION_RULES[-1] and target.startswith("http://"):  # a reset: maybe plain HTTP to a TLS port
        return ConnectionRule(
            rule.kinds, rule.markers, rule.action, rule.failure_type, rule.problem, rule.hint + _HTTPS_PORT_HINT
        )
    return rule


def answer_rule(response: requests.Response) -> ErrorRule | None:
    """Answers whose meaning is in the body or headers, not the status: a scheme mismatch, a refused redirect."""
    refused = response.headers.get(REFUSED_LOCATION_HEADER)
    if refused:
        return ErrorRule(
            FAIL,
            CONFIG,
            f"The server redirected to {redact_url(refused)}, another host or a downgrade to http://; credentials are "
            "never sent there. If that address is the right one, put it in the URL setting.",
        )
    if response.status_code == 400 and any(m in (response.text or "").lower() for m in _PLAIN_HTTP_TO_HTTPS_MARKERS):
        return ErrorRule(FAIL, CONFIG, "The URL starts with http:// but that port serves HTTPS: use https://.")
    return None


class ServiceErrorHandler(ErrorHandler):
    """Sorts responses by an API's error table; statuses in `ignored` (a stream's documented exceptions) are skipped."""

    def __init__(
        self,
        service: str,
        table: ErrorTable,
        logger: logging.Logger,
        ignored: Mapping[int, str] | None = None,
        connection_retries: int = MAX_RETRIES,
        health: HostHealth | None = None,
    ) -> None:
        self._service = service
        self._table = table
        self._logger = logger
        self._ignored = ignored or {}
        self._connection_retries = connection_retries
        self._health = health or HostHealth()
        self._last = threading.local()

    def last_message(self) -> str | None:
        """The last error this thread saw: the CDK's own retry-exhaustion message names neither service nor URL."""
        return getattr(self._last, "message", None)

    @property
    def max_retries(self) -> int | None:
        """Unused (the CDK's ABC requires it): transport.py's retry loop bounds retries by time, not by a count."""
        return None

    @property
    def max_time(self) -> int | None:
        """Unused (the CDK's ABC requires it): the retry budget in time is `HttpSettings.retry_seconds`."""
        return None

    def interpret_response(self, response_or_exception: requests.Response | Exception | None = None) -> ErrorResolution:
        if isinstance(response_or_exception, requests.Response):
            return self._interpret_status(response_or_exception)
        if isinstance(response_or_exception, (requests.ConnectionError, requests.Timeout)):
            return self._connection_problem(response_or_exception)
        message = f"{self._service}: unexpected error {type(response_or_exception).__name__}: {response_or_exception}"
        return ErrorResolution(FAIL, SYSTEM, message)

    def _interpret_status(self, response: requests.Response) -> ErrorResolution:
        self._last.request = None  # an answer ends a run of connection failures
        self._health.unreachable, self._health.answered = False, True
        status = response.status_code
        special = answer_rule(response)
        if response.ok and special is None:
            return ErrorResolution(ResponseAction.SUCCESS)
        if status in self._ignored and _ignore_applies(self._ignored[status], response):
            message = f"{self._service}: skipped {describe_request(response.request)} (HTTP {status}): {self._ignored[status]}"
            self._logger.info(message)
            return ErrorResolution(ResponseAction.IGNORE, None, message)
        rule = special or self._table.get(status) or self._fallback_rule(status)
        message = self.describe(response, rule.hint)
        self._last.message = message
        self._logger.warning(message)
        return ErrorResolution(rule.action, rule.failure_type, message)

    def describe(self, response: requests.Response, hint: str) -> str:
        excerpt = body_excerpt(response).rstrip(". ")
        detail = f": {excerpt}" if excerpt else ""
        return f"{self._service} API error: {describe_request(response.request)} returned HTTP {response.status_code}{detail}. {hint}"

    def _connection_problem(self, error: requests.RequestException) -> ErrorResolution:
        """A TLS mismatch fails at once; a timeout, refusal or reset retries within the connection budget."""
        request = getattr(error, "request", None)
        target = redact_url(request.url) if request is not None and request.url else "the server"
        rule = connection_rule(error, target)
        attempt = self._connection_attempt(request)
        message = f"{self._service}: request to {target} {rule.problem} ({type(error).__name__}). {rule.hint}"
        action, failure_type = rule.action, rule.failure_type
        budget = 0 if self._health.unreachable else self._connection_retries
        if action == RETRY and attempt > budget and not self._health.answered:
            action, self._last.request, self._health.unreachable = FAIL, None, True
            message += f" Gave up after {attempt} attempt{'s' if attempt > 1 else ''}."
        elif action == RETRY:
            message += " Retrying with backoff."
        else:
            message += " Not retried."
        self._last.message = message
        self._logger.warning(message)
        return ErrorResolution(action, failure_type, message)

    def _connection_attempt(self, request: requests.PreparedRequest | None) -> int:
        """Consecutive connection failures of this thread's current request (the CDK resends the same object)."""
        key = id(request)
        count = getattr(self._last, "attempts", 0) + 1 if getattr(self._last, "request", None) == key else 1
        self._last.request, self._last.attempts = key, count
        return count

    def specific(self, error: AirbyteTracedException) -> AirbyteTracedException:
        """The CDK's retry-exhaustion message names no service or URL; our handler's last message does."""
        last = self.last_message()
        if last and (error.message or "").startswith(_GENERIC_CDK_MESSAGES):
            return AirbyteTracedException(
                message=self.final_message(last),
                internal_message=error.internal_message,
                failure_type=error.failure_type,
            )
        return error

    @staticmethod
    def final_message(last: str, budget: str = "") -> str:
        """The last error seen, reworded from "will be retried" to "gave up", plus how long the retries ran."""
        final = last.replace(_RETRYING, _GAVE_UP) if _RETRYING in last else f"{last} Gave up after the retries."
        final = final.replace(" Retrying with backoff.", "")
        return f"{final} {budget}" if budget else final

    @staticmethod
    def _fallback_rule(status: int) -> ErrorRule:
        if status >= 500:
            return ErrorRule(RETRY, TRANSIENT, _RETRY_HINT)
        return ErrorRule(FAIL, SYSTEM, "Unexpected client error; the API's message above says why.")
