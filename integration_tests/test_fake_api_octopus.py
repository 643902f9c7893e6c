"""Fake Octopus Deploy: skip/take envelopes, ordering, space scoping, auth and permissions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import octopus_session

KINDS = ("projects", "environments", "releases", "deployments", "machines")
SPACES = ("Spaces-1", "Spaces-2", "Spaces-3")


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=250) as running:
        yield running


@pytest.fixture
def octopus(server: FakeApiServer) -> requests.Session:
    return octopus_session(server)


def read_all(server: FakeApiServer, session: requests.Session, path: str, take: int | None) -> list[dict]:
    """Follow ``Page.Next`` links from skip=0 until they stop, checking each envelope on the way."""
    pages, url = [], server.base_url + path + ("" if take is None else f"?skip=0&take={take}")
    while url:
        response = session.get(url)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        next_link = page["Links"].get("Page.Next")
        url = server.base_url + next_link if next_link else None
        assert len(pages) < 1000, "Page.Next never stopped"
    return pages


@pytest.mark.parametrize("take", [1, 7, 30, 100, None, 2147483647])
@pytest.mark.parametrize("kind", KINDS)
def test_envelopes_cover_every_record_once(
    server: FakeApiServer, octopus: requests.Session, kind: str, take: int | None
) -> None:
    for space in SPACES:
        pages = read_all(server, octopus, f"/api/{space}/{kind}", take)
        ids = [item["Id"] for page in pages for item in page["Items"]]
        expected = {r["Id"] for r in server.dataset.octopus_records(kind, space)}
        assert len(ids) == len(set(ids)) and set(ids) == expected
        per_page = take or 30
        assert {p["TotalResults"] for p in pages} == {len(expected)}
        assert {p["ItemsPerPage"] for p in pages} == {per_page}
        assert {p["NumberOfPages"] for p in pages} == {len(pages)}
        assert {p["LastPageNumber"] for p in pages} == {len(pages) - 1}
        assert all(item["SpaceId"] == space for page in pages for item in page["Items"])


def test_envelope_links_are_relative_uris(server: FakeApiServer, octopus: requests.Session) -> None:
    first, last = (
        octopus.get(server.base_url + f"/api/Spaces-1/deployments?skip={skip}&take=30").json() for skip in (0, 60)
    )
    assert first["Links"] == {
        "Self": "/api/Spaces-1/deployments?skip=0&take=30",
        "Template": "/api/Spaces-1/deployments{?skip,take,ids,projects,environments,tenants,channels,taskState,partialName}",
        "Page.All": "/api/Spaces-1/deployments?skip=0&take=2147483647",
        "Page.Next": "/api/Spaces-1/deployments?skip=30&take=30",
        "Page.Current": "/api/Spaces-1/deployments?skip=0&take=30",
        "Page.Last": "/api/Spaces-1/deployments?skip=60&take=30",
    }
    assert "Page.Next" not in last["Links"] and len(last["Items"]) == 83 - 60


def test_default_take_is_30(server: FakeApiServer, octopus: requests.Session) -> None:
    page = octopus.get(server.base_url + "/api/Spaces-1/releases").json()
    assert (page["ItemsPerPage"], len(page["Items"]), page["NumberOfPages"]) == (30, 30, 2)


@pytest.mark.parametrize("kind", ["events", "tasks"])
def test_the_activity_lists_default_to_a_take_of_10(
    server: FakeApiServer, octopus: requests.Session, kind: str
) -> None:
    """Like the real server, the default page size differs by endpoint: a client must send `take` on every list."""
    page = octopus.get(server.base_url + f"/api/Spaces-1/{kind}").json()
    assert page["TotalResults"] > 10
    assert (page["ItemsPerPage"], len(page["Items"])) == (10, 10)
    assert page["Links"]["Page.Next"].endswith("skip=10&take=10")


@pytest.mark.parametrize(("kind", "field"), [("releases", "Assembled"), ("deployments", "Created")])
def test_releases_and_deployments_come_newest_first(
    server: FakeApiServer, octopus: requests.Session, kind: str, field: str
) -> None:
    items = read_all(server, octopus, f"/api/Spaces-1/{kind}", 1000)[0]["Items"]
    stamps = [item[field] for item in items]
    assert stamps == sorted(stamps, reverse=True)
    ids = [int(item["Id"].split("-")[1]) for item in items]
    assert ids != sorted(ids, reverse=True), "dates must drive the order, not ids (the data has out-of-order ids)"


@pytest.mark.parametrize(("kind", "key"), [("projects", "Name"), ("machines", "Name"), ("environments", "SortOrder")])
def test_other_kinds_are_sorted_like_octopus(
    server: FakeApiServer, octopus: requests.Session, kind: str, key: str
) -> None:
    items = octopus.get(server.base_url + f"/api/Spaces-1/{kind}?take=1000").json()["Items"]
    values = [item[key].lower() if isinstance(item[key], str) else item[key] for item in items]
    assert values == sorted(values) and len(values) > 2


def test_spaces_list_has_one_default_and_sorts_by_name(server: FakeApiServer, octopus: requests.Session) -> None:
    spaces = octopus.get(server.base_url + "/api/spaces").json()["Items"]
    assert [s["Name"] for s in spaces] == ["Default", "Mobile Apps", "Platform Engineering"]
    assert [s["Id"] for s in spaces if s["IsDefault"]] == ["Spaces-1"]


def test_unscoped_path_uses_the_default_space(server: FakeApiServer, octopus: requests.Session) -> None:
    unscoped = octopus.get(server.base_url + "/api/projects?take=100").json()["Items"]
    assert {p["SpaceId"] for p in unscoped} == {"Spaces-1"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/Spaces-9/projects",
        "/api/Spaces-9/deployments",
        "/api/spaces/Spaces-9",
        "/api/Spaces-1/projects/Projects-99999",
        "/api/Spaces-1/nothing-here",
    ],
)
def test_unknown_space_or_resource_is_a_404_with_octopus_error(
    server: FakeApiServer, octopus: requests.Session, path: str
) -> None:
    response = octopus.get(server.base_url + path)
    assert response.status_code == 404
    assert response.json()["ErrorMessage"] and isinstance(response.json()["Errors"], list)


@pytest.mark.parametrize(
    "headers_or_params",
    [
        {"headers": {}},
        {"headers": {"X-Octopus-ApiKey": "API-WRONG"}},
        {"params": {"apikey": "API-WRONG"}},
    ],
)
def test_bad_api_key_is_a_401(server: FakeApiServer, headers_or_params: dict) -> None:
    response = requests.get(server.base_url + "/api/spaces", **headers_or_params)
    assert response.status_code == 401
    assert response.json()["ErrorMessage"].startswith("You must be logged in")


def test_api_key_is_accepted_as_query_parameter(server: FakeApiServer) -> None:
    response = requests.get(server.base_url + "/api/spaces", params={"apikey": server.credentials.octopus_api_key})
    assert response.status_code == 200
    assert "apikey" not in response.json()["Links"]["Page.Current"].lower()


def test_filters_ids_and_partial_name(server: FakeApiServer, octopus: requests.Session) -> None:
    wanted = [r["Id"] for r in server.dataset.octopus_records("machines", "Spaces-1")[:2]]
    by_ids = octopus.get(server.base_url + "/api/Spaces-1/machines", params={"ids": ",".join(wanted)}).json()
    by_name = octopus.get(server.base_url + "/api/Spaces-1/projects", params={"partialName": "payments"}).json()
    assert {m["Id"] for m in by_ids["Items"]} == set(wanted)
    assert by_name["Items"] and all("payments" in p["Name"].lower() for p in by_name["Items"])


def test_current_user_and_permissions_follow_octopus_permissions(
    server: FakeApiServer, octopus: requests.Session
) -> None:
    me = octopus.get(server.base_url + "/api/users/me").json()
    url = server.base_url + f"/api/users/{me['Id']}/permissions"
    default = octopus.get(url).json()["SpacePermissions"]
    server.octopus_permissions["Spaces-2"].discard("SubscriptionCreate")
    try:
        changed = octopus.get(url).json()["SpacePermissions"]
        scoped = octopus.get(server.base_url + f"/api/Spaces-3/users/{me['Id']}/permissions").json()["SpacePermissions"]
    finally:
        server.octopus_permissions["Spaces-2"].add("SubscriptionCreate")
    assert {r["SpaceId"] for r in default["SubscriptionCreate"]} == set(SPACES)
    assert {r["SpaceId"] for r in changed["SubscriptionCreate"]} == {"Spaces-1", "Spaces-3"}
    assert {r["SpaceId"] for r in scoped["SubscriptionView"]} == {"Spaces-3"}
    assert octopus.get(server.base_url + "/api/users/Users-1/permissions").status_code == 403


def test_missing_view_permission_is_a_403(server: FakeApiServer, octopus: requests.Session) -> None:
    server.octopus_permissions["Spaces-1"].discard("DeploymentView")
    try:
        response = octopus.get(server.base_url + "/api/Spaces-1/deployments")
    finally:
        server.octopus_permissions["Spaces-1"].add("DeploymentView")
    assert response.status_code == 403 and "DeploymentView" in response.json()["ErrorMessage"]
