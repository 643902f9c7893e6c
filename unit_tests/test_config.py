"""parse_config: valid configs become the typed view; each invalid one is a config_error naming its field.

The case tables are shared with test_spec.py, which checks the same configs against spec.json the way the
CDK entrypoint does (`spec_accepts` / `spec_rejects` pin where the spec and the parser deliberately differ).
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import timedelta
from functools import reduce
from typing import Any

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import (
    ConnectorConfig,
    JiraConfig,
    OctopusConfig,
    parse_config,
)
from unit_tests.config_cases import (
    API_TOKEN,
    OAUTH_REFRESH,
    PASSWORD,
    PAT,
    SECRETS,
    URL_PASSWORD,
    VALID_CASES,
    InvalidCase,
    ValidCase,
    connector_config,
    jira,
    octopus,
)
from unit_tests.config_invalid_cases import INVALID_CASES


def attribute(config: ConnectorConfig, path: str) -> Any:
    return reduce(getattr, path.split("."), config)


def parse_error(raw: Any) -> AirbyteTracedException:
    with pytest.raises(AirbyteTracedException) as caught:
        connector_config(raw)
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
