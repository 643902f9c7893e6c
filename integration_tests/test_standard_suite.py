"""The Airbyte CDK's standard source tests (spec, check, discover, basic read, bad catalog), in-process, against
the fake API on the fixed address in sample_config.json."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from integration_tests.contract_guard import contract_violations
from integration_tests.fake_api import FakeApiServer
from integration_tests.reading import read_streams, records_by_stream
from source_jira_octopus import SourceJiraOctopus

HERE = Path(__file__).parent
STANDARD_SUITE_PORT = 18765  # the address written in sample_config.json and invalid_config.json


@pytest.fixture(scope="module", autouse=True)
def fake_api_on_the_sample_config_port():
    with FakeApiServer(seed=11, size=60, port=STANDARD_SUITE_PORT) as server:
        yield server
        requests = list(server.requests)
    violations = contract_violations(requests)
    assert not violations, "requests that disagree with the vendor OpenAPI documents:\n" + "\n".join(violations)


class TestAirbyteStandardTests(SourceTestSuiteBase):
    connector = SourceJiraOctopus


def test_abnormal_future_state_reads_no_issues_and_resets_the_cursor_to_the_sync_start():
    """A cursor in the future would hide every later edit; after a successful read it becomes the sync start."""
    config = json.loads((HERE / "sample_config.json").read_text())
    from airbyte_cdk.test.state_builder import StateBuilder

    raw = json.loads((HERE / "abnormal_state.json").read_text())[0]["stream"]
    state = StateBuilder().with_stream_state(raw["stream_descriptor"]["name"], raw["stream_state"]).build()
    output = read_streams(config, streams=["jira_issues"], state=state)
    assert not output.errors
    assert not records_by_stream(output).get("jira_issues")
    saved = output.most_recent_state.stream_state.__dict__
    # the foundation's single value is migrated to the site-wide partition, then moved back to the sync's start
    assert saved["state_version"] == 2 and "sync" not in saved
    cursor = datetime.fromisoformat(saved["partitions"]["*"]["cursor"])
    assert cursor < datetime.fromisoformat(raw["stream_state"]["updated"])
    assert abs(cursor - datetime.now(UTC)) < timedelta(hours=1)
