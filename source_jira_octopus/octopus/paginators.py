"""Octopus' one list shape: skip/take over an envelope with `Items`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests

from source_jira_octopus.http.paging import envelope_records, stop_after, stopped, whole_number
from source_jira_octopus.http.responses import json_body, request_query

SKIP = "skip"
TAKE = "take"
ITEMS = "Items"
TOTAL_RESULTS = "TotalResults"
LINKS = "Links"
NEXT_PAGE_LINK = "Page.Next"
ID = "Id"


class OctopusSkipTakePaginator:
    """`GET /api/Spaces-1/deployments?skip=0&take=30`:

        {"ItemType": "Deployment", "TotalResults": 95, "ItemsPerPage": 30, "NumberOfPages": 4,
         "LastPageNumber": 3, "Items": [...], "Links": {"Self": "...", "Page.Next": "/api/Spaces-1/deployments?skip=30&take=30"}}

    `LastPageNumber` is 0-based and `take` may be capped by the server, so the next position is skip + items
    received; paging stops on an empty page, at TotalResults, or when the envelope has no `Page.Next` link. The
    position only grows and TotalResults bounds it, so even a server that ignored `skip` could not loop forever.
    """

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {SKIP: 0, TAKE: page_size}

    def page(self, response: requests.Response, rules: PageRules) -> list[Mapping[str, Any]]:
        """The page's records up to the partition's rules; a page the rules cut is the last one requested."""
        records = self.records(json_body(response))
        position = int(request_query(response.request).get(SKIP, 0))
        kept: list[Mapping[str, Any]] = []
        for offset, record in enumerate(records):
            if rules.cap and position + offset >= rules.cap:
                return self._capped(response, rules, kept)
            if rules.stop_before is not None and rules.stop_before(record):
                stop_after(response)
                return kept
            kept.append(record)
        if rules.cap and position + len(records) >= rules.cap and self.next_page(response) is not None:
            return self._capped(response, rules, kept)
        return kept

    @staticmethod
    def _capped(
        response: requests.Response, rules: PageRules, kept: list[Mapping[str, Any]]
    ) -> list[Mapping[str, Any]]:
        stop_after(response)
        if rules.on_cap is not None:
            rules.on_cap(json_body(response).get(TOTAL_RESULTS))
        return kept

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, ITEMS)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        if stopped(response):
            return None
        body = json_body(response)
        page = self.records(body)
        requested = request_query(response.request)
        skip = int(requested.get(SKIP, 0))
        following = skip + len(page)
        total = body.get(TOTAL_RESULTS)
        links = body.get(LINKS) or {}
        if not page or (total is not None and following >= whole_number(total, TOTAL_RESULTS, response)):
            return None
        if isinstance(links, Mapping) and links and NEXT_PAGE_LINK not in links:
            return None
        return {SKIP: following, TAKE: int(requested.get(TAKE, len(page)))}

    # ---- resuming a newest-first list (progress saved after every page, state/saved.py) -------------------------
    def position(self, response: requests.Response, sorted_by: str) -> list[Any] | None:
        """Where the read is after this page: `[next skip, last Id, its sort value]` (the oldest record read)."""
        page = self.records(json_body(response))
        last = page[-1] if page else None
        if (
            not isinstance(last, Mapping)
            or not isinstance(last.get(ID), str)
            or not isinstance(last.get(sorted_by), str)
        ):
            return None
        return [int(request_query(response.request).get(SKIP, 0)) + len(page), last[ID], last[sorted_by]]

    @staticmethod
    def resume_page(position: Any, page_size: int) -> dict[str, Any] | None:
        """One page before the first unread one. Why: records deleted ahead of our place shift the list up (up to a
        page of them is absorbed); records created since shift it down (the overlap grows, read again)."""
        if not _is_position(position):
            return None
        return {SKIP: max(0, position[0] - page_size), TAKE: page_size}

    def lost_place(self, response: requests.Response, position: Any, sorted_by: str) -> bool:
        """Whether unread records may lie before the resumed page: it neither holds the last record read nor starts
        with a record newer than it (more records were deleted ahead of our place than the overlap absorbs)."""
        if not _is_position(position):
            return False
        page = [record for record in self.records(json_body(response)) if isinstance(record, Mapping)]
        if any(record.get(ID) == position[1] for record in page):
            return False
        return not page or not _newer(page[0].get(sorted_by), position[2])


def _is_position(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and value[0] >= 0
        and all(isinstance(part, str) for part in value[1:])
    )


def _newer(value: Any, than: str) -> bool:
    """Octopus timestamps (`2026-11-20T10:00:00.123+00:00`); one that cannot be read is not newer (the safe side)."""
    try:
        return isinstance(value, str) and datetime.fromisoformat(value) > datetime.fromisoformat(than)
    except ValueError:
        return False


@dataclass(frozen=True)
class PageRules:
    """Where one partition's paging ends early: after `cap` records (0 = no cap), or at the first record that
    `stop_before` rejects (for lists sorted newest first, "older than the cursor"), like dlt's `maximum_offset`."""

    cap: int = 0
    stop_before: Callable[[Mapping[str, Any]], bool] | None = None
    on_cap: Callable[[Any], None] | None = None  # told the list's TotalResults when the cap cut it
