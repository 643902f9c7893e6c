"""Ready-authenticated ``requests`` sessions for talking to a running FakeApiServer by hand or in tests."""

from __future__ import annotations

import requests

from jira_octopus_sample_api.server import FakeApiServer


def jira_session(server: FakeApiServer, auth_type: str = "api_token") -> requests.Session:
    """A session sending the Jira credentials of ``auth_type`` (api_token, password, personal_access_token,
    oauth2: the initial access token)."""
    session, credentials = requests.Session(), server.credentials
    if auth_type == "api_token":
        session.auth = (credentials.jira_email, credentials.jira_api_token)
    elif auth_type == "password":
        session.auth = (credentials.jira_username, credentials.jira_password)
    elif auth_type == "personal_access_token":
        session.headers["Authorization"] = f"Bearer {credentials.jira_personal_access_token}"
    elif auth_type == "oauth2":
        session.headers["Authorization"] = f"Bearer {credentials.oauth_access_token}"
    else:
        raise ValueError(f"unknown auth_type {auth_type!r}")
    return session


def octopus_session(server: FakeApiServer) -> requests.Session:
    session = requests.Session()
    session.headers["X-Octopus-ApiKey"] = server.credentials.octopus_api_key
    return session
