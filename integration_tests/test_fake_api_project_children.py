"""Fake Jira project children: versions and components, paged (PageBean) and plain arrays, both flavours."""

from __future__ import annotations

import pytest

from jira_octopus_sample_api import FakeApiServer, FakeDataset
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.spec_validation import jira_response_validator, schema_errors

OPERATIONS = {
    "version": "/rest/api/3/project/{projectIdOrKey}/version",
    "versions": "/rest/api/3/project/{projectIdOrKey}/versions",
    "component": "/rest/api/3/project/{projectIdOrKey}/component",
    "components": "/rest/api/3/project/{projectIdOrKey}/components",
}


def read(server: FakeApiServer, resource: str, version: int = 3, **params: object) -> object:
    auth = "api_token" if server.jira_deployment == "cloud" else "personal_access_token"
    response = jira_session(server, auth).get(f"{server.base_url}/rest/api/{version}/{resource}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("kind", ["version", "component"])
@pytest.mark.parametrize("page_size", [1, 7, 100])
def test_paged_lists_cover_the_plain_arrays(kind: str, page_size: int) -> None:
    with FakeApiServer(seed=7, size=120) as server:
        for project in server.dataset.jira_projects:
            listed = read(server, f"project/{project['key']}/{kind}s")
            assert not schema_errors(jira_response_validator(OPERATIONS[kind + "s"]), listed)
            found, start = [], 0
            while True:
                page = read(server, f"project/{project['id']}/{kind}", startAt=start, maxResults=page_size)
                assert not schema_errors(jira_response_validator(OPERATIONS[kind]), page)
                found += [record["id"] for record in page["values"]]
                start += page_size
                if page["isLast"]:
                    break
            assert found == [record["id"] for record in listed]
            assert all(str(record["projectId"]) == project["id"] for record in listed)


def test_large_datasets_have_projects_with_more_than_a_page_of_versions() -> None:
    data = FakeDataset.generate(seed=42, size=2000)
    counts = sorted(len(versions) for versions in data.jira_versions.values())
    assert counts[-1] > 100 and counts[0] >= 2
    all_ids = [v["id"] for versions in data.jira_versions.values() for v in versions]
    assert len(all_ids) == len(set(all_ids))


def test_version_filters_and_order() -> None:
    with FakeApiServer(seed=7, size=120) as server:
        key = server.dataset.jira_projects[2]["key"]
        released = read(server, f"project/{key}/version", status="released", orderBy="-name", maxResults=100)
        names = [v["name"] for v in released["values"]]
        assert names == sorted(names, reverse=True) and all(v["released"] for v in released["values"])
        bad = jira_session(server).get(f"{server.base_url}/rest/api/3/project/{key}/version", params={"orderBy": "x"})
        assert bad.status_code == 400
        assert jira_session(server).get(f"{server.base_url}/rest/api/3/project/NOPE/versions").status_code == 404


def test_data_center_has_versions_and_plain_components_only() -> None:
    with FakeApiServer(seed=7, size=120, jira_deployment="data_center") as server:
        key = server.dataset.jira_projects[1]["key"]
        assert read(server, f"project/{key}/version", 2)["total"] == len(read(server, f"project/{key}/versions", 2))
        components = read(server, f"project/{key}/components", 2)
        assert components and all("key" in c["lead"] and "issueCount" not in c for c in components)
        session = jira_session(server, "personal_access_token")
        assert session.get(f"{server.base_url}/rest/api/2/project/{key}/component").status_code == 404
