"""The `webhooks` settings beyond target URL and secret: the name prefix, event overrides, the debounce window and
the Airbyte API to trigger syncs through. Read with the config's own field reader (`config/fields.py`), so every
error names its field exactly as the rest of the config does; `webhooks/` imports these, never the other way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from source_jira_octopus.config.fields import Bounds, Fields, parse_url
from source_jira_octopus.config_forms import config_error

DEFAULT_PREFIX = "airbyte"
DEFAULT_AIRBYTE_API_URL = "https://api.airbyte.com/v1"
NAME_PREFIX_PATTERN = r"^\s*[A-Za-z0-9][A-Za-z0-9_.-]{0,39}\s*$"
JIRA_EVENT_PATTERN = r"^\s*[a-z][a-z0-9_]*(:[a-z0-9_]+)?\s*$"
OCTOPUS_CATEGORY_PATTERN = r"^\s*[A-Za-z]+\s*$"
UUID_PATTERN = r"^\s*[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\s*$"


DEBOUNCE_SECONDS = Bounds(0.05, 3600, 10)


@dataclass(frozen=True)
class AirbyteApi:
    """Where `webhooks serve` triggers syncs: `POST {api_url}/jobs` for `connection_id`, with a bearer token or
    client credentials (`POST {api_url}/applications/token`)."""

    api_url: str
    connection_id: str
    access_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class WebhookOptions:
    name_prefix: str = DEFAULT_PREFIX
    jira_events: tuple[str, ...] = ()  # empty: the events the streams need (webhooks/events.py)
    octopus_event_categories: tuple[str, ...] = ()
    debounce_seconds: float = DEBOUNCE_SECONDS.default
    airbyte: AirbyteApi | None = None  # None: `serve` runs the main job (the warehouse load) instead

    @property
    def name(self) -> str:
        """What every webhook and subscription we own is called: how `register` and `unregister` recognise them."""
        return f"{self.name_prefix}-source-jira-octopus"


def parse_webhook_options(webhooks: Fields) -> WebhookOptions:
    prefix = _matching(
        webhooks, "name_prefix", NAME_PREFIX_PATTERN, "Use letters, digits, _ . or -, at most 40, e.g. prod."
    )
    return WebhookOptions(
        name_prefix=prefix or DEFAULT_PREFIX,
        jira_events=_matching_list(
            webhooks, "jira_events", JIRA_EVENT_PATTERN, '["jira:issue_created", "comment_created"]'
        ),
        octopus_event_categories=_matching_list(
            webhooks, "octopus_event_categories", OCTOPUS_CATEGORY_PATTERN, '["Created", "Modified", "Deleted"]'
        ),
        debounce_seconds=webhooks.number("debounce_seconds", DEBOUNCE_SECONDS),
        airbyte=_parse_airbyte(webhooks.child("airbyte")) if webhooks.is_filled("airbyte") else None,
    )


def _parse_airbyte(airbyte: Fields) -> AirbyteApi:
    api_url = (
        parse_url(airbyte, "api_url", DEFAULT_AIRBYTE_API_URL)
        if airbyte.is_filled("api_url")
        else DEFAULT_AIRBYTE_API_URL
    )
    hint = "Copy it from the connection's URL in Airbyte (…/connections/<connection id>/status)."
    connection_id = _matching(airbyte, "connection_id", UUID_PATTERN, hint)
    if connection_id is None:
        raise config_error(airbyte.at("connection_id"), "is required when `webhooks.airbyte` is set", hint)
    token, client_id = airbyte.text("access_token"), airbyte.text("client_id")
    client_secret = airbyte.text("client_secret", strip=False)
    if token is None and (client_id is None or client_secret is None):
        raise config_error(
            airbyte.at("access_token"),
            "is required unless both `client_id` and `client_secret` are set",
            "Give an Airbyte API access token, or an application's client_id and client_secret "
            "(Airbyte: Settings > Applications).",
        )
    return AirbyteApi(api_url, connection_id.lower(), token, client_id, client_secret)


def _matching(fields: Fields, key: str, pattern: str, hint: str) -> str | None:
    value = fields.text(key, hint=hint)
    if value is not None and not re.match(pattern, value):
        raise config_error(fields.at(key), f"is {value[:60]!r}, not in the expected form", hint)
    return value


def _matching_list(fields: Fields, key: str, pattern: str, example: str) -> tuple[str, ...]:
    values = fields.text_list(key, example)
    wrong = [value for value in values if not re.match(pattern, value)]
    if wrong:
        raise config_error(
            fields.at(key), f"has {wrong[0][:60]!r}, not in the expected form", f"For example {example}."
        )
    return values
