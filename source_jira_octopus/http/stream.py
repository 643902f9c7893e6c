"""The one stream skeleton both APIs build on. A kind is a small subclass whose class attributes are its data:

    class JiraProjectVersions(JiraStream):
        name = "jira_project_versions"
        parent_kind = JiraProjects                      # read once per sync, shared by every child
        slice_keys = {"project_id": "id"}               # slice key (= path placeholder) <- parent record field
        stamps = {"projectId": "project_id"}            # record field <- slice key
        cloud = Route("project/{project_id}/version", PAGE_BEAN)

Behaviour shared by many kinds lives here and in the two API bases, never in flags.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import requests
from airbyte_cdk.models import SyncMode
from airbyte_cdk.sources.streams.http import HttpStream
from airbyte_cdk.sources.streams.http.error_handlers import BackoffStrategy, ErrorHandler

from source_jira_octopus.http.backoff import RetryAfterBackoffStrategy
from source_jira_octopus.http.paging import Paginator, stopped
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.http.transport import ServiceHttpClient, error_handler
from source_jira_octopus.state.clock import server_clock

if TYPE_CHECKING:
    from source_jira_octopus.http.parents import ParentDirectory
    from source_jira_octopus.state.checkpoint import PartitionCheckpoint

PARTITION = "partition"  # every slice names its partition: the key its state is saved under
NO_MAPPING: Mapping[Any, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Route:
    """How one server serves a kind. `path` is filled from the slice; POST routes send params in the JSON body."""

    path: str
    paginator: Paginator
    params: Mapping[str, Any] = field(default_factory=dict)
    method: str = "GET"


@dataclass(frozen=True)
class StreamContext:
    """What every stream of one service is built with."""

    settings: HttpSettings
    page_size: int
    parents: ParentDirectory


class ServiceHttpStream(HttpStream, ABC):
    primary_key: ClassVar[str] = "id"
    ignored_statuses: ClassVar[Mapping[int, str]] = NO_MAPPING  # statuses the API documents for this endpoint only
    stamps: ClassVar[Mapping[str, str]] = NO_MAPPING  # record field <- slice key (the parent's ids)
    # Never name this `parent`: the CDK's concurrent adapter overwrites `stream.parent.cursor` (DESIGN.md §6).
    parent_kind: ClassVar[type[ServiceHttpStream] | None] = None
    slice_keys: ClassVar[Mapping[str, str]] = NO_MAPPING  # slice key <- parent record field

    def __init__(self, context: StreamContext) -> None:
        self.context = context
        self.checkpoint: PartitionCheckpoint | None = None  # per-partition state, set by the source
        super().__init__(authenticator=context.settings.authenticator, api_budget=context.settings.budget)
        # The CDK builds a plain HttpClient; ours names service, URL, status and remedy when retries run out.
        self._http_client = ServiceHttpClient(self.name, context.settings, self.logger, self.ignored_statuses)
        # Under the concurrent engine a stream with the auto-applied resumable-full-refresh cursor reads only the
        # first page of each slice (DESIGN.md §6); every stream's state is our own checkpoint instead.
        self.cursor = None

    @property
    @abstractmethod
    def route(self) -> Route: ...

    @property
    def http_method(self) -> str:
        return self.route.method

    def path(self, *, stream_slice: Mapping[str, Any] | None = None, **kwargs: Any) -> str:
        return self.route.path.format(**(stream_slice or {}))

    def request_kwargs(
        self,
        stream_state: Mapping[str, Any] | None,
        stream_slice: Mapping[str, Any] | None = None,
        next_page_token: Mapping[str, Any] | None = None,
    ) -> Mapping[str, Any]:
        return {"timeout": self.context.settings.timeout_seconds, "verify": self.context.settings.verify}

    def request_params(
        self, stream_state: Any = None, stream_slice: Any = None, next_page_token: Any = None
    ) -> MutableMapping[str, Any]:
        return {} if self.http_method == "POST" else self.page_request(stream_slice or {}, next_page_token)

    def request_body_json(
        self, stream_state: Any = None, stream_slice: Any = None, next_page_token: Any = None
    ) -> Mapping[str, Any] | None:
        return self.page_request(stream_slice or {}, next_page_token) if self.http_method == "POST" else None

    def page_request(
        self, stream_slice: Mapping[str, Any], next_page_token: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """Fixed route parameters, then the slice's (e.g. a JQL), then the page position."""
        page = next_page_token or self.route.paginator.first_page(self.context.page_size)
        return {**self.route.params, **self.slice_params(stream_slice), **page}

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        return {}

    def next_page_token(self, response: requests.Response) -> Mapping[str, Any] | None:
        return None if stopped(response) else self.route.paginator.next_page(response)

    def parse_response(
        self, response: requests.Response, *, stream_slice: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> Iterable[Mapping[str, Any]]:
        self._note_server_time(response)
        partition = stream_slice or {}
        for record in self.page_records(response, partition):
            if self.keep(record):
                yield self.stamp(self.transform(record), partition)

    def _note_server_time(self, response: requests.Response) -> None:
        """The sync's start on the server's clock: what an incremental partition's cursor becomes."""
        if self.checkpoint is None:
            return
        margin = timedelta(seconds=self.context.settings.timeout_seconds)
        started = server_clock(response.headers.get("Date"), response.elapsed, margin)
        if started is not None:
            self.checkpoint.note_server_time(started)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        return self.route.paginator.records(json_body(response))

    def keep(self, record: Mapping[str, Any]) -> bool:
        return True

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        return record

    def stamp(self, record: Mapping[str, Any], stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        """Writes the parent ids from the slice onto the record (a value the API already sent wins)."""
        if not self.stamps:
            return record
        return {
            **record,
            **{name: stream_slice.get(key) for name, key in self.stamps.items() if record.get(name) is None},
        }

    def stream_slices(
        self,
        *,
        sync_mode: SyncMode = SyncMode.full_refresh,
        cursor_field: Any = None,
        stream_state: Mapping[str, Any] | None = None,
    ) -> Iterable[Mapping[str, Any] | None]:
        partitions = self.partitions()
        return self.checkpoint.track(partitions) if self.checkpoint is not None else partitions

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        """One partition per parent record (its slice keys), or a single one."""
        if self.parent_kind is None:
            return [{PARTITION: "*"}]
        return [
            {**keys, PARTITION: "/".join(str(value) for value in keys.values())}
            for keys in self.context.parents.slices(self.parent_kind, self.slice_keys)
        ]

    def get_error_handler(self) -> ErrorHandler | None:
        return error_handler(self.context.settings, self.logger, self.ignored_statuses)

    def get_backoff_strategy(self) -> BackoffStrategy | list[BackoffStrategy] | None:
        return RetryAfterBackoffStrategy()
