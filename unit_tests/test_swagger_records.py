"""The sample API's records synthesised from a Swagger component (`swagger_records.py`): for every collection the
2020.5 Swagger lists with skip/take, space-scoped or server-wide, a collection of them matches the spec (closed
schemas: no invented field), ids are unique and named like Octopus', values are plausible and no secret is held; and
the sample API serves each such collection no part builds by hand, under the name the connector's registry gives it."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from jira_octopus_sample_api.clock import octopus_time
from jira_octopus_sample_api.exchange import RecordedRequest
from jira_octopus_sample_api.octopus.kinds.documented_kinds import (
    DECLARED_KINDS,
    SERVER_PREFIX,
    SPACE_PREFIX,
    documented_kinds,
    kind_name,
    paged_collections,
)
from jira_octopus_sample_api.octopus.kinds.hand_built import HAND_SERVED_SEGMENTS
from jira_octopus_sample_api.octopus.kinds.swagger_records import (
    DeclaredKind,
    declared_records,
    octopus_definitions,
    octopus_swagger,
    plural,
)
from jira_octopus_sample_api.paging import octopus_collection
from jira_octopus_sample_api.spec_validation import octopus_response_validator, schema_errors
from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS

ANCHOR_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
SPACES = [("Spaces-1", 1.0), ("Spaces-2", 0.6), ("Spaces-3", 0.3)]


SPACE_COLLECTIONS = sorted(paged_collections(octopus_swagger()["paths"], SPACE_PREFIX).items())
SERVER_COLLECTIONS = sorted(paged_collections(octopus_swagger()["paths"], SERVER_PREFIX).items())


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


def test_a_kind_is_named_as_the_connector_names_it():
    assert [kind_name(r) for r in ("MachinePolicyResource", "ProxyResource", "OctopusServerNodeResource")] == [
        "machine_policies",
        "proxies",
        "octopus_server_nodes",
    ]


def test_the_sample_api_serves_every_paged_collection_no_part_builds_by_hand():
    documented = {segment for segment, _ in (*SPACE_COLLECTIONS, *SERVER_COLLECTIONS)}
    assert {kind.segment for kind in DECLARED_KINDS} == documented - HAND_SERVED_SEGMENTS
    assert {"machinepolicies", "proxies", "octopusservernodes"} <= {kind.segment for kind in DECLARED_KINDS}
    assert "lifecycles" in {kind.segment for kind in documented_kinds(octopus_swagger(), frozenset())}


def test_scope_and_permission_come_from_the_swagger():
    served = {kind.segment: kind for kind in DECLARED_KINDS}
    assert served["machinepolicies"] == DeclaredKind(
        "machine_policies", "machinepolicies", "MachinePolicyResource", True, "MachinePolicyView"
    )
    assert served["octopusservernodes"] == DeclaredKind(
        "octopus_server_nodes", "octopusservernodes", "OctopusServerNodeResource", False, None
    )
    assert served["projecttriggers"].permission is None  # the Swagger's permission list has no ProjectTriggerView


def test_every_registry_row_that_names_its_component_is_served_under_its_kind_and_path():
    """What a new simple Octopus kind needs of the sample API: nothing, when its row names the component of a
    collection the Swagger pages and the kind is named by convention."""
    served = {kind.kind: kind for kind in DECLARED_KINDS}
    for stream in OCTOPUS_STREAMS:
        if stream.vendor_resource is None:
            continue
        kind = served.get(stream.kind)
        assert kind is not None, f"{stream.name}: the sample API serves no kind {stream.kind!r}"
        assert (kind.resource, kind.space_scoped) == (stream.vendor_resource, stream.path_template.startswith("{"))
        assert stream.path_template.endswith(kind.segment)
