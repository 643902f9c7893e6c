"""Jira authenticators: Basic (Cloud email + API token, Data Center username + password), Bearer (Data Center
personal access token) and OAuth 2.0 (3LO) for Cloud, refreshed through Atlassian's token endpoint.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Callable, Optional

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.requests_native_auth import BasicHttpAuthenticator, TokenAuthenticator
from airbyte_cdk.utils.airbyte_secrets_utils import add_to_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException
from requests.auth import AuthBase

from source_jira_octopus.config import JiraCredentials
from source_jira_octopus.http.responses import body_excerpt

ATLASSIAN_TOKEN_URL = "https://auth.atlassian.com/oauth/token"
ATLASSIAN_API_URL = "https://api.atlassian.com"
REFRESH_MARGIN = timedelta(minutes=5)


def build_jira_authenticator(
    credentials: JiraCredentials,
    timeout_seconds: float,
    on_refresh_token_rotated: Optional[Callable[[str], None]] = None,
) -> AuthBase:
    if credentials.auth_type == "api_token":
        return BasicHttpAuthenticator(credentials.email or "", credentials.api_token or "")
    if credentials.auth_type == "password":
        return BasicHttpAuthenticator(credentials.username or "", credentials.password or "")
    if credentials.auth_type == "personal_access_token":
        return TokenAuthenticator(credentials.token or "")
    if credentials.auth_type == "oauth2":
        return JiraOAuth2Authenticator(credentials, timeout_seconds, on_refresh_token_rotated)
    raise AirbyteTracedException(
        message=f"Unknown jira.credentials.auth_type {credentials.auth_type!r}.", failure_type=FailureType.config_error
    )


class JiraOAuth2Authenticator(AuthBase):
    """Bearer access token that refreshes itself before expiry and when the CDK sees a 401.

    Atlassian rotates refresh tokens on every refresh, so the new one is handed to `on_refresh_token_rotated`
    (the source emits it as an Airbyte config-update control message) and used for the next refresh.
    """

    def __init__(
        self,
        credentials: JiraCredentials,
        timeout_seconds: float,
        on_refresh_token_rotated: Optional[Callable[[str], None]] = None,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self._credentials = credentials
        self._timeout = timeout_seconds
        self._on_rotated = on_refresh_token_rotated
        self._now = now
        self._lock = threading.Lock()
        self._access_token = credentials.access_token
        self._refresh_token = credentials.refresh_token
        self._expires_at: Optional[datetime] = None  # unknown for a configured token: trust it until a 401

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
                    message="Jira rejected the OAuth 2.0 access token and no refresh token is configured. Re-authorise.",
                    failure_type=FailureType.config_error,
                )
            self._refresh()

    def _expiring(self) -> bool:
        return self._expires_at is not None and self._now() + REFRESH_MARGIN >= self._expires_at

    def _refresh(self) -> None:
        c = self._credentials
        body = {"grant_type": "refresh_token", "client_id": c.client_id, "client_secret": c.client_secret, "refresh_token": self._refresh_token}
        response = requests.post(ATLASSIAN_TOKEN_URL, json=body, timeout=self._timeout)
        if not response.ok:
            failure = FailureType.config_error if response.status_code in (400, 401, 403) else FailureType.transient_error
            raise AirbyteTracedException(
                message=f"Jira OAuth 2.0: Atlassian's token endpoint refused the refresh (HTTP {response.status_code}: "
                f"{body_excerpt(response)}). Re-authorise the connection to get a new refresh token.",
                failure_type=failure,
            )
        self._store(response.json())

    def _store(self, token: dict) -> None:
        self._access_token = token["access_token"]
        add_to_secrets(self._access_token)
        self._expires_at = self._now() + timedelta(seconds=int(token.get("expires_in", 3600)))
        rotated = token.get("refresh_token")
        if rotated and rotated != self._refresh_token:
            add_to_secrets(rotated)
            self._refresh_token = rotated
            if self._on_rotated:
                self._on_rotated(rotated)
