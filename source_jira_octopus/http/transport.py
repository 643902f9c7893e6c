"""The CDK's `HttpClient` as both the streams and `ServiceClient` use it: our error table, the host's rate governor,
a retry budget in time, and final errors that name the service, the request, the status and the remedy.

The CDK's own retry loop counts attempts (5 by default), adds a second to every wait and nests three `backoff`
decorators; `_send_with_retry` is replaced by one loop over the CDK's `_send` (pinned airbyte-cdk 7.39) whose waits
come from the governor (a 429's pause) or `RetryDeadline` (retry_budget.py). The CDK ends a 2xx body that is not
JSON with a bare exception name; that is replaced here too, once, for every caller.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http import HttpClient
from airbyte_cdk.sources.streams.http.error_handlers import BackoffStrategy
from airbyte_cdk.sources.streams.http.exceptions import BaseBackoffException
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.errors import ServiceErrorHandler
from source_jira_octopus.http.governor import RateGovernor, endpoint_of, issue_of
from source_jira_octopus.http.rate_headers import read_rate_signal
from source_jira_octopus.http.responses import MalformedResponseError, json_body
from source_jira_octopus.http.retry_budget import RetryDeadline
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.http.whole_body import mount_whole_body_adapter

_NOT_JSON_HINT = (
    "Check the URL setting: a login page, a proxy or a web server answered instead of the API. If the URL is "
    "right, the server is misbehaving; ask its administrator."
)


def error_handler(
    settings: HttpSettings, logger: logging.Logger, ignored: Mapping[int, str] | None = None
) -> ServiceErrorHandler:
    return ServiceErrorHandler(
        settings.service,
        settings.error_table,
        logger,
        ignored=ignored,
        connection_retries=settings.connection_retries,
        health=settings.health,
    )


class _WaitChosenByRetryLoop(BackoffStrategy):
    """The CDK asks a strategy before raising its backoff exception; ours answers in `_send_with_retry`."""

    def backoff_time(self, response_or_exception: Any, attempt_count: int) -> float | None:
        return None


class ServiceHttpClient(HttpClient):
    def __init__(
        self,
        name: str,
        settings: HttpSettings,
        logger: logging.Logger,
        ignored: Mapping[int, str] | None = None,
        sleep: Callable[[float], None] | None = None,  # None: time.sleep, looked up when called
    ) -> None:
        self.errors = error_handler(settings, logger, ignored)
        self.service = settings.service
        self._retry_seconds = settings.retry_seconds
        self._governor = settings.budget if isinstance(settings.budget, RateGovernor) else None
        self._sleep = sleep
        super().__init__(
            name=name,
            logger=logger,
            error_handler=self.errors,
            api_budget=settings.budget,
            authenticator=settings.authenticator,
            backoff_strategy=_WaitChosenByRetryLoop(),
            request_timeout=settings.timeout_seconds,
        )
        # bodies in 1 MiB pieces, not 10 KB, each attempt on the wire in one of the host's in-flight slots (retries
        # and the governor's waits outside it), a kept-alive connection for every slot (whole_body.py)
        mount_whole_body_adapter(self._session, settings.in_flight)

    def _send_with_retry(
        self,
        request: requests.PreparedRequest,
        request_kwargs: Mapping[str, Any],
        log_formatter: Callable[[requests.Response], Any] | None = None,
        exit_on_rate_limit: bool | None = False,
    ) -> requests.Response:
        """Retries what the error handler marks RETRY / RATE_LIMITED until the time budget runs out."""
        deadline: RetryDeadline | None = None
        while True:
            try:
                return self._send(request, request_kwargs, log_formatter=log_formatter, exit_on_rate_limit=False)
            except BaseBackoffException as error:
                deadline = deadline or RetryDeadline(self._retry_seconds)
                wait = deadline.next_wait(self._announced_wait(request, error.response))
                if wait is None:
                    raise self._gave_up(deadline, error) from error
                (self._sleep or time.sleep)(wait)

    def _announced_wait(self, request: requests.PreparedRequest, response: requests.Response | None) -> float | None:
        """A 429: the governor's pause for this request (it read the reason); a 503: its Retry-After, if any."""
        if response is None:
            return None
        announced = read_rate_signal(response.headers, datetime.now(UTC)).announced_wait
        if response.status_code == 429 and self._governor is not None:
            url = request.url or ""
            pause = self._governor.pending_wait(endpoint_of(request.method or "GET", url), issue_of(url))
            return pause if pause > 0 or announced is not None else None
        return announced

    def _gave_up(self, deadline: RetryDeadline, error: BaseBackoffException) -> AirbyteTracedException:
        last = self.errors.last_message() or f"{self.service}: {error}"
        return AirbyteTracedException(
            message=self.errors.final_message(last, deadline.describe()),
            internal_message=str(error),
            failure_type=error.failure_type or FailureType.transient_error,
        )

    def send_request(self, *args: Any, **kwargs: Any) -> tuple[requests.PreparedRequest, requests.Response]:
        try:
            request, response = super().send_request(*args, **kwargs)
        except AirbyteTracedException as error:
            raise self.errors.specific(error) from error
        if (
            200 <= response.status_code < 300
            and response.status_code != 204
            and (response.content or request.method != "DELETE")
        ):
            self._require_json(response)
        return request, response

    def _create_prepared_request(
        self,
        http_method: str,
        url: str,
        dedupe_query_params: bool = False,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        data: str | Mapping[str, Any] | None = None,
    ) -> requests.PreparedRequest:
        """The CDK sends bodies only with GET/POST/PUT/PATCH; Jira's `DELETE /rest/api/3/webhook` takes
        `{"webhookIds": [...]}` in its body, so a DELETE keeps the JSON it was given."""
        prepared = super()._create_prepared_request(http_method, url, dedupe_query_params, headers, params, json, data)
        if http_method.upper() == "DELETE" and json is not None:
            prepared.prepare_body(data=None, files=None, json=json)
        return prepared

    def _require_json(self, response: requests.Response) -> None:
        try:
            json_body(response)
        except MalformedResponseError as error:
            raise AirbyteTracedException(
                message=f"{self.service}: {error}. {_NOT_JSON_HINT}",
                internal_message=str(error),
                failure_type=FailureType.config_error,
            ) from error
