"""What every paginator shares: the protocol, the loop error, and the marker a paging rule leaves on a response.

A paginator computes the next page from the response (and the request that produced it) alone, so one instance
serves every partition of a stream concurrently. Rules that end a partition early (an item cap, "stop at the first
record older than the cursor") are decided while the page's records are read; the decision is stored on that
response so that `next_page` - which the CDK calls right after the records were read - stops too.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from typing import Any, Protocol

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.responses import MalformedResponseError, describe_request

_STOPPED_ATTRIBUTE = "_source_jira_octopus_paging_stopped"


class PaginationLoopError(AirbyteTracedException):
    """The API handed back a page position we already requested, or only records already emitted: paging would
    never end. A traced exception so that the read's TRACE carries this message, not just the class name."""

    def __init__(self, message: str) -> None:
        super().__init__(internal_message=message, message=message, failure_type=FailureType.system_error)


class Paginator(Protocol):
    def first_page(self, page_size: int) -> dict[str, Any]: ...

    def next_page(self, response: requests.Response) -> dict[str, Any] | None: ...

    def records(self, body: Any) -> list[Mapping[str, Any]]: ...


def stop_after(response: requests.Response) -> None:
    """A paging rule ended the partition at this page: no next page is requested."""
    setattr(response, _STOPPED_ATTRIBUTE, True)


def stopped(response: requests.Response) -> bool:
    return bool(getattr(response, _STOPPED_ATTRIBUTE, False))


class RepeatedPageGuard:
    """Keeps a partition from emitting a record twice, and stops it when a page brings nothing new.

    A server that ignores `startAt`/`skip` and sends no `total`/`isLast` answers every position with page one;
    the paginators' own rules only see positions moving forward. The stream passes each page's records through
    `fresh` *before* it emits any: records this partition already emitted are dropped (a list sorted newest first
    shifts by one when a record is added while we page), and a page of nothing but such records is a loop.
    Pages of one partition are read in order by one thread; `finish` forgets a partition when its paging ends.
    Each thread's reads are kept apart: a stream that is also a parent reads the same partition twice at once (its own
    read, and the read its children share), and neither is a repeat of the other.
    """

    def __init__(self, primary_key: str | list[str]) -> None:
        self.primary_key = primary_key
        self._seen: dict[tuple[int, str], set[str]] = {}

    def fresh(self, partition: str, response: requests.Response, records: list[Mapping[str, Any]]) -> list[Any]:
        seen = self._seen.setdefault((threading.get_ident(), partition), set())
        new: dict[str, Mapping[str, Any]] = {}
        for record in records:
            key = self._key(record)
            if key not in seen:
                new.setdefault(key, record)
        if records and not new:
            raise PaginationLoopError(
                f"{describe_request(response.request)} returned only records this partition already emitted "
                f"({len(records)}, e.g. {self.primary_key} {self._key(records[0])[:40]}): the server ignores the page "
                "position. Stopped before emitting them twice."
            )
        seen.update(new)
        return list(new.values())

    def finish(self, partition: str) -> None:
        self._seen.pop((threading.get_ident(), partition), None)

    def _key(self, record: Mapping[str, Any]) -> str:
        fields = [self.primary_key] if isinstance(self.primary_key, str) else self.primary_key
        values = [record.get(field) for field in fields]
        if all(value is not None for value in values):
            return "|".join(str(value) for value in values)
        # why: a composite key's parts may be stamped after this check (the parent's id); the whole record is unique
        return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def envelope_records(body: Any, key: str) -> list[Any]:
    """The record list of an envelope such as {"values": [...]}; another shape is a clear error, not an AttributeError."""
    if not isinstance(body, Mapping):
        raise MalformedResponseError(f"expected a JSON object with a `{key}` list, got {type(body).__name__}")
    records = body.get(key)
    if records is not None and not isinstance(records, list):
        raise MalformedResponseError(f"expected `{key}` to be a list, got {type(records).__name__}")
    return list(records or [])


def array_records(body: Any) -> list[Any]:
    if body is not None and not isinstance(body, list):
        raise MalformedResponseError(f"expected a JSON array of records, got {type(body).__name__}")
    return list(body or [])


def whole_number(value: Any, name: str, response: requests.Response) -> int:
    """A paging number from the envelope or the request (`startAt`, `total`, `skip`); nonsense names the request."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise MalformedResponseError(
            f"{describe_request(response.request)} returned `{name}` = {value!r}, not a whole number"
        ) from None
