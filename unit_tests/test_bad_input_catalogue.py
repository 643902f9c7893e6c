"""The bad-input catalogue: what a new user or a misbehaving server hands the connector, and the answer it gets.

Each case asserts the exact failure_type and the key words of the message a user reads: the field or file, the
bad value (never a secret) and what to do. Three groups: config values (through the entrypoint's spec
validation, then parse_config, in that order, as `check`/`read` run them); the config, catalog and state files
(through the console script as a subprocess: one TRACE on stdout, no traceback, non-zero exit); payload shapes
from the server (HttpMocker reads).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

import source_jira_octopus
from source_jira_octopus.config import parse_config
from source_jira_octopus.spec_validation import validate_config
from testkit.connector_process import CONSOLE_SCRIPT
from testkit.mock_server import JIRA, JIRA_CLOUD, OCTOPUS, OCTOPUS_CONFIG, Mocks, run
from unit_tests.config_cases import API_TOKEN, SECRETS, jira, octopus

SCHEMA = json.loads((Path(source_jira_octopus.__file__).parent / "spec.json").read_text())["connectionSpecification"]
URL_PASSWORD = "pw-in-url-0460"

CONFIG_CASES = [
    (
        "base-url-no-scheme",
        {"jira": jira(base_url="acme.atlassian.net")},
        ["`jira.base_url`", '"acme.atlassian.net"', "http(s)://host", "https://your-domain.atlassian.net"],
    ),
    (
        "base-url-http-cloud",
        {"jira": jira(base_url="http://acme.atlassian.net")},
        ["`jira.base_url`", "only https", "Use https://acme.atlassian.net."],
    ),
    (
        "base-url-cloud-browser-path",
        {"jira": jira(base_url="https://acme.atlassian.net/jira/software")},
        ["`jira.base_url`", "with a path", "https://your-domain.atlassian.net"],
    ),
    (
        "base-url-password",
        {"jira": jira(base_url=f"https://bob:{URL_PASSWORD}@jira.example.com")},
        ["`jira.base_url`", "user name or password"],
    ),
    (
        "base-url-port",
        {"jira": jira(base_url="https://jira.example.com:99999")},
        ["`jira.base_url`", '"https://jira.example.com:99999"', "http(s)://host[:port][/path]"],
    ),
    ("base-url-bad-ipv6", {"jira": jira(base_url="https://[1:2:3]/jira")}, ["`jira.base_url`", "invalid IPv6"]),
    (
        "start-date-us-form",
        {"jira": jira(start_date="01/02/2020")},
        ["`jira.start_date`", '"01/02/2020"', "YYYY-MM-DD", "2020-01-01T00:00:00Z"],
    ),
    (
        "start-date-no-such-day",
        {"octopus": octopus(start_date="2023-02-29")},
        ["`octopus.start_date`", '"2023-02-29"', "not a date", "2020-01-01"],
    ),
    ("start-date-month-13", {"jira": jira(start_date="2024-13-01")}, ["`jira.start_date`", '"2024-13-01"']),
    (
        "start-date-number",
        {"octopus": octopus(start_date=20200101)},
        ["`octopus.start_date`", "20200101", "must be text"],
    ),
    ("page-size-too-big", {"jira": jira(page_size=1000)}, ["`jira.page_size`", "1000", "from 1 to 100"]),
    ("page-size-text", {"octopus": octopus(page_size="100")}, ["`octopus.page_size`", '"100"', "whole number"]),
    ("deployment-unknown", {"jira": jira(deployment="server")}, ["`jira.deployment`", '"server"', "data_center"]),
    (
        "email-no-at",
        {"jira": jira({**API_TOKEN, "email": "bob"})},
        ["`jira.credentials.email`", '"bob"', "name@example.com"],
    ),
    (
        "api-token-number",
        {"jira": jira({**API_TOKEN, "api_token": 4510451})},
        ["`jira.credentials.api_token`", "secret value (not shown)"],
    ),
    (
        "auth-type-unknown",
        {"jira": jira({**API_TOKEN, "auth_type": "basic"})},
        ["`jira.credentials.auth_type`", "api_token, oauth2, personal_access_token"],
    ),
    (
        "space-id-name",
        {"octopus": octopus(spaces=["Default"])},
        ["`octopus.spaces[0]`", '"Default"', "Spaces-<number>"],
    ),
    (
        "cap-unknown-kind",
        {"octopus": octopus(max_items_per_kind={"variables": 5})},
        ["`octopus.max_items_per_kind`", "variables", "deployments", "tenants"],
    ),
    (
        "workers-zero",
        {"jira": jira(), "max_concurrent_requests": 0},
        ["`max_concurrent_requests`", "0", "from 1 to 40"],
    ),
    (
        "timeout-too-short",
        {"jira": jira(), "request_timeout_seconds": 1},
        ["`request_timeout_seconds`", "1", "minimum of 5"],
    ),
    ("lookback-negative", {"jira": jira(lookback_window_minutes=-5)}, ["`jira.lookback_window_minutes`", "-5"]),
    ("nothing-configured", {}, ["`jira / octopus`", "jira.base_url", "octopus.server_url"]),
    (
        "webhook-url-no-scheme",
        {"jira": jira(), "webhooks": {"target_url": "hooks.example.com"}},
        ["`webhooks.target_url`", '"hooks.example.com"'],
    ),
    (
        "verify-permissions-text",
        {"jira": jira(), "webhooks": {"verify_permissions": "yes"}},
        ["`webhooks.verify_permissions`", '"yes"', "true or false"],
    ),
    (
        "ca-certificate-fragment",
        {"jira": jira(), "ca_certificate": "MIIB..."},
        ["`ca_certificate`", "PEM", "-----BEGIN CERTIFICATE-----"],
    ),
]


def config_failure(raw: dict[str, Any]) -> AirbyteTracedException:
    """What `check`/`read` answer: the spec validation first, then parse_config."""
    with pytest.raises(AirbyteTracedException) as raised:
        validate_config(raw, SCHEMA)
        parse_config(raw)
    return raised.value


@pytest.mark.parametrize(
    "raw, words", [(raw, words) for _, raw, words in CONFIG_CASES], ids=[case_id for case_id, _, _ in CONFIG_CASES]
)
def test_config_values(raw: dict[str, Any], words: list[str]) -> None:
    error = config_failure(raw)
    message = error.message or ""
    assert error.failure_type == FailureType.config_error
    assert message.startswith("Invalid configuration: `") and "does not match" not in message
    for word in words:
        assert word in message, (word, message)
    assert URL_PASSWORD not in message and not any(secret.strip() in message for secret in SECRETS.values())


OK_CONFIG = {"octopus": {"server_url": "http://127.0.0.1:9", "api_key": "API-CATALOGUE0461"}}
OK_CATALOG = {
    "streams": [
        {
            "stream": {"name": "octopus_spaces", "json_schema": {}, "supported_sync_modes": ["full_refresh"]},
            "sync_mode": "full_refresh",
            "destination_sync_mode": "overwrite",
        }
    ]
}
STATE_OF = lambda stream, state: [  # noqa: E731
    {"type": "STREAM", "stream": {"stream_descriptor": {"name": stream}, "stream_state": state}}
]
FILE_CASES = [
    ("config-bad-json", "check", {"config": '{"jira": '}, ["config file", "is not valid JSON", "line 1"]),
    ("config-missing", "check", {"config": None}, ["config file", "cannot be read", "No such file"]),
    ("config-a-list", "discover", {"config": "[1, 2]"}, ["config file", "holds a list, not a JSON object"]),
    ("catalog-bad-json", "read", {"catalog": "{streams"}, ["catalog file", "is not valid JSON"]),
    ("catalog-missing", "read", {"catalog": None}, ["catalog file", "cannot be read"]),
    (
        "catalog-entry-incomplete",
        "read",
        {"catalog": json.dumps({"streams": [{"stream": {"name": "octopus_spaces"}}]})},
        ["catalog file", "streams[0] lacks stream.json_schema", "sync_mode", "`discover`"],
    ),
    (
        "state-an-object",
        "read",
        {"state": json.dumps({"updated": "P1D"})},
        ["state file", "holds a JSON object, not a list of state messages", '"type": "STREAM"'],
    ),
    (
        "state-bad-stream-state",
        "read",
        {"state": json.dumps(STATE_OF("jira_issues", {"updated": "P1D"}))},
        ["state file", "jira_issues", "a cursor must be a date and time", "Clear data for jira_issues"],
    ),
    (
        "state-entry-not-message",
        "read",
        {"state": json.dumps([{"stream": "octopus_spaces"}])},
        ["state file", "entry [0] is not a state message"],
    ),
    ("state-bad-json", "read", {"state": "[{"}, ["state file", "is not valid JSON"]),
]


def run_console(tmp_path: Path, command: str, files: dict[str, str | None]) -> tuple[int, list[dict], str]:
    contents = {"config": json.dumps(OK_CONFIG), "catalog": json.dumps(OK_CATALOG), **files}
    args = [CONSOLE_SCRIPT, command]
    for role in ("config", "catalog", "state") if command == "read" else ("config",):
        if role in contents:
            path = tmp_path / f"{role}.json"
            if contents[role] is not None:
                path.write_text(contents[role])
            args += [f"--{role}", str(path)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    messages = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return done.returncode, messages, done.stderr


@pytest.mark.slow  # the console script as a process, once per case
@pytest.mark.parametrize(
    "command, files, words", [(c, f, w) for _, c, f, w in FILE_CASES], ids=[case_id for case_id, *_ in FILE_CASES]
)
def test_files(tmp_path: Path, command: str, files: dict[str, str | None], words: list[str]) -> None:
    code, messages, stderr = run_console(tmp_path, command, files)
    traces = [m["trace"]["error"] for m in messages if m["type"] == "TRACE"]
    assert code != 0 and len(traces) == 1 and len(messages) == 1, messages
    assert traces[0]["failure_type"] == "config_error" and not traces[0].get("stack_trace")
    assert "Traceback" not in stderr
    for word in words:
        assert word in traces[0]["message"], (word, traces[0]["message"])


def test_start_date_in_the_future_warns_naming_the_field() -> None:
    with HttpMocker() as mocker:
        body = {"Items": [], "TotalResults": 0}
        Mocks(mocker).get(f"{OCTOPUS}/api/spaces", {"skip": "0", "take": "2"}, body)
        output = run({"octopus": {**OCTOPUS_CONFIG, "start_date": "2999-01-01"}}, "octopus_spaces")
    warnings = [m.log.message for m in output.logs if m.log.level.name == "WARN"]
    assert any("octopus.start_date is 2999-01-01T00:00:00+00:00, in the future" in w for w in warnings)


PAGE = [{"accountId": "a", "id": "a"}, {"accountId": "b", "id": "b"}]
PAYLOAD_CASES = [
    (
        "array-server-ignores-startAt",
        {"startAt": "2"},
        PAGE,
        ["returned only records this partition already emitted", "users/search?startAt=2", "ignores the page position"],
    ),
    ("page-bean-where-array-expected", {"startAt": "0"}, {"values": PAGE}, ["a JSON array of records, got dict"]),
]


@pytest.mark.parametrize(
    "second_params, second_body, words",
    [(p, b, w) for _, p, b, w in PAYLOAD_CASES],
    ids=[case_id for case_id, *_ in PAYLOAD_CASES],
)
def test_payloads(second_params: dict[str, str], second_body: Any, words: list[str]) -> None:
    url = f"{JIRA}/rest/api/3/users/search"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        if second_params["startAt"] == "2":
            mocks.get(url, {"startAt": "0", "maxResults": "2"}, PAGE)
        mocks.get(url, {**second_params, "maxResults": "2"}, second_body)
        output = run({"jira": JIRA_CLOUD}, "jira_users")
    assert len(output.records) == (2 if second_params["startAt"] == "2" else 0)  # never the repeated page
    [error] = [m.trace.error for m in output.errors if m.trace.error.stream_descriptor]
    text = f"{error.message} {error.internal_message}"
    assert error.failure_type == FailureType.system_error
    for word in words:
        assert word in text, (word, text)
