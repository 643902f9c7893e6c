"""spec.json as the Airbyte UI reads it: groups in order, fields by `order`, required marks (`*`), secrets
(masked), auth options with their own required fields, and the OAuth 2.0 consent flow (`advanced_auth`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import source_jira_octopus
from source_jira_octopus.octopus.streams import OCTOPUS_KINDS

SPEC = json.loads((Path(source_jira_octopus.__file__).parent / "spec.json").read_text())
SCHEMA = SPEC["connectionSpecification"]

EXPECTED_FORM_TEMPLATE = """\
[Jira]
  Jira (jira)
    Jira base URL (base_url)
    Deployment (deployment) = auto optional
    Authentication (credentials): one of
      API token (Jira Cloud)
        Email (email) *
        API token (api_token) * secret
      OAuth 2.0 (Jira Cloud)
        Client ID (client_id) * secret
        Client secret (client_secret) * secret
        Refresh token (refresh_token) * secret
        Access token (access_token) secret
        Cloud ID (cloud_id) optional
      Personal access token (Data Center)
        Personal access token (token) * secret
      Username and password (Data Center)
        Username (username) *
        Password (password) * secret
    Projects (projects)
    Start date (start_date)
    Lookback window (minutes) (lookback_window_minutes) = 0 optional
    Page size (page_size) = 100 optional
    Search lag (minutes) (search_lag_minutes) = 5 optional
    Requests per second (requests_per_second) optional
    Per-issue children: updated issues only (per_issue_children_updated_only) = false optional
    Per-issue children: full re-read every (days) (per_issue_children_full_reread_days) = 7 optional
[Octopus Deploy]
  Octopus Deploy (octopus)
    Octopus server URL (server_url)
    API key (api_key) secret
    Spaces (spaces)
    Start date (start_date)
    Page size (page_size) = 100 optional
    Maximum items per kind (max_items_per_kind) optional
{caps}    Requests per second (requests_per_second) optional
[Webhooks]
  Webhooks (webhooks)
    Verify webhook permissions (verify_permissions) optional
    Webhook target URL (target_url) optional
    Webhook secret (secret) secret optional
    Webhook name prefix (name_prefix) = airbyte optional
    Jira webhook events (jira_events) optional
    Octopus event categories (octopus_event_categories) optional
    Debounce window (seconds) (debounce_seconds) = 10 optional
    Airbyte API (airbyte) optional
      Airbyte API URL (api_url) = https://api.airbyte.com/v1 optional
      Connection id (connection_id) optional
      Access token (access_token) secret optional
      Application client id (client_id) optional
      Application client secret (client_secret) secret optional
[Advanced]
  Maximum concurrent requests (max_concurrent_requests) = 8 optional
  Request timeout (seconds) (request_timeout_seconds) = 60 optional
  CA certificate (ca_certificate) optional
  Retry budget (minutes) (max_retry_minutes) = 10 optional"""
# One optional cap per Octopus kind, in registry order (spec.json's cap block is generated from the registry).
CAP_LINES = "".join(f"      {kind.replace('_', ' ').capitalize()} ({kind}) = 0 optional\n" for kind in OCTOPUS_KINDS)
EXPECTED_FORM = EXPECTED_FORM_TEMPLATE.replace("{caps}", CAP_LINES)


def render(schema: Mapping[str, Any]) -> str:
    """Top-level fields under their group's title, in the groups' order; everything else by `order`."""
    lines: list[str] = []
    for group in schema["groups"]:
        lines.append(f"[{group['title']}]")
        members = {name: prop for name, prop in schema["properties"].items() if prop.get("group") == group["id"]}
        lines += _fields(members, schema.get("required", []), 1)
    return "\n".join(lines)


def _fields(props: Mapping[str, Any], required: list[str], depth: int) -> list[str]:
    lines = []
    for name, prop in sorted(props.items(), key=lambda item: item[1]["order"]):
        if "const" in prop:
            continue  # the option selector: the dropdown itself
        lines.append("  " * depth + _label(name, prop, name in required))
        for option in prop.get("oneOf", []):
            lines.append("  " * (depth + 1) + option["title"])
            lines += _fields(option["properties"], option.get("required", []), depth + 2)
        if "properties" in prop:
            lines += _fields(prop["properties"], prop.get("required", []), depth + 1)
    return lines


def _label(name: str, prop: Mapping[str, Any], required: bool) -> str:
    text = f"{prop['title']} ({name})"
    if "default" in prop:
        default = prop["default"]
        text += f" = {default if isinstance(default, str) else json.dumps(default)}"
    if "oneOf" in prop:
        text += ": one of"
    if required:
        text += " *"
    if prop.get("airbyte_secret"):
        text += " secret"
    is_section = "group" in prop and prop.get("type") == "object"
    if not required and not prop.get("always_show") and not is_section and "oneOf" not in prop:
        text += " optional"  # collapsed under "Optional fields" in the form
    return text


def test_the_form_renders_groups_fields_required_marks_and_secrets_in_order():
    assert render(SCHEMA) == EXPECTED_FORM


def test_oauth_consent_flow_targets_atlassian_with_the_scopes_the_streams_need():
    auth = SPEC["advanced_auth"]
    assert (auth["auth_flow_type"], auth["predicate_key"], auth["predicate_value"]) == (
        "oauth2.0",
        ["jira", "credentials", "auth_type"],
        "oauth2",
    )
    flow = auth["oauth_config_specification"]
    declarative = flow["oauth_connector_input_specification"]
    consent = urlsplit(declarative["consent_url"])
    assert (consent.scheme, consent.netloc, consent.path) == ("https", "auth.atlassian.com", "/authorize")
    query = parse_qs(consent.query)
    assert query["audience"] == ["api.atlassian.com"] and query["response_type"] == ["code"]
    assert query["prompt"] == ["consent"]
    assert set(declarative["scope"].split()) == {
        "read:jira-work",
        "read:jira-user",
        "manage:jira-webhook",
        "offline_access",
    }
    assert declarative["access_token_url"] == "https://auth.atlassian.com/oauth/token"
    assert declarative["extract_output"] == ["access_token", "refresh_token"]


def test_every_oauth_output_lands_in_a_field_of_the_oauth_option():
    flow = SPEC["advanced_auth"]["oauth_config_specification"]
    [oauth_option] = [
        option
        for option in SCHEMA["properties"]["jira"]["properties"]["credentials"]["oneOf"]
        if option["properties"]["auth_type"]["const"] == "oauth2"
    ]
    outputs = {
        **flow["complete_oauth_output_specification"]["properties"],
        **flow["complete_oauth_server_output_specification"]["properties"],
    }
    assert set(outputs) == {"access_token", "refresh_token", "client_id", "client_secret"}
    for name, output in outputs.items():
        assert output["path_in_connector_config"] == ["jira", "credentials", name]
        assert oauth_option["properties"][name]["airbyte_secret"] is True
    assert set(flow["complete_oauth_server_input_specification"]["properties"]) == {"client_id", "client_secret"}
