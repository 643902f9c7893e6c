"""The secrets the fake servers accept; every value is fake and safe to print."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FakeCredentials:
    """One set of valid credentials per auth scheme the connector supports.

    Jira accepts every scheme in both deployments (real Cloud has no PATs or passwords, real Data Center has
    no API tokens; being lenient here keeps one config usable after switching ``jira_deployment``).
    """

    jira_email: str = "fake.integration@example.com"
    jira_api_token: str = "fake-jira-api-token-0123456789"
    jira_username: str = "fake.integration"
    jira_password: str = "fake-jira-password"
    jira_personal_access_token: str = "fake-jira-pat-NDc0MjM2MzQ5NjQ0OjE"
    oauth_client_id: str = "fake-oauth-client-id"
    oauth_client_secret: str = "fake-oauth-client-secret"
    oauth_refresh_token: str = "fake-oauth-refresh-token-0"
    oauth_access_token: str = "fake-oauth-access-token-0"
    oauth_cloud_id: str = "11111111-2222-4333-8444-555555555555"
    octopus_api_key: str = "API-FAKEOCTOPUSAPIKEY0000000000"
    octopus_user_id: str = "Users-42"
