"""The fake's configuration endpoints: bodies valid against the vendor's schemas, Jira's errors, both flavours."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.spec_validation import jira_response_validator, jira_schema_validator, schema_errors

# (path after /rest/api/{v}/, operation in the Cloud document, query)
CLOUD_CASES = [
    ("issuetype", "/rest/api/3/issuetype", {}),
    ("issuetypescheme", "/rest/api/3/issuetypescheme", {"maxResults": "7"}),
    ("issuetypescreenscheme", "/rest/api/3/issuetypescreenscheme", {}),
    ("field/customfield_10016/context", "/rest/api/3/field/{fieldId}/context", {"startAt": "7"}),
    ("field/customfield_10021/context/{flagged}/option", "/rest/api/3/field/{fieldId}/context/{contextId}/option", {}),
    ("issueLinkType", "/rest/api/3/issueLinkType", {}),
    ("issuesecurityschemes", "/rest/api/3/issuesecurityschemes", {}),
    ("notificationscheme", "/rest/api/3/notificationscheme", {"expand": "all"}),
    ("notificationscheme", "/rest/api/3/notificationscheme", {}),
    ("settings/columns", "/rest/api/3/settings/columns", {}),
    ("screens", "/rest/api/3/screens", {"startAt": "2", "maxResults": "7"}),
    ("screens/1/tabs", "/rest/api/3/screens/{screenId}/tabs", {}),
    ("screens/1/tabs/10000/fields", "/rest/api/3/screens/{screenId}/tabs/{tabId}/fields", {}),
    ("screenscheme", "/rest/api/3/screenscheme", {}),
    ("statuscategory", "/rest/api/3/statuscategory", {}),
    ("resolution/search", "/rest/api/3/resolution/search", {}),
    ("resolution", "/rest/api/3/resolution", {}),
    ("label", "/rest/api/3/label", {"maxResults": "3"}),
]
# Data Center bodies whose shape is the Cloud one
DC_CASES = [
    ("issuetype", "/rest/api/3/issuetype", {}),
    ("issueLinkType", "/rest/api/3/issueLinkType", {}),
    ("issuesecurityschemes", "/rest/api/3/issuesecurityschemes", {}),
    ("notificationscheme", "/rest/api/3/notificationscheme", {"expand": "all"}),
    ("settings/columns", "/rest/api/3/settings/columns", {}),
    ("screens/10000/tabs", "/rest/api/3/screens/{screenId}/tabs", {}),
    ("statuscategory", "/rest/api/3/statuscategory", {}),
    ("resolution", "/rest/api/3/resolution", {}),
]
ADMIN_ONLY = [
    "issuetypescheme",
    "issuetypescreenscheme",
    "fieldconfiguration",
    "field/customfield_10016/context",
    "issuesecurityschemes",
    "settings/columns",
    "screens",
    "screens/1/tabs",
    "screenscheme",
]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=120) as running:
        yield running


@pytest.fixture
def data_center(server: FakeApiServer) -> Iterator[FakeApiServer]:
    server.jira_deployment = "data_center"
    yield server
    server.jira_deployment = "cloud"


def get(server: FakeApiServer, path: str, query: dict[str, str] | None = None, version: int = 3) -> requests.Response:
    """`{flagged}` / `{text}`: the first context of the Flagged (checkbox) / Customer (text) custom field."""
    contexts = server.dataset.parts["configuration"].contexts
    path = path.format(flagged=contexts["customfield_10021"][0]["id"], text=contexts["customfield_10040"][0]["id"])
    auth = "api_token" if server.jira_deployment == "cloud" else "personal_access_token"
    return jira_session(server, auth).get(f"{server.base_url}/rest/api/{version}/{path}", params=query or {})


def assert_valid(validator, body) -> None:  # type: ignore[no-untyped-def]
    errors = schema_errors(validator, body)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("version", [3, 2])
@pytest.mark.parametrize(("path", "operation", "query"), CLOUD_CASES, ids=lambda v: str(v)[:40])
def test_cloud_bodies_match_the_spec(server: FakeApiServer, version: int, path: str, operation: str, query) -> None:
    response = get(server, path, query, version)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body and (not isinstance(body, dict) or body.get("values", [1])), "an empty body proves nothing"
    assert_valid(jira_response_validator(operation), body)


def test_field_configurations_match_the_field_configuration_component(server: FakeApiServer) -> None:
    """The document's PageBeanFieldConfigurationDetails names the write-only create body; Jira returns
    FieldConfiguration records (with `id` and `isDefault`)."""
    body = get(server, "fieldconfiguration", {"maxResults": "50"}).json()
    assert body["total"] == len(server.dataset.parts["configuration"].field_configurations) > 7
    for record in body["values"]:
        assert_valid(jira_schema_validator("FieldConfiguration"), record)


@pytest.mark.parametrize(("path", "operation", "query"), DC_CASES, ids=lambda v: str(v)[:40])
def test_data_center_bodies_match_the_cloud_spec(data_center: FakeApiServer, path: str, operation: str, query) -> None:
    response = get(data_center, path, query, 2)
    assert response.status_code == 200, response.text
    assert_valid(jira_response_validator(operation), response.json())


def test_data_center_shapes_differ_where_jira_dc_differs(data_center: FakeApiServer) -> None:
    types = get(data_center, "issuetype", version=2).json()
    assert types and all("hierarchyLevel" not in t for t in types)
    schemes = get(data_center, "issuetypescheme", {"expand": "schemes.issueTypes,schemes.defaultIssueType"}, 2).json()
    default = schemes["schemes"][0]
    assert [t["id"] for t in default["issueTypes"]] == [t["id"] for t in data_center.dataset.jira_issue_types]
    assert schemes["schemes"][1]["defaultIssueType"]["id"] == "10001"
    assert "issueTypes" not in get(data_center, "issuetypescheme", version=2).json()["schemes"][0]
    assert get(data_center, "screens", {"startAt": "0", "maxResults": "2"}, 2).json()[0] == {
        "id": 1,
        "name": "Default Screen",
        "description": "Allows to update all system fields.",
    }
    fields = get(data_center, "screens/1/tabs/10000/fields", version=2).json()
    assert fields and all(f["showWhenEmpty"] is False for f in fields)
    notifications = get(data_center, "notificationscheme", {"expand": "all"}, 2).json()["values"]
    recipients = [n for s in notifications for e in s["notificationSchemeEvents"] for n in e["notifications"]]
    users = [n for n in recipients if n["notificationType"] == "User"]
    assert users and all("accountId" not in n["user"] and n["parameter"] == n["user"]["name"] for n in users)
    assert all("recipient" not in n for n in recipients)
    for path in ("label", "fieldconfiguration", "screenscheme", "field/customfield_10016/context"):
        assert get(data_center, path, version=2).status_code == 404, path


@pytest.mark.parametrize("path", ADMIN_ONLY)
def test_admin_only_resources_answer_403_to_a_user_without_administer_jira(server: FakeApiServer, path: str) -> None:
    server.jira_admin = False
    try:
        response = get(server, path)
    finally:
        server.jira_admin = True
    assert response.status_code == 403
    assert_valid(jira_schema_validator("ErrorCollection"), response.json())


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("field/summary/context", 404),  # a system field has no contexts
        ("field/customfield_10040/context/{flagged}/option", 404),  # a context of another field
        ("field/customfield_10040/context/{text}/option", 400),  # a text field has no options
        ("screens/999/tabs", 404),
        ("screens/one/tabs", 400),
        ("screens/1/tabs/10002/fields", 404),  # a tab of another screen
    ],
)
def test_jira_errors_for_what_does_not_exist(server: FakeApiServer, path: str, status: int) -> None:
    response = get(server, path)
    assert response.status_code == status, response.text
    assert response.json()["errorMessages"]


def test_notification_recipients_are_expanded_only_on_request(server: FakeApiServer) -> None:
    plain = get(server, "notificationscheme").json()["values"]
    assert all("notificationSchemeEvents" not in scheme for scheme in plain)
    events = get(server, "notificationscheme", {"expand": "notificationSchemeEvents"}).json()["values"][1]
    recipients = [n for e in events["notificationSchemeEvents"] for n in e["notifications"]]
    assert {n["notificationType"] for n in recipients} >= {"User", "Group", "ProjectRole", "CurrentAssignee"}
    assert all("user" not in n and "group" not in n for n in recipients)


def test_labels_are_the_labels_of_the_issues(server: FakeApiServer) -> None:
    body = get(server, "label", {"startAt": "0", "maxResults": "1000"}).json()
    used = {label for issue in server.dataset.jira_issues for label in issue["fields"]["labels"]}
    assert body["values"] == sorted(used) and body["total"] == len(used) and body["isLast"] is True
