"""The CDK's `HttpClient` as both the streams and `ServiceClient` use it: our error table, connection budget and
Retry-After backoff, and final errors that name the service, the request, the status and the remedy.

The CDK ends exhausted retries with "Exhausted available request attempts" or "API rate limit exceeded." and a
2xx body that is not JSON with a bare exception name; both are replaced here, once, for every caller.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http import HttpClient
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.backoff import RetryAfterBackoffStrategy
from source_jira_octopus.http.errors import ServiceErrorHandler
from source_jira_octopus.http.responses import MalformedResponseError, json_body
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


class ServiceHttpClient(HttpClient):
    def __init__(
        self, name: str, settings: HttpSettings, logger: logging.Logger, ignored: Mapping[int, str] | None = None
    ) -> None:
        self.errors = error_handler(settings, logger, ignored)
        self.service = settings.service
        self._in_flight = settings.in_flight
        super().__init__(
            name=name,
            logger=logger,
            error_handler=self.errors,
            api_budget=settings.budget,
            authenticator=settings.authenticator,
            backoff_strategy=RetryAfterBackoffStrategy(),
            request_timeout=settings.timeout_seconds,
        )
        # bodies in 1 MiB pieces, not 10 KB (whole_body.py); a kept-alive connection for every request in flight
        mount_whole_body_adapter(self._session, settings.in_flight.limit)

    def _send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        """One attempt, in one of the host's in-flight slots (in_flight.py); retries wait outside it."""
        with self._in_flight.slot():
            return super()._send(request, *args, **kwargs)

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
