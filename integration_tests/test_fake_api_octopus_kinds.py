"""The fake Octopus' issue-9 kinds: Swagger-valid bodies in every space, spaces of different sizes, permissions,
the secrets it serves, and references between the kinds that hold together."""

from collections.abc import Iterator

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import octopus_session
from jira_octopus_sample_api.octopus.core.routes import SPACE_COLLECTIONS
from jira_octopus_sample_api.octopus.kinds.deployment_freezes import PATH as FREEZES_PATH
from jira_octopus_sample_api.octopus.kinds.documented_kinds import (
    DECLARED_KINDS,
    SERVER_PREFIX,
    SPACE_PREFIX,
    paged_collections,
)
from jira_octopus_sample_api.octopus.kinds.hand_built import HAND_BUILT_COLLECTIONS, HAND_BUILT_SYSTEM_KINDS
from jira_octopus_sample_api.octopus.kinds.part import SPACE_KINDS, SYSTEM_KINDS
from jira_octopus_sample_api.octopus.kinds.simple_kinds import SIMPLE_KINDS
from jira_octopus_sample_api.octopus.kinds.swagger_records import octopus_swagger
from jira_octopus_sample_api.spec_validation import octopus_response_validator, schema_errors
from source_jira_octopus.octopus.streams import space_kinds

# kind -> path segment of every space collection the octopus_kinds part serves (hand-built, rows, from the Swagger)
HAND_BUILT = (*SPACE_KINDS, *(simple.kind for simple in SIMPLE_KINDS))
SERVED_KINDS = (*HAND_BUILT, *(declared.kind for declared in DECLARED_KINDS if declared.space_scoped))
SEGMENTS = {
    **{row[0]: segment for segment, row in SPACE_COLLECTIONS.items() if row[0] in SERVED_KINDS},
    **{
        declared.kind: declared.segment for declared in DECLARED_KINDS if declared.space_scoped
    },  # as the Swagger spells it
}
SPACES = ("Spaces-1", "Spaces-2", "Spaces-3")


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=250) as running:
        yield running


@pytest.fixture
def octopus(server: FakeApiServer) -> requests.Session:
    return octopus_session(server)


def records(server: FakeApiServer, kind: str) -> list[dict]:
    return server.dataset.parts["octopus_kinds"].by_kind[kind]


def test_every_space_kind_has_a_segment():
    assert set(SEGMENTS) == set(SERVED_KINDS)


def test_the_fake_serves_every_space_kind_the_connector_declares_at_its_path():
    """A row in the connector's space_kinds registry needs records here: a row in simple_kinds.py (or a part)."""
    declared = {kind.kind: kind.path_template.removeprefix("{space_id}/") for kind in space_kinds.STREAMS}
    assert {kind: SEGMENTS.get(kind) for kind in declared} == declared


def test_a_kind_served_from_its_swagger_component_is_not_also_built_by_hand():
    hand_kinds = {row[0] for row in (*HAND_BUILT_COLLECTIONS.values(), *HAND_BUILT_SYSTEM_KINDS.values())}
    assert not {declared.kind for declared in DECLARED_KINDS} & hand_kinds
    assert not {declared.segment for declared in DECLARED_KINDS} & {*HAND_BUILT_COLLECTIONS, *HAND_BUILT_SYSTEM_KINDS}


PAGED = sorted(
    {
        *(f"/api/Spaces-1/{seg}" for seg in paged_collections(octopus_swagger()["paths"], SPACE_PREFIX)),
        *(f"/api/{seg}" for seg in paged_collections(octopus_swagger()["paths"], SERVER_PREFIX)),
    }
)


@pytest.mark.parametrize("path", PAGED)
def test_every_collection_the_swagger_pages_is_served_and_matches_it(server, octopus, path):
    """A real server answers every documented list: the hand-built parts or, for the rest, records from the Swagger
    component (documented_kinds.py). A part's own route for a segment wins over the Swagger-served one only if that
    segment is listed as served elsewhere; otherwise this finds the shadowed records or a 404."""
    response = octopus.get(f"{server.base_url}{path}", params={"take": 5})
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:200]}"
    documented = path.replace("/api/Spaces-1/", "/api/{baseSpaceId}/")
    assert not schema_errors(octopus_response_validator(documented), response.json())


@pytest.mark.parametrize("space", SPACES)
@pytest.mark.parametrize("kind", sorted(SEGMENTS))
def test_space_collections_match_the_swagger(server, octopus, kind, space):
    body = octopus.get(f"{server.base_url}/api/{space}/{SEGMENTS[kind]}", params={"take": 1000}).json()
    assert not schema_errors(octopus_response_validator(f"/api/{{baseSpaceId}}/{SEGMENTS[kind]}"), body)
    assert sorted(item["Id"] for item in body["Items"]) == sorted(
        r["Id"] for r in records(server, kind) if r["SpaceId"] == space
    )
    assert body["TotalResults"] == len(body["Items"])


@pytest.mark.parametrize("segment", sorted(set(SYSTEM_KINDS) - {FREEZES_PATH}))  # freezes: newer than the Swagger
def test_server_wide_collections_match_the_swagger_and_page(server, octopus, segment):
    url = f"{server.base_url}/api/{segment}"
    whole = octopus.get(url, params={"take": 1000}).json()
    assert not schema_errors(octopus_response_validator(f"/api/{segment}"), whole)
    kind = SYSTEM_KINDS[segment][0]
    assert sorted(item["Id"] for item in whole["Items"]) == sorted(r["Id"] for r in records(server, kind))
    page = octopus.get(url, params={"skip": 1, "take": 1}).json()
    assert [item["Id"] for item in page["Items"]] == [item["Id"] for item in whole["Items"][1:2]]
    assert page["TotalResults"] == len(whole["Items"]) and "Page.Next" in page["Links"]


def test_spaces_differ_in_size_and_the_smallest_lacks_some_kinds(server):
    part = server.dataset.parts["octopus_kinds"]
    for kind in ("tenants", "accounts", "workers", "artifacts"):
        sizes = [len(part.in_space(kind, space)) for space in SPACES]
        assert sizes[0] > sizes[1] > sizes[2] > 0, (kind, sizes)
    assert not part.in_space("certificates", "Spaces-3")
    assert {f["FeedType"] for f in part.in_space("feeds", "Spaces-3")} == {"BuiltIn", "OctopusProject"}


def test_references_hold_together(server):
    part = server.dataset.parts["octopus_kinds"]
    channel_ids = {c["Id"] for c in part.by_kind["channels"]}
    assert {r["ChannelId"] for r in server.dataset.octopus_releases} <= channel_ids
    processes = {p["Id"]: p for p in part.by_kind["deployment_processes"]}
    for project in server.dataset.octopus_projects:
        assert processes[project["DeploymentProcessId"]]["ProjectId"] == project["Id"]
        group = next(g for g in part.by_kind["project_groups"] if g["Id"] == project["ProjectGroupId"])
        assert group["SpaceId"] == project["SpaceId"]
    tasks = {d["TaskId"] for d in server.dataset.octopus_deployments}
    assert {a["ServerTaskId"] for a in part.by_kind["artifacts"]} <= tasks
    assert {i["TaskId"] for i in part.by_kind["interruptions"]} <= tasks
    users = {u["Id"] for u in part.by_kind["users"]}
    assert {"Users-1", "Users-7", server.credentials.octopus_user_id} <= users
    assert {m for t in part.by_kind["teams"] for m in t["MemberUserIds"]} <= users
    space_teams = {t for s in server.dataset.octopus_spaces for t in s["SpaceManagersTeams"]}
    assert space_teams <= {t["Id"] for t in part.by_kind["teams"]}


def test_the_fake_serves_every_secret_it_holds(server, octopus):
    secrets = server.dataset.parts["octopus_kinds"].secrets
    bodies = [octopus.get(f"{server.base_url}/api/users", params={"take": 1000}).text]
    for space in SPACES:
        for segment in ("accounts", "certificates", "feeds", "libraryvariablesets", "deploymentprocesses"):
            bodies.append(octopus.get(f"{server.base_url}/api/{space}/{segment}", params={"take": 1000}).text)
    served = "".join(bodies)
    assert len(secrets) == len(set(secrets)) and len(secrets) > 100
    assert [s for s in secrets if s not in served] == []


def test_a_missing_view_permission_is_a_403(server, octopus):
    before = set(server.octopus_permissions["Spaces-3"])
    server.octopus_permissions = {**server.octopus_permissions, "Spaces-3": before - {"CertificateView"}}
    try:
        response = octopus.get(f"{server.base_url}/api/Spaces-3/certificates")
        assert response.status_code == 403 and "CertificateView" in response.json()["ErrorMessage"]
        assert octopus.get(f"{server.base_url}/api/Spaces-1/certificates").status_code == 200
    finally:
        server.octopus_permissions = {**server.octopus_permissions, "Spaces-3": before}


def test_single_records_match_the_swagger(server, octopus):
    record = records(server, "accounts")[1]
    response = octopus.get(f"{server.base_url}/api/{record['SpaceId']}/accounts/{record['Id']}")
    assert response.json() == record
    assert not schema_errors(octopus_response_validator("/api/{baseSpaceId}/accounts/{id}"), response.json())


def test_strict_validation_rejects_an_invented_account_field(server, octopus):
    body = octopus.get(f"{server.base_url}/api/Spaces-1/accounts").json()
    body["Items"][0]["SecretKeyy"] = {"HasValue": True}
    assert schema_errors(octopus_response_validator("/api/{baseSpaceId}/accounts"), body)
