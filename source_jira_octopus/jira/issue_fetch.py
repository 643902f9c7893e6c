"""The one way an issue child reads a resource of one issue (`GET issue/{id}/...`) while its stream pages through
issue search: comment and worklog overflow, Data Center changelogs, watchers, votes, remote links and properties.

Between the search page that listed an issue and the request for its children, the issue can be deleted or become
invisible to the sync's user; Jira answers 404 for both. That is no configuration error (the skeleton's 404 says
"check jira.base_url"): the issue is skipped - none of its children are emitted, not even a first page the search
embedded - the rest of the read goes on, and the stream logs one WARN when its read ends, naming how many issues it
skipped.

The issues of one search page are read side by side (`each`): up to `max_concurrent_requests` at once per page, and no
more than that for the whole host (`http/in_flight.py` holds every Jira request to the same limit, so pages of other
partitions and streams share it). Results come back in the page's order, so records are emitted as if read one by
one, and the page's checkpoint is written only once every issue of it is done.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.paging import Paginator
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.jira.base import JiraContext

NOT_FOUND = 404
Item = TypeVar("Item")
Entry = TypeVar("Entry")
VANISHED = "the issue was deleted or became invisible while the sync read it (Jira documents 404 for both)"


class IssueVanished(Exception):
    """Jira answered 404 for a resource of an issue the search had just listed."""

    def __init__(self, issue_id: str) -> None:
        super().__init__(issue_id)
        self.issue_id = issue_id


class PerIssueFetch:
    """`get` and `pages` raise IssueVanished on a 404 and remember the issue; `entries` turns that into None
    (skip this issue) for the reader of one issue's entries. Thread-safe: the partitions of one stream share it."""

    def __init__(self, stream_name: str, context: JiraContext) -> None:
        self._stream_name = stream_name
        self._client = ServiceClient(
            context.settings,
            context.site.api_url,
            context.logger,
            name=f"{stream_name}_per_issue",
            ignored_statuses={NOT_FOUND: VANISHED},
        )
        self._workers = max(1, context.workers)
        self._lock = threading.Lock()
        self._vanished: set[str] = set()

    def get(self, issue_id: Any, resource: str = "", params: Mapping[str, Any] | None = None) -> Any:
        """`GET issue/{issue_id}/{resource}` as parsed JSON."""
        response = self._client.send("GET", _path(issue_id, resource), params=params)
        if response.status_code == NOT_FOUND:
            raise self._vanish(issue_id)
        return json_body(response)

    def pages(
        self,
        issue_id: Any,
        resource: str,
        paginator: Paginator,
        page_size: int,
        params: Mapping[str, Any] | None = None,
    ) -> list[Mapping[str, Any]]:
        """Every record of a paged list of one issue; a 404 on any page drops what the earlier pages brought."""
        found: list[Mapping[str, Any]] = []
        position: dict[str, Any] | None = paginator.first_page(page_size)
        while position is not None:
            response = self._client.send("GET", _path(issue_id, resource), params={**(params or {}), **position})
            if response.status_code == NOT_FOUND:
                raise self._vanish(issue_id)
            found += paginator.records(json_body(response))
            position = paginator.next_page(response)
        return found

    @staticmethod
    def entries(read: Callable[[], Iterable[Any]]) -> list[Any] | None:
        """All of one issue's entries as `read` finds them, or None when the issue vanished while they were read."""
        try:
            return list(read())
        except IssueVanished:
            return None

    def each(self, items: Sequence[Item], read: Callable[[Item], Iterable[Entry]]) -> list[list[Entry] | None]:
        """`entries(read(item))` for every item (an issue, usually), several at once, in the items' order.

        Each call has its own pool of up to `max_concurrent_requests` threads; how many of them send at once is the
        host's in-flight limit. A request that fails for good raises here, and the items not started yet are dropped."""

        def one(item: Item) -> list[Entry] | None:
            return self.entries(partial(read, item))

        if len(items) < 2 or self._workers < 2:
            return [one(item) for item in items]
        pool = ThreadPoolExecutor(max_workers=min(self._workers, len(items)), thread_name_prefix=self._stream_name)
        try:
            return list(pool.map(one, items))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def report(self, logger: logging.Logger) -> None:
        """One WARN for the read that just ended, if it skipped any issue; the count starts again at zero."""
        with self._lock:
            skipped, self._vanished = sorted(self._vanished), set()
        if skipped:
            shown = ", ".join(skipped[:5]) + (", ..." if len(skipped) > 5 else "")
            logger.warning(
                f"{self._stream_name}: skipped {len(skipped)} issue{'s' if len(skipped) > 1 else ''} ({shown}): Jira "
                f"answered 404 because {VANISHED}. The other issues' records are complete; the next sync no longer "
                "lists a deleted issue."
            )

    def _vanish(self, issue_id: Any) -> IssueVanished:
        with self._lock:
            self._vanished.add(str(issue_id))
        return IssueVanished(str(issue_id))


class ReadEnd:
    """Calls `on_end` once every partition a read listed has been read: the CDK's concurrent engine reads the
    partitions of one stream on several threads and tells the stream nothing when the last one ends.

    `listing` wraps the partitions as the engine takes them; `reading` wraps each partition's records."""

    def __init__(self, on_end: Callable[[], None]) -> None:
        self._on_end = on_end
        self._lock = threading.Lock()
        self._listed = self._read = 0
        self._listing_done = False

    def listing(self, partitions: Iterable[Mapping[str, Any] | None]) -> Iterator[Mapping[str, Any] | None]:
        with self._lock:
            self._listed = self._read = 0
            self._listing_done = False
        for partition in partitions:
            with self._lock:
                self._listed += 1
            yield partition
        with self._lock:
            self._listing_done = True
            ended = self._read >= self._listed
        if ended:
            self._on_end()

    def reading(self, records: Iterable[Any]) -> Iterator[Any]:
        try:
            yield from records
        finally:
            with self._lock:
                self._read += 1
                ended = self._listing_done and self._read == self._listed
            if ended:
                self._on_end()


def _path(issue_id: Any, resource: str) -> str:
    return f"issue/{issue_id}/{resource}" if resource else f"issue/{issue_id}"
