"""How many requests of one host may be on the wire at once, whatever thread sends them.

The concurrent engine runs `max_concurrent_requests` partitions at a time, and a partition of an issue child may send
its page's per-issue requests side by side (`jira/issue_fetch.py`): without one limit per host, 8 partitions with 8
requests each would put 64 requests in flight. A slot is held only while one attempt is sent and its body read, never
during a retry's wait, so a thread that backs off does not hold up the others.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class InFlightLimit:
    """At most `limit` requests in flight (None: no limit, for a side client such as the OAuth token endpoint)."""

    def __init__(self, limit: int | None = None) -> None:
        if limit is not None and limit < 1:
            raise ValueError(f"an in-flight limit is at least 1, not {limit}")
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit) if limit is not None else None

    @contextmanager
    def slot(self) -> Iterator[None]:
        if self._slots is None:
            yield
            return
        with self._slots:
            yield
