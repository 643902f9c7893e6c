"""Atlassian's OAuth 2.0 (3LO) endpoints: token refresh and the accessible-resources (cloud id) look-up."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.server_state import ACCESS_TOKEN_LIFETIME, ServerState

OAUTH_SCOPES = "read:jira-work read:jira-user manage:jira-webhook offline_access"
GATEWAY_UNAUTHORIZED = ApiResponse(401, {"code": 401, "message": "Unauthorized"})


def bearer_token(request: RecordedRequest) -> str | None:
    match = re.match(r"(?i)bearer\s+(\S+)", request.header("Authorization") or "")
    return match.group(1) if match else None


class AtlassianOAuthApi:
    """``POST /oauth/token`` (refresh grant only) and ``GET /oauth/token/accessible-resources``."""

    def __init__(self, state: ServerState, site_url: str) -> None:
        self.state, self.site_url = state, site_url

    def handle(self, request: RecordedRequest) -> ApiResponse:
        if request.path == "/oauth/token" and request.method == "POST":
            return self._token(request)
        if request.path == "/oauth/token/accessible-resources" and request.method == "GET":
            return self._accessible_resources(request)
        return ApiResponse(404, {"code": 404, "message": "Not Found"})

    def _token(self, request: RecordedRequest) -> ApiResponse:
        form = _form(request)
        credentials = self.state.credentials
        if form.get("grant_type") != "refresh_token":
            return ApiResponse(
                400,
                {
                    "error": "unsupported_grant_type",
                    "error_description": "Only the refresh_token grant is supported here.",
                },
            )
        if (form.get("client_id"), form.get("client_secret")) != (
            credentials.oauth_client_id,
            credentials.oauth_client_secret,
        ):
            return ApiResponse(401, {"error": "access_denied", "error_description": "Unauthorized"})
        if form.get("refresh_token") != self.state.oauth.refresh_token:
            return ApiResponse(
                403, {"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."}
            )
        access, refresh = self.state.oauth.rotate()
        return ApiResponse(
            200,
            {
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()),
                "scope": OAUTH_SCOPES,
                "token_type": "Bearer",
            },
        )

    def _accessible_resources(self, request: RecordedRequest) -> ApiResponse:
        token = bearer_token(request)
        if token is None or not self.state.oauth.is_valid(token):
            return GATEWAY_UNAUTHORIZED
        return ApiResponse(
            200,
            [
                {
                    "id": self.state.credentials.oauth_cloud_id,
                    "url": self.site_url,
                    "name": "fake-jira",
                    "scopes": OAUTH_SCOPES.split(),
                    "avatarUrl": "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png",
                }
            ],
        )


def _form(request: RecordedRequest) -> dict[str, str]:
    """The token endpoint takes JSON or a urlencoded form."""
    if isinstance(request.json_body, dict):
        return {key: str(value) for key, value in request.json_body.items()}
    parsed = parse_qs(request.body.decode("utf-8", "replace"))
    return {key: values[0] for key, values in parsed.items()}
