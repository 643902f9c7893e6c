"""The connector as users run it: the `source-jira-octopus` console script and `python main.py`, as subprocesses
speaking the Airbyte protocol on stdout, against the fake API."""

import json
import logging
import subprocess
import sys

import pytest
from airbyte_cdk.models import AirbyteMessage, AirbyteMessageSerializer, Type

from source_jira_octopus import SourceJiraOctopus
from testkit.connector_process import CONSOLE_SCRIPT, ROOT
from testkit.reading import ALL_STREAMS

pytestmark = pytest.mark.slow  # connector processes


def run(*args, cwd=ROOT):
    completed = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=240)
    messages = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    return completed.returncode, messages


def of_type(messages, kind):
    return [m for m in messages if m["type"] == kind]


@pytest.mark.parametrize("command", [[CONSOLE_SCRIPT, "spec"], [sys.executable, "main.py", "spec"]])
def test_spec_prints_the_connection_specification(command):
    code, messages = run(*command)
    assert code == 0
    spec = of_type(messages, "SPEC")[0]["spec"]["connectionSpecification"]
    assert {"jira", "octopus", "webhooks", "max_concurrent_requests"} <= set(spec["properties"])


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(json.dumps(content))
    return str(path)


def test_check_discover_and_read_with_the_configured_catalog(fake_api, tmp_path):
    config = write(tmp_path, "config.json", fake_api.connector_config())
    code, messages = run(CONSOLE_SCRIPT, "check", "--config", config)
    assert code == 0 and of_type(messages, "CONNECTION_STATUS")[0]["connectionStatus"]["status"] == "SUCCEEDED"

    code, messages = run(CONSOLE_SCRIPT, "discover", "--config", config)
    streams = {s["name"]: s for s in of_type(messages, "CATALOG")[0]["catalog"]["streams"]}
    assert set(streams) == set(ALL_STREAMS)  # every declared kind, from the connector's registries
    assert streams["jira_issues"]["supported_sync_modes"] == ["full_refresh", "incremental"]
    assert streams["jira_issues"]["default_cursor_field"] == ["updated"]
    assert streams["jira_issues"]["source_defined_primary_key"] == [["id"]]
    assert streams["octopus_deployments"]["source_defined_primary_key"] == [["Id"]]
    assert streams["jira_users"]["source_defined_primary_key"] == [["accountId"]]

    catalog = str(ROOT / "integration_tests" / "configured_catalog.json")
    code, messages = run(CONSOLE_SCRIPT, "read", "--config", config, "--catalog", catalog)
    assert code == 0
    counts = {}
    for record in of_type(messages, "RECORD"):
        counts[record["record"]["stream"]] = counts.get(record["record"]["stream"], 0) + 1
    assert counts["jira_issues"] == len(fake_api.dataset.ids("jira_issues"))
    assert counts["octopus_deployments"] == len(fake_api.dataset.ids("octopus_deployments"))
    assert set(counts) == set(ALL_STREAMS), set(ALL_STREAMS) - set(counts)
    states = [
        m["state"]["stream"]
        for m in of_type(messages, "STATE")
        if m["state"]["stream"]["stream_descriptor"]["name"] == "jira_issues"
    ]
    assert states[-1]["stream_state"]["state_version"] == 2 and "*" in states[-1]["stream_state"]["partitions"]


def test_check_with_bad_credentials_reports_failed_without_printing_secrets(fake_api, tmp_path):
    config = fake_api.connector_config()
    config["jira"]["credentials"]["api_token"] = "not-the-right-token"
    config["octopus"]["api_key"] = "API-NOTTHERIGHTKEY00"
    code, messages = run(CONSOLE_SCRIPT, "check", "--config", write(tmp_path, "config.json", config))
    status = of_type(messages, "CONNECTION_STATUS")[0]["connectionStatus"]
    assert status["status"] == "FAILED"
    assert "Jira API error" in status["message"] and "Octopus API error" in status["message"]
    everything = json.dumps(messages)
    assert "not-the-right-token" not in everything and "API-NOTTHERIGHTKEY00" not in everything


def test_invalid_config_is_a_config_error_trace(tmp_path):
    config = {
        "jira": {
            "base_url": "ftp://jira.example.com",
            "credentials": {"auth_type": "api_token", "email": "a@b.c", "api_token": "some-token-value"},
        }
    }
    code, messages = run(CONSOLE_SCRIPT, "check", "--config", write(tmp_path, "config.json", config))
    status = of_type(messages, "CONNECTION_STATUS")[0]["connectionStatus"]
    assert status["status"] == "FAILED"
    assert status["message"].startswith(
        'Invalid configuration: `jira.base_url` is "ftp://jira.example.com", not in '
        "the form http(s)://host[:port][/path]."
    )


def test_the_configured_catalog_is_what_discover_lists(fake_api):
    """The catalog is generated from the registries offline; `discover` against a server must list the same."""
    from scripts.generated_files import COMMAND, configured

    config = fake_api.connector_config()
    catalog = SourceJiraOctopus(config).discover(logging.getLogger("discover"), config)
    message = AirbyteMessageSerializer.dump(AirbyteMessage(type=Type.CATALOG, catalog=catalog))
    wanted = ("name", "supported_sync_modes", "source_defined_primary_key", "source_defined_cursor")
    streams = []
    for raw in message["catalog"]["streams"]:
        kept = {"name": raw["name"], "json_schema": {}, **{k: raw[k] for k in wanted if k in raw}}
        kept["supported_sync_modes"] = list(kept["supported_sync_modes"])
        if raw.get("default_cursor_field"):
            kept["default_cursor_field"] = raw["default_cursor_field"]
        streams.append(kept)
    expected = {"streams": [configured(stream) for stream in streams]}
    catalog_file = ROOT / "integration_tests" / "configured_catalog.json"
    assert json.loads(catalog_file.read_text()) == expected, f"run: {COMMAND}"
