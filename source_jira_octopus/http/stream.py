"""The HttpStream base both APIs build on: transport settings, error table, backoff and schema loading."""

from __future__ import annotations

from abc import ABC
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Union

from airbyte_cdk.sources.streams.call_rate import APIBudget
from airbyte_cdk.sources.streams.http import HttpStream
from airbyte_cdk.sources.streams.http.error_handlers import BackoffStrategy, ErrorHandler
from requests.auth import AuthBase

from source_jira_octopus.http.backoff import RetryAfterBackoffStrategy
from source_jira_octopus.http.errors import ErrorTable, ServiceErrorHandler


@dataclass(frozen=True)
class HttpSettings:
    """What every request to one host shares: credentials, request budget, timeout and TLS trust."""

    service: str  # "Jira" / "Octopus": named in every error message
    error_table: ErrorTable
    authenticator: AuthBase
    budget: APIBudget
    timeout_seconds: float
    verify: Union[bool, str] = True  # a path to a PEM bundle for a private CA; never False


class ServiceHttpStream(HttpStream, ABC):
    """Concrete streams declare paths and parsing; service, error table and transport come from `HttpSettings`."""

    def __init__(self, name: str, settings: HttpSettings, ignored_statuses: Optional[Mapping[int, str]] = None) -> None:
        self._name = name
        self._settings = settings
        self._ignored_statuses = dict(ignored_statuses or {})
        self._json_schema: Optional[Mapping[str, Any]] = None
        super().__init__(authenticator=settings.authenticator, api_budget=settings.budget)
        # Under the concurrent engine a stream with the auto-applied resumable-full-refresh cursor reads only the
        # first page of each slice (DESIGN.md §6); full-refresh streams must have no cursor of their own.
        self.cursor = None

    @property
    def name(self) -> str:
        return self._name

    def request_kwargs(self, **kwargs: Any) -> Mapping[str, Any]:
        return {"timeout": self._settings.timeout_seconds, "verify": self._settings.verify}

    def get_error_handler(self) -> Optional[ErrorHandler]:
        return ServiceErrorHandler(
            self._settings.service, self._settings.error_table, self.logger, ignored=self._ignored_statuses
        )

    def get_backoff_strategy(self) -> Optional[Union[BackoffStrategy, list[BackoffStrategy]]]:
        return RetryAfterBackoffStrategy()

    def get_json_schema(self) -> Mapping[str, Any]:
        """Loaded once: the concurrent reader asks for the schema once per record."""
        if self._json_schema is None:
            self._json_schema = super().get_json_schema()
        return self._json_schema
