"""The raw connector config parsed once into small typed objects; every config error names its field.

Messages name the field, show the bad value (`_shown`: never a secret field, never a URL with a user name or
password in it) and what a valid value looks like. Secrets are also kept out of the dataclasses' repr.
"""

from __future__ import annotations

import math
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from source_jira_octopus.config_forms import DATE_HINT, SECRET_FIELDS, config_error, parse_date, url_problem
from source_jira_octopus.config_forms import shown_value as _shown
from source_jira_octopus.webhooks.options import WebhookOptions, parse_webhook_options

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
_UNSTRIPPED = frozenset({"password"})  # a password may legitimately start or end with a space
_SPACE_ID = re.compile(r"^Spaces-[0-9]+$")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+$")


@dataclass(frozen=True)
class Bounds:
    low: float
    high: float | None
    default: float


JIRA_PAGE_SIZE = Bounds(1, 100, 100)
OCTOPUS_PAGE_SIZE = Bounds(1, 1000, 100)
LOOKBACK_WINDOW_MINUTES = Bounds(0, 576000, 0)
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
    requests_per_second: float | None = None  # None: 10/s on Cloud, unpaced on Data Center; 0: unpaced


@dataclass(frozen=True)
class OctopusConfig:
    server_url: str
    api_key: str = field(repr=False)
    spaces: tuple[str, ...]
    start_date: datetime
    page_size: int
    max_items_per_kind: Mapping[str, int]  # only kinds with a cap > 0
    requests_per_second: float | None = None  # None: the server's rate-limiting policy, if readable; 0: unpaced


@dataclass(frozen=True)
class WebhookConfig:
    verify_permissions: bool | None = None  # None (absent): required only when a target_url is set
    target_url: str | None = None
    secret: str | None = field(default=None, repr=False)
    options: WebhookOptions = WebhookOptions()  # name prefix, events, debounce, Airbyte API (webhooks/options.py)


@dataclass(frozen=True)
class ConnectorConfig:
    jira: JiraConfig | None
    octopus: OctopusConfig | None
    webhooks: WebhookConfig
    max_concurrent_requests: int
    request_timeout_seconds: float
    ca_certificate: str | None
    max_retry_minutes: float = MAX_RETRY_MINUTES.default


class _Fields:
    """One raw config object and its dotted path, with typed getters whose errors name the field."""

    def __init__(self, raw: Any, path: str = "") -> None:
        if raw is not None and not isinstance(raw, Mapping):
            raise config_error(path or "config", "must be a JSON object", "See the connector's spec for its fields.")
        self.raw: Mapping[str, Any] = raw or {}
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def child(self, key: str) -> _Fields:
        return _Fields(self.raw.get(key), self.at(key))

    def text(self, key: str, strip: bool = True, hint: str = "Enter it as text.") -> str | None:
        """The string at `key`, or None when absent or blank."""
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise config_error(self.at(key), f"is {self.shown(key)}, not a string", hint)
        if not value.strip():
            return None
        return value.strip() if strip else value

    def required_text(self, key: str, hint: str) -> str:
        value = self.text(key, strip=key not in _UNSTRIPPED)
        if value is None:
            raise config_error(self.at(key), "is required", hint)
        return value

    def integer(self, key: str, bounds: Bounds) -> int:
        return int(self.number(key, bounds, whole=True))

    def number(self, key: str, bounds: Bounds, whole: bool = False) -> float:
        """The number at `key` within `bounds` (JSON 100.0 counts as whole, as in JSON schema); a bool is not one."""
        value = self.raw.get(key)
        if value is None:
            value = bounds.default
        kind = "a whole number" if whole else "a number"
        span = f"from {bounds.low:g}" + (f" to {bounds.high:g}" if bounds.high is not None else " up")
        hint = f"Use {kind} {span}; the default is {bounds.default:g}."
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or (whole and value != int(value))
        ):
            raise config_error(self.at(key), f"is {_shown(value)}, but must be {kind}", hint)
        if value < bounds.low or (bounds.high is not None and value > bounds.high):
            raise config_error(self.at(key), f"is {_shown(value)}, out of range", hint)
        return float(value)

    def optional_number(self, key: str, bounds: Bounds) -> float | None:
        return None if self.raw.get(key) is None else self.number(key, bounds)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise config_error(
                self.at(key), f"is {_shown(value)}, not true or false", f"The default is {str(default).lower()}."
            )
        return value

    def text_list(self, key: str, example: str) -> tuple[str, ...]:
        """Stripped, de-duplicated, blank entries dropped (the Airbyte form can leave an empty row behind)."""
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise config_error(self.at(key), f"is {_shown(value)}, not a list of strings", f"For example {example}.")
        return tuple(dict.fromkeys(item.strip() for item in value if item.strip()))

    def shown(self, key: str) -> str:
        return "a secret value (not shown)" if key in SECRET_FIELDS else _shown(self.raw.get(key))

    def is_filled(self, key: str) -> bool:
        value = self.raw.get(key)
        return value not in (None, [], {}) and not (isinstance(value, str) and not value.strip())


def parse_config(raw: Mapping[str, Any]) -> ConnectorConfig:
    """Parse and check the whole config; raises a config_error AirbyteTracedException on the first problem."""
    fields = _Fields(raw)
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


def _jira_in_use(jira: _Fields) -> bool:
    """The Airbyte form always sends a `jira` object filled with defaults, so only user-entered values count."""
    credentials = jira.child("credentials")
    entered_credentials = any(credentials.is_filled(key) for key in credentials.raw if key != "auth_type")
    return entered_credentials or any(jira.is_filled(key) for key in ("base_url", "projects", "start_date"))


def _octopus_in_use(octopus: _Fields) -> bool:
    return any(octopus.is_filled(key) for key in ("server_url", "api_key", "spaces", "start_date"))


def _parse_jira(jira: _Fields) -> JiraConfig:
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
        requests_per_second=jira.optional_number("requests_per_second", REQUESTS_PER_SECOND),
    )


def _parse_jira_base_url(jira: _Fields) -> str:
    """A browser address pasted from Jira Cloud (https://x.atlassian.net/jira/...) would turn every call into a 404."""
    base_url = _parse_url(jira, "base_url", "https://your-domain.atlassian.net or https://jira.example.com/jira")
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


def _parse_jira_credentials(credentials: _Fields) -> JiraCredentials:
    auth_type = credentials.text("auth_type")
    if auth_type is None or auth_type not in JIRA_CREDENTIAL_FIELDS:
        problem = "is missing" if auth_type is None else f"is {_shown(auth_type)}, not a known authentication method"
        raise config_error(
            credentials.at("auth_type"), problem, "Use api_token, oauth2, personal_access_token or password."
        )
    for key in JIRA_REQUIRED_CREDENTIALS[auth_type]:
        credentials.required_text(key, f"It is needed for auth_type {auth_type}. {_CREDENTIAL_HINTS[key]}")
    values = {key: credentials.text(key, strip=key not in _UNSTRIPPED) for key in JIRA_CREDENTIAL_FIELDS[auth_type]}
    if auth_type == "api_token" and not _EMAIL.match(values["email"] or ""):
        raise config_error(
            credentials.at("email"), f"is {_shown(values['email'])}, not an email address", _CREDENTIAL_HINTS["email"]
        )
    if auth_type == "oauth2":
        _check_oauth2(credentials, values)
    return JiraCredentials(auth_type=auth_type, **values)


def _check_oauth2(credentials: _Fields, values: Mapping[str, str | None]) -> None:
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


def _parse_octopus(octopus: _Fields) -> OctopusConfig:
    return OctopusConfig(
        server_url=_parse_url(octopus, "server_url", "https://your-company.octopus.app"),
        api_key=octopus.required_text(
            "api_key", "Create an API key (it starts with API-) under your Octopus profile > My API Keys."
        ),
        spaces=_parse_spaces(octopus),
        start_date=_parse_start_date(octopus),
        page_size=octopus.integer("page_size", OCTOPUS_PAGE_SIZE),
        max_items_per_kind=_parse_item_caps(octopus.child("max_items_per_kind")),
        requests_per_second=octopus.optional_number("requests_per_second", REQUESTS_PER_SECOND),
    )


def _parse_spaces(octopus: _Fields) -> tuple[str, ...]:
    spaces = octopus.text_list("spaces", '["Spaces-1", "Spaces-2"]')
    for index, space in enumerate(spaces):
        if not _SPACE_ID.match(space):
            raise config_error(
                f"{octopus.at('spaces')}[{index}]",
                f"is {_shown(space)}, not a space ID",
                "Use IDs such as Spaces-1 (shown in the Octopus web address: .../app#/Spaces-1/...).",
            )
    return spaces


def _parse_item_caps(caps: _Fields) -> Mapping[str, int]:
    """Cap names are the Octopus kinds the connector reads (its stream registry), not a list of their own."""
    from source_jira_octopus.octopus.streams import OCTOPUS_KINDS  # config is parsed before any stream exists

    unknown = sorted(set(caps.raw) - set(OCTOPUS_KINDS))
    if unknown:
        raise config_error(caps.at(unknown[0]), "is not a kind that can be capped", f"Use {', '.join(OCTOPUS_KINDS)}.")
    parsed = {kind: caps.integer(kind, ITEM_CAP) for kind in OCTOPUS_KINDS}
    return MappingProxyType({kind: cap for kind, cap in parsed.items() if cap > 0})


def _parse_webhooks(webhooks: _Fields) -> WebhookConfig:
    explicit = webhooks.raw.get("verify_permissions") is not None
    target = (
        _parse_url(webhooks, "target_url", "https://hooks.example.com/jira-octopus")
        if webhooks.is_filled("target_url")
        else None
    )
    return WebhookConfig(
        verify_permissions=webhooks.boolean("verify_permissions", False) if explicit else None,
        target_url=target,
        secret=webhooks.text("secret"),
        options=parse_webhook_options(webhooks, _parse_url),
    )


def _parse_url(fields: _Fields, key: str, example: str) -> str:
    """http(s), a host, an optional port and path (config_forms.URL_PATTERN); spaces and trailing slashes removed."""
    path, hint = fields.at(key), f"Use the full address, for example {example}."
    value = fields.required_text(key, hint).rstrip("/")
    problem = url_problem(value)
    if problem:
        shown = "a URL with a user name or password (not shown)" if "@" in value else _shown(value)
        raise config_error(path, f"is {shown}: it {problem}", hint)
    parts = urlsplit(value)
    return f"{parts.scheme.lower()}://{parts.netloc}{parts.path}"


def _parse_start_date(fields: _Fields) -> datetime:
    """The forms of config_forms.DATE_PATTERN (the spec's pattern too); a value without an offset is read as UTC."""
    value = fields.text("start_date", hint=DATE_HINT)
    if value is None:
        return DEFAULT_START_DATE
    parsed = parse_date(value)
    if parsed is None:
        raise config_error(fields.at("start_date"), f"is {_shown(value)}, not a date", DATE_HINT)
    return parsed


def _parse_ca_certificate(fields: _Fields) -> str | None:
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
