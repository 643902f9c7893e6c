"""The Octopus stream: `GET /api/<path>` paged with skip/take, server-wide or once per space.

Kinds listed newest first (releases by Assembled, deployments by Created) stop paging at the first record older
than the partition's lower bound - `start_date`, or on an incremental read the space's cursor minus a lookback:
the server has no date filter for them. Both that stop and the per-space item cap are paging rules, applied by the
paginator.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

import requests

from source_jira_octopus.config import OctopusConfig
from source_jira_octopus.http.stream import PARTITION, Route, ServiceHttpStream, StreamContext
from source_jira_octopus.octopus.paginators import OctopusSkipTakePaginator, PageRules

PAGINATOR = OctopusSkipTakePaginator()
SPACE_ID = "space_id"  # slice key = path placeholder
# Deployments and releases are stamped by the server when created; re-reading a few minutes before the cursor
# covers a record committed with a slightly earlier timestamp than a concurrent read saw.
INCREMENTAL_LOOKBACK = timedelta(minutes=10)


@dataclass(frozen=True)
class OctopusContext(StreamContext):
    config: OctopusConfig
    logger: logging.Logger


class OctopusStream(ServiceHttpStream):
    primary_key = "Id"
    kind: ClassVar[str]  # the name `octopus.max_items_per_kind` uses
    path_template: ClassVar[str]
    newest_first_field: ClassVar[str | None] = None
    context: OctopusContext

    @property
    def route(self) -> Route:
        return Route(self.path_template, PAGINATOR)

    @property
    def url_base(self) -> str:
        return f"{self.context.config.server_url}/api/"

    def page_records(self, response: requests.Response, stream_slice: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        return PAGINATOR.page(response, self.rules(stream_slice, response))

    def rules(self, stream_slice: Mapping[str, Any], response: requests.Response) -> PageRules:
        cap = self.context.config.max_items_per_kind.get(self.kind, 0)
        bound = self.lower_bound(str(stream_slice.get(PARTITION, "*")))
        stop = _older_than(self.newest_first_field, bound) if self.newest_first_field and bound else None
        return PageRules(cap, stop, lambda total: self._warn_cap(cap, response, total))

    def lower_bound(self, partition: str) -> datetime | None:
        start = self.context.config.start_date
        saved = self.checkpoint.lower_bound(partition) if self.checkpoint is not None else None
        return max(saved - INCREMENTAL_LOOKBACK, start) if saved else start

    def _warn_cap(self, cap: int, response: requests.Response, total: Any) -> None:
        self.logger.warning(
            f"{self.name}: stopped at the cap max_items_per_kind.{self.kind} = {cap} for "
            f"{response.request.path_url.split('?')[0]}; the list has {total} {self.kind}. Set the cap to 0 to read them all."
        )


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
