"""The container image, built with podman by bench/build_image.sh, speaks the Airbyte protocol.

Run explicitly (image tests are deselected unless `-m` names them, see conftest.py):
    .venv/bin/python -m pytest integration_tests/test_image.py -m image_tests
The connector in the container reaches the fake API on the host's 127.0.0.1 through `--network host`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jira_octopus_sample_api import FakeApiServer

pytestmark = [pytest.mark.image_tests, pytest.mark.timeout(1800)]

REPO_ROOT = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = REPO_ROOT / "bench" / "build_image.sh"
IMAGE = os.environ.get("SOURCE_JIRA_OCTOPUS_TEST_IMAGE", "localhost/sourcejiraoctopus/source-jira-octopus:image-test")
# crun cannot start containers on hybrid-cgroup hosts such as this VM; runc with explicit ulimits can.
RUN_FLAGS = ["--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]
SCHEMA_NAMES = sorted(path.stem for path in (REPO_ROOT / "source_jira_octopus" / "schemas").glob("*.json"))
SMALL_STREAMS = ["jira_statuses", "octopus_spaces"]


@pytest.fixture(scope="module")
def image() -> str:
    if shutil.which("podman") is None:
        pytest.fail(
            "podman is not installed. On Debian/Ubuntu: `apt-get update && apt-get install -y podman buildah runc "
            "debootstrap`; then re-run with `-m image_tests`."
        )
    result = subprocess.run(
        [str(BUILD_SCRIPT)], cwd=REPO_ROOT, env={**os.environ, "IMAGE": IMAGE}, capture_output=True, text=True
    )
    assert result.returncode == 0, f"bench/build_image.sh failed:\n{result.stderr[-4000:]}"
    return IMAGE


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeApiServer]:
    with FakeApiServer() as server:
        yield server


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """Mounted at /config; world-readable because the image runs as the unprivileged `airbyte` user."""
    tmp_path.chmod(0o755)
    return tmp_path


def _write_json(directory: Path, name: str, content: Any) -> str:
    path = directory / name
    path.write_text(json.dumps(content))
    path.chmod(0o644)
    return f"/config/{name}"


def _run(image: str, args: list[str], config_dir: Path | None = None, network: str = "host") -> list[dict[str, Any]]:
    """Runs one connector command and returns the Airbyte messages it printed (stdout lines that are JSON)."""
    volume = ["-v", f"{config_dir}:/config:ro"] if config_dir else []
    command = ["podman", "run", "--rm", *RUN_FLAGS, "--network", network, *volume, image, *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    messages = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert messages, f"{args[0]} printed no Airbyte message (exit {result.returncode}):\n{result.stderr[-3000:]}"
    return messages


def _of_type(messages: list[dict[str, Any]], message_type: str) -> list[dict[str, Any]]:
    return [message for message in messages if message["type"] == message_type]


def _error_traces(messages: list[dict[str, Any]]) -> list[str]:
    return [m["trace"]["error"]["message"] for m in _of_type(messages, "TRACE") if m["trace"].get("type") == "ERROR"]


def test_spec_prints_the_packaged_connection_specification(image):
    messages = _run(image, ["spec"], network="none")
    [spec] = _of_type(messages, "SPEC")
    packaged = json.loads((REPO_ROOT / "source_jira_octopus" / "spec.json").read_text())
    assert spec["spec"]["connectionSpecification"] == packaged["connectionSpecification"]


def test_check_succeeds_against_the_fake_api(image, fake_api, config_dir):
    config_path = _write_json(config_dir, "config.json", fake_api.connector_config())
    messages = _run(image, ["check", "--config", config_path], config_dir)
    [status] = _of_type(messages, "CONNECTION_STATUS")
    assert status["connectionStatus"]["status"] == "SUCCEEDED", status["connectionStatus"].get("message")


def test_check_reports_failure_for_a_wrong_octopus_api_key(image, fake_api, config_dir):
    config = fake_api.connector_config()
    config["octopus"]["api_key"] = "API-WRONGKEY0000000000000000000"
    messages = _run(image, ["check", "--config", _write_json(config_dir, "config.json", config)], config_dir)
    [status] = _of_type(messages, "CONNECTION_STATUS")
    assert status["connectionStatus"]["status"] == "FAILED"
    assert "octopus" in status["connectionStatus"]["message"].lower(), status["connectionStatus"]["message"]


def test_discover_lists_one_stream_per_schema_file(image, fake_api, config_dir):
    config_path = _write_json(config_dir, "config.json", fake_api.connector_config())
    messages = _run(image, ["discover", "--config", config_path], config_dir)
    [catalog] = _of_type(messages, "CATALOG")
    assert sorted(stream["name"] for stream in catalog["catalog"]["streams"]) == SCHEMA_NAMES


def _configured_catalog(stream_names: list[str]) -> dict[str, Any]:
    return {
        "streams": [
            {
                "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh"]},
                "sync_mode": "full_refresh",
                "destination_sync_mode": "overwrite",
            }
            for name in stream_names
        ]
    }


def test_read_emits_exactly_the_fakes_records(image, fake_api, config_dir):
    config_path = _write_json(config_dir, "config.json", fake_api.connector_config())
    catalog_path = _write_json(config_dir, "catalog.json", _configured_catalog(SMALL_STREAMS))
    messages = _run(image, ["read", "--config", config_path, "--catalog", catalog_path], config_dir)
    assert _error_traces(messages) == []
    for stream in SMALL_STREAMS:
        records = [m["record"]["data"] for m in _of_type(messages, "RECORD") if m["record"]["stream"] == stream]
        key = "Id" if stream.startswith("octopus_") else "id"
        expected = {str(value) for value in fake_api.dataset.ids(stream)}
        assert expected and sorted(str(r[key]) for r in records) == sorted(expected), stream


def test_image_runs_as_airbyte_without_tests_or_dev_dependencies(image):
    script = "id -un; ls -A /airbyte/integration_code; python -m pip list --format=freeze 2>/dev/null"
    command = ["podman", "run", "--rm", *RUN_FLAGS, "--network", "none", "--entrypoint", "sh", image, "-c", script]
    lines = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300).stdout.split()
    assert lines[0] == "airbyte"
    assert {"unit_tests", "integration_tests", "bench", "build", ".venv"}.isdisjoint(lines), lines
    installed = {line.split("==")[0].lower().replace("_", "-") for line in lines if "==" in line}
    assert "airbyte-cdk" in installed and "source-jira-octopus" in installed
    assert {"pytest", "requests-mock", "airbyte-connector-models", "pytest-timeout"}.isdisjoint(installed)
    assert {"airbyte", "duckdb", "pandas", "numpy", "nltk", "grpcio", "google-cloud-secret-manager"}.isdisjoint(
        installed
    )


def test_image_ships_the_connector_without_the_main_job(image):
    script = (
        "python -c 'import source_jira_octopus, pathlib; p = pathlib.Path(source_jira_octopus.__file__).parent; "
        "print(sorted(x.name for x in p.iterdir()))'"
    )
    command = ["podman", "run", "--rm", *RUN_FLAGS, "--network", "none", "--entrypoint", "sh", image, "-c", script]
    listing = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300).stdout
    assert "spec.json" in listing and "schemas" in listing and "warehouse" not in listing


def test_image_labels_carry_the_pyproject_version(image):
    version = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
    inspect = ["podman", "image", "inspect", "--format", "{{json .Labels}}", image]
    labels = json.loads(subprocess.run(inspect, capture_output=True, text=True, check=True).stdout)
    assert labels["io.airbyte.name"] == "sourcejiraoctopus/source-jira-octopus"
    assert labels["io.airbyte.version"] == version
