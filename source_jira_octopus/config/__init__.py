"""The raw connector config parsed once into small typed objects; every config error names its field.

Messages name the field, show the bad value (`_shown`: never a secret field, never a URL with a user name or
password in it) and what a valid value looks like. Secrets are also kept out of the dataclasses' repr.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from source_jira_octopus.config.fields import UNSTRIPPED, Bounds, Fields, parse_url
from source_jira_octopus.config.webhooks import WebhookOptions, parse_webhook_options
from source_jira_octopus.config_forms import DATE_HINT, config_error, parse_date
from source_jira_octopus.config_forms import shown_value as _shown

DEPLOYMENTS = ("auto", "cloud", "data_center")
DEFAULT_START_DATE = datetime(1970, 1, 1, tzinfo=UTC)

# Fields each Jira auth_type reads, and which of them must be filled (OAuth 2.0 has an either/or rule instead).
JIRA_CREDENTIAL_FIELDS: Mapping[str, tuple[str, ...]] = {
    "api_token": ("email", "api_token"),
    "oauth2": ("client_id", "client_secret", "refresh_token", "access_token", "cloud_id"),
    "personal_access_token": ("token",),
    "password": ("username", "password"),
}
JIRA_REQUIRED_CREDENTIALS: Mapping[str, tuple[str, ...]] = {
    "api_token": ("email", "api_token"),
    "oauth2": (),
    "personal_access_token": ("token",),
    "password": ("username", "password"),
}
_CREDENTIAL_HINTS = {
    "email": "The Atlassian account email, for example name@example.com.",
    "api_token": "Create an API token at https://id.atlassian.com/manage-profile/security/api-tokens.",
    "token": "Create a personal access token in Jira under your avatar > Profile > Personal Access Tokens.",
    "username": "The Jira user name you sign in with, for example jsmith.",
    "password": "The password of that Jira user.",
}
_SPACE_ID = re.compile(r"^Spaces-[0-9]+$")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+$")


JIRA_PAGE_SIZE = Bounds(1, 100, 100)
OCTOPUS_PAGE_SIZE = Bounds(1, 1000, 100)
LOOKBACK_WINDOW_MINUTES = Bounds(0, 576000, 0)
# Jira Cloud's search index is eventually consistent: token-paged incremental searches read only what is at least
# this old, and the next sync continues from there (jira/search_end.py). 0 turns the end bound off.
SEARCH_LAG_MINUTES = Bounds(0, 1440, 5)
FULL_REREAD_DAYS = Bounds(1, 365, 7)
MAX_CONCURRENT_REQUESTS = Bounds(1, 40, 8)
REQUEST_TIMEOUT_SECONDS = Bounds(5, 600, 60)
REQUESTS_PER_SECOND = Bounds(0, 1000, 0)  # absent: the service's default pace (http/budget.py); 0: unpaced
MAX_RETRY_MINUTES = Bounds(0, 1440, 10)
ITEM_CAP = Bounds(0, None, 0)


@dataclass(frozen=True)
class JiraCredentials:
    auth_type: str
    email: str | None = None
    api_token: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    cloud_id: str | None = None


@dataclass(frozen=True)
class JiraConfig:
    base_url: str  # no trailing slash; a Data Center context path is kept (https://host/jira)
    deployment: str  # "auto" | "cloud" | "data_center"
    credentials: JiraCredentials
    projects: tuple[str, ...]
    start_date: datetime  # tz-aware UTC; DEFAULT_START_DATE when not configured
    lookback_window: timedelta
    page_size: int
    search_lag: timedelta = timedelta(minutes=SEARCH_LAG_MINUTES.default)
    requests_per_second: float | None = None  # None: 10/s on Cloud, unpaced on Data Center; 0: unpaced
    # watchers, votes, remote links, properties: only issues updated since the last sync, all every `full_reread`
    per_issue_children_updated_only: bool = False
    per_issue_children_full_reread: timedelta = timedelta(days=FULL_REREAD_DAYS.default)


@dataclass(frozen=True)
class OctopusConfig:
    server_url: str
    api_key: str = field(repr=False)
    spaces: tuple[str, ...]
    start_date: datetime
    page_size: int
    max_items_per_kind: Mapping[str, int]  # name -> cap as entered (0: no cap); names checked by octopus/connection.py
    requests_per_second: float | None = None  # None: the server's rate-limiting policy, if readable; 0: unpaced


@dataclass(frozen=True)
class WebhookConfig:
    verify_permissions: bool | None = None  # None (absent): required only when a target_url is set
    target_url: str | None = None
    secret: str | None = field(default=None, repr=False)
    options: WebhookOptions = WebhookOptions()  # name prefix, events, debounce, Airbyte API (config/webhooks.py)


@dataclass(frozen=True)
class ConnectorConfig:
    jira: JiraConfig | None
    octopus: OctopusConfig | None
    webhooks: WebhookConfig
    max_concurrent_requests: int
    request_timeout_seconds: float
    ca_certificate: str | None
    max_retry_minutes: float = MAX_RETRY_MINUTES.default


def parse_config(raw: Mapping[str, Any]) -> ConnectorConfig:
    """Parse and check the whole config; raises a config_error AirbyteTracedException on the first problem."""
    fields = Fields(raw)
    jira = _parse_jira(fields.child("jira")) if _jira_in_use(fields.child("jira")) else None
    octopus = _parse_octopus(fields.child("octopus")) if _octopus_in_use(fields.child("octopus")) else None
    if jira is None and octopus is None:
        raise config_error(
            "jira / octopus",
            "is missing: neither Jira nor Octopus Deploy is configured",
            "Fill in jira.base_url and jira.credentials, or octopus.server_url and octopus.api_key (or both).",
        )
    return ConnectorConfig(
        jira=jira,
        octopus=octopus,
        webhooks=_parse_webhooks(fields.child("webhooks")),
        max_concurrent_requests=fields.integer("max_concurrent_requests", MAX_CONCURRENT_REQUESTS),
        request_timeout_seconds=fields.number("request_timeout_seconds", REQUEST_TIMEOUT_SECONDS),
        ca_certificate=_parse_ca_certificate(fields),
        max_retry_minutes=fields.number("max_retry_minutes", MAX_RETRY_MINUTES),
    )


def _jira_in_use(jira: Fields) -> bool:
    """The Airbyte form always sends a `jira` object filled with defaults, so only user-entered values count."""
    credentials = jira.child("credentials")
    entered_credentials = any(credentials.is_filled(key) for key in credentials.raw if key != "auth_type")
    return entered_credentials or any(jira.is_filled(key) for key in ("base_url", "projects", "start_date"))


def _octopus_in_use(octopus: Fields) -> bool:
    return any(octopus.is_filled(key) for key in ("server_url", "api_key", "spaces", "start_date"))


def _parse_jira(jira: Fields) -> JiraConfig:
    base_url = _parse_jira_base_url(jira)
    deployment = jira.text("deployment") or "auto"
    if deployment not in DEPLOYMENTS:
        raise config_error(
            jira.at("deployment"), f"is {_shown(deployment)}, not a known deployment", "Use auto, cloud or data_center."
        )
    return JiraConfig(
        base_url=base_url,
        deployment=deployment,
        credentials=_parse_jira_credentials(jira.child("credentials")),
        projects=jira.text_list("projects", '["PROJ", "OPS"] (project keys)'),
        start_date=_parse_start_date(jira),
        lookback_window=timedelta(minutes=jira.integer("lookback_window_minutes", LOOKBACK_WINDOW_MINUTES)),
        page_size=jira.integer("page_size", JIRA_PAGE_SIZE),
        search_lag=timedelta(minutes=jira.integer("search_lag_minutes", SEARCH_LAG_MINUTES)),
        requests_per_second=jira.optional_number("requests_per_second", REQUESTS_PER_SECOND),
        per_issue_children_updated_only=jira.boolean("per_issue_children_updated_only", False),
        per_issue_children_full_reread=timedelta(
            days=jira.integer("per_issue_children_full_reread_days", FULL_REREAD_DAYS)
        ),
    )


def _parse_jira_base_url(jira: Fields) -> str:
    """A browser address pasted from Jira Cloud (https://x.atlassian.net/jira/...) would turn every call into a 404."""
    base_url = parse_url(jira, "base_url", "https://your-domain.atlassian.net or https://jira.example.com/jira")
    parts = urlsplit(base_url)
    cloud = (parts.hostname or "").endswith(".atlassian.net")
    if cloud and parts.scheme == "http":
        raise config_error(
            jira.at("base_url"),
            f"is {_shown(base_url)}: Jira Cloud answers only https, and credentials must not travel unencrypted",
            f"Use https://{parts.netloc}.",
        )
    if cloud and parts.path:
        raise config_error(
            jira.at("base_url"),
            "is a Jira Cloud address with a path",
            "Jira Cloud sites have no path: use just https://your-domain.atlassian.net.",
        )
    return base_url


def _parse_jira_credentials(credentials: Fields) -> JiraCredentials:
    auth_type = credentials.text("auth_type")
    if auth_type is None or auth_type not in JIRA_CREDENTIAL_FIELDS:
        problem = "is missing" if auth_type is None else f"is {_shown(auth_type)}, not a known authentication method"
        raise config_error(
            credentials.at("auth_type"), problem, "Use api_token, oauth2, personal_access_token or password."
        )
    for key in JIRA_REQUIRED_CREDENTIALS[auth_type]:
        credentials.required_text(key, f"It is needed for auth_type {auth_type}. {_CREDENTIAL_HINTS[key]}")
    values = {key: credentials.text(key, strip=key not in UNSTRIPPED) for key in JIRA_CREDENTIAL_FIELDS[auth_type]}
    if auth_type == "api_token" and not _EMAIL.match(values["email"] or ""):
        raise config_error(
            credentials.at("email"), f"is {_shown(values['email'])}, not an email address", _CREDENTIAL_HINTS["email"]
        )
    if auth_type == "oauth2":
        _check_oauth2(credentials, values)
    return JiraCredentials(auth_type=auth_type, **values)


def _check_oauth2(credentials: Fields, values: Mapping[str, str | None]) -> None:
    """A refresh token is useless without the app's client ID and secret; without one, an access token must do."""
    hint = (
        "OAuth 2.0 needs either jira.credentials.access_token, or jira.credentials.refresh_token together with "
        "client_id and client_secret from https://developer.atlassian.com/console/myapps/."
    )
    if values["refresh_token"]:
        for key in ("client_id", "client_secret"):
            if not values[key]:
                raise config_error(credentials.at(key), "is required with a refresh_token", hint)
    elif not values["access_token"]:
        raise config_error(credentials.at("access_token"), "or a refresh_token is required", hint)


def _parse_octopus(octopus: Fields) -> OctopusConfig:
    return OctopusConfig(
        server_url=parse_url(octopus, "server_url", "https://your-company.octopus.app"),
        api_key=octopus.required_text(
            "api_key", "Create an API key (it starts with API-) under your Octopus profile > My API Keys."
        ),
        spaces=_parse_spaces(octopus),
        start_date=_parse_start_date(octopus),
        page_size=octopus.integer("page_size", OCTOPUS_PAGE_SIZE),
        max_items_per_kind=_parse_item_caps(octopus.child("max_items_per_kind")),
        requests_per_second=octopus.optional_number("requests_per_second", REQUESTS_PER_SECOND),
    )


def _parse_spaces(octopus: Fields) -> tuple[str, ...]:
    spaces = octopus.text_list("spaces", '["Spaces-1", "Spaces-2"]')
    for index, space in enumerate(spaces):
        if not _SPACE_ID.match(space):
            raise config_error(
                f"{octopus.at('spaces')}[{index}]",
                f"is {_shown(space)}, not a space ID",
                "Use IDs such as Spaces-1 (shown in the Octopus web address: .../app#/Spaces-1/...).",
            )
    return spaces


def _parse_item_caps(caps: Fields) -> Mapping[str, int]:
    """A plain mapping of names to caps (0: no cap). Config knows no streams: the Octopus connection checks the names
    against its registry (`octopus/connection.py`), with an error naming the field the same way."""
    return MappingProxyType({str(kind): caps.integer(str(kind), ITEM_CAP) for kind in caps.raw})


def _parse_webhooks(webhooks: Fields) -> WebhookConfig:
    explicit = webhooks.raw.get("verify_permissions") is not None
    target = (
        parse_url(webhooks, "target_url", "https://hooks.example.com/jira-octopus")
        if webhooks.is_filled("target_url")
        else None
    )
    return WebhookConfig(
        verify_permissions=webhooks.boolean("verify_permissions", False) if explicit else None,
        target_url=target,
        secret=webhooks.text("secret"),
        options=parse_webhook_options(webhooks),
    )


def _parse_start_date(fields: Fields) -> datetime:
    """The forms of config_forms.DATE_PATTERN (the spec's pattern too); a value without an offset is read as UTC."""
    value = fields.text("start_date", hint=DATE_HINT)
    if value is None:
        return DEFAULT_START_DATE
    parsed = parse_date(value)
    if parsed is None:
        raise config_error(fields.at("start_date"), f"is {_shown(value)}, not a date", DATE_HINT)
    return parsed


def _parse_ca_certificate(fields: Fields) -> str | None:
    """Loaded once here so a pasted fragment fails as a config error, not as a TLS error mid-sync."""
    pem = fields.text("ca_certificate")
    if pem is None:
        return None
    hint = "Paste the CA certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----."
    if "-----BEGIN CERTIFICATE-----" not in pem:
        raise config_error("ca_certificate", "is not a PEM certificate", hint)
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cadata=pem)
    except (ssl.SSLError, ValueError):
        raise config_error("ca_certificate", "could not be read as a certificate", hint) from None
    return pem
