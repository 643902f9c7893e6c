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

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import requests
from airbyte_cdk.models import SyncMode
from airbyte_cdk.sources.streams.core import StreamData
from airbyte_cdk.sources.streams.http import HttpStream
from airbyte_cdk.sources.streams.http.error_handlers import ErrorHandler

from source_jira_octopus.cancellation import cancelled
from source_jira_octopus.http.checkpoints import CheckpointFor, StreamCheckpoint, no_checkpoints
from source_jira_octopus.http.paging import Paginator, RepeatedPageGuard, stopped
from source_jira_octopus.http.record_shape import DateTimeNormaliser
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.server_clock import server_clock
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.http.transport import ServiceHttpClient, error_handler
from source_jira_octopus.slice_keys import PARTITION

if TYPE_CHECKING:
    from source_jira_octopus.http.parents import ParentDirectory

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
    """What every stream of one service is built with. `checkpoints` gives each stream its own checkpoint by name
    (a read: the source's per-stream `PartitionCheckpoint`s; otherwise null ones, http/checkpoints.py)."""

    settings: HttpSettings
    page_size: int
    parents: ParentDirectory
    checkpoints: CheckpointFor = field(default=no_checkpoints, kw_only=True)


class ServiceHttpStream(HttpStream, ABC):
    primary_key: ClassVar[str | list[str]] = "id"  # a list for a composite key (the CDK's shape)
    ignored_statuses: ClassVar[Mapping[int, str]] = NO_MAPPING  # statuses the API documents for this endpoint only
    stamps: ClassVar[Mapping[str, str]] = NO_MAPPING  # record field <- slice key (the parent's ids)
    # Never name this `parent`: the CDK's concurrent adapter overwrites `stream.parent.cursor` (DESIGN.md §6).
    parent_kind: ClassVar[type[ServiceHttpStream] | None] = None
    slice_keys: ClassVar[Mapping[str, str]] = NO_MAPPING  # slice key <- parent record field
    # Read again this much before a saved cursor, on top of the user's lookback setting: records the server stamps a
    # little before a concurrent read saw them, or a last minute the API leaves out (`lower_bound`).
    lookback: ClassVar[timedelta] = timedelta(0)

    def __init__(self, context: StreamContext) -> None:
        self.context = context
        self.checkpoint: StreamCheckpoint = context.checkpoints(self.name)  # per-partition state, never None
        self._shape: DateTimeNormaliser | None = None
        self._reported_shapes: set[tuple[str, str]] = set()
        self._repeated_pages = RepeatedPageGuard(self.primary_key)
        self._paging = threading.local()  # the partition whose page this thread parses
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
    @abstractmethod
    def start_date(self) -> datetime:
        """The service's `start_date`: no read starts before it."""

    @property
    def configured_lookback(self) -> timedelta:
        """The user's lookback setting, where the service has one (`jira.lookback_window_minutes`)."""
        return timedelta(0)

    def lower_bound(self, partition: str) -> datetime:
        """Where a read of this partition starts: its saved cursor minus the lookback, never before `start_date`
        (a first or full-refresh read starts at `start_date`)."""
        saved = self.checkpoint.saved_cursor(partition)
        if saved is None:
            return self.start_date
        return max(saved - self.configured_lookback - self.lookback, self.start_date)

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
        page = next_page_token or self.first_page(stream_slice)
        return {**self.route.params, **self.slice_params(stream_slice), **page}

    def first_page(self, stream_slice: Mapping[str, Any]) -> dict[str, Any]:
        """The first page of a slice (a kind whose `page_position` is a page resumes a partly read slice there)."""
        return self.route.paginator.first_page(self.context.page_size)

    def page_position(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Any:
        """Where a restart may resume this slice once this page is read (a JSON value the kind reads back from the
        slice's `RESUME_AFTER`), or None: progress is then saved only when the partition closes."""
        return None

    def records_for_children(self, stream_slice: Mapping[str, Any]) -> Iterable[StreamData]:
        """This stream's records read as a parent: its own checkpoint saves no progress for pages its own read has
        not emitted."""
        self._paging.for_children = True
        try:
            yield from self.read_records(SyncMode.full_refresh, stream_slice=stream_slice)
        finally:
            self._paging.for_children = False

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        return {}

    def read_records(self, sync_mode: SyncMode, *args: Any, **kwargs: Any) -> Iterable[StreamData]:
        """After SIGTERM a partition not started yet sends no request (cancellation.py)."""
        return iter(()) if cancelled() else super().read_records(sync_mode, *args, **kwargs)

    def next_page_token(self, response: requests.Response) -> Mapping[str, Any] | None:
        """Called by the CDK right after parse_response, in the same thread, for the same partition; after SIGTERM
        the page in flight is the partition's last (and the checkpoint does not count it as complete)."""
        skipped = response.status_code in self.ignored_statuses  # the handler logged it; its body is an error
        token = None if skipped or stopped(response) or cancelled() else self.route.paginator.next_page(response)
        if token is None:
            self._repeated_pages.finish(getattr(self._paging, "partition", "*"))
        elif not getattr(self._paging, "for_children", False):
            self._checkpoint_page(response)  # the page's records are queued; the state goes behind them
        return token

    def _checkpoint_page(self, response: requests.Response) -> None:
        stream_slice = getattr(self._paging, "slice", None)
        if stream_slice is not None:
            position = self.page_position(response, stream_slice)
            if position is not None:
                self.checkpoint.page_read(stream_slice, position)

    def skipped(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> None:
        """A response with a status this endpoint documents (`ignored_statuses`) ended this partition; the error
        handler has logged it. Kinds that say more (which space, which server version) override this."""

    def parse_response(
        self, response: requests.Response, *, stream_slice: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> Iterable[Mapping[str, Any]]:
        if response.status_code in self.ignored_statuses:  # an error body the error handler let through: no records
            self.skipped(response, stream_slice or {})
            # an incremental cursor must not pass records never read
            self.checkpoint.keep_cursor(str((stream_slice or {}).get(PARTITION, "*")))
            return
        self._note_server_time(response)
        partition = stream_slice or {}
        self._paging.partition = key = str(partition.get(PARTITION, "*"))  # the guard keeps each thread's reads apart
        self._paging.slice = partition
        records = []
        for record in self.page_records(response, partition):
            if not isinstance(record, Mapping):
                self.report_shape("record", "not a JSON object, skipped", record)
            elif self.keep(record):
                records.append(self.stamp(self.shape.normalise(self._transformed(record)), partition))
        fresh = self._repeated_pages.fresh(key, response, records)  # before one record of the page leaves
        if len(fresh) < len(records):
            self.report_shape("page", "repeating records this partition already emitted, dropped", len(records))
        yield from fresh

    @property
    def shape(self) -> DateTimeNormaliser:
        """The schema's date-time paths, found once per stream (record_shape.py)."""
        if self._shape is None:
            self._shape = DateTimeNormaliser(self.get_json_schema(), self.report_shape)
        return self._shape

    def _transformed(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        """A transform that meets a shape it does not expect keeps the record as sent rather than lose the stream."""
        try:
            return self.transform(record)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            self.report_shape(
                "record",
                f"in a shape the transform cannot read ({type(error).__name__}), kept as sent",
                record.get(self.primary_key if isinstance(self.primary_key, str) else self.primary_key[0]),
            )
            return record

    def report_shape(self, path: str, what: str, example: Any = None) -> None:
        """Logs each unexpected shape once per stream, not once per record."""
        if (path, what) in self._reported_shapes:
            return
        self._reported_shapes.add((path, what))
        shown = repr(example)[:80]
        self.logger.warning(
            f"{self.name}: {path} is {what} (e.g. {shown}). Logged once per stream; records like it are treated alike."
        )

    def _note_server_time(self, response: requests.Response) -> None:
        """The sync's start on the server's clock: what an incremental partition's cursor becomes."""
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
        return self.checkpoint.track(self.partitions())

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
