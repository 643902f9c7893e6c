"""parse_config: valid configs become the typed view; each invalid one is a config_error naming its field.

The case tables are shared with test_spec.py, which checks the same configs against spec.json the way the
CDK entrypoint does (`spec_accepts` / `spec_rejects` pin where the spec and the parser deliberately differ).
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import reduce
from typing import Any

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import (
    ConnectorConfig,
    JiraConfig,
    JiraCredentials,
    OctopusConfig,
    WebhookConfig,
    parse_config,
)

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
            "octopus.max_items_per_kind": {"deployments": 500},
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
]

INVALID_CASES = [
    InvalidCase("nothing-configured", {}, "jira / octopus", "octopus.server_url", False),
    InvalidCase(
        "only-untouched-forms",
        {"jira": UNTOUCHED_JIRA, "octopus": UNTOUCHED_OCTOPUS},
        "jira / octopus",
        "jira.base_url",
        True,
    ),
    InvalidCase("config-not-object", [], "config", "spec", True),  # type: ignore[arg-type]
    InvalidCase("jira-not-object", {"jira": "https://x.atlassian.net"}, "jira", "spec", True),
    InvalidCase(
        "base-url-missing",
        {"jira": {"credentials": API_TOKEN}},
        "jira.base_url",
        "https://your-domain.atlassian.net",
        False,
    ),
    InvalidCase(
        "base-url-no-scheme",
        {"jira": jira(base_url="your-domain.atlassian.net")},
        "jira.base_url",
        "https://your-domain.atlassian.net",
        True,
    ),
    InvalidCase("base-url-ftp", {"jira": jira(base_url="ftp://jira.example.com")}, "jira.base_url", "https://", True),
    InvalidCase("base-url-no-host", {"jira": jira(base_url="https:///jira")}, "jira.base_url", "https://", True),
    InvalidCase(
        "base-url-user-info",
        {"jira": jira(base_url=f"https://bob:{URL_PASSWORD}@jira.example.com")},
        "jira.base_url",
        "https://",
        True,
    ),
    InvalidCase(
        "base-url-query",
        {"jira": jira(base_url="https://jira.example.com/?os_authType=basic")},
        "jira.base_url",
        "https://",
        True,
    ),
    InvalidCase(
        "base-url-space", {"jira": jira(base_url="https://jira example.com")}, "jira.base_url", "https://", True
    ),
    InvalidCase(
        "base-url-port-out-of-range",
        {"jira": jira(base_url="https://jira.example.com:99999")},
        "jira.base_url",
        "65535",
        True,
    ),
    InvalidCase(
        "cloud-url-with-browser-path",
        {"jira": jira(base_url="https://x.atlassian.net/jira/software")},
        "jira.base_url",
        "https://your-domain.atlassian.net",
        False,
    ),
    InvalidCase(
        "server-url-no-scheme",
        {"octopus": octopus(server_url="octopus.example.com")},
        "octopus.server_url",
        "https://your-company.octopus.app",
        True,
    ),
    InvalidCase(
        "server-url-missing",
        {"octopus": {"api_key": SECRETS["api_key"]}},
        "octopus.server_url",
        "https://your-company.octopus.app",
        False,
    ),
    InvalidCase(
        "webhook-target-not-url",
        {"jira": jira(), "webhooks": {"target_url": "hooks.example.com"}},
        "webhooks.target_url",
        "https://hooks.example.com",
        True,
    ),
    InvalidCase(
        "start-date-words", {"jira": jira(start_date="yesterday")}, "jira.start_date", "2020-01-01T00:00:00Z", True
    ),
    InvalidCase(
        "start-date-month-13",
        {"jira": jira(start_date="2020-13-01T00:00:00Z")},
        "jira.start_date",
        "2020-01-01T00:00:00Z",
        True,
    ),
    InvalidCase(
        "start-date-us-format", {"octopus": octopus(start_date="01/02/2020")}, "octopus.start_date", "2020-01-01", True
    ),
    InvalidCase(
        "start-date-not-string", {"octopus": octopus(start_date=20200101)}, "octopus.start_date", "2020-01-01", True
    ),
    InvalidCase(
        "auth-type-unknown",
        {"jira": jira({**API_TOKEN, "auth_type": "basic"})},
        "jira.credentials.auth_type",
        "personal_access_token",
        True,
    ),
    InvalidCase(
        "auth-type-missing",
        {"jira": jira({"token": SECRETS["token"]})},
        "jira.credentials.auth_type",
        "personal_access_token",
        True,
    ),
    InvalidCase(
        "credentials-missing",
        {"jira": {"base_url": "https://x.atlassian.net"}},
        "jira.credentials.auth_type",
        "api_token",
        False,
    ),
    InvalidCase(
        "api-token-missing",
        {"jira": jira({"auth_type": "api_token", "email": "name@example.com"})},
        "jira.credentials.api_token",
        "id.atlassian.com",
        True,
    ),
    InvalidCase(
        "api-token-blank",
        {"jira": jira({**API_TOKEN, "api_token": "   "})},
        "jira.credentials.api_token",
        "id.atlassian.com",
        False,
    ),
    InvalidCase(
        "email-missing",
        {"jira": jira({"auth_type": "api_token", "api_token": SECRETS["api_token"]})},
        "jira.credentials.email",
        "name@example.com",
        True,
    ),
    InvalidCase(
        "email-not-an-address",
        {"jira": jira({**API_TOKEN, "email": "bob"})},
        "jira.credentials.email",
        "name@example.com",
        True,
    ),
    InvalidCase(
        "pat-token-missing",
        {"jira": jira({"auth_type": "personal_access_token"})},
        "jira.credentials.token",
        "Personal Access Tokens",
        True,
    ),
    InvalidCase(
        "password-missing",
        {"jira": jira({"auth_type": "password", "username": "jsmith"})},
        "jira.credentials.password",
        "Jira user",
        True,
    ),
    InvalidCase(
        "username-missing",
        {"jira": jira({"auth_type": "password", "password": SECRETS["password"]})},
        "jira.credentials.username",
        "jsmith",
        True,
    ),
    InvalidCase(
        "oauth2-nothing",
        {"jira": jira({"auth_type": "oauth2", "client_id": "client-id-1"})},
        "jira.credentials.access_token",
        "refresh_token",
        True,
    ),
    InvalidCase(
        "oauth2-refresh-without-secret",
        {"jira": jira({key: value for key, value in OAUTH_REFRESH.items() if key != "client_secret"})},
        "jira.credentials.client_secret",
        "developer.atlassian.com",
        True,
    ),
    InvalidCase(
        "oauth2-refresh-without-client-id",
        {"jira": jira({**OAUTH_REFRESH, "client_id": "", "access_token": SECRETS["access_token"]})},
        "jira.credentials.client_id",
        "developer.atlassian.com",
        False,
    ),
    InvalidCase(
        "api-key-missing",
        {"octopus": {"server_url": "https://your-company.octopus.app"}},
        "octopus.api_key",
        "API-",
        False,
    ),
    InvalidCase("deployment-unknown", {"jira": jira(deployment="server")}, "jira.deployment", "data_center", True),
    InvalidCase("jira-page-size-zero", {"jira": jira(page_size=0)}, "jira.page_size", "from 1 to 100", True),
    InvalidCase("jira-page-size-101", {"jira": jira(page_size=101)}, "jira.page_size", "from 1 to 100", True),
    InvalidCase("jira-page-size-text", {"jira": jira(page_size="100")}, "jira.page_size", "from 1 to 100", True),
    InvalidCase("jira-page-size-fraction", {"jira": jira(page_size=50.5)}, "jira.page_size", "from 1 to 100", True),
    InvalidCase("jira-page-size-bool", {"jira": jira(page_size=True)}, "jira.page_size", "from 1 to 100", True),
    InvalidCase(
        "octopus-page-size-1001", {"octopus": octopus(page_size=1001)}, "octopus.page_size", "from 1 to 1000", True
    ),
    InvalidCase(
        "lookback-negative",
        {"jira": jira(lookback_window_minutes=-1)},
        "jira.lookback_window_minutes",
        "from 0 to 576000",
        True,
    ),
    InvalidCase(
        "concurrency-zero",
        {"jira": jira(), "max_concurrent_requests": 0},
        "max_concurrent_requests",
        "from 1 to 40",
        True,
    ),
    InvalidCase(
        "concurrency-41",
        {"jira": jira(), "max_concurrent_requests": 41},
        "max_concurrent_requests",
        "from 1 to 40",
        True,
    ),
    InvalidCase(
        "timeout-too-short",
        {"jira": jira(), "request_timeout_seconds": 4.9},
        "request_timeout_seconds",
        "from 5 to 600",
        True,
    ),
    InvalidCase(
        "timeout-too-long",
        {"jira": jira(), "request_timeout_seconds": 601},
        "request_timeout_seconds",
        "from 5 to 600",
        True,
    ),
    InvalidCase("projects-not-list", {"jira": jira(projects="PROJ,OPS")}, "jira.projects", '["PROJ", "OPS"]', True),
    InvalidCase(
        "space-name-not-id", {"octopus": octopus(spaces=["Spaces-1", "Default"])}, "octopus.spaces[1]", "Spaces-1", True
    ),
    InvalidCase(
        "cap-unknown-kind",
        {"octopus": octopus(max_items_per_kind={"deployment": 5})},
        "octopus.max_items_per_kind.deployment",
        "deployments",
        True,
    ),
    InvalidCase(
        "cap-negative",
        {"octopus": octopus(max_items_per_kind={"releases": -1})},
        "octopus.max_items_per_kind.releases",
        "from 0 up",
        True,
    ),
    InvalidCase(
        "verify-permissions-not-bool",
        {"jira": jira(), "webhooks": {"verify_permissions": "yes"}},
        "webhooks.verify_permissions",
        "true",
        True,
    ),
    InvalidCase(
        "ca-certificate-not-pem",
        {"jira": jira(), "ca_certificate": "my-ca.crt"},
        "ca_certificate",
        "-----BEGIN CERTIFICATE-----",
        False,
    ),
    InvalidCase(
        "ca-certificate-truncated",
        {"jira": jira(), "ca_certificate": CA_PEM[:200] + "\n-----END CERTIFICATE-----"},
        "ca_certificate",
        "-----BEGIN CERTIFICATE-----",
        False,
    ),
]


def attribute(config: ConnectorConfig, path: str) -> Any:
    return reduce(getattr, path.split("."), config)


def parse_error(raw: Any) -> AirbyteTracedException:
    with pytest.raises(AirbyteTracedException) as caught:
        parse_config(raw)
    return caught.value


def secret_texts() -> list[str]:
    return [value.strip() for value in SECRETS.values()] + [URL_PASSWORD]


@pytest.mark.parametrize("case", VALID_CASES, ids=lambda case: case.id)
def test_valid_config_parses_to_the_typed_view(case: ValidCase) -> None:
    raw = copy.deepcopy(case.raw)
    config = parse_config(raw)
    for path, expected in case.expect.items():
        assert attribute(config, path) == expected, path
    assert raw == case.raw  # the raw config is never modified


@pytest.mark.parametrize("case", VALID_CASES, ids=lambda case: case.id)
def test_dates_are_utc_and_sections_have_their_types(case: ValidCase) -> None:
    config = parse_config(case.raw)
    assert config.jira is not None or config.octopus is not None
    for section, kind in ((config.jira, JiraConfig), (config.octopus, OctopusConfig)):
        if section is not None:
            assert isinstance(section, kind)
            assert section.start_date.utcoffset() == timedelta(0)
    if config.jira is not None:
        assert not config.jira.base_url.endswith("/")
    if config.octopus is not None:
        assert not config.octopus.server_url.endswith("/")
    assert isinstance(config.request_timeout_seconds, float)
    assert isinstance(config.max_concurrent_requests, int)


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda case: case.id)
def test_invalid_config_is_a_config_error_naming_the_field(case: InvalidCase) -> None:
    error = parse_error(case.raw)
    assert error.failure_type == FailureType.config_error
    assert f"`{case.field}`" in error.message
    assert case.shows in error.message
    assert case.field in (error.internal_message or "")


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda case: case.id)
def test_error_messages_never_contain_secrets(case: InvalidCase) -> None:
    error = parse_error(case.raw)
    everything = " ".join([error.message or "", error.internal_message or "", str(error), repr(error)])
    for secret in secret_texts():
        assert secret not in everything


def test_secrets_stay_out_of_repr() -> None:
    config = parse_config(
        {
            "jira": jira(OAUTH_REFRESH | {"access_token": SECRETS["access_token"]}),
            "octopus": octopus(),
            "webhooks": {"secret": SECRETS["secret"]},
        }
    )
    text = repr(config) + repr(parse_config({"jira": jira(PASSWORD)})) + repr(parse_config({"jira": jira(PAT)}))
    text += repr(parse_config({"jira": jira()}))
    for secret in secret_texts():
        assert secret not in text
    assert "client-id-1" in text  # non-secret fields still help debugging


def test_password_keeps_its_spaces_but_tokens_are_trimmed() -> None:
    padded = {**API_TOKEN, "api_token": f"  {SECRETS['api_token']}\n"}
    assert parse_config({"jira": jira(padded)}).jira.credentials.api_token == SECRETS["api_token"]
    assert parse_config({"jira": jira(PASSWORD)}).jira.credentials.password == SECRETS["password"]


def test_parsed_config_is_immutable() -> None:
    config = parse_config({"octopus": octopus(max_items_per_kind={"machines": 3})})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.octopus.page_size = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.octopus.max_items_per_kind["machines"] = 4  # type: ignore[index]


def test_first_problem_wins_in_field_order() -> None:
    """The UI shows one message; the section order (jira, then octopus, then the rest) makes it predictable."""
    error = parse_error({"jira": jira(page_size=0), "octopus": octopus(page_size=0), "max_concurrent_requests": 0})
    assert "`jira.page_size`" in error.message
    assert "octopus" not in error.message
