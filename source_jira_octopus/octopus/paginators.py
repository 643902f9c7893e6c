"""Octopus' one list shape: skip/take over an envelope with `Items`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PageRules:
    """Where one partition's paging ends early: after `cap` records (0 = no cap), or at the first record that
    `stop_before` rejects (for lists sorted newest first, "older than the cursor"), like dlt's `maximum_offset`."""

    cap: int = 0
    stop_before: Callable[[Mapping[str, Any]], bool] | None = None
    on_cap: Callable[[Any], None] | None = None  # told the list's TotalResults when the cap cut it
