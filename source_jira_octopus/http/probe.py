"""Single requests outside the streams (connection check, site detection), with the streams' auth, timeout,
error texts and Retry-After handling, so a failed check reads exactly like a failed sync.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Mapping, Optional

import requests
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.backoff import RetryAfterBackoffStrategy
from source_jira_octopus.http.errors import FAIL, ServiceErrorHandler
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.stream import HttpSettings

PROBE_ATTEMPTS = 3
PROBE_MAX_WAIT_SECONDS = 10.0


class ServiceProbe:
    def __init__(self, settings: HttpSettings, base_url: str, logger: logging.Logger, session: Optional[requests.Session] = None) -> None:
        self._settings = settings
        self._base_url = base_url.rstrip("/")
        self._session = session or requests.Session()
        self._session.auth = settings.authenticator
        self._errors = ServiceErrorHandler(settings.service, settings.error_table, logger, max_retries=PROBE_ATTEMPTS - 1)
        self._backoff = RetryAfterBackoffStrategy(max_seconds=PROBE_MAX_WAIT_SECONDS)

    @property
    def service(self) -> str:
        return self._settings.service

    def get(self, path: str, params: Optional[Mapping[str, Any]] = None) -> Any:
        """GET `path` (relative to the base URL) and return its JSON; raises AirbyteTracedException with the reason."""
        url = f"{self._base_url}/{path.lstrip('/')}"
        for attempt in range(1, PROBE_ATTEMPTS + 1):
            outcome = self._send(url, params)
            resolution = self._errors.interpret_response(outcome)
            if isinstance(outcome, requests.Response) and outcome.ok:
                return self._parsed(outcome)
            if resolution.response_action == FAIL or attempt == PROBE_ATTEMPTS:
                raise AirbyteTracedException(message=resolution.error_message, failure_type=resolution.failure_type)
            wait = self._backoff.backoff_time(outcome if isinstance(outcome, requests.Response) else None, attempt)
            time.sleep(min(wait or 0.0, PROBE_MAX_WAIT_SECONDS))
        raise AssertionError("unreachable")

    def _send(self, url: str, params: Optional[Mapping[str, Any]]) -> Any:
        try:
            return self._session.get(url, params=params, timeout=self._settings.timeout_seconds, verify=self._settings.verify)
        except requests.RequestException as error:
            return error

    def _parsed(self, response: requests.Response) -> Any:
        try:
            return json_body(response)
        except ValueError as error:
            raise AirbyteTracedException(message=f"{self.service}: {error}") from error
