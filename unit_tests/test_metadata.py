"""metadata.yaml against Airbyte's published schema, and its agreement with pyproject.toml, Dockerfile and spec.json."""

from __future__ import annotations

import copy
import json
import re
import shlex
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import airbyte_connector_models
import jsonschema
import pytest
import yaml
from airbyte_connector_models.metadata.v0.connector_metadata_definition_v0 import ConnectorMetadataDefinitionV0

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = REPO_ROOT / "source_jira_octopus"
SCHEMA_PATH = Path(airbyte_connector_models.__file__).parent / "metadata" / "v0" / "ConnectorMetadataDefinitionV0.json"
CONFIG_REFERENCE = re.compile(r"^\$\{([A-Za-z0-9_.]+)\}$")


def _without_nested_ids(node: Any, is_root: bool = True) -> Any:
    """The bundled schema keeps each inlined part's `$id`; left in, they re-base its root-relative `#/...` refs."""
    if isinstance(node, dict):
        return {key: _without_nested_ids(value, False) for key, value in node.items() if is_root or key != "$id"}
    if isinstance(node, list):
        return [_without_nested_ids(value, False) for value in node]
    return node


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    """No `check_schema`: upstream's schema fails the meta-schema (`"type": "ConnectorMetric"` under data.generated)."""
    schema = _without_nested_ids(json.loads(SCHEMA_PATH.read_text()))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def metadata() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "metadata.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (REPO_ROOT / "Dockerfile").read_text()


def _schema_errors(validator: jsonschema.Draft7Validator, document: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]


def _dockerfile_value(dockerfile: str, pattern: str) -> str:
    match = re.search(pattern, dockerfile, flags=re.MULTILINE)
    assert match, f"Dockerfile has no line matching {pattern!r}"
    return match.group(1)


def test_metadata_is_valid_against_the_published_json_schema(validator, metadata):
    assert _schema_errors(validator, metadata) == []


def test_metadata_loads_into_the_published_pydantic_model(metadata):
    model = ConnectorMetadataDefinitionV0.model_validate(metadata)
    assert model.data.docker_repository == "sourcejiraoctopus/source-jira-octopus"
    assert model.data.connector_type.value == "source"


def _drop_definition_id(doc: dict) -> None:
    del doc["data"]["definitionId"]


def _bad_connector_type(doc: dict) -> None:
    doc["data"]["connectorType"] = "sink"


def _bad_release_stage(doc: dict) -> None:
    doc["data"]["releaseStage"] = "stable"


def _unknown_data_key(doc: dict) -> None:
    doc["data"]["dockerImage"] = "airbyte/source-jira-octopus:0.1.0"


def _pypi_without_package_name(doc: dict) -> None:
    """Reached through a `$ref`, so this case also proves the refs resolve."""
    del doc["data"]["remoteRegistries"]["pypi"]["packageName"]


def _string_max_seconds(doc: dict) -> None:
    doc["data"]["maxSecondsBetweenMessages"] = "10800"


@pytest.mark.parametrize(
    "break_metadata, expected_fragment",
    [
        (_drop_definition_id, "'definitionId' is a required property"),
        (_bad_connector_type, "'sink' is not one of"),
        (_bad_release_stage, "'stable' is not one of"),
        (_unknown_data_key, "Additional properties are not allowed ('dockerImage'"),
        (_pypi_without_package_name, "'packageName' is a required property"),
        (_string_max_seconds, "'10800' is not of type 'integer'"),
    ],
)
def test_validator_rejects_broken_metadata(
    validator, metadata, break_metadata: Callable[[dict], None], expected_fragment: str
):
    broken = copy.deepcopy(metadata)
    break_metadata(broken)
    errors = _schema_errors(validator, broken)
    assert any(expected_fragment in error for error in errors), errors


def test_pydantic_model_rejects_a_missing_required_key(metadata):
    broken = copy.deepcopy(metadata)
    del broken["data"]["dockerImageTag"]
    with pytest.raises(ValueError, match="dockerImageTag"):
        ConnectorMetadataDefinitionV0.model_validate(broken)


def test_image_tag_equals_pyproject_version_and_dockerfile_label(metadata, dockerfile):
    pyproject_version = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
    label_version = _dockerfile_value(dockerfile, r"^LABEL io\.airbyte\.version=(\S+)\s*$")
    assert (metadata["data"]["dockerImageTag"], label_version) == (pyproject_version, pyproject_version)


def test_docker_repository_equals_dockerfile_name_label(metadata, dockerfile):
    assert _dockerfile_value(dockerfile, r"^LABEL io\.airbyte\.name=(\S+)\s*$") == metadata["data"]["dockerRepository"]


def test_base_image_equals_dockerfile_default_and_is_pinned_by_digest(metadata, dockerfile):
    base_image = metadata["data"]["connectorBuildOptions"]["baseImage"]
    assert _dockerfile_value(dockerfile, r"^ARG BASE_IMAGE=(\S+)\s*$") == base_image
    assert re.fullmatch(r"docker\.io/airbyte/python-connector-base:[\d.]+@sha256:[0-9a-f]{64}", base_image), base_image


def test_dockerfile_entrypoint_matches_airbyte_entrypoint_env(dockerfile):
    entrypoint = json.loads(_dockerfile_value(dockerfile, r"^ENTRYPOINT (\[.*\])\s*$"))
    env_value = _dockerfile_value(dockerfile, r'^ENV AIRBYTE_ENTRYPOINT="([^"]+)"\s*$')
    assert shlex.split(env_value) == entrypoint == ["python", "/airbyte/integration_code/main.py"]


def test_definition_id_is_a_canonical_uuid(metadata):
    """The draft-07 format checker in jsonschema does not check `uuid`, so it is checked here."""
    definition_id = metadata["data"]["definitionId"]
    assert str(uuid.UUID(definition_id)) == definition_id


def test_documentation_urls_are_https(metadata):
    """jsonschema's default format checker skips `uri` too (it needs an optional package)."""
    urls = [metadata["data"]["documentationUrl"]] + [
        entry["url"] for entry in metadata["data"].get("externalDocumentationUrls", [])
    ]
    for url in urls:
        parsed = urlparse(url)
        assert (parsed.scheme, bool(parsed.netloc)) == ("https", True), url


def test_allowed_host_placeholders_name_url_fields_of_the_spec(metadata):
    """`${jira.base_url}` is resolved by the platform from the config, so it must name a real spec property."""
    spec = json.loads((PACKAGE_DIR / "spec.json").read_text())["connectionSpecification"]
    hosts = metadata["data"]["allowedHosts"]["hosts"]
    placeholders = [match.group(1) for host in hosts if (match := CONFIG_REFERENCE.match(host))]
    assert placeholders == ["jira.base_url", "octopus.server_url"]
    for dotted_path in placeholders:
        node = spec
        for key in dotted_path.split("."):
            assert key in node.get("properties", {}), f"spec.json has no property {dotted_path!r}"
            node = node["properties"][key]
        assert node.get("type") == "string", (dotted_path, node)


def test_suggested_streams_have_schema_files(metadata):
    schema_names = {path.stem for path in (PACKAGE_DIR / "schemas").glob("*.json")}
    missing = set(metadata["data"]["suggestedStreams"]["streams"]) - schema_names
    assert not missing, f"suggestedStreams without a schema file: {sorted(missing)}"


def test_docker_repository_is_our_own_namespace_not_airbytes(metadata):
    namespace, name = metadata["data"]["dockerRepository"].split("/")
    assert namespace != "airbyte" and name == "source-jira-octopus" == metadata["data"]["githubIssueLabel"]


def test_documentation_url_is_the_docs_page_in_this_repository_and_spec_json_agrees(metadata):
    url = metadata["data"]["documentationUrl"]
    match = re.fullmatch(r"https://github\.com/[^/]+/source-jira-octopus/blob/main/(docs/.+\.md)", url)
    assert match, url
    page = REPO_ROOT / match.group(1)
    assert page.is_file(), f"{url} names {page}, which does not exist"
    assert json.loads((PACKAGE_DIR / "spec.json").read_text())["documentationUrl"] == url


def test_docs_page_has_airbytes_sections_and_names_every_stream(metadata):
    page = (REPO_ROOT / urlparse(metadata["data"]["documentationUrl"]).path.split("/blob/main/", 1)[1]).read_text()
    for heading in (
        "## Prerequisites",
        "## Setup guide",
        "## Supported sync modes",
        "## Supported streams",
        "## Limitations & Troubleshooting",
        "## Changelog",
    ):
        assert f"\n{heading}" in page, heading
    for stream in (path.stem for path in (PACKAGE_DIR / "schemas").glob("*.json")):
        assert f"`{stream}`" in page, stream
    for scope in ("read:jira-work", "read:jira-user", "manage:jira-webhook", "offline_access"):
        assert scope in page, scope


def test_icon_is_an_svg_file_in_the_connector_root(metadata):
    icon = REPO_ROOT / metadata["data"]["icon"]
    assert icon.suffix == ".svg" and icon.is_file()
    import xml.etree.ElementTree as ElementTree

    assert ElementTree.parse(icon).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_registry_entry_fields_are_present(metadata):
    data = metadata["data"]
    assert {"releases", "allowedHosts", "suggestedStreams", "tags", "icon"} <= set(data)
    assert {"language:python", "cdk:python"} <= set(data["tags"])
    spec = json.loads((PACKAGE_DIR / "spec.json").read_text())
    consent_host = urlparse(
        spec["advanced_auth"]["oauth_config_specification"]["oauth_connector_input_specification"]["consent_url"]
    ).hostname
    assert consent_host in data["allowedHosts"]["hosts"]
