"""Response pages that several streams of one read ask for with the exact same request: fetched once, handed to each.

    pages = SharedPages(max_bytes=128 * 2**20)
    request, response = pages.take(key, readers=3, fetch=lambda: client.send_request(...))

- **Single flight per key**: the first stream to ask sends the request; a stream asking while it is in flight waits
  for it. A failed fetch is nobody's page: each waiter then sends the request itself (so a retry budget is never
  shared), and the next asker starts a new flight.
- **Dropped once taken by every expected reader** (`readers`, counted by whoever plans the read): memory holds only
  the pages some stream still has to read.
- **Bounded**: pages are kept while the bodies held stay under `max_bytes`. A page that does not fit is handed to its
  fetcher and not kept, so each later reader fetches it itself (the oldest pages stay: the streams that come later
  read the same pages from the start, so the oldest are the next ones wanted). A reader that never comes (a stream
  that failed) leaves its pages until the read ends; the bound keeps them from piling up.
- **Each taker gets its own response object** over the same body bytes: `json_body` parses and caches per object, so
  no stream sees another's records (some transforms edit nested values in place), and the store holds bytes, never
  parsed pages.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import requests

Fetched = tuple[requests.PreparedRequest, requests.Response]
DEFAULT_MAX_BYTES = 128 * 2**20  # ~100 pages of 100 realistic issues with every field, changelog and transitions


@dataclass
class _Flight:
    readers: int
    taken: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    fetched: Fetched | None = None  # None once done: the fetch failed, or the page was not kept


@dataclass
class SharedPagesStats:
    fetched: int = 0  # requests sent through the store
    shared: int = 0  # pages handed to a stream that did not send the request
    not_kept: int = 0  # pages a later reader had to fetch again (the bound was reached)
    peak_bytes: int = 0  # the most body bytes held at once


class SharedPages:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, logger: logging.Logger | None = None) -> None:
        self._max_bytes = max_bytes
        self._logger = logger
        self._lock = threading.Lock()
        self._flights: dict[Hashable, _Flight] = {}
        self._held_bytes = 0
        self._remaining: dict[Hashable, int] = {}  # readers still to come for a page that was not kept
        self.stats = SharedPagesStats()

    @property
    def held_bytes(self) -> int:
        with self._lock:
            return self._held_bytes

    def __len__(self) -> int:
        with self._lock:
            return sum(1 for flight in self._flights.values() if flight.fetched is not None)

    def take(self, key: Hashable, readers: int, fetch: Callable[[], Fetched]) -> Fetched:
        """The response to the request `key` names: this stream's copy of a page another stream fetched, or one
        fetched now (and kept for the `readers - 1` other streams that will ask for it)."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is None:
                readers = self._remaining.pop(key, readers)
                flight = self._flights[key] = _Flight(readers)
                leader = True
            else:
                leader = False
        if leader:
            return self._lead(key, flight, fetch)
        flight.done.wait()
        with self._lock:
            fetched = flight.fetched
            if fetched is not None:
                self._taken(key, flight)
                self.stats.shared += 1
            elif key in self._remaining:  # the page was not kept: this reader is no longer to come
                self._remaining[key] -= 1
                if self._remaining[key] <= 0:
                    del self._remaining[key]
        if fetched is None:  # the flight failed or its page was not kept: this stream asks on its own
            return self._fetch(fetch)
        request, response = fetched
        return request, _own_copy(response)

    def _lead(self, key: Hashable, flight: _Flight, fetch: Callable[[], Fetched]) -> Fetched:
        try:
            request, response = self._fetch(fetch)
        except BaseException:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()
            raise
        size = len(response.content or b"")
        with self._lock:
            later = flight.readers - 1
            if later > 0 and self._held_bytes + size <= self._max_bytes:
                flight.fetched = (request, _own_copy(response))
                flight.taken = 1
                self._held_bytes += size
                self.stats.peak_bytes = max(self.stats.peak_bytes, self._held_bytes)
            else:
                self._flights.pop(key, None)
                if later > 0:
                    self._remaining[key] = later
                    self._note_not_kept(size)
        flight.done.set()
        return request, response

    def _fetch(self, fetch: Callable[[], Fetched]) -> Fetched:
        fetched = fetch()
        with self._lock:
            self.stats.fetched += 1
        return fetched

    def _taken(self, key: Hashable, flight: _Flight) -> None:
        """Under the lock: one more reader has its copy; the last one drops the page."""
        flight.taken += 1
        if flight.taken >= flight.readers and self._flights.get(key) is flight:
            del self._flights[key]
            assert flight.fetched is not None
            self._held_bytes -= len(flight.fetched[1].content or b"")
            flight.fetched = None

    def _note_not_kept(self, size: int) -> None:
        """Under the lock."""
        self.stats.not_kept += 1
        if self.stats.not_kept == 1 and self._logger is not None:
            self._logger.info(
                f"Shared issue-search pages: holding {self._held_bytes:,} bytes, the bound of {self._max_bytes:,}; a "
                f"page of {size:,} bytes is not kept, so the streams that read it later ask for it again."
            )


def _own_copy(response: requests.Response) -> requests.Response:
    """A response over the same body bytes without the parsed body cached on the original (`Response.__getstate__`
    copies only the wire attributes)."""
    return copy.copy(response)
