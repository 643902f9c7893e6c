"""The wheel carries what the main job needs outside a checkout: the connector with its spec and every schema, and
the sample API with its vendor API documents; installed on its own, the sample API serves from the installed copy.

The full check (a fresh virtualenv, `pip install '<checkout>[warehouse]'`, `python -m source_jira_octopus.warehouse`
on sample data) takes minutes and the network; this test builds the wheel from a copy of the sources and installs it
without dependencies into a folder, which catches a package or package-data file left out of pyproject.toml.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds and installs a wheel: ~55 s on the shared 2-core machine

ROOT = Path(__file__).resolve().parents[1]
BUILD_INPUTS = ("pyproject.toml", "README.md", "source_jira_octopus", "jira_octopus_sample_api")
NOT_SHIPPED = ("integration_tests/", "unit_tests/", "testkit/", "bench/")

# Run from a folder outside the checkout with PYTHONPATH=<install dir>: start the sample API the main job starts,
# ask each service once, and report where the modules and the vendor documents were read from.
SERVE_ONE_REQUEST = """
import io, json, sys
import requests
import jira_octopus_sample_api, source_jira_octopus
from jira_octopus_sample_api import spec_validation
from source_jira_octopus.warehouse.sample import sample_config

with sample_config(io.StringIO(), edits=0, size=5) as config:
    octopus = config["octopus"]
    spaces = requests.get(
        f"{octopus['server_url']}/api/spaces", headers={"X-Octopus-ApiKey": octopus["api_key"]}, timeout=10
    )
    jira = config["jira"]
    credentials = (jira["credentials"]["email"], jira["credentials"]["api_token"])
    projects = requests.get(f"{jira['base_url']}/rest/api/3/project/search", auth=credentials, timeout=10)
validator = spec_validation.jira_response_validator("/rest/api/3/project/search")
print(json.dumps({
    "files": [jira_octopus_sample_api.__file__, source_jira_octopus.__file__, spec_validation.__file__],
    "spaces": [spaces.status_code, spaces.json()["TotalResults"]],
    "projects": [projects.status_code, projects.json()["total"]],
    "project_errors": spec_validation.schema_errors(validator, projects.json()),
}))
"""


def _shipped_schema_paths() -> set[str]:
    schemas = ROOT / "source_jira_octopus" / "schemas"
    return {f"source_jira_octopus/schemas/{path.relative_to(schemas).as_posix()}" for path in schemas.rglob("*.json")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources (setuptools writes build/ and *.egg-info beside its input)."""
    sources, out = tmp_path_factory.mktemp("sources"), tmp_path_factory.mktemp("wheel")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, sources / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, sources / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(sources)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("source_jira_octopus-*.whl")
    return built


def test_the_wheel_holds_the_connector_data_and_the_sample_api_but_no_tests(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    schemas = _shipped_schema_paths()
    assert len(schemas) > 90, "the checkout's schema folder looks wrong"
    assert schemas - names == set(), "schemas missing from the wheel"
    assert "source_jira_octopus/spec.json" in names
    assert {
        "jira_octopus_sample_api/__init__.py",
        "jira_octopus_sample_api/api_specs/jira-cloud-platform.openapi.json.gz",
        "jira_octopus_sample_api/api_specs/octopus-deploy.swagger.json.gz",
        "jira_octopus_sample_api/jira/core/part.py",
        "jira_octopus_sample_api/octopus/core/part.py",
    } <= names
    sample_modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "jira_octopus_sample_api").rglob("*.py")}
    assert sample_modules - names == set(), "sample API modules missing from the wheel"
    assert [name for name in names if name.startswith(NOT_SHIPPED)] == []


def test_the_installed_sample_api_serves_from_the_installed_copy(wheel: Path, tmp_path: Path) -> None:
    target, elsewhere = tmp_path / "installed", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    run = subprocess.run(
        [sys.executable, "-c", SERVE_ONE_REQUEST],
        cwd=elsewhere,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_PROXY": "127.0.0.1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    for module_file in report["files"]:
        assert Path(module_file).is_relative_to(target), f"{module_file} is not the installed copy"
    assert report["spaces"] == [200, 3]
    assert report["projects"][0] == 200 and report["projects"][1] > 0
    assert report["project_errors"] == []
