"""spec.json: loads through the CDK, renders in the Airbyte form, hides every secret, and agrees with parse_config.

Configs are validated with the CDK's own `check_config_against_spec_or_exit`, which the entrypoint runs
before `check`, `discover` and `read`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.connector import BaseConnector
from airbyte_cdk.models import AirbyteConnectionStatus, ConnectorSpecification, Status
from airbyte_cdk.sources.utils.schema_helpers import check_config_against_spec_or_exit
from airbyte_cdk.utils.airbyte_secrets_utils import get_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException
from jsonschema import Draft7Validator
from jsonschema.validators import validator_for

import source_jira_octopus
from source_jira_octopus import config as parser
from source_jira_octopus.config.webhooks import DEBOUNCE_SECONDS
from source_jira_octopus.config_forms import DATE_PATTERN, URL_PATTERN
from source_jira_octopus.octopus.streams import OCTOPUS_KINDS
from unit_tests.config_cases import (
    API_TOKEN,
    OAUTH_REFRESH,
    PASSWORD,
    PAT,
    SECRETS,
    VALID_CASES,
    InvalidCase,
    ValidCase,
    connector_config,
    jira,
    octopus,
)
from unit_tests.config_invalid_cases import INVALID_CASES

SPEC_PATH = Path(source_jira_octopus.__file__).parent / "spec.json"
SECRET_NAME = re.compile(r"token|secret|password|key", re.IGNORECASE)
EXPECTED_SECRETS = {
    "jira.credentials[api_token].api_token",
    "jira.credentials[oauth2].client_id",
    "jira.credentials[oauth2].client_secret",
    "jira.credentials[oauth2].refresh_token",
    "jira.credentials[oauth2].access_token",
    "jira.credentials[personal_access_token].token",
    "jira.credentials[password].password",
    "octopus.api_key",
    "webhooks.secret",
    "webhooks.airbyte.access_token",
    "webhooks.airbyte.client_secret",
}
SPEC_REQUIRED = {  # what each auth option's form demands; parse_config demands a subset (it accepts OAuth access tokens)
    "api_token": ["auth_type", "email", "api_token"],
    "oauth2": ["auth_type", "client_id", "client_secret", "refresh_token"],
    "personal_access_token": ["auth_type", "token"],
    "password": ["auth_type", "username", "password"],
}
AUTH_TITLES = {
    "api_token": "API token (Jira Cloud)",
    "oauth2": "OAuth 2.0 (Jira Cloud)",
    "personal_access_token": "Personal access token (Data Center)",
    "password": "Username and password (Data Center)",
}


class _SpecProbe(BaseConnector):
    """Loads spec.json exactly as the connector does: BaseConnector.spec reads it from the top-level package."""

    __module__ = "source_jira_octopus.spec_probe"

    def configure(self, config: Mapping[str, Any], temp_dir: str) -> Mapping[str, Any]:
        return config

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        return AirbyteConnectionStatus(status=Status.SUCCEEDED)


@pytest.fixture(scope="module")
def spec() -> ConnectorSpecification:
    return _SpecProbe().spec(logging.getLogger("airbyte"))


@pytest.fixture(scope="module")
def schema(spec: ConnectorSpecification) -> Mapping[str, Any]:
    return spec.connectionSpecification


def spec_accepts(spec: ConnectorSpecification, raw: Any) -> bool:
    try:
        check_config_against_spec_or_exit(raw, spec)
    except AirbyteTracedException:
        return False
    return True


def walk(node: Mapping[str, Any], path: str = "") -> Iterator[tuple[str, str, Mapping[str, Any], Mapping[str, Any]]]:
    """Yield (path, name, property schema, owning object schema) for every property, oneOf options included."""
    for name, prop in node.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        yield here, name, prop, node
        for option in prop.get("oneOf", []):
            const = option["properties"]["auth_type"]["const"]
            yield from walk(option, f"{here}[{const}]")
        yield from walk(prop, here)


def objects(node: Mapping[str, Any], path: str = "spec") -> Iterator[tuple[str, Mapping[str, Any]]]:
    yield path, node
    for name, prop in node.get("properties", {}).items():
        if prop.get("type") == "object":
            yield from objects(prop, f"{path}.{name}")
        for option in prop.get("oneOf", []):
            yield from objects(option, f"{path}.{name}[{option['title']}]")


def credential_options(schema: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    options = schema["properties"]["jira"]["properties"]["credentials"]["oneOf"]
    return {option["properties"]["auth_type"]["const"]: option for option in options}


def test_spec_loads_through_the_cdk_as_on_disk(spec: ConnectorSpecification) -> None:
    assert isinstance(spec, ConnectorSpecification)
    on_disk = json.loads(SPEC_PATH.read_text())
    assert spec.connectionSpecification == on_disk["connectionSpecification"]
    assert spec.documentationUrl == on_disk["documentationUrl"]


def test_spec_is_a_draft7_schema_that_the_cdk_validates_as_draft7(schema: Mapping[str, Any]) -> None:
    Draft7Validator.check_schema(schema)
    assert validator_for(schema) is Draft7Validator  # jsonschema.validate picks the validator from $schema
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is True


@pytest.mark.parametrize("case", VALID_CASES, ids=lambda case: case.id)
def test_valid_examples_pass_the_spec_where_documented(spec: ConnectorSpecification, case: ValidCase) -> None:
    """Every spec-valid example parses (the spec rejects an untouched Jira form section the parser ignores)."""
    assert spec_accepts(spec, case.raw) is case.spec_accepts
    parser.parse_config(case.raw)


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda case: case.id)
def test_documented_error_cases_fail_the_spec_where_documented(spec: ConnectorSpecification, case: InvalidCase) -> None:
    assert spec_accepts(spec, case.raw) is not case.spec_rejects
    with pytest.raises(AirbyteTracedException):
        connector_config(case.raw)


@pytest.mark.parametrize(
    "url, spec_ok, parser_ok",
    [
        ("https://your-domain.atlassian.net", True, True),
        ("https://your-domain.atlassian.net/", True, True),
        ("http://127.0.0.1:8080", True, True),
        ("https://jira.example.com:8443/jira", True, True),
        ("https://[::1]:8443/jira", True, True),
        ("your-domain.atlassian.net", False, False),
        ("ftp://jira.example.com", False, False),
        ("https://", False, False),
        ("https://bob:pw@jira.example.com", False, False),
        ("https://jira.example.com/?a=b", False, False),
        ("https://jira.example.com#top", False, False),
        ("https://jira.example.com:port", False, False),
        ("https://jira .example.com", False, False),
        ("https://jira.example.com:99999", False, False),
        (" HTTPS://jira.example.com/ ", True, True),  # what a user pastes
    ],
)
def test_url_pattern_and_parser_agree(spec: ConnectorSpecification, url: str, spec_ok: bool, parser_ok: bool) -> None:
    raw = {"octopus": octopus(server_url=url)}
    assert spec_accepts(spec, raw) is spec_ok
    try:
        parser.parse_config(raw)
        parsed = True
    except AirbyteTracedException:
        parsed = False
    assert parsed is parser_ok


def test_every_property_has_title_description_and_an_order(schema: Mapping[str, Any]) -> None:
    for path, _, prop, _ in walk(schema):
        assert isinstance(prop.get("title"), str) and prop["title"].strip(), path
        assert isinstance(prop.get("description"), str) and len(prop["description"]) > 15, path
        assert isinstance(prop.get("order"), int), path


def test_every_input_field_has_examples(schema: Mapping[str, Any]) -> None:
    for path, _, prop, _ in walk(schema):
        if prop.get("type") != "object" and "const" not in prop:
            assert prop.get("examples"), path


def test_orders_are_unique_within_each_object(schema: Mapping[str, Any]) -> None:
    for path, node in objects(schema):
        orders = [prop["order"] for prop in node.get("properties", {}).values()]
        assert len(orders) == len(set(orders)), path


def test_secret_looking_properties_are_exactly_the_airbyte_secrets(schema: Mapping[str, Any]) -> None:
    """Every name with token/secret/password/key is a secret; `auth_type` and `cloud_id` are not. `client_id` is one
    too, as in Airbyte's own OAuth connectors (the platform stores it with the client secret)."""
    secrets = {path for path, _, prop, _ in walk(schema) if prop.get("airbyte_secret") is True}
    secret_named = {path for path, name, _, _ in walk(schema) if SECRET_NAME.search(name)}
    assert secrets == EXPECTED_SECRETS
    assert secret_named == EXPECTED_SECRETS - {"jira.credentials[oauth2].client_id"}


def test_secrets_carry_no_constraints_that_would_echo_them(schema: Mapping[str, Any]) -> None:
    """jsonschema error text quotes the failing value, and the CDK puts that text in the user-facing message."""
    for path, _, prop, _ in walk(schema):
        if prop.get("airbyte_secret"):
            assert prop["type"] == "string", path
            assert not {"pattern", "format", "enum", "minLength", "maxLength"} & set(prop), path


@pytest.mark.parametrize("credentials", [API_TOKEN, OAUTH_REFRESH, PAT, PASSWORD], ids=lambda c: c["auth_type"])
def test_cdk_secret_filter_finds_every_configured_secret(schema: Mapping[str, Any], credentials: dict) -> None:
    raw = {"jira": jira(credentials), "octopus": octopus(), "webhooks": {"secret": SECRETS["secret"]}}
    present = {
        value
        for key, value in {**credentials, **raw["octopus"], **raw["webhooks"]}.items()
        if key in SECRETS or key == "client_id"
    }
    assert set(get_secrets(schema, raw)) == present


def test_credentials_are_a_one_of_per_auth_type(schema: Mapping[str, Any]) -> None:
    credentials = schema["properties"]["jira"]["properties"]["credentials"]
    assert credentials["type"] == "object"
    options = credential_options(schema)
    assert len(options) == len(credentials["oneOf"]) == 4
    assert {const: option["title"] for const, option in options.items()} == AUTH_TITLES
    for const, option in options.items():
        selector = option["properties"]["auth_type"]
        assert option["type"] == "object"
        assert selector["type"] == "string" and selector["default"] == const
        assert option["required"] == SPEC_REQUIRED[const]
        assert set(option["properties"]) - {"auth_type"} == set(parser.JIRA_CREDENTIAL_FIELDS[const])


def test_each_option_requires_at_least_what_the_parser_requires(schema: Mapping[str, Any]) -> None:
    for const, option in credential_options(schema).items():
        assert set(parser.JIRA_REQUIRED_CREDENTIALS[const]) <= set(option["required"]), const
        for name in option["required"]:
            assert name == "auth_type" or option["properties"][name].get("always_show") is True, (const, name)


def test_sections_are_optional_and_only_auth_options_require_fields(
    spec: ConnectorSpecification, schema: Mapping[str, Any]
) -> None:
    """Jira and Octopus are each optional (leave a section out to sync only the other); inside an auth option the
    form demands that option's fields, so an empty email or token is caught before the first request."""
    for path, node in objects(schema):
        if "[" not in path:
            assert not node.get("required"), path
    assert spec_accepts(spec, {"octopus": octopus()})
    assert not spec_accepts(spec, {"jira": jira({"auth_type": "api_token", "email": "name@example.com"})})


def test_required_looking_fields_are_shown_in_the_form(schema: Mapping[str, Any]) -> None:
    """Optional fields collapse into 'Optional fields' unless `always_show`; the ones a user must fill may not."""
    sections = schema["properties"]
    for section, names in {
        "jira": ("base_url", "projects", "start_date"),
        "octopus": ("server_url", "api_key", "spaces", "start_date"),
    }.items():
        for name in names:
            assert sections[section]["properties"][name].get("always_show") is True, (section, name)


def test_groups_cover_every_top_level_property(schema: Mapping[str, Any]) -> None:
    group_ids = [group["id"] for group in schema["groups"]]
    assert all(isinstance(group.get("title"), str) and group["title"].strip() for group in schema["groups"])
    assert len(group_ids) == len(set(group_ids))
    for name, prop in schema["properties"].items():
        assert prop.get("group") in group_ids, name


@pytest.mark.parametrize(
    "path, bounds",
    [
        ("jira.page_size", parser.JIRA_PAGE_SIZE),
        ("jira.lookback_window_minutes", parser.LOOKBACK_WINDOW_MINUTES),
        ("jira.search_lag_minutes", parser.SEARCH_LAG_MINUTES),
        ("octopus.page_size", parser.OCTOPUS_PAGE_SIZE),
        ("max_concurrent_requests", parser.MAX_CONCURRENT_REQUESTS),
        ("request_timeout_seconds", parser.REQUEST_TIMEOUT_SECONDS),
        ("webhooks.debounce_seconds", DEBOUNCE_SECONDS),
        *[(f"octopus.max_items_per_kind.{kind}", parser.ITEM_CAP) for kind in OCTOPUS_KINDS],
    ],
)
def test_numeric_ranges_and_defaults_match_the_parser(
    schema: Mapping[str, Any], path: str, bounds: parser.Bounds
) -> None:
    prop = {here: prop for here, _, prop, _ in walk(schema)}[path]
    assert prop["minimum"] == bounds.low
    assert prop.get("maximum") == bounds.high
    assert prop["default"] == bounds.default


def test_other_defaults_and_enums(schema: Mapping[str, Any]) -> None:
    props = {path: prop for path, _, prop, _ in walk(schema)}
    assert props["jira.deployment"]["default"] == "auto"
    assert props["jira.deployment"]["enum"] == list(parser.DEPLOYMENTS)
    # no default: absent means "required only when webhooks.target_url is set" (the form must not fill `true`)
    assert "default" not in props["webhooks.verify_permissions"]
    caps = schema["properties"]["octopus"]["properties"]["max_items_per_kind"]
    assert tuple(caps["properties"]) == OCTOPUS_KINDS
    assert caps["additionalProperties"] is False


def test_url_and_date_fields_carry_patterns_with_descriptors(schema: Mapping[str, Any]) -> None:
    props = {path: prop for path, _, prop, _ in walk(schema)}
    for path in ("jira.base_url", "octopus.server_url", "webhooks.target_url"):
        assert props[path]["pattern"] == URL_PATTERN, path
    for path in ("jira.start_date", "octopus.start_date"):
        assert props[path]["pattern"] == DATE_PATTERN  # test_config_forms.py: generated values agree with the parser
    for path, _, prop, _ in walk(schema):
        if "pattern" in prop:
            assert prop.get("pattern_descriptor"), path
        for example in prop.get("examples", []) if "pattern" in prop else []:
            assert re.search(prop["pattern"], example), (path, example)


def test_ca_certificate_is_a_multiline_text_field(schema: Mapping[str, Any]) -> None:
    prop = schema["properties"]["ca_certificate"]
    assert prop["type"] == "string" and prop["multiline"] is True
    assert "airbyte_secret" not in prop  # a CA certificate is public
