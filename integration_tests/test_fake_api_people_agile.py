"""The fake's project detail, people and Agile bodies validate against the vendors' documents: the Jira platform
OpenAPI document, and for `/rest/agile/1.0` the Agile operations transcribed in `jira_octopus_sample_api/contract/agile_document`.
Error answers are Jira's ErrorCollection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.contract.agile_document import AGILE_DOCUMENT, AGILE_PREFIX
from jira_octopus_sample_api.spec_validation import jira_response_validator, jira_schema_validator, schema_errors

_AGILE_URN = "urn:fake-api:jira-agile"
PID = "10001"  # the fake's second project: every per-project endpoint, and 403 on its email
PLATFORM_CASES = [  # (path after /rest/api/{v}/, documented operation, query)
    ("projectCategory", "/rest/api/3/projectCategory", {}),
    ("project/type", "/rest/api/3/project/type", {}),
    (f"project/{PID}/role", "/rest/api/3/project/{projectIdOrKey}/role", {}),
    (f"project/{PID}/role/10002", "/rest/api/3/project/{projectIdOrKey}/role/{id}", {}),
    (f"project/{PID}/avatars", "/rest/api/3/project/{projectIdOrKey}/avatars", {}),
    (
        f"project/{PID}/permissionscheme",
        "/rest/api/3/project/{projectKeyOrId}/permissionscheme",
        {"expand": "permissions"},
    ),
    ("group/member", "/rest/api/3/group/member", {"groupname": "jira-software-users", "includeInactiveUsers": "true"}),
]
CLOUD_ONLY_CASES = [
    ("project/10000/email", "/rest/api/3/project/{projectId}/email", {}),
    ("group/bulk", "/rest/api/3/group/bulk", {"maxResults": "3"}),
]
AGILE_CASES = [  # (path after /rest/agile/1.0, documented template, query)
    ("/board", "/board", {"maxResults": "2", "startAt": "1"}),
    ("/board/1/configuration", "/board/{boardId}/configuration", {}),
    ("/board/2/configuration", "/board/{boardId}/configuration", {}),
    ("/board/1/sprint", "/board/{boardId}/sprint", {"state": "active,closed"}),
    ("/board/1/epic", "/board/{boardId}/epic", {}),
    (
        "/board/2/issue",
        "/board/{boardId}/issue",
        {"jql": "updated >= 0 ORDER BY id ASC", "fields": "summary,sprint,epic"},
    ),
    ("/sprint/1/issue", "/sprint/{sprintId}/issue", {"fields": "status,closedSprints,flagged"}),
]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=250) as running:
        yield running


def agile_validator(template: str) -> Draft4Validator:
    schema = AGILE_DOCUMENT["paths"][AGILE_PREFIX + template]["get"]["responses"]["200"]["content"]["application/json"]
    ref = schema["schema"]["$ref"]
    registry = Registry().with_resource(_AGILE_URN, Resource(contents=AGILE_DOCUMENT, specification=DRAFT4))
    return Draft4Validator({"$ref": f"{_AGILE_URN}{ref}"}, registry=registry)


def get(server: FakeApiServer, deployment: str, path: str, query: dict[str, str]) -> Any:
    server.jira_deployment = deployment
    session = jira_session(server, "api_token" if deployment == "cloud" else "personal_access_token")
    return session.get(server.base_url + path, params=query)


def assert_valid(validator: Draft4Validator, body: Any) -> None:
    assert body, "an empty body proves nothing"
    errors = schema_errors(validator, body)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("deployment, version", [("cloud", 3), ("cloud", 2), ("data_center", 2)])
@pytest.mark.parametrize(("path", "operation", "query"), PLATFORM_CASES, ids=lambda v: str(v)[:40])
def test_platform_bodies_match_the_platform_document(server, deployment, version, path, operation, query):
    response = get(server, deployment, f"/rest/api/{version}/{path}", query)
    assert response.status_code == 200, response.text
    assert_valid(jira_response_validator(operation), response.json())


@pytest.mark.parametrize(("path", "operation", "query"), CLOUD_ONLY_CASES, ids=lambda v: str(v)[:40])
def test_cloud_only_bodies_match_the_platform_document(server, path, operation, query):
    response = get(server, "cloud", f"/rest/api/3/{path}", query)
    assert response.status_code == 200, response.text
    assert_valid(jira_response_validator(operation), response.json())
    assert get(server, "data_center", f"/rest/api/2/{path}", query).status_code == 404


def test_data_center_group_picker_matches_the_documents_found_groups(server):
    response = get(server, "data_center", "/rest/api/2/groups/picker", {"maxResults": "3"})
    body = response.json()
    assert_valid(jira_response_validator("/rest/api/3/groups/picker"), body)
    assert len(body["groups"]) == 3 < body["total"] == len(server.dataset.ids("jira_groups"))


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
@pytest.mark.parametrize(("path", "template", "query"), AGILE_CASES, ids=lambda v: str(v)[:40])
def test_agile_bodies_match_the_agile_document(server, deployment, path, template, query):
    response = get(server, deployment, AGILE_PREFIX + path, query)
    assert response.status_code == 200, response.text
    assert_valid(agile_validator(template), response.json())


def test_agile_lists_cap_max_results_at_fifty(server):
    body = get(server, "cloud", AGILE_PREFIX + "/board/1/issue", {"maxResults": "500"}).json()
    assert body["maxResults"] == 50 and len(body["issues"]) == min(50, body["total"])


@pytest.mark.parametrize(
    "deployment, path, status, message",
    [
        ("cloud", AGILE_PREFIX + "/board/2/sprint", 400, "The board does not support sprints"),
        ("data_center", AGILE_PREFIX + "/board/2/sprint", 400, "The board does not support sprints"),
        ("cloud", "/rest/api/3/project/10001/email", 403, "permission"),
        ("cloud", "/rest/api/3/project/10002/email", 404, "No sender email address"),
        ("cloud", AGILE_PREFIX + "/board/999/issue", 404, "does not exist"),
    ],
)
def test_documented_refusals_carry_jiras_error_collection(server, deployment, path, status, message):
    response = get(server, deployment, path, {})
    assert response.status_code == status
    assert_valid(jira_schema_validator("ErrorCollection"), response.json())
    assert message in response.json()["errorMessages"][0]
