"""Build real `requests.Response` objects (with the request that produced them) for pure-logic tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import requests


def make_response(
    body: Any,
    *,
    status: int = 200,
    method: str = "GET",
    url: str = "https://example.atlassian.net/rest/api/3/project/search",
    params: Mapping[str, Any] | None = None,
    request_json: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> requests.Response:
    request = requests.Request(method, url, params=params, json=request_json).prepare()
    response = requests.Response()
    response.status_code = status
    response._content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    response.headers.update({"Content-Type": "application/json;charset=UTF-8", **(headers or {})})
    response.request = request
    response.url = request.url
    response.elapsed = timedelta(milliseconds=120)
    return response
