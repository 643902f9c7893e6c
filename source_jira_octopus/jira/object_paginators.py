"""Paginators for Jira responses that are not lists: one object per response, or an unpaged envelope.

Like the paginators in `paginators.py`, each reads the next page from the response alone (here: there is none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from source_jira_octopus.http.paging import envelope_records
from source_jira_octopus.http.responses import MalformedResponseError


class JiraObjectPaginator:
    """One JSON object is one record, e.g. `GET /rest/api/3/project/{projectId}/email`:

    {"emailAddress": "jira@acme.atlassian.net", "emailAddressStatus": ["Email address or domain not verified"]}
    """

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        if body is None:
            return []
        if not isinstance(body, Mapping):
            raise MalformedResponseError(f"expected a JSON object, got {type(body).__name__}")
        return [body]

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None


class JiraUnpagedEnvelopePaginator:
    """An envelope without paging whose size the server caps, e.g. Data Center `GET /rest/api/2/groups/picker`:

        {"header": "Showing 20 of 25 matching groups", "total": 25, "groups": [{"name": "jira-users", ...}]}

    `limit` is sent as `maxResults`; the stream compares `total` with what came back (the server may cap lower).
    """

    def __init__(self, records_key: str, limit: int) -> None:
        self.records_key = records_key
        self.limit = limit

    def first_page(self, page_size: int) -> dict[str, Any]:
        return {"maxResults": self.limit}

    def records(self, body: Any) -> list[Mapping[str, Any]]:
        return envelope_records(body, self.records_key)

    def next_page(self, response: requests.Response) -> dict[str, Any] | None:
        return None
