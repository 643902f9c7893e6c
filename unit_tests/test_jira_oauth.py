"""Jira Cloud OAuth 2.0 (3LO): refresh through Atlassian's token endpoint, cloud id lookup, 401 -> refresh once,
rotated refresh tokens persisted through a config-update control message."""

import json

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import read
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse

from source_jira_octopus import SourceJiraOctopus

TOKEN_URL = "https://auth.atlassian.com/oauth/token"
RESOURCES_URL = "https://api.atlassian.com/oauth/token/accessible-resources"
CLOUD_ID = "11223344-aaaa-bbbb-cccc-556677889900"
FIELDS_URL = f"https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/field"
CREDENTIALS = {
    "auth_type": "oauth2",
    "client_id": "client-1",
    "client_secret": "client-secret-1",
    "refresh_token": "refresh-1",
}


def config(**credentials):
    return {
        "jira": {"base_url": "https://acme.atlassian.net", "credentials": {**CREDENTIALS, **credentials}},
        "max_concurrent_requests": 1,
        "request_timeout_seconds": 10,
    }


def json_response(body, status=200):
    return HttpResponse(json.dumps(body), status, {"Content-Type": "application/json"})


def token(access, refresh):
    return json_response(
        {
            "access_token": access,
            "expires_in": 3600,
            "refresh_token": refresh,
            "scope": "read:jira-work offline_access",
            "token_type": "Bearer",
        }
    )


def refresh_request(refresh_token):
    return HttpRequest(
        TOKEN_URL,
        body={
            "grant_type": "refresh_token",
            "client_id": "client-1",
            "client_secret": "client-secret-1",
            "refresh_token": refresh_token,
        },
    )


def read_fields(cfg):
    catalog = CatalogBuilder().with_stream("jira_issue_fields", SyncMode.full_refresh).build()
    return read(SourceJiraOctopus(cfg), cfg, catalog)


def test_refreshes_first_finds_the_cloud_id_and_reads_through_the_gateway(capsys):
    with HttpMocker() as mocker:
        mocker.post(refresh_request("refresh-1"), token("access-1", "refresh-2"))
        mocker.get(
            HttpRequest(RESOURCES_URL, headers={"Authorization": "Bearer access-1"}),
            json_response(
                [
                    {"id": "other", "url": "https://other.atlassian.net", "scopes": []},
                    {"id": CLOUD_ID, "url": "https://acme.atlassian.net", "scopes": ["read:jira-work"]},
                ]
            ),
        )
        mocker.get(
            HttpRequest(FIELDS_URL, headers={"Authorization": "Bearer access-1"}), json_response([{"id": "summary"}])
        )
        output = read_fields(config())
    assert [r.record.data["id"] for r in output.records] == ["summary"]
    control = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"CONTROL"' in line]
    assert control, "a rotated refresh token must reach the platform as a config update"
    assert control[-1]["control"]["connectorConfig"]["config"]["jira"]["credentials"]["refresh_token"] == "refresh-2"


def test_a_401_refreshes_the_token_once_and_retries():
    with HttpMocker() as mocker:
        mocker.get(
            HttpRequest(FIELDS_URL, headers={"Authorization": "Bearer stale"}),
            json_response({"errorMessages": ["expired"]}, 401),
        )
        mocker.post(refresh_request("refresh-1"), token("fresh", "refresh-1"))
        mocker.get(
            HttpRequest(FIELDS_URL, headers={"Authorization": "Bearer fresh"}), json_response([{"id": "status"}])
        )
        output = read_fields(config(access_token="stale", cloud_id=CLOUD_ID))
    assert [r.record.data["id"] for r in output.records] == ["status"]
    assert not output.errors


def test_a_rejected_refresh_token_is_a_config_error_telling_to_reauthorise():
    with HttpMocker() as mocker:
        mocker.post(
            refresh_request("refresh-1"),
            json_response({"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."}, 403),
        )
        output = read_fields(config(cloud_id=CLOUD_ID))
    assert output.errors
    error = output.errors[-1].trace.error
    assert error.failure_type.value == "config_error"
    messages = " ".join(e.trace.error.message for e in output.errors)
    assert "Re-authorise" in messages and "client-secret-1" not in messages


def test_an_ambiguous_site_asks_for_the_cloud_id():
    with HttpMocker() as mocker:
        mocker.post(refresh_request("refresh-1"), token("access-1", "refresh-1"))
        mocker.get(
            HttpRequest(RESOURCES_URL),
            json_response(
                [{"id": "a", "url": "https://one.atlassian.net"}, {"id": "b", "url": "https://two.atlassian.net"}]
            ),
        )
        output = read_fields(config())
    messages = " ".join(e.trace.error.message for e in output.errors)
    assert "jira.credentials.cloud_id" in messages and "https://one.atlassian.net (a)" in messages
