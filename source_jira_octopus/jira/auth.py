"""Jira authenticators: Basic (Cloud email + API token, Data Center username + password), Bearer (Data Center
personal access token) and OAuth 2.0 (3LO) for Cloud, refreshed through Atlassian's token endpoint.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.requests_native_auth import BasicHttpAuthenticator, TokenAuthenticator
from airbyte_cdk.utils.airbyte_secrets_utils import add_to_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException
from requests.auth import AuthBase

from source_jira_octopus.config import JiraCredentials

ATLASSIAN_AUTH_URL = "https://auth.atlassian.com"
ATLASSIAN_TOKEN_PATH = "oauth/token"
ATLASSIAN_API_URL = "https://api.atlassian.com"
REFRESH_MARGIN = timedelta(minutes=5)
MIN_SECRET_LENGTH = 8  # masked process-wide; shorter values (test doubles) would mask letters of every log line
TokenRequest = Callable[[Mapping[str, Any]], Mapping[str, Any]]  # POST the refresh body, return the token JSON


class NoAuthentication(AuthBase):
    """The token endpoint authenticates by the request body, never by a header."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


def build_jira_authenticator(
    credentials: JiraCredentials,
    request_token: TokenRequest,
    on_refresh_token_rotated: Callable[[str], None] | None = None,
) -> AuthBase:
    for secret in (
        credentials.api_token,
        credentials.password,
        credentials.token,
        credentials.client_secret,
        credentials.refresh_token,
        credentials.access_token,
    ):
        if secret and len(secret) >= MIN_SECRET_LENGTH:
            add_to_secrets(secret)  # the CDK logs a failed request's body (an OAuth refresh carries two secrets)
    if credentials.auth_type == "api_token":
        return BasicHttpAuthenticator(credentials.email or "", credentials.api_token or "")
    if credentials.auth_type == "password":
        return BasicHttpAuthenticator(credentials.username or "", credentials.password or "")
    if credentials.auth_type == "personal_access_token":
        return TokenAuthenticator(credentials.token or "")
    if credentials.auth_type == "oauth2":
        return JiraOAuth2Authenticator(credentials, request_token, on_refresh_token_rotated)
    raise AirbyteTracedException(
        message=f"Unknown jira.credentials.auth_type {credentials.auth_type!r}.", failure_type=FailureType.config_error
    )


class JiraOAuth2Authenticator(AuthBase):
    """Bearer access token that refreshes itself before expiry and when the CDK sees a 401.

    Atlassian rotates refresh tokens on every refresh, so the new one is handed to `on_refresh_token_rotated`
    (the source emits it as an Airbyte config-update control message) and used for the next refresh. The CDK's
    `SingleUseRefreshTokenOauth2Authenticator` does the same rotation but writes the config through its own
    message path and sends the refresh with a bare session; ours goes through the connector's one HTTP client
    (TLS bundle, retries, error texts) and is thread-safe across the worker threads.
    """

    def __init__(
        self,
        credentials: JiraCredentials,
        request_token: TokenRequest,
        on_refresh_token_rotated: Callable[[str], None] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._credentials = credentials
        self._request_token = request_token
        self._on_rotated = on_refresh_token_rotated
        self._now = now
        self._lock = threading.Lock()
        self._access_token = credentials.access_token
        self._refresh_token = credentials.refresh_token
        self._expires_at: datetime | None = None  # unknown for a configured token: trust it until a 401

    @property
    def can_refresh(self) -> bool:
        c = self._credentials
        return bool(self._refresh_token and c.client_id and c.client_secret)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.get_access_token()}"
        return request

    def get_access_token(self) -> str:
        with self._lock:
            if self.can_refresh and (not self._access_token or self._expiring()):
                self._refresh()
            if not self._access_token:
                raise AirbyteTracedException(
                    message="Jira OAuth 2.0: no access token and no refresh token + client id + client secret to get one. "
                    "Re-authorise the connection.",
                    failure_type=FailureType.config_error,
                )
            return self._access_token

    def refresh_and_set_access_token(self) -> None:
        """Called by the CDK's HttpClient after a 401 (REFRESH_TOKEN_THEN_RETRY)."""
        with self._lock:
            if not self.can_refresh:
                raise AirbyteTracedException(
                    message="Jira rejected the OAuth 2.0 access token (expired or revoked) and there is no refresh token "
                    "to renew it: `jira.credentials` needs refresh_token, client_id and client_secret. Re-authorise the "
                    "connection (Sign in with Atlassian), or paste the app's refresh token.",
                    failure_type=FailureType.config_error,
                )
            self._refresh()

    def _expiring(self) -> bool:
        return self._expires_at is not None and self._now() + REFRESH_MARGIN >= self._expires_at

    def _refresh(self) -> None:
        c = self._credentials
        body = {
            "grant_type": "refresh_token",
            "client_id": c.client_id,
            "client_secret": c.client_secret,
            "refresh_token": self._refresh_token,
        }
        self._store(self._request_token(body))

    def _store(self, token: Mapping[str, Any]) -> None:
        self._access_token = token["access_token"]
        add_to_secrets(self._access_token)
        self._expires_at = self._now() + timedelta(seconds=int(token.get("expires_in", 3600)))
        rotated = token.get("refresh_token")
        if rotated and rotated != self._refresh_token:
            add_to_secrets(rotated)
            self._refresh_token = rotated
            if self._on_rotated:
                self._on_rotated(rotated)
