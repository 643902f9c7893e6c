"""The config case tables: valid configs and the typed view they parse to (shared by test_config.py,
test_spec.py and the bad-input tests)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from source_jira_octopus.config import ConnectorConfig, JiraCredentials, WebhookConfig, parse_config
from source_jira_octopus.service_connections import ServiceConnections

SECRETS = {
    "api_token": "jira-api-token-0451",
    "client_secret": "oauth-client-secret-0452",
    "refresh_token": "oauth-refresh-token-0453",
    "access_token": "oauth-access-token-0454",
    "token": "dc-personal-token-0455",
    "password": " dc password 0456 ",
    "api_key": "API-OCTOPUSKEY0457",
    "secret": "webhook-secret-0458",
}
URL_PASSWORD = "url-password-0459"

CA_PEM = """-----BEGIN CERTIFICATE-----
MIIBjDCCATGgAwIBAgIUHssCgz27l42B8hdOxLb8DFOeE3swCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPVGVzdCBQcml2YXRlIENBMCAXDTI2MTEyMzIyMDQyN1oYDzIx
MjYxMDMwMjIwNDI3WjAaMRgwFgYDVQQDDA9UZXN0IFByaXZhdGUgQ0EwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATsfKWDGH3BO/ED2ZJKF0g8TFGnGBBnU88Z9c7C
zsQn39fdRe5z6Cknl5hylJGQdUHWgZeeSjdZ/TNbzLSmS26mo1MwUTAdBgNVHQ4E
FgQUZfBB9djRV4g1M+7l/EHnqEQ8sx0wHwYDVR0jBBgwFoAUZfBB9djRV4g1M+7l
/EHnqEQ8sx0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEA4Aii
I0+4VlUNvT0wrZAeKfv+NLfecg1c798NeH2GkbMCIQCtDWCQuvHpw8+0fDJSLLF2
2xikLUJ+I8AqKej4SK3AZA==
-----END CERTIFICATE-----
"""

API_TOKEN = {"auth_type": "api_token", "email": "name@example.com", "api_token": SECRETS["api_token"]}
OAUTH_REFRESH = {
    "auth_type": "oauth2",
    "client_id": "client-id-1",
    "client_secret": SECRETS["client_secret"],
    "refresh_token": SECRETS["refresh_token"],
    "cloud_id": "11111111-2222-3333-4444-555555555555",
}
OAUTH_ACCESS = {"auth_type": "oauth2", "access_token": SECRETS["access_token"]}
PAT = {"auth_type": "personal_access_token", "token": SECRETS["token"]}
PASSWORD = {"auth_type": "password", "username": "jsmith", "password": SECRETS["password"]}

# What the Airbyte form sends for a section the user never touched: defaults and the first auth option only.
UNTOUCHED_JIRA = {
    "deployment": "auto",
    "page_size": 100,
    "lookback_window_minutes": 0,
    "projects": [],
    "credentials": {"auth_type": "api_token"},
}
UNTOUCHED_OCTOPUS = {
    "page_size": 100,
    "spaces": [],
    "max_items_per_kind": dict.fromkeys(("projects", "environments", "releases", "deployments", "machines"), 0),
}


def jira(credentials: dict = API_TOKEN, **fields: Any) -> dict:
    return {"base_url": "https://your-domain.atlassian.net", "credentials": dict(credentials), **fields}


def octopus(**fields: Any) -> dict:
    return {"server_url": "https://your-company.octopus.app", "api_key": SECRETS["api_key"], **fields}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def connector_config(raw: Any) -> ConnectorConfig:
    """What check, discover and read do first: parse the config, then build each configured service's connection
    (the Octopus one checks the `max_items_per_kind` names against its registry; config knows no streams)."""
    parsed = parse_config(raw)
    ServiceConnections(logging.getLogger("config")).for_config(raw)
    return parsed


@dataclass(frozen=True)
class ValidCase:
    id: str
    raw: dict
    expect: dict = field(default_factory=dict)  # dotted attribute path on ConnectorConfig -> expected value
    spec_accepts: bool = True


@dataclass(frozen=True)
class InvalidCase:
    id: str
    raw: dict
    field: str  # the dotted config path the message must name
    shows: str  # part of the valid-value example the message must show
    spec_rejects: bool  # False where only parse_config can tell (the spec cannot, or must not for the UI's sake)


VALID_CASES = [
    ValidCase(
        "jira-api-token-cloud",
        {
            "jira": jira(
                base_url="https://your-domain.atlassian.net/",
                deployment="cloud",
                projects=["PROJ", "OPS"],
                start_date="2020-01-01T00:00:00Z",
                lookback_window_minutes=30,
                page_size=50,
                search_lag_minutes=15,
            )
        },
        {
            "jira.base_url": "https://your-domain.atlassian.net",
            "jira.deployment": "cloud",
            "jira.credentials": JiraCredentials("api_token", email="name@example.com", api_token=SECRETS["api_token"]),
            "jira.projects": ("PROJ", "OPS"),
            "jira.start_date": utc(2020, 1, 1),
            "jira.lookback_window": timedelta(minutes=30),
            "jira.page_size": 50,
            "jira.search_lag": timedelta(minutes=15),
            "octopus": None,
        },
    ),
    ValidCase(
        "untidy-input-is-tidied",
        {"jira": jira(base_url=" https://your-domain.atlassian.net/ ", projects=["PROJ", " OPS ", "PROJ", ""])},
        {"jira.base_url": "https://your-domain.atlassian.net", "jira.projects": ("PROJ", "OPS")},
        spec_accepts=False,
    ),
    ValidCase(
        "jira-defaults",
        {"jira": jira()},
        {
            "jira.deployment": "auto",
            "jira.projects": (),
            "jira.start_date": utc(1970, 1, 1),
            "jira.lookback_window": timedelta(0),
            "jira.page_size": 100,
            "jira.search_lag": timedelta(minutes=5),
            "webhooks": WebhookConfig(),
            "max_concurrent_requests": 8,
            "request_timeout_seconds": 60.0,
            "ca_certificate": None,
        },
    ),
    ValidCase(
        "jira-oauth2-refresh-token",
        {"jira": jira(OAUTH_REFRESH)},
        {
            "jira.credentials": JiraCredentials(
                "oauth2",
                client_id="client-id-1",
                client_secret=SECRETS["client_secret"],
                refresh_token=SECRETS["refresh_token"],
                cloud_id="11111111-2222-3333-4444-555555555555",
            )
        },
    ),
    ValidCase(
        "jira-oauth2-access-token-only",
        {"jira": jira(OAUTH_ACCESS)},
        {"jira.credentials": JiraCredentials("oauth2", access_token=SECRETS["access_token"])},
        spec_accepts=False,
    ),  # the spec's OAuth option requires the refresh-token flow; the parser is lenient
    ValidCase(
        "jira-pat-data-center-context-path",
        {"jira": jira(PAT, base_url="https://jira.example.com:8443/jira/", deployment="data_center")},
        {
            "jira.base_url": "https://jira.example.com:8443/jira",
            "jira.deployment": "data_center",
            "jira.credentials": JiraCredentials("personal_access_token", token=SECRETS["token"]),
        },
    ),
    ValidCase(
        "jira-password-loopback-http",
        {"jira": jira(PASSWORD, base_url="http://127.0.0.1:8080")},
        {
            "jira.base_url": "http://127.0.0.1:8080",
            "jira.credentials": JiraCredentials("password", username="jsmith", password=SECRETS["password"]),
        },
    ),
    ValidCase(
        "jira-ignores-other-auth-fields",
        {"jira": jira({**PAT, "email": "x@example.com", "password": "p"})},
        {"jira.credentials": JiraCredentials("personal_access_token", token=SECRETS["token"])},
    ),
    ValidCase(
        "octopus-only",
        {
            "octopus": octopus(
                server_url="http://127.0.0.1:8065/",
                spaces=["Spaces-1", "Spaces-2"],
                page_size=1000,
                start_date="2021-06-01T12:00:00Z",
                max_items_per_kind={"deployments": 500, "releases": 0},
            )
        },
        {
            "jira": None,
            "octopus.server_url": "http://127.0.0.1:8065",
            "octopus.api_key": SECRETS["api_key"],
            "octopus.spaces": ("Spaces-1", "Spaces-2"),
            "octopus.page_size": 1000,
            "octopus.start_date": utc(2021, 6, 1, 12),
            "octopus.max_items_per_kind": {"deployments": 500, "releases": 0},
        },
    ),
    ValidCase(
        "octopus-defaults-self-hosted-path",
        {"octopus": octopus(server_url="https://octo.example.com/octopus")},
        {
            "octopus.server_url": "https://octo.example.com/octopus",
            "octopus.spaces": (),
            "octopus.page_size": 100,
            "octopus.start_date": utc(1970, 1, 1),
            "octopus.max_items_per_kind": {},
        },
    ),
    ValidCase(
        "both-with-webhooks-and-advanced",
        {
            "jira": jira(PAT, base_url="https://[::1]:8443/jira"),
            "octopus": octopus(),
            "webhooks": {
                "verify_permissions": False,
                "target_url": "https://hooks.example.com/in/",
                "secret": SECRETS["secret"],
            },
            "max_concurrent_requests": 40,
            "request_timeout_seconds": 5.5,
            "ca_certificate": CA_PEM,
        },
        {
            "jira.base_url": "https://[::1]:8443/jira",
            "octopus.server_url": "https://your-company.octopus.app",
            "webhooks": WebhookConfig(False, "https://hooks.example.com/in", SECRETS["secret"]),
            "max_concurrent_requests": 40,
            "request_timeout_seconds": 5.5,
            "ca_certificate": CA_PEM.strip(),
        },
    ),
    # The spec requires each auth option's fields, so it rejects a defaulted Jira section; the parser ignores it.
    ValidCase(
        "octopus-with-untouched-jira-form",
        {"jira": UNTOUCHED_JIRA, "octopus": octopus()},
        {"jira": None},
        spec_accepts=False,
    ),
    ValidCase("jira-with-untouched-octopus-form", {"jira": jira(), "octopus": UNTOUCHED_OCTOPUS}, {"octopus": None}),
    ValidCase("extra-top-level-keys-ignored", {"jira": jira(), "old_option": 1}, {"octopus": None}),
    ValidCase(
        "date-with-offset",
        {"jira": jira(start_date="2020-01-01T02:00:00+02:00")},
        {"jira.start_date": utc(2020, 1, 1)},
    ),
    ValidCase(
        "date-only",
        {"octopus": octopus(start_date="2020-01-01")},
        {"octopus.start_date": utc(2020, 1, 1)},
    ),
    ValidCase(
        "date-fraction-and-compact-offset",
        {"jira": jira(start_date="2020-01-01T05:30:00.250+0530")},
        {"jira.start_date": utc(2020, 1, 1, 0, 0, 0, 250000)},
    ),
    ValidCase(
        "date-without-offset-is-utc",
        {"jira": jira(start_date="2020-01-01T10:00:00")},
        {"jira.start_date": utc(2020, 1, 1, 10)},
    ),
    ValidCase(
        "per-issue-children-updated-only",
        {"jira": jira(per_issue_children_updated_only=True, per_issue_children_full_reread_days=30)},
        {"jira.per_issue_children_updated_only": True, "jira.per_issue_children_full_reread": timedelta(days=30)},
    ),
    ValidCase(
        "per-issue-children-defaults",
        {"jira": jira()},
        {"jira.per_issue_children_updated_only": False, "jira.per_issue_children_full_reread": timedelta(days=7)},
    ),
]
