"""Issue search and `jira_issues`.

Cloud: `POST /rest/api/3/search/jql` with nextPageToken (the old /search answers 410). Data Center:
`GET /rest/api/2/search` with startAt. Only a lower bound on `updated` and `ORDER BY id ASC` inside fixed `created`
windows: an issue edited while we page keeps its place, so no page shifts past an issue (DESIGN.md §4).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar

import requests
from airbyte_cdk.models import SyncMode
from airbyte_cdk.sources.streams.core import StreamData
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.errors import CHECK_CONNECTION_RETRIES
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraContext, JiraStream
from source_jira_octopus.jira.field_columns import FieldColumns
from source_jira_octopus.jira.issue_fetch import ReadEnd
from source_jira_octopus.jira.paginators import JiraOffsetPaginator, JiraTokenPaginator
from source_jira_octopus.jira.partitions import JQL, IssuePartitionPlanner, last_issue_id
from source_jira_octopus.jira.search_pass import requested_view
from source_jira_octopus.slice_keys import PARTITION


class JiraIssueSearch(JiraStream):
    """Every stream read from issue search: partitioned by project x `created` window, incremental on `updated`."""

    cursor_field = "updated"
    search_fields: ClassVar[tuple[str, ...]] = ("*all",)
    search_expand: ClassVar[str] = ""
    cloud = Route("search/jql", JiraTokenPaginator("issues"), method="POST")
    data_center = Route("search", JiraOffsetPaginator("issues"))

    def __init__(self, context: JiraContext) -> None:
        super().__init__(context)
        shared = context.search_pass
        # a member of the read's one issue-search pass asks for every member's fields and shares the pages
        self.search_pass = shared if shared is not None and shared.join(self) else None
        if self.search_pass is not None:
            self._http_client = self.search_pass.client_for(self._http_client, self)  # type: ignore[assignment]  # send_request is all the CDK calls
        self._pass_end = ReadEnd(self._left_the_pass)

    def stream_slices(self, **kwargs: Any) -> Iterable[Mapping[str, Any] | None]:
        slices = super().stream_slices(**kwargs)
        return slices if self.search_pass is None else self._listed_in_pass(slices)

    def read_records(self, sync_mode: SyncMode, *args: Any, **kwargs: Any) -> Iterable[StreamData]:
        records = super().read_records(sync_mode, *args, **kwargs)
        if self.search_pass is None:
            return records
        stream_slice = kwargs.get("stream_slice", args[1] if len(args) > 1 else None) or {}
        return self._pass_end.reading(self._read_in_pass(records, stream_slice.get(JQL)))

    def _listed_in_pass(self, slices: Iterable[Mapping[str, Any] | None]) -> Iterator[Mapping[str, Any] | None]:
        try:
            yield from self._pass_end.listing(slices)
        except BaseException:  # its partitions are not all listed: the pass keeps no page for it any more
            self._left_the_pass()
            raise

    def _read_in_pass(self, records: Iterable[StreamData], jql: Any) -> Iterator[StreamData]:
        try:
            yield from records
        finally:  # read, failed or cancelled: it asks for no more pages of this window
            if self.search_pass is not None and jql is not None:
                self.search_pass.partition_done(self, jql)

    def _left_the_pass(self) -> None:
        if self.search_pass is not None:
            self.search_pass.member_done(self)

    @property
    def request_fields(self) -> tuple[str, ...]:
        return self.search_pass.fields if self.search_pass else self.search_fields

    @property
    def request_expand(self) -> str:
        return self.search_pass.expand if self.search_pass else self.search_expand

    def partitions(self) -> Iterable[Mapping[str, Any]]:
        shared = self.search_pass.boundaries if self.search_pass else None
        return IssuePartitionPlanner(self.context, self.checkpoint, self.lower_bound, shared).slices()

    def slice_params(self, stream_slice: Mapping[str, Any]) -> Mapping[str, Any]:
        cloud, fields = self.context.site.is_cloud, self.request_fields
        params: dict[str, Any] = {"fields": list(fields) if cloud else ",".join(fields)}
        if self.request_expand:
            params["expand"] = self.request_expand
        if JQL in stream_slice:
            params[JQL] = stream_slice[JQL]
        return params

    def page_position(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Any:
        """The window's pages are in id order: a restart resumes after the page's last issue (`id > N`)."""
        return last_issue_id(self.route.paginator.records(json_body(response)))

    def updated_from(self, stream_slice: Mapping[str, Any]) -> datetime | None:
        """The lower bound this partition reads from (None on a full refresh)."""
        if not self.checkpoint.incremental:
            return None
        return self.lower_bound(str(stream_slice.get(PARTITION)))


class JiraIssues(JiraIssueSearch):
    """Issues with every Jira field also as a named, typed top-level column (jira/field_columns.py)."""

    name = "jira_issues"

    def __init__(self, context: JiraContext) -> None:
        super().__init__(context)
        self._columns: FieldColumns | None = None
        self._schema: Mapping[str, Any] | None = None
        self._columns_lock = threading.Lock()

    def get_json_schema(self) -> Mapping[str, Any]:  # type: ignore[override]
        """Built once (the CDK asks for it for every record)."""
        if self._schema is None:
            self._schema = self.field_columns.schema(super().get_json_schema())
        return self._schema

    @property
    def field_columns(self) -> FieldColumns:
        """Read once per stream instance (one `GET field`, when discover or read first builds the schema)."""
        with self._columns_lock:
            if self._columns is None:
                self._columns = site_field_columns(self.context, super().get_json_schema())
            return self._columns

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        if self.search_pass is not None:
            record = requested_view(record, self.search_expand, self.search_pass.expand)
        return {**record, **self.field_columns.values(_object(record.get("fields"))), **issue_row_keys(record)}


def issue_row_keys(issue: Mapping[str, Any]) -> dict[str, Any]:
    """What every issue row (`jira_issues`, board and sprint issues) lifts out of `fields`: its project and dates.

    The dates stay as Jira wrote them (`2024-01-15T10:20:30.123+0000`); the skeleton's DateTimeNormaliser
    (http/record_shape.py) writes every date-time of the schema as RFC 3339."""
    fields = _object(issue.get("fields"))
    project = _object(fields.get("project"))
    return {
        "projectId": project.get("id"),
        "projectKey": project.get("key"),
        "created": fields.get("created"),
        "updated": fields.get("updated"),
    }


def site_field_columns(context: JiraContext, static_schema: Mapping[str, Any]) -> FieldColumns:
    """The site's fields as columns; when `GET field` fails, the static schema alone (a warning says why).

    A refused or silent server gets one retry here, as in `check`: discover stays quick, and never fails for it."""
    settings = replace(context.settings, connection_retries=CHECK_CONNECTION_RETRIES)
    client = ServiceClient(settings, context.site.api_url, context.logger, name="jira_field_columns")
    try:
        fields = client.get("field")
        if not isinstance(fields, list):
            raise TypeError(f"GET field returned a {type(fields).__name__}, not a list of fields")
    except (AirbyteTracedException, TypeError) as error:
        message = error.message if isinstance(error, AirbyteTracedException) else str(error)
        context.logger.warning(
            f"jira_issues: no columns for the site's fields ({message}); the issues keep them in `fields` only."
        )
        return FieldColumns()
    return FieldColumns.build([f for f in fields if isinstance(f, Mapping)], static_schema)


def _object(value: Any) -> Mapping[str, Any]:
    """`fields` or `fields.project` as an object; anything else (a string, a list) reads as empty, kept in the record."""
    return value if isinstance(value, Mapping) else {}
