"""Octopus' one list shape: skip/take over an envelope with `Items`."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import requests

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

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return list(body.get(ITEMS) or [])

    def next_page(self, response: requests.Response) -> Optional[dict[str, Any]]:
        body = json_body(response)
        page = self.records(body)
        requested = request_query(response.request)
        skip = int(requested.get(SKIP, 0))
        following = skip + len(page)
        total = body.get(TOTAL_RESULTS)
        links = body.get(LINKS) or {}
        if not page or (total is not None and following >= int(total)) or (links and NEXT_PAGE_LINK not in links):
            return None
        return {SKIP: following, TAKE: int(requested.get(TAKE, len(page)))}
