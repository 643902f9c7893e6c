"""The Jira stream: a route (path, paginator, fixed parameters, primary key) served from the resolved site."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, MutableMapping, Optional

import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.stream import HttpSettings, ServiceHttpStream
from source_jira_octopus.jira.paginators import JiraPaginator
from source_jira_octopus.jira.site import JiraSite


@dataclass(frozen=True)
class JiraRoute:
    """How one flavour (Cloud or Data Center) serves a stream. POST routes send `params` in the JSON body."""

    path: str
    paginator: JiraPaginator
    params: Mapping[str, Any] = field(default_factory=dict)
    primary_key: str = "id"
    method: str = "GET"


class JiraStream(ServiceHttpStream):
    def __init__(
        self,
        name: str,
        settings: HttpSettings,
        site: JiraSite,
        route: JiraRoute,
        page_size: int,
        ignored_statuses: Optional[Mapping[int, str]] = None,
        record_filter: Optional[Callable[[Mapping[str, Any]], bool]] = None,
    ) -> None:
        self._site = site
        self._record_filter = record_filter
        self._route = route
        self._page_size = page_size
        super().__init__(name, settings, ignored_statuses)

    @property
    def url_base(self) -> str:
        return self._site.api_url

    @property
    def primary_key(self) -> str:
        return self._route.primary_key

    @property
    def http_method(self) -> str:
        return self._route.method

    def path(self, **kwargs: Any) -> str:
        return self._route.path

    def request_params(self, stream_state: Any = None, stream_slice: Any = None, next_page_token: Any = None) -> MutableMapping[str, Any]:
        if self._route.method == "POST":
            return {}
        return self._page_request(stream_slice, next_page_token)

    def request_body_json(self, stream_state: Any = None, stream_slice: Any = None, next_page_token: Any = None) -> Optional[Mapping[str, Any]]:
        if self._route.method != "POST":
            return None
        return self._page_request(stream_slice, next_page_token)

    def _page_request(self, stream_slice: Optional[Mapping[str, Any]], next_page_token: Optional[Mapping[str, Any]]) -> dict[str, Any]:
        """Fixed route parameters, then the slice's (e.g. the JQL), then the page position."""
        page = next_page_token or self._route.paginator.first_page(self._page_size)
        return {**self._route.params, **self.slice_params(stream_slice or {}), **page}

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        return {}

    def next_page_token(self, response: requests.Response) -> Optional[Mapping[str, Any]]:
        return self._route.paginator.next_page(response)

    def parse_response(self, response: requests.Response, **kwargs: Any) -> Iterable[Mapping[str, Any]]:
        for record in self._route.paginator.records(json_body(response)):
            if self.keep(record):
                yield self.transform(record)

    def keep(self, record: Mapping[str, Any]) -> bool:
        return self._record_filter is None or self._record_filter(record)

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return record
