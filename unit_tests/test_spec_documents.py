"""The vendor documents behind the request contract: the vendored copies are the project's, byte for byte and small;
the Swagger reader and the supplements read them as the contract needs; the documents are parsed once."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest

from jira_octopus_sample_api.contract import ApiContract
from jira_octopus_sample_api.contract.spec_documents import (
    JIRA_SPEC_FILE,
    OCTOPUS_SPEC_FILE,
    SPEC_DIRECTORY,
    SpecDocument,
    read_spec,
)
from jira_octopus_sample_api.contract.spec_supplements import (
    AGILE_OPERATIONS,
    OCTOPUS_QUERY_SUPPLEMENT,
    supplement_query_names,
)
from jira_octopus_sample_api.contract.supplement_octopus import OCTOPUS_ADDED_OPERATIONS
from jira_octopus_sample_api.contract.supplement_rate_limits import OCTOPUS_RATE_LIMIT_OPERATIONS
from jira_octopus_sample_api.contract.supplement_webhooks import JIRA_ADMIN_WEBHOOK_OPERATIONS

SHARED_SPEC_DIRECTORY = Path(__file__).resolve().parents[1].parent / "shared" / "api-specs"


@pytest.fixture(scope="module")
def contract() -> ApiContract:
    return ApiContract.load()


def test_load_parses_the_documents_once(contract: ApiContract) -> None:
    assert ApiContract.load() is contract
    assert contract.load_seconds > 0
    assert contract.services["jira"].router.operation_count() == 616 + len(AGILE_OPERATIONS) + len(
        JIRA_ADMIN_WEBHOOK_OPERATIONS
    )
    # the 2020.5 document's 770, plus the newer list operations transcribed in supplement_octopus.py and the
    # rate-limiting policies of 2026.3
    assert contract.services["octopus"].router.operation_count() == 770 + len(OCTOPUS_ADDED_OPERATIONS) + len(
        OCTOPUS_RATE_LIMIT_OPERATIONS
    )


def _readme_sha256(file_name: str) -> str:
    readme = (SPEC_DIRECTORY / "README.md").read_text()
    found = re.search(rf"^\| `{re.escape(file_name)}` \| `([0-9a-f]{{64}})` \|", readme, re.MULTILINE)
    assert found, f"README.md lists no sha256 for {file_name}"
    return found.group(1)


@pytest.mark.parametrize("file_name", [JIRA_SPEC_FILE, OCTOPUS_SPEC_FILE])
def test_vendored_copy_is_byte_identical_to_its_source(file_name: str) -> None:
    vendored = hashlib.sha256(gzip.decompress((SPEC_DIRECTORY / file_name).read_bytes())).hexdigest()
    assert vendored == _readme_sha256(file_name)
    shared = SHARED_SPEC_DIRECTORY / file_name.removesuffix(".gz")
    if SHARED_SPEC_DIRECTORY.is_dir():  # the CI machine: compare with the project's copy too
        assert vendored == hashlib.sha256(shared.read_bytes()).hexdigest()


def test_vendored_copies_stay_small() -> None:
    sizes = {path.name: path.stat().st_size for path in SPEC_DIRECTORY.glob("*.gz")}
    assert set(sizes) == {JIRA_SPEC_FILE, OCTOPUS_SPEC_FILE}
    assert sum(sizes.values()) < 400_000, sizes  # gzip -9 gives about 350 kB


def test_octopus_supplement_only_fills_real_gaps() -> None:
    operations = {(op.method, op.template): op for op in SpecDocument(read_spec(OCTOPUS_SPEC_FILE)).operations()}
    for key in OCTOPUS_QUERY_SUPPLEMENT:
        assert operations[key].query_names <= {"ApiKey"}, f"{key} now declares query names: drop the supplement"
    with pytest.raises(KeyError, match="GET /api/nothing"):
        supplement_query_names(list(operations.values()), {("GET", "/api/nothing"): frozenset({"x"})})


SWAGGER_SAMPLE = {
    "swagger": "2.0",
    "securityDefinitions": {
        "Q": {"type": "apiKey", "in": "query", "name": "ApiKey"},
        "H": {"type": "apiKey", "in": "header", "name": "X-Key"},
    },
    "definitions": {
        "Base": {"properties": {"Id": {}}},
        "Thing": {"allOf": [{"$ref": "#/definitions/Base"}, {"properties": {"Name": {}}}]},
    },
    "paths": {
        "/api/{sid}/things": {
            "parameters": [{"name": "sid", "in": "path"}, {"name": "shared", "in": "query"}],
            "get": {
                "parameters": [{"name": "X-Trace", "in": "header"}, {"name": "take", "in": "query"}],
                "security": [{"Q": [], "H": []}],
            },
            "post": {
                "parameters": [
                    {"name": "body", "in": "body", "required": True, "schema": {"$ref": "#/definitions/Thing"}}
                ]
            },
        },
    },
}


def test_swagger_reader_keeps_query_names_security_and_body_properties_apart() -> None:
    get, post = SpecDocument(SWAGGER_SAMPLE).operations()
    assert (get.method, get.query_names, get.json_body) == ("GET", {"shared", "take", "ApiKey"}, None)
    assert (post.method, post.query_names) == ("POST", {"shared"})
    assert post.json_body is not None
    assert (post.json_body.property_names, post.json_body.required) == ({"Id", "Name"}, True)
