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

from source_jira_octopus.http.responses import body_excerpt, describe_request, redact_url

RETRY, FAIL, RATE_LIMITED = ResponseAction.RETRY, ResponseAction.FAIL, ResponseAction.RATE_LIMITED
CONFIG, SYSTEM, TRANSIENT = FailureType.config_error, FailureType.system_error, FailureType.transient_error


@dataclass(frozen=True)
class ErrorRule:
    action: ResponseAction
    failure_type: FailureType
    hint: str


ErrorTable = Mapping[int, ErrorRule]

_RETRY_HINT = "The request will be retried with backoff; if this persists, check the server's health."

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
MAX_RETRY_SECONDS = 600


class ServiceErrorHandler(ErrorHandler):
    """Sorts responses by an API's error table; statuses in `ignored` (a stream's documented exceptions) are skipped."""

    def __init__(
        self,
        service: str,
        table: ErrorTable,
        logger: logging.Logger,
        ignored: Mapping[int, str] | None = None,
        max_retries: int = MAX_RETRIES,
        max_time: int = MAX_RETRY_SECONDS,
    ) -> None:
        self._service = service
        self._table = table
        self._logger = logger
        self._ignored = ignored or {}
        self._max_retries = max_retries
        self._max_time = max_time
        self._last = threading.local()

    def last_message(self) -> str | None:
        """The last error this thread saw: the CDK's own retry-exhaustion message names neither service nor URL."""
        return getattr(self._last, "message", None)

    @property
    def max_retries(self) -> int | None:
        return self._max_retries

    @property
    def max_time(self) -> int | None:
        return self._max_time

    def interpret_response(self, response_or_exception: requests.Response | Exception | None = None) -> ErrorResolution:
        if isinstance(response_or_exception, requests.Response):
            return self._interpret_status(response_or_exception)
        if isinstance(response_or_exception, (requests.ConnectionError, requests.Timeout)):
            return self._connection_problem(response_or_exception)
        message = f"{self._service}: unexpected error {type(response_or_exception).__name__}: {response_or_exception}"
        return ErrorResolution(FAIL, SYSTEM, message)

    def _interpret_status(self, response: requests.Response) -> ErrorResolution:
        status = response.status_code
        if response.ok:
            return ErrorResolution(ResponseAction.SUCCESS)
        if status in self._ignored:
            message = f"{self._service}: skipped {describe_request(response.request)} (HTTP {status}): {self._ignored[status]}"
            self._logger.info(message)
            return ErrorResolution(ResponseAction.IGNORE, None, message)
        rule = self._table.get(status) or self._fallback_rule(status)
        message = self.describe(response, rule.hint)
        self._last.message = message
        self._logger.warning(message)
        return ErrorResolution(rule.action, rule.failure_type, message)

    def describe(self, response: requests.Response, hint: str) -> str:
        excerpt = body_excerpt(response).rstrip(". ")
        detail = f": {excerpt}" if excerpt else ""
        return f"{self._service} API error: {describe_request(response.request)} returned HTTP {response.status_code}{detail}. {hint}"

    def _connection_problem(self, error: Exception) -> ErrorResolution:
        request = getattr(error, "request", None)
        target = redact_url(request.url) if request is not None and request.url else "the server"
        kind = "timed out" if isinstance(error, requests.Timeout) else "could not connect"
        message = (
            f"{self._service}: request to {target} {kind} ({type(error).__name__}). Check the URL, that the server is "
            f"reachable from the Airbyte worker, and the request timeout; retrying with backoff."
        )
        self._last.message = message
        self._logger.warning(message)
        return ErrorResolution(RETRY, TRANSIENT, message)

    @staticmethod
    def _fallback_rule(status: int) -> ErrorRule:
        if status >= 500:
            return ErrorRule(RETRY, TRANSIENT, _RETRY_HINT)
        return ErrorRule(FAIL, SYSTEM, "Unexpected client error; the API's message above says why.")
