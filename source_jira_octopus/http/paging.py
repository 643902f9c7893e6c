"""What every paginator shares: the protocol, the loop error, and the marker a paging rule leaves on a response.

A paginator computes the next page from the response (and the request that produced it) alone, so one instance
serves every partition of a stream concurrently. Rules that end a partition early (an item cap, "stop at the first
record older than the cursor") are decided while the page's records are read; the decision is stored on that
response so that `next_page` - which the CDK calls right after the records were read - stops too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import requests

_STOPPED_ATTRIBUTE = "_source_jira_octopus_paging_stopped"


class PaginationLoopError(RuntimeError):
    """The API handed back a page position we already requested: paging would never end."""


class Paginator(Protocol):
    def first_page(self, page_size: int) -> dict[str, Any]: ...

    def next_page(self, response: requests.Response) -> dict[str, Any] | None: ...

    def records(self, body: Any) -> list[Mapping[str, Any]]: ...


def stop_after(response: requests.Response) -> None:
    """A paging rule ended the partition at this page: no next page is requested."""
    setattr(response, _STOPPED_ATTRIBUTE, True)


def stopped(response: requests.Response) -> bool:
    return bool(getattr(response, _STOPPED_ATTRIBUTE, False))
