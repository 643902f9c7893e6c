"""One HTTP client for every request that is not a stream page: the connection check, site detection, the OAuth
refresh, a child's overflow pages (and later the webhook commands).

It is the CDK's own `HttpClient` with the streams' error table, Retry-After backoff, shared budget, timeout and TLS
bundle, so a failed check reads exactly like a failed sync and retries as patiently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

import requests

from source_jira_octopus.http.paging import Paginator
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.http.transport import ServiceHttpClient


class ServiceClient:
    """`get`/`post` return parsed JSON; `pages` walks a paginator. Errors are AirbyteTracedExceptions that name the
    service, the request, the status, the API's text and the remedy."""

    def __init__(
        self,
        settings: HttpSettings,
        base_url: str,
        logger: logging.Logger,
        name: str = "",
        ignored_statuses: Mapping[int, str] | None = None,  # answered to the caller (logged), never raised
    ) -> None:
        self._settings = settings
        self._base_url = base_url.rstrip("/")
        self._http = ServiceHttpClient(name or f"{settings.service.lower()}_client", settings, logger, ignored_statuses)

    @property
    def service(self) -> str:
        return self._settings.service

    @property
    def base_url(self) -> str:
        return self._base_url

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return json_body(self.send("GET", path, params=params))

    def post(self, path: str, body: Mapping[str, Any]) -> Any:
        return json_body(self.send("POST", path, body=body))

    def pages(
        self,
        path: str,
        paginator: Paginator,
        page_size: int,
        params: Mapping[str, Any] | None = None,
        method: str = "GET",
    ) -> Iterator[Mapping[str, Any]]:
        """Every record of a paged list, page after page, with the paginator's stop and loop guards."""
        position: dict[str, Any] | None = paginator.first_page(page_size)
        while position is not None:
            request = {**(params or {}), **position}
            response = self.send(
                method, path, params=None if method == "POST" else request, body=request if method == "POST" else None
            )
            yield from paginator.records(json_body(response))
            position = paginator.next_page(response)

    def send(
        self, method: str, path: str, params: Mapping[str, Any] | None = None, body: Mapping[str, Any] | None = None
    ) -> requests.Response:
        url = path if path.startswith(("http://", "https://")) else f"{self._base_url}/{path.lstrip('/')}"
        _, response = self._http.send_request(
            method,
            url,
            request_kwargs={"verify": self._settings.verify, "timeout": self._settings.timeout_seconds},
            params={key: _query_value(value) for key, value in (params or {}).items() if value is not None},
            json=body,
        )
        return response


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return str(value)
