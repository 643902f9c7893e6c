"""The fake APIs' response bodies validate against the vendors' own OpenAPI / Swagger schemas."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import jira_session, octopus_session
from jira_octopus_sample_api.spec_validation import (
    jira_response_validator,
    jira_schema_validator,
    octopus_response_validator,
    schema_errors,
)

PROJECT_EXPAND = {"expand": "description,lead,issueTypes,url,projectKeys,insight"}
# (request path, spec operation path, query)
JIRA_CLOUD_CASES = [
    ("/rest/api/{v}/project/search", "/rest/api/3/project/search", PROJECT_EXPAND),
    ("/rest/api/{v}/project", "/rest/api/3/project", PROJECT_EXPAND),
    ("/rest/api/{v}/users/search", "/rest/api/3/users/search", {"maxResults": "1000"}),
    ("/rest/api/{v}/user/search", "/rest/api/3/user/search", {"query": "a"}),
    ("/rest/api/{v}/field", "/rest/api/3/field", {}),
    ("/rest/api/{v}/status", "/rest/api/3/status", {}),
    ("/rest/api/{v}/priority/search", "/rest/api/3/priority/search", {}),
    ("/rest/api/{v}/priority", "/rest/api/3/priority", {}),
    ("/rest/api/{v}/myself", "/rest/api/3/myself", {}),
    ("/rest/api/{v}/serverInfo", "/rest/api/3/serverInfo", {}),
    ("/rest/api/{v}/mypermissions", "/rest/api/3/mypermissions", {"permissions": "ADMINISTER,BROWSE_PROJECTS"}),
    ("/rest/api/{v}/search/jql", "/rest/api/3/search/jql", {"jql": "updated >= 0", "maxResults": "100"}),
    (
        "/rest/api/{v}/search/jql",
        "/rest/api/3/search/jql",
        {"jql": "project = PLAT ORDER BY updated DESC", "fields": "*all", "expand": "names,schema,changelog"},
    ),
]
JIRA_DC_CASES = [
    ("/rest/api/2/project", "/rest/api/3/project", {"expand": "description,lead,url,projectKeys"}),
    ("/rest/api/2/user/search", "/rest/api/3/user/search", {"username": ".", "includeInactive": "true"}),
    ("/rest/api/2/field", "/rest/api/3/field", {}),
    ("/rest/api/2/status", "/rest/api/3/status", {}),
    ("/rest/api/2/priority", "/rest/api/3/priority", {}),
    ("/rest/api/2/myself", "/rest/api/3/myself", {}),
    ("/rest/api/2/serverInfo", "/rest/api/3/serverInfo", {}),
    ("/rest/api/2/mypermissions", "/rest/api/3/mypermissions", {}),
    ("/rest/api/2/search", "/rest/api/3/search", {"jql": "", "maxResults": "200", "fields": "*all"}),
]
OCTOPUS_CASES = (
    [
        ("/api/spaces", "/api/spaces"),
        ("/api/spaces/Spaces-2", "/api/spaces/{id}"),
        ("/api/users/me", "/api/users/me"),
        ("/api/users/Users-42/permissions", "/api/users/{id}/permissions"),
        ("/api/Spaces-2/users/Users-42/permissions", "/api/{baseSpaceId}/users/{id}/permissions"),
        ("/api/projects", "/api/projects"),
    ]
    + [
        (f"/api/{space}/{kind}", f"/api/{{baseSpaceId}}/{kind}")
        for space in ("Spaces-1", "Spaces-2", "Spaces-3")
        for kind in ("projects", "environments", "releases", "deployments", "machines")
    ]
    + [
        (f"/api/Spaces-1/{kind}/all", f"/api/{{baseSpaceId}}/{kind}/all")
        for kind in ("projects", "environments", "machines")
    ]
)
# embedded issue field -> component schema (Cloud v3 shapes)
ISSUE_FIELD_SCHEMAS = {
    "status": "StatusDetails",
    "priority": "Priority",
    "issuetype": "IssueTypeDetails",
    "project": "ProjectDetails",
    "assignee": "User",
    "reporter": "User",
    "creator": "User",
    "comment": "PageOfComments",
    "worklog": "PageOfWorklogs",
    "resolution": "Resolution",
    "votes": "Votes",
    "watches": "Watchers",
    "timetracking": "TimeTrackingDetails",
}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=300) as running:
        yield running


@pytest.fixture
def cloud(server: FakeApiServer) -> Iterator[FakeApiServer]:
    server.jira_deployment = "cloud"
    yield server


@pytest.fixture
def data_center(server: FakeApiServer) -> Iterator[FakeApiServer]:
    server.jira_deployment = "data_center"
    yield server
    server.jira_deployment = "cloud"


def assert_valid(validator, body) -> None:  # type: ignore[no-untyped-def]
    errors = schema_errors(validator, body)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("version", [3, 2])
@pytest.mark.parametrize(("path", "operation", "query"), JIRA_CLOUD_CASES, ids=lambda v: str(v)[:40])
def test_jira_cloud_bodies_match_spec(
    cloud: FakeApiServer, version: int, path: str, operation: str, query: dict[str, str]
) -> None:
    response = jira_session(cloud).get(cloud.base_url + path.format(v=version), params=query)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    body = response.json()
    assert body, "an empty body proves nothing"
    assert_valid(jira_response_validator(operation), body)


@pytest.mark.parametrize(("path", "operation", "query"), JIRA_DC_CASES, ids=lambda v: str(v)[:40])
def test_jira_data_center_bodies_match_cloud_spec(
    data_center: FakeApiServer, path: str, operation: str, query: dict[str, str]
) -> None:
    response = jira_session(data_center, "personal_access_token").get(data_center.base_url + path, params=query)
    assert response.status_code == 200, response.text
    assert_valid(jira_response_validator(operation), response.json())


def test_post_search_jql_with_all_fields_matches_spec(cloud: FakeApiServer) -> None:
    body = {
        "jql": "updated >= 0 ORDER BY id ASC",
        "maxResults": 100,
        "fields": ["*all"],
        "expand": "names,schema,changelog",
    }
    response = jira_session(cloud).post(cloud.base_url + "/rest/api/3/search/jql", json=body)
    assert_valid(jira_response_validator("/rest/api/3/search/jql", "post"), response.json())
    assert len(response.json()["issues"]) == 100


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_embedded_issue_objects_match_their_component_schemas(server: FakeApiServer, deployment: str) -> None:
    server.jira_deployment = deployment
    try:
        if deployment == "cloud":
            response = jira_session(server).post(
                server.base_url + "/rest/api/3/search/jql",
                json={"jql": "updated >= 0", "maxResults": 100, "fields": ["*all"]},
            )
        else:
            response = jira_session(server).get(
                server.base_url + "/rest/api/2/search", params={"maxResults": 300, "fields": "*all"}
            )
    finally:
        server.jira_deployment = "cloud"
    checked = 0
    for issue in response.json()["issues"]:
        for name, component in ISSUE_FIELD_SCHEMAS.items():
            value = issue["fields"][name]
            if value is not None and value != {}:
                schema = "UserDetails" if component == "User" and deployment == "data_center" else component
                assert_valid(jira_schema_validator(schema), value)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    ("status_path", "status", "query"),
    [
        ("/rest/api/3/mypermissions", 400, {}),
        ("/rest/api/3/search/jql", 400, {"jql": "ORDER BY id"}),
        ("/rest/api/3/search/jql", 400, {"jql": "project = NOPE"}),
    ],
)
def test_jira_error_bodies_are_error_collections(
    cloud: FakeApiServer, status_path: str, status: int, query: dict[str, str]
) -> None:
    response = jira_session(cloud).get(cloud.base_url + status_path, params=query)
    assert response.status_code == status
    assert_valid(jira_schema_validator("ErrorCollection"), response.json())
    assert response.json()["errorMessages"]


@pytest.mark.parametrize(("path", "operation"), OCTOPUS_CASES, ids=lambda v: v)
def test_octopus_bodies_match_spec(server: FakeApiServer, path: str, operation: str) -> None:
    response = octopus_session(server).get(server.base_url + path, params={"take": 1000})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body
    assert_valid(octopus_response_validator(operation), body)


@pytest.mark.parametrize("kind", ["projects", "environments", "releases", "deployments", "machines"])
def test_octopus_single_records_match_spec(server: FakeApiServer, kind: str) -> None:
    record = server.dataset.octopus_records(kind, "Spaces-2")[0]
    response = octopus_session(server).get(f"{server.base_url}/api/Spaces-2/{kind}/{record['Id']}")
    assert response.json() == record
    assert_valid(octopus_response_validator(f"/api/{{baseSpaceId}}/{kind}/{{id}}"), response.json())


def test_strict_octopus_validation_rejects_an_invented_field(server: FakeApiServer) -> None:
    body = octopus_session(server).get(server.base_url + "/api/Spaces-1/projects").json()
    body["Items"][0]["Slugg"] = "typo"
    assert schema_errors(octopus_response_validator("/api/{baseSpaceId}/projects"), body)
