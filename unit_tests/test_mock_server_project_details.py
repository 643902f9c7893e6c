"""Whole reads of the project detail streams against HttpMocker (each request registered exactly and sent once):
roles with their actors, avatars of both kinds, permission schemes, site-wide lists, and project emails whose
documented 403/404 are skipped and logged while any other error still fails."""

import json

import pytest
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse

from testkit.mock_server import DC, JIRA, JIRA_CLOUD, JIRA_DC, PROJECTS, Mocks, run

PROJECT_SEARCH = {"startAt": "0", "maxResults": "2", "expand": "description,lead,issueTypes,url,projectKeys,insight"}


def mock_cloud_projects(mocks):
    body = {"startAt": 0, "maxResults": 2, "total": 2, "isLast": True, "values": PROJECTS}
    mocks.get(f"{JIRA}/rest/api/3/project/search", PROJECT_SEARCH, body)


def error(status, message):
    return HttpResponse(
        json.dumps({"errorMessages": [message], "errors": {}}), status, {"Content-Type": "application/json"}
    )


def keys(output, *fields):
    return sorted(tuple(str(r.record.data[f]) for f in fields) for r in output.records)


def test_roles_are_read_from_the_role_map_with_their_actors():
    actor = {"id": 1, "displayName": "Mia", "type": "atlassian-user-role-actor", "actorUser": {"accountId": "a"}}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_projects(mocks)
        api = f"{JIRA}/rest/api/3/project"
        links = {"Administrators": f"{api}/10000/role/10002", "Developers": f"{api}/10000/role/10001"}
        mocks.get(f"{api}/10000/role", None, links)
        mocks.get(f"{api}/10001/role", None, {})
        for role_id in ("10002", "10001"):
            mocks.get(f"{api}/10000/role/{role_id}", None, {"id": int(role_id), "name": role_id, "actors": [actor]})
        output = run({"jira": JIRA_CLOUD}, "jira_project_roles")
        mocks.verify()
    assert not output.errors
    assert keys(output, "projectId", "projectKey", "roleId") == [("10000", "ABC", "10001"), ("10000", "ABC", "10002")]
    assert output.records[0].record.data["actors"] == [actor]


def test_data_center_avatars_flatten_system_and_custom_ones_per_project():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(f"{DC}/rest/api/2/project", {"expand": "description,lead,url,projectKeys"}, PROJECTS)
        system = [{"id": "10400", "isSystemAvatar": True}, {"id": "10401", "isSystemAvatar": True}]
        mocks.get(
            f"{DC}/rest/api/2/project/10000/avatars",
            None,
            {"system": system, "custom": [{"id": "10500", "owner": "10000"}]},
        )
        mocks.get(f"{DC}/rest/api/2/project/10001/avatars", None, {"system": system, "custom": []})
        output = run({"jira": JIRA_DC}, "jira_project_avatars")
        mocks.verify()
    assert not output.errors
    assert keys(output, "projectId", "id") == [
        ("10000", "10400"),
        ("10000", "10401"),
        ("10000", "10500"),
        ("10001", "10400"),
        ("10001", "10401"),
    ]


def test_permission_schemes_ask_for_the_grants():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_projects(mocks)
        for project, scheme in (("10000", 0), ("10001", 10100)):
            body = {"id": scheme, "name": f"s{scheme}", "permissions": [{"id": 1, "permission": "BROWSE_PROJECTS"}]}
            mocks.get(f"{JIRA}/rest/api/3/project/{project}/permissionscheme", {"expand": "permissions"}, body)
        output = run({"jira": JIRA_CLOUD}, "jira_project_permission_schemes")
        mocks.verify()
    assert keys(output, "projectId", "id") == [("10000", "0"), ("10001", "10100")]


@pytest.mark.parametrize(
    "stream, path, ids",
    [
        ("jira_project_categories", "projectCategory", ["10000", "10001"]),
        ("jira_project_types", "project/type", ["software", "business"]),
    ],
)
def test_site_wide_project_lists(stream, path, ids):
    field = "key" if stream == "jira_project_types" else "id"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(f"{JIRA}/rest/api/3/{path}", None, [{field: i} for i in ids])
        output = run({"jira": JIRA_CLOUD}, stream)
        mocks.verify()
    assert [r.record.data[field] for r in output.records] == ids


@pytest.mark.parametrize("status", [403, 404])
def test_project_email_skips_the_documented_statuses_and_logs_them(status):
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_projects(mocks)
        mocks.get(
            f"{JIRA}/rest/api/3/project/10000/email", None, {"emailAddress": "abc@acme.io", "emailAddressStatus": []}
        )
        mocker.get(HttpRequest(f"{JIRA}/rest/api/3/project/10001/email"), error(status, "No project email."))
        output = run({"jira": JIRA_CLOUD}, "jira_project_email")
        mocks.verify()
    assert not output.errors
    assert [(r.record.data["projectId"], r.record.data["emailAddress"]) for r in output.records] == [
        ("10000", "abc@acme.io")
    ]
    skipped = [
        m.log.message for m in output.logs if "project/10001/email" in m.log.message and "skipped" in m.log.message
    ]
    assert skipped and all(f"HTTP {status}" in line for line in skipped)


def test_project_email_fails_on_a_status_jira_does_not_document_for_it():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_projects(mocks)
        mocks.get(f"{JIRA}/rest/api/3/project/10000/email", None, {"emailAddress": "abc@acme.io"})
        mocker.get(HttpRequest(f"{JIRA}/rest/api/3/project/10001/email"), error(400, "Bad project id."))
        output = run({"jira": JIRA_CLOUD}, "jira_project_email")
    assert output.errors and "HTTP 400" in output.errors[0].trace.error.message
