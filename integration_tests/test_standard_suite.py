"""The Airbyte CDK's standard source tests (spec, check, discover, basic read, bad catalog), in-process, against
the fake API on a free loopback port (the scenarios' configs are sample_config.json with its address replaced, so two
runs on one machine never share a port); with `-m image_tests`, also its docker image tests, run
against the image bench/build_image.sh builds (or `--connector-image`)."""

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.test.models import ConnectorTestScenario
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from jira_octopus_sample_api import FakeApiServer
from source_jira_octopus import SourceJiraOctopus
from testkit.contract_guard import contract_violations
from testkit.reading import read_streams, records_by_stream

HERE = Path(__file__).parent
REPO_ROOT = HERE.parent
IMAGE_TEST_TAG = os.environ.get(
    "SOURCE_JIRA_OCTOPUS_TEST_IMAGE", "localhost/sourcejiraoctopus/source-jira-octopus:image-test"
)
PODMAN_DOCKER = HERE / "podman_docker"
_built_images: dict[str, str] = {}
SAMPLE_ADDRESS = "http://127.0.0.1:18765"  # written in sample_config.json, for a fake started by hand on that port
# Each scenario's config, by config file: filled when this module's fake API starts (on a free port), so the
# scenarios collected before it started read the address it got.
SUITE_CONFIGS: dict[Path, dict[str, Any]] = {}


def at_address(config: dict[str, Any], base_url: str) -> dict[str, Any]:
    return json.loads(json.dumps(config).replace(SAMPLE_ADDRESS, base_url))


@pytest.fixture(scope="module", autouse=True)
def fake_api_on_a_free_port():
    with FakeApiServer(seed=11, size=60) as server:
        for path, config in SUITE_CONFIGS.items():
            config.clear()
            config.update(at_address(json.loads((REPO_ROOT / path).read_text()), server.base_url))
        yield server
        requests = list(server.requests)
    violations = contract_violations(requests)
    assert not violations, "requests that disagree with the vendor OpenAPI documents:\n" + "\n".join(violations)


class TestAirbyteStandardTests(SourceTestSuiteBase):
    connector = SourceJiraOctopus

    @classmethod
    def get_scenarios(cls) -> list[ConnectorTestScenario]:
        """The scenarios of acceptance-test-config.yml, each with its config as a dict that points at the fake API."""
        return [
            scenario.model_copy(update={"config_dict": SUITE_CONFIGS.setdefault(scenario.config_path, {})})
            if scenario.config_path
            else scenario
            for scenario in super().get_scenarios()
        ]

    @classmethod
    def _connector_image(cls, connector_image_override, connector_base_image_override) -> str:
        """The CDK would build with `docker buildx`, which machines like this one lack: build with podman instead."""
        _use_podman_when_docker_has_no_engine()
        if connector_image_override:
            return connector_image_override
        if IMAGE_TEST_TAG not in _built_images:
            result = subprocess.run(
                [str(REPO_ROOT / "bench" / "build_image.sh")],
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                env={**os.environ, "IMAGE": IMAGE_TEST_TAG},
            )
            assert result.returncode == 0, f"bench/build_image.sh failed:\n{result.stderr[-4000:]}"
            _built_images[IMAGE_TEST_TAG] = IMAGE_TEST_TAG
        return _built_images[IMAGE_TEST_TAG]


def _use_podman_when_docker_has_no_engine() -> None:
    if None in (shutil.which("podman"), shutil.which("docker")) or str(PODMAN_DOCKER) in os.environ["PATH"]:
        return
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        os.environ["PATH"] = f"{PODMAN_DOCKER}{os.pathsep}{os.environ['PATH']}"


def test_abnormal_future_state_reads_no_issues_and_resets_the_cursor_to_the_sync_start(fake_api_on_a_free_port):
    """A cursor in the future would hide every later edit; after a successful read it becomes the sync start."""
    config = at_address(json.loads((HERE / "sample_config.json").read_text()), fake_api_on_a_free_port.base_url)
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
