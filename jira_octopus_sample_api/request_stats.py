"""Requests per endpoint, and the fake's own serving time, from a request log (benchmarks print these)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jira_octopus_sample_api.exchange import RecordedRequest

_TEMPLATES = (
    (re.compile(r"/issue/(?!bulkfetch|picker|createmeta)[^/]+"), "/issue/{issueIdOrKey}"),
    (re.compile(r"/project/(?!search|type|recent)[^/]+(?=/)"), "/project/{projectIdOrKey}"),
    (re.compile(r"/api/Spaces-\d+"), "/api/{spaceId}"),
    (re.compile(r"/(?:[A-Z][A-Za-z]+)-\d+$"), "/{id}"),
)


def endpoint_of(request: RecordedRequest) -> str:
    """``GET /rest/api/3/issue/10001/comment`` -> ``GET /rest/api/3/issue/{issueIdOrKey}/comment``."""
    path = request.path
    for pattern, replacement in _TEMPLATES:
        path = pattern.sub(replacement, path)
    return f"{request.method} {path}"


def summarize(requests: Iterable[RecordedRequest]) -> dict[str, dict[str, Any]]:
    """Per endpoint: request count, serving seconds and the statuses answered (e.g. ``{"200": 50}``)."""
    summary: dict[str, dict[str, Any]] = {}
    for request in requests:
        entry = summary.setdefault(endpoint_of(request), {"requests": 0, "serve_seconds": 0.0, "statuses": {}})
        entry["requests"] += 1
        entry["serve_seconds"] += request.serve_seconds
        entry["statuses"][str(request.status)] = entry["statuses"].get(str(request.status), 0) + 1
    return dict(sorted(summary.items()))
