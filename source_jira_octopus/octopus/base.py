"""The Octopus stream: `GET /api/<path>` paged with skip/take, server-wide or once per space.

Kinds listed newest first (releases by Assembled, deployments by Created) stop paging at the first record older
than the partition's lower bound - `start_date`, or on an incremental read the space's cursor minus a lookback:
the server has no date filter for them. Both that stop and the per-space item cap are paging rules, applied by the
paginator.

What every kind shares beyond paging:
- secrets are removed from every record before any other hook sees it (`secrets.py`);
- a space whose kind the key may not read (403, e.g. "Missing permission: AccountView") is skipped for that kind
  with a warning naming the stream, the space and Octopus' own message; the other spaces are read;
- a collection the server does not have (404: older servers lack newer kinds) is skipped with a warning naming
  the server's version (`GET /api` -> `Version`), never failing the sync.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, ClassVar

import requests

from source_jira_octopus.config import OctopusConfig
from source_jira_octopus.http.responses import body_excerpt, request_query
from source_jira_octopus.http.stream import Route, ServiceHttpStream, StreamContext
from source_jira_octopus.octopus.paginators import SKIP, OctopusSkipTakePaginator, PageRules
from source_jira_octopus.octopus.secrets import without_secrets
from source_jira_octopus.octopus.server_version import ServerVersion
from source_jira_octopus.slice_keys import PARTITION, RESUME_AFTER

PAGINATOR = OctopusSkipTakePaginator()
SPACE_ID = "space_id"  # slice key = path placeholder
# Deployments and releases are stamped by the server when created; re-reading a few minutes before the cursor
# covers a record committed with a slightly earlier timestamp than a concurrent read saw.
INCREMENTAL_LOOKBACK = timedelta(minutes=10)
SKIPPED_STATUSES: Mapping[int, str] = MappingProxyType(
    {
        403: "the API key may not read this kind in this space (skipped for this space; the others are read)",
        404: "the server has no such collection (a kind added in a later Octopus version); skipped",
    }
)
SYSTEM_SCOPE = "the whole server"


@dataclass(frozen=True)
class OctopusContext(StreamContext):
    config: OctopusConfig
    logger: logging.Logger


class OctopusStream(ServiceHttpStream):
    primary_key: ClassVar[str | list[str]] = "Id"
    kind: ClassVar[str]  # the name `octopus.max_items_per_kind` uses
    cap_noun: ClassVar[str | None] = None  # what that cap counts, in the spec's words (default: the kind's words)
    path_template: ClassVar[str]
    newest_first_field: ClassVar[str | None] = None
    # The vendor's Swagger component of one record ("TagSetResource"): the sample API serves every collection its
    # Swagger pages from that component, and the row's schema case is derived from it; no builder by hand.
    vendor_resource: ClassVar[str | None] = None
    ignored_statuses = SKIPPED_STATUSES
    lookback = INCREMENTAL_LOOKBACK
    context: OctopusContext

    def __init__(self, context: StreamContext) -> None:
        super().__init__(context)
        self._server_version = ServerVersion(self.context.settings, self.context.config.server_url, self.logger)
        self._read_from_the_top: set[str] = set()  # partitions whose resumed place was lost (read again from skip 0)

    @property
    def route(self) -> Route:
        return Route(self.path_template, PAGINATOR)

    @property
    def url_base(self) -> str:
        return f"{self.context.config.server_url}/api/"

    @property
    def start_date(self) -> datetime:
        return self.context.config.start_date

    def skipped(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> None:
        self._warn_skipped(response, stream_slice)

    # ---- progress after every page, for lists sorted newest first (other kinds save it as partitions close) --------
    def page_position(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Any:
        return PAGINATOR.position(response, self.newest_first_field) if self.newest_first_field else None

    def first_page(self, stream_slice: Mapping[str, Any]) -> dict[str, Any]:
        resumed = PAGINATOR.resume_page(stream_slice.get(RESUME_AFTER), self.context.page_size)
        return resumed or super().first_page(stream_slice)

    def next_page_token(self, response: requests.Response) -> Mapping[str, Any] | None:
        """A resumed partition whose first page lost its place is read again from the top (duplicates, no gap)."""
        stream_slice = getattr(self._paging, "slice", None) or {}
        partition = str(stream_slice.get(PARTITION, "*"))
        if self._lost_place(response, stream_slice) and partition not in self._read_from_the_top:
            self._read_from_the_top.add(partition)
            self.logger.warning(
                f"{self.name}: in {_scope(stream_slice)} the list moved by more than a page since the interrupted sync "
                "(records deleted ahead of where it stopped); reading this partition again from its newest record."
            )
            self._repeated_pages.finish(partition)
            return PAGINATOR.first_page(self.context.page_size)
        return super().next_page_token(response)

    def _lost_place(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> bool:
        resumed = PAGINATOR.resume_page(stream_slice.get(RESUME_AFTER), self.context.page_size)
        if not resumed or not resumed[SKIP] or not self.newest_first_field or response.status_code != 200:
            return False
        if int(request_query(response.request).get(SKIP, 0)) != resumed[SKIP]:
            return False
        return PAGINATOR.lost_place(response, stream_slice[RESUME_AFTER], self.newest_first_field)

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        return [without_secrets(record) for record in PAGINATOR.page(response, self.rules(stream_slice, response))]

    def rules(self, stream_slice: Mapping[str, Any], response: requests.Response) -> PageRules:
        cap = self.context.config.max_items_per_kind.get(self.kind, 0)
        bound = self.lower_bound(str(stream_slice.get(PARTITION, "*")))
        stop = _older_than(self.newest_first_field, bound) if self.newest_first_field else None
        return PageRules(cap, stop, lambda total: self._warn_cap(cap, response, total, stream_slice))

    def _warn_cap(self, cap: int, response: requests.Response, total: Any, stream_slice: Mapping[str, Any]) -> None:
        self.logger.warning(
            f"{self.name}: stopped at the cap max_items_per_kind.{self.kind} = {cap} in {_scope(stream_slice)} "
            f"({response.request.path_url.split('?')[0]}); the list has {total} {self.kind}. Set the cap to 0 to read "
            "them all."
        )

    def _warn_skipped(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> None:
        scope, excerpt = _scope(stream_slice), body_excerpt(response).rstrip(". ")
        if response.status_code == 404:
            why = (
                f"Octopus {self._server_version.get()} at {self.context.config.server_url} has no "
                f"{response.request.path_url.split('?')[0]} ({excerpt}): this kind needs a newer Octopus version"
            )
        else:
            why = (
                f"the API key may not read it (HTTP {response.status_code}: {excerpt}); add the key's user to a team "
                "with that permission there, or leave the space out of `octopus.spaces`"
            )
        self.logger.warning(f"{self.name}: skipped {scope}: {why}. The sync goes on without these records.")


def _scope(stream_slice: Mapping[str, Any]) -> str:
    space = stream_slice.get(SPACE_ID)
    return f"space {space}" if space else SYSTEM_SCOPE


def _older_than(field: str, bound: datetime):  # type: ignore[no-untyped-def]
    def older(record: Mapping[str, Any]) -> bool:
        value = record.get(field)
        if not isinstance(value, str):
            return False
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")) < bound
        except ValueError:
            return False

    return older
