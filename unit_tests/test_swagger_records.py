"""The sample API's records synthesised from a Swagger component (`swagger_records.py`): for every collection the
2020.5 Swagger lists with skip/take, space-scoped or server-wide, a collection of them matches the spec (closed
schemas: no invented field), ids are unique and named like Octopus', values are plausible and no secret is held; and
the generator writes the sample API's list of those kinds from any registry rows that name their component."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from jira_octopus_sample_api.clock import octopus_time
from jira_octopus_sample_api.contract.spec_documents import OCTOPUS_SPEC_FILE, read_spec
from jira_octopus_sample_api.exchange import RecordedRequest
from jira_octopus_sample_api.octopus.kinds.declared_kinds import DECLARED_KINDS
from jira_octopus_sample_api.octopus.kinds.swagger_records import (
    DeclaredKind,
    declared_records,
    octopus_definitions,
    plural,
)
from jira_octopus_sample_api.paging import octopus_collection
from jira_octopus_sample_api.spec_validation import octopus_response_validator, schema_errors
from scripts.sample_api_kinds import declared_kinds_text
from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS
from source_jira_octopus.octopus.streams.core import server_kind, space_kind

ANCHOR_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
SPACES = [("Spaces-1", 1.0), ("Spaces-2", 0.6), ("Spaces-3", 0.3)]
COLLECTION = "#/definitions/ResourceCollection_of_"


def paged_collections(prefix: str) -> list[tuple[str, str]]:
    """(segment, component) of every `GET <prefix><segment>` the Swagger pages with skip/take."""
    found = []
    for path, item in read_spec(OCTOPUS_SPEC_FILE)["paths"].items():
        segment = path.removeprefix(prefix)
        get = item.get("get", {})
        ref = get.get("responses", {}).get("200", {}).get("schema", {}).get("$ref", "")
        parameters = {p.get("name") for p in get.get("parameters", [])}
        if path.startswith(prefix) and "/" not in segment and ref.startswith(COLLECTION) and "skip" in parameters:
            found.append((segment, ref.removeprefix(COLLECTION)))
    return sorted(found)


SPACE_COLLECTIONS = paged_collections("/api/{baseSpaceId}/")
SERVER_COLLECTIONS = paged_collections("/api/")


def served(kind: DeclaredKind, records: list[dict[str, Any]], space: str | None) -> dict[str, Any]:
    base = f"/api/{space}/{kind.segment}" if space else f"/api/{kind.segment}"
    request = RecordedRequest("GET", base, {"skip": ["0"], "take": ["1000"]}, {}, None, service="octopus")
    return octopus_collection(request, base, kind.item_type, records, f"{base}{{?skip,take,{kind.filters}}}")


def test_the_swagger_pages_dozens_of_collections():
    assert (len(SPACE_COLLECTIONS), len(SERVER_COLLECTIONS)) == (29, 34)
    assert ("machinepolicies", "MachinePolicyResource") in SPACE_COLLECTIONS


@pytest.mark.parametrize("segment, resource", SPACE_COLLECTIONS)
def test_space_records_of_any_collection_component_match_the_swagger(segment, resource):
    kind = DeclaredKind(segment, segment, resource, space_scoped=True, permission=None)
    records = declared_records(kind, random.Random(segment), ANCHOR_MS, SPACES)
    assert [len([r for r in records if r.get("SpaceId") == space]) for space, _ in SPACES] in ([4, 3, 2], [0, 0, 0])
    for space, _ in SPACES:
        body = served(kind, [r for r in records if r.get("SpaceId", "Spaces-1") == space], space)
        assert not schema_errors(octopus_response_validator(f"/api/{{baseSpaceId}}/{segment}"), body)
    ids = [r["Id"] for r in records]
    assert len(set(ids)) == len(ids) == 9 and ids[0] == f"{plural(kind.item_type)}-1"
    assert '"NewValue"' not in json.dumps(records)  # a SensitiveValue never holds one


@pytest.mark.parametrize("segment, resource", SERVER_COLLECTIONS)
def test_server_wide_records_of_any_collection_component_match_the_swagger(segment, resource):
    kind = DeclaredKind(segment, segment, resource, space_scoped=False, permission=None)
    records = declared_records(kind, random.Random(segment), ANCHOR_MS, SPACES)
    assert not schema_errors(octopus_response_validator(f"/api/{segment}"), served(kind, records, None))
    assert [r["Id"] for r in records] == [f"{plural(kind.item_type)}-{n}" for n in (1, 2, 3)]
    assert all("SpaceId" not in r for r in records)


def test_values_are_plausible_by_name_type_and_format():
    kind = DeclaredKind("machine_policies", "machinepolicies", "MachinePolicyResource", True, "MachinePolicyView")
    first, second, *_ = declared_records(kind, random.Random(1), ANCHOR_MS, SPACES)
    assert (first["Id"], first["SpaceId"], first["Name"]) == ("MachinePolicies-1", "Spaces-1", "Machine policy 1")
    assert (first["IsDefault"], second["IsDefault"]) == (True, False)
    assert first["Links"] == {
        "Self": "/api/Spaces-1/machinepolicies/MachinePolicies-1",
        "Web": "/app#/Spaces-1/machinepolicies/MachinePolicies-1",
    }
    assert octopus_time(ANCHOR_MS - 365 * 24 * 3600 * 1000) <= first["LastModifiedOn"] < octopus_time(ANCHOR_MS)
    update = first["MachineUpdatePolicy"]
    enum = octopus_definitions()["MachineUpdatePolicy"]["properties"]["CalamariUpdateBehavior"]["enum"]
    assert update["CalamariUpdateBehavior"] in enum
    assert update["TentacleUpdateAccountId"] in {"Accounts-1", "Accounts-2", "Accounts-3"}
    assert first["ConnectionConnectTimeout"] in {f"00:{m:02d}:00" for m in (1, 5, 10, 15, 30)}


def test_records_are_the_same_for_the_same_seed():
    kind = DeclaredKind("tag_sets", "tagsets", "TagSetResource", True, None)
    assert declared_records(kind, random.Random(7), ANCHOR_MS, SPACES) == declared_records(
        kind, random.Random(7), ANCHOR_MS, SPACES
    )


def test_the_generator_lists_every_row_that_names_its_component_and_only_those():
    """A throwaway registry: the generated module names each row's segment, scope and the Swagger's view
    permission, and it is valid Python giving exactly those kinds."""
    rows = [
        space_kind("proxies", "proxies", vendor_resource="ProxyResource"),
        space_kind("lifecycles", "lifecycles"),  # hand-built in the sample API: no component named
        server_kind("octopus_server_nodes", "octopusservernodes", vendor_resource="OctopusServerNodeResource"),
    ]
    namespace: dict[str, Any] = {}
    exec(compile(declared_kinds_text("", rows), "declared_kinds.py", "exec"), namespace)
    assert namespace["DECLARED_KINDS"] == (
        DeclaredKind("proxies", "proxies", "ProxyResource", space_scoped=True, permission="ProxyView"),
        DeclaredKind("octopus_server_nodes", "octopusservernodes", "OctopusServerNodeResource", False, None),
    )
    assert declared_kinds_text("", rows[1:2]).endswith("DECLARED_KINDS: tuple[DeclaredKind, ...] = ()\n")


def test_the_generated_list_is_the_registry_rows_that_name_their_component():
    named = [(kind.kind, kind.vendor_resource) for kind in OCTOPUS_STREAMS if kind.vendor_resource]
    assert [(declared.kind, declared.resource) for declared in DECLARED_KINDS] == named
