"""The fake Octopus Deploy REST API: the anonymous root, ``X-Octopus-ApiKey`` auth, and the route table every part
contributes to (the core's spaces and resource collections are in ``octopus/core/routes.py``)."""

from __future__ import annotations

import hmac
import re
from typing import Any

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.part import OctopusRoute
from jira_octopus_sample_api.server_state import ServerState

_SPACE_SEGMENT = re.compile(r"/api/Spaces-\d+(/|$)", re.IGNORECASE)
NOT_LOGGED_IN = "You must be logged in to perform this action. Please provide a valid API key or log in again."


def octopus_error(status: int, message: str, *details: str) -> ApiResponse:
    return ApiResponse(status, {"ErrorMessage": message, "Errors": list(details) or [message]})


class OctopusApi:
    """Answers ``GET /api`` to anyone; otherwise checks the API key and runs the first route (every part's, in
    part order) whose path and method match, trying the default space for a path without one: 405 for another
    method on a path only GET serves, else 404."""

    def __init__(self, state: ServerState, routes: list[OctopusRoute]) -> None:
        self.state = state
        self.routes = [(re.compile(pattern, re.IGNORECASE), handler, methods) for pattern, handler, methods in routes]

    def handle(self, request: RecordedRequest) -> ApiResponse:
        path = request.path.rstrip("/") or "/"
        if path == "/api" and request.method == "GET":
            return ApiResponse(200, _root())
        if not self._authenticated(request):
            return octopus_error(401, NOT_LOGGED_IN)
        answer = self._routed(request, path) or self._routed(request, self._in_default_space(path))
        if answer is not None:
            return answer
        if request.method != "GET":
            return octopus_error(405, f"The {request.method} method is not supported by the fake Octopus API.")
        return octopus_error(404, "The resource you requested was not found.")

    def _routed(self, request: RecordedRequest, path: str | None) -> ApiResponse | None:
        for pattern, handler, methods in self.routes:
            match = pattern.fullmatch(path) if path else None
            if match and request.method in methods:
                return handler(self.state, request, **match.groupdict())
        return None

    def _in_default_space(self, path: str) -> str | None:
        """`/api/runbookRuns` -> `/api/Spaces-1/runbookRuns`: a space-scoped path without its space means the
        default space, as on a real server."""
        if not path.startswith("/api/") or _SPACE_SEGMENT.match(path):
            return None
        default = next((space["Id"] for space in self.state.dataset.octopus_spaces if space["IsDefault"]), None)
        return f"/api/{default}/{path.removeprefix('/api/')}" if default else None

    def _authenticated(self, request: RecordedRequest) -> bool:
        key = request.header("X-Octopus-ApiKey")
        if key is None:
            key = next((values[0] for name, values in request.query.items() if name.lower() == "apikey"), None)
        return key is not None and hmac.compare_digest(key, self.state.credentials.octopus_api_key)


def _root() -> dict[str, Any]:
    """``GET /api`` (anonymous on real servers): version information and a few link templates."""
    return {
        "Application": "Octopus Deploy",
        "Version": "2020.5.0",
        "ApiVersion": "3.0.0",
        "InstallationId": "8c4a4c4e-6c61-4c6b-9c5e-6f3f8b0c1d2e",
        "Links": {
            "Self": "/api",
            "Spaces": "/api/spaces{?skip,ids,take,partialName}",
            "CurrentUser": "/api/users/me",
            "SpaceHome": "/api/{spaceId}",
        },
    }
