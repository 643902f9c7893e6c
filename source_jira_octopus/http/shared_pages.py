"""Response pages that several streams of one read ask for with the exact same request: fetched once, handed to each.

    pages = SharedPages(max_bytes=128 * 2**20)
    request, response = pages.take(key, "jira_issue_comments", readers, fetch, split)

- **Single flight per key**: the first stream to ask (the leader) sends the request; a stream asking while it is in
  flight waits for it. A failed fetch is nobody's page: each waiter then sends the request itself (so a retry budget
  is never shared), and the next asker starts a new flight.
- **Each reader gets its own body**: the leader reads the response as it came; `split` cuts from it, once, the body
  of each other reader the read's plan named (`readers`), and only those bodies are kept. A stream that needs two
  fields of a page that carries every field is handed those two, so it parses little and the store holds little.
  A page `split` cuts nothing from (it raises, or returns no body: an error answer) is shared with nobody.
  Each body is a response object of its own: nothing parsed is shared between streams.
- **Dropped once taken**: a body goes when its reader takes it, the page when its last body goes. A stream the plan
  did not name (or asking twice) fetches on its own.
- **Bounded**: bodies are kept while those held stay under `max_bytes`. A page whose bodies do not fit is not kept:
  each later reader fetches it, and the first of them leads a new flight for the rest (the oldest pages stay: the
  streams that come later read the pages in the same order, so the oldest are the next ones wanted).
- **A reader that will not come** is `withdraw`n: from the pages of one group (a partition it finished or gave up) or
  from all; its bodies are dropped and no later page is cut for it. A reader that fetches a page on its own (its
  flight failed or was not kept) is withdrawn from that page. What a reader that neither comes nor is withdrawn
  leaves is bounded by `max_bytes`.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field

import requests

Fetched = tuple[requests.PreparedRequest, requests.Response]
# (the leader's response, the other readers) -> each of those readers' body
Split = Callable[[requests.Response, frozenset[str]], Mapping[str, bytes]]
DEFAULT_MAX_BYTES = 128 * 2**20  # ~100 pages of 100 realistic issues with every field, changelog and transitions


@dataclass
class _Flight:
    pending: frozenset[str]  # readers still to take their body (the leader excluded)
    group: Hashable = None  # what `withdraw` names a set of pages by (the issue search's JQL of a partition)
    done: threading.Event = field(default_factory=threading.Event)
    request: requests.PreparedRequest | None = None
    response: requests.Response | None = None  # the leader's, for headers and paging; bodies are in `bodies`
    bodies: dict[str, bytes] = field(default_factory=dict)  # empty once done: failed, not kept, or all taken


@dataclass
class SharedPagesStats:
    fetched: int = 0  # requests sent through the store
    shared: int = 0  # bodies handed to a stream that did not send the request
    not_kept: int = 0  # pages whose later readers had to fetch them again (the bound was reached)
    peak_bytes: int = 0  # the most body bytes held at once


class SharedPages:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, logger: logging.Logger | None = None) -> None:
        self._max_bytes = max_bytes
        self._logger = logger
        self._lock = threading.Lock()
        self._flights: dict[Hashable, _Flight] = {}
        self._held_bytes = 0
        self._not_kept: dict[Hashable, _Flight] = {}  # pages not kept: their readers still to come (`pending`)
        self.stats = SharedPagesStats()

    @property
    def held_bytes(self) -> int:
        with self._lock:
            return self._held_bytes

    def __len__(self) -> int:
        with self._lock:
            return sum(1 for flight in self._flights.values() if flight.bodies)

    def take(
        self,
        key: Hashable,
        reader: str,
        readers: frozenset[str],
        fetch: Callable[[], Fetched],
        split: Split,
        group: Hashable = None,
    ) -> Fetched:
        """The response to the request `key` names, for `reader`: its body cut from a page another stream fetched,
        or the page fetched now (with the bodies of the other `readers` kept for them)."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is None:
                earlier = self._not_kept.pop(key, None)
                pending = (readers if earlier is None else earlier.pending) - {reader}
                flight = self._flights[key] = _Flight(pending, group)
                leader = True
            elif reader in flight.pending:
                leader = False
            else:  # not named by the plan, or asking twice: on its own
                flight = None
                leader = False
        if flight is None:
            return self._fetch(fetch)
        if leader:
            return self._lead(key, flight, fetch, split)
        flight.done.wait()
        with self._lock:
            held = _size(flight.bodies)
            body = flight.bodies.pop(reader, None)
            if body is not None:
                self._held_bytes -= held - _size(flight.bodies)
                self.stats.shared += 1
                if not flight.bodies and self._flights.get(key) is flight:
                    del self._flights[key]
            else:  # failed or not kept: it fetches on its own, and no newer flight of the key keeps a body for it
                self._withdraw_from(key, reader)
        if body is None or flight.request is None or flight.response is None:  # failed or not kept: on its own
            return self._fetch(fetch)
        return flight.request, _with_body(flight.response, body)

    def _lead(self, key: Hashable, flight: _Flight, fetch: Callable[[], Fetched], split: Split) -> Fetched:
        try:
            request, response = self._fetch(fetch)
        except BaseException:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()
            raise
        try:
            bodies = dict(split(response, flight.pending)) if flight.pending else {}
        except Exception:  # a body it cannot cut (not JSON): the leader reads it as it came, the others their own
            bodies = {}
        with self._lock:
            bodies = {name: body for name, body in bodies.items() if name in flight.pending}  # none withdrawn since
            size = _size(bodies)
            if bodies and self._held_bytes + size <= self._max_bytes:
                flight.request, flight.response, flight.bodies = request, _with_body(response, b""), bodies
                self._held_bytes += size
                self.stats.peak_bytes = max(self.stats.peak_bytes, self._held_bytes)
            else:  # past the bound, or nothing cut: the readers still to come fetch it, the first for the others
                self._flights.pop(key, None)
                if flight.pending:
                    self._not_kept[key] = flight
                if bodies:
                    self._note_not_kept(size)
        flight.done.set()
        return request, response

    def withdraw(self, reader: str, group: Hashable = None) -> None:
        """`reader` will not ask for the pages of `group` (or for any page, when `group` is None): drop its bodies
        and cut none for it."""
        with self._lock:
            flights = [*self._flights.items(), *self._not_kept.items()]
            for key in {key for key, flight in flights if group is None or flight.group == group}:
                self._withdraw_from(key, reader)

    def _withdraw_from(self, key: Hashable, reader: str) -> None:
        """Under the lock: `reader` takes nothing more of the page `key`."""
        earlier = self._not_kept.get(key)
        if earlier is not None:
            earlier.pending -= {reader}
            if not earlier.pending:
                del self._not_kept[key]
        flight = self._flights.get(key)
        if flight is None or reader not in flight.pending:
            return
        flight.pending -= {reader}
        if reader in flight.bodies:
            held = _size(flight.bodies)
            del flight.bodies[reader]
            self._held_bytes -= held - _size(flight.bodies)
        if flight.done.is_set() and not flight.bodies:
            del self._flights[key]

    def _fetch(self, fetch: Callable[[], Fetched]) -> Fetched:
        fetched = fetch()
        with self._lock:
            self.stats.fetched += 1
        return fetched

    def _note_not_kept(self, size: int) -> None:
        """Under the lock."""
        self.stats.not_kept += 1
        if self.stats.not_kept == 1 and self._logger is not None:
            self._logger.info(
                f"Shared issue-search pages: holding {self._held_bytes:,} bytes, the bound of {self._max_bytes:,}; a "
                f"page of {size:,} bytes for later streams is not kept, so they ask for it again."
            )


def _size(bodies: Mapping[str, bytes]) -> int:
    """Bytes held: readers with the same needs share one body."""
    return sum(len(body) for body in {id(body): body for body in bodies.values()}.values())


def _with_body(response: requests.Response, body: bytes) -> requests.Response:
    """The response with another body, as a new object: `Response.__getstate__` copies only the wire attributes (no
    parsed body cached on the original), and the copy's `_content` is replaced."""
    copied = copy.copy(response)
    copied._content = body
    return copied
