"""Config errors from spec validation name the field, show the bad value unless it is secret, and a valid example;
through the connector's own entrypoint, `check` answers FAILED with that message and `discover` an error trace."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

import source_jira_octopus
from source_jira_octopus.run import launch
from source_jira_octopus.source import SourceJiraOctopus
from source_jira_octopus.spec_validation import validate_config
from unit_tests.config_cases import API_TOKEN, OAUTH_REFRESH, SECRETS, jira, octopus
from unit_tests.config_invalid_cases import INVALID_CASES

SCHEMA = json.loads((Path(source_jira_octopus.__file__).parent / "spec.json").read_text())["connectionSpecification"]


def message_for(raw: Any) -> str:
    with pytest.raises(AirbyteTracedException) as raised:
        validate_config(raw, SCHEMA)
    return raised.value.message


@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            {"jira": jira(page_size=1000)},
            "Invalid configuration: `jira.page_size` is 1000, above the maximum of 100. Use a whole number from 1 to "
            "100. For example 50. The default is 100.",
        ),
        ({"octopus": octopus(page_size=0)}, "`octopus.page_size` is 0, below the minimum of 1."),
        (
            {"jira": jira(), "max_concurrent_requests": "8"},
            '`max_concurrent_requests` is "8", but must be a whole number. Use a whole number from 1 to 40.',
        ),
        (
            {"jira": jira({"auth_type": "api_token", "email": "name@example.com"})},
            '`jira.credentials.api_token` is required. For example "<API token from id.atlassian.com>".',
        ),
        ({"jira": jira({"auth_type": "personal_access_token"})}, "`jira.credentials.token` is required."),
        (
            {"jira": jira({k: v for k, v in OAUTH_REFRESH.items() if k != "refresh_token"})},
            "`jira.credentials.refresh_token` is required.",
        ),
        (
            {"jira": jira({**API_TOKEN, "auth_type": "basic"})},
            "`jira.credentials.auth_type` is missing or not a known authentication method. "
            "Use api_token, oauth2, personal_access_token, password.",
        ),
        (
            {"jira": jira(deployment="server")},
            '`jira.deployment` is "server", not one of auto, cloud, data_center. Use auto, cloud, data_center.',
        ),
        (
            {"jira": jira(start_date="01/02/2020")},
            '`jira.start_date` is "01/02/2020", not in the form YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ (or +HH:MM). '
            'For example "2020-01-01T00:00:00Z".',
        ),
        (
            {"jira": jira(base_url="acme.atlassian.net")},
            '`jira.base_url` is "acme.atlassian.net", not in the form http(s)://host[:port][/path]. '
            'For example "https://your-domain.atlassian.net".',
        ),
        (
            {"octopus": octopus(spaces=["Space 1"])},
            '`octopus.spaces[0]` is "Space 1", not in the form Spaces-<number>. Use the form Spaces-<number>.',
        ),
        (
            {"octopus": octopus(max_items_per_kind={"tenants": 5})},
            "`octopus.max_items_per_kind` has unknown keys (tenants). Use projects, environments, releases, "
            "deployments, machines, subscriptions.",
        ),
        (
            {"jira": jira({**API_TOKEN, "email": "bob"})},
            '`jira.credentials.email` is "bob", not in the form name@example.com',
        ),
    ],
)
def test_messages_name_the_field_the_value_and_a_valid_example(raw, expected):
    assert expected in message_for(raw)


def test_secret_values_are_never_shown():
    message = message_for({"jira": jira({**API_TOKEN, "api_token": 4510451})})
    assert "`jira.credentials.api_token` is a secret value (not shown), but must be text." in message
    assert "4510451" not in message


@pytest.mark.parametrize("case", [c for c in INVALID_CASES if c.spec_rejects], ids=lambda case: case.id)
def test_every_spec_rejected_case_gets_a_message_naming_a_field_in_the_same_section(case):
    message = message_for(case.raw)
    assert message.startswith("Invalid configuration: `") and "Config validation error" not in message
    named = message.split("`")[1]
    assert re.split(r"[.\[ ]", named)[0] == re.split(r"[.\[ ]", case.field)[0], (named, case.field)
    assert not any(secret.strip() in message for secret in SECRETS.values())


def _run_connector(tmp_path: Path, capsys, command: str, config: dict) -> list[dict]:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    launch(SourceJiraOctopus(config), [command, "--config", str(path)])
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def test_check_reports_the_field_naming_message_as_a_failed_connection_status(tmp_path, capsys):
    messages = _run_connector(tmp_path, capsys, "check", {"jira": jira(page_size=1000)})
    [status] = [m["connectionStatus"] for m in messages if m["type"] == "CONNECTION_STATUS"]
    assert status["status"] == "FAILED"
    assert status["message"].startswith("Invalid configuration: `jira.page_size` is 1000, above the maximum of 100.")


def test_discover_fails_with_the_field_naming_config_error(tmp_path, capsys):
    """Uncaught, as the CDK's own: the process's exception hook prints it as an error trace and exits non-zero."""
    with pytest.raises(AirbyteTracedException) as raised:
        _run_connector(tmp_path, capsys, "discover", {"octopus": octopus(page_size=5000)})
    assert raised.value.failure_type.value == "config_error"
    assert raised.value.message.startswith(
        "Invalid configuration: `octopus.page_size` is 5000, above the maximum of 1000."
    )
