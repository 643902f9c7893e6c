"""Octopus streams: unscoped lists (spaces) and lists read once per space, stamped with their SpaceId."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping, MutableMapping, Optional

import requests
from airbyte_cdk.models import FailureType, SyncMode
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.responses import json_body, request_query
from source_jira_octopus.http.stream import HttpSettings, ServiceHttpStream
from source_jira_octopus.octopus.paginators import SKIP, TOTAL_RESULTS, OctopusSkipTakePaginator

PAGINATOR = OctopusSkipTakePaginator()
SPACE_ID = "space_id"  # slice key = path placeholder


class OctopusStream(ServiceHttpStream):
    primary_key = "Id"

    def __init__(
        self,
        name: str,
        settings: HttpSettings,
        server_url: str,
        path: str,
        page_size: int,
        record_filter: Optional[Callable[[Mapping[str, Any]], bool]] = None,
    ) -> None:
        self._server_url = server_url
        self._path = path
        self._page_size = page_size
        self._record_filter = record_filter
        super().__init__(name, settings)

    @property
    def url_base(self) -> str:
        return f"{self._server_url}/api/"

    def path(self, stream_slice: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> str:
        return self._path.format(**(stream_slice or {}))

    def request_params(self, stream_state: Any = None, stream_slice: Any = None, next_page_token: Any = None) -> MutableMapping[str, Any]:
        return dict(next_page_token or PAGINATOR.first_page(self._page_size))

    def next_page_token(self, response: requests.Response) -> Optional[Mapping[str, Any]]:
        return PAGINATOR.next_page(response)

    def parse_response(self, response: requests.Response, **kwargs: Any) -> Iterable[Mapping[str, Any]]:
        for record in PAGINATOR.records(json_body(response)):
            if self._record_filter is None or self._record_filter(record):
                yield record


class OctopusSpaceDirectory:
    """The spaces to read, listed once (thread-safe) and shared by every space-scoped stream."""

    def __init__(self, spaces: OctopusStream, wanted: tuple[str, ...]) -> None:
        self._spaces = spaces
        self._wanted = wanted
        self._lock = threading.Lock()
        self._ids: Optional[list[str]] = None

    def space_ids(self) -> list[str]:
        with self._lock:
            if self._ids is None:
                self._ids = self._list()
            return list(self._ids)

    def _list(self) -> list[str]:
        found = [str(r["Id"]) for r in self._spaces.read_records(sync_mode=SyncMode.full_refresh)]
        missing = [space for space in self._wanted if space not in found]
        if missing:
            raise AirbyteTracedException(
                message=f"Octopus: `octopus.spaces` lists {', '.join(missing)}, which the API key cannot see. "
                f"Visible spaces: {', '.join(found) or 'none'}.",
                failure_type=FailureType.config_error,
            )
        return [space for space in found if not self._wanted or space in self._wanted]


class OctopusSpaceScopedStream(OctopusStream):
    """`GET /api/{space_id}/<kind>` for every space; an optional cap per space (`max_items_per_kind`).

    Kinds listed newest first (releases by Assembled, deployments by Created) honour `start_date` by stopping at
    the first page that reaches an older record: the server has no date filter for them.
    """

    def __init__(self, name: str, settings: HttpSettings, server_url: str, kind: str, page_size: int,
                 directory: OctopusSpaceDirectory, cap: int = 0, created_field: Optional[str] = None,
                 start_date: Optional[datetime] = None) -> None:
        self._directory = directory
        self._kind = kind
        self._cap = cap
        self._created_field = created_field
        self._start_date = start_date if created_field else None
        super().__init__(name, settings, server_url, f"{{{SPACE_ID}}}/{kind}", page_size)

    def stream_slices(self, **kwargs: Any) -> Iterable[Optional[Mapping[str, Any]]]:
        return [{SPACE_ID: space_id} for space_id in self._directory.space_ids()]

    def parse_response(self, response: requests.Response, stream_slice: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> Iterable[Mapping[str, Any]]:
        position = int(request_query(response.request).get(SKIP, 0))
        space_id = (stream_slice or {}).get(SPACE_ID)
        for offset, record in enumerate(super().parse_response(response)):
            if (self._cap and position + offset >= self._cap) or self._before_start(record):
                return
            yield {**record, "SpaceId": record.get("SpaceId") or space_id}

    def next_page_token(self, response: requests.Response) -> Optional[Mapping[str, Any]]:
        token = super().next_page_token(response)
        if token and self._cap and int(token[SKIP]) >= self._cap:
            self._warn_cap_reached(response)
            return None
        page = PAGINATOR.records(json_body(response))
        if token and page and self._before_start(page[-1]):
            return None
        return token

    def _before_start(self, record: Mapping[str, Any]) -> bool:
        if self._start_date is None or not record.get(self._created_field):
            return False
        return datetime.fromisoformat(str(record[self._created_field]).replace("Z", "+00:00")) < self._start_date

    def _warn_cap_reached(self, response: requests.Response) -> None:
        total = json_body(response).get(TOTAL_RESULTS)
        self.logger.warning(
            f"{self.name}: stopped at the cap max_items_per_kind.{self._kind} = {self._cap} for "
            f"{response.request.path_url.split('?')[0]}; the space has {total} {self._kind}. "
            f"Set the cap to 0 to read them all."
        )
