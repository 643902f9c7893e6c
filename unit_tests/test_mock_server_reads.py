"""Whole `read`s through the Airbyte entrypoint against HttpMocker, with every page registered with its exact
paging parameters: a broken offset or token would request a page nobody registered and fail the test."""

import json

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.state_builder import StateBuilder

from testkit.mock_server import (
    JIRA,
    JIRA_CLOUD,
    OCTOPUS,
    OCTOPUS_CONFIG,
    mock_cloud_probes,
    mock_fields,
    mock_spaces,
    octopus_page,
    ok,
    run,
    search_issue,
)


def test_jira_projects_page_bean_pages_with_exact_offsets():
    url = f"{JIRA}/rest/api/3/project/search"
    expand = "description,lead,issueTypes,url,projectKeys,insight"
    pages = [
        (
            {"startAt": "0"},
            {
                "startAt": 0,
                "maxResults": 2,
                "total": 5,
                "isLast": False,
                "values": [{"id": "1", "key": "A"}, {"id": "2", "key": "B"}],
            },
        ),
        (
            {"startAt": "2"},
            {
                "startAt": 2,
                "maxResults": 2,
                "total": 5,
                "isLast": False,
                "values": [{"id": "3", "key": "C"}, {"id": "4", "key": "D"}],
            },
        ),
        (
            {"startAt": "4"},
            {"startAt": 4, "maxResults": 2, "total": 5, "isLast": True, "values": [{"id": "5", "key": "E"}]},
        ),
    ]
    with HttpMocker() as mocker:
        for params, body in pages:
            mocker.get(HttpRequest(url, query_params={**params, "maxResults": "2", "expand": expand}), ok(body))
        output = run({"jira": JIRA_CLOUD}, "jira_projects")
    assert [r.record.data["id"] for r in output.records] == ["1", "2", "3", "4", "5"]
    assert not output.errors


def test_jira_projects_filter_keeps_configured_keys_only():
    url = f"{JIRA}/rest/api/3/project/search"
    body = {
        "startAt": 0,
        "maxResults": 2,
        "total": 2,
        "isLast": True,
        "values": [{"id": "1", "key": "ABC"}, {"id": "2", "key": "XYZ"}],
    }
    with HttpMocker() as mocker:
        mocker.get(
            HttpRequest(
                url,
                query_params={
                    "startAt": "0",
                    "maxResults": "2",
                    "expand": "description,lead,issueTypes,url,projectKeys,insight",
                },
            ),
            ok(body),
        )
        output = run({"jira": {**JIRA_CLOUD, "projects": ["abc"]}}, "jira_projects")
    assert [r.record.data["key"] for r in output.records] == ["ABC"]


def test_jira_users_plain_array_pages_until_an_empty_page():
    url = f"{JIRA}/rest/api/3/users/search"
    with HttpMocker() as mocker:
        mocker.get(
            HttpRequest(url, query_params={"startAt": "0", "maxResults": "2"}),
            ok([{"accountId": "a"}, {"accountId": "b"}]),
        )
        mocker.get(HttpRequest(url, query_params={"startAt": "2", "maxResults": "2"}), ok([{"accountId": "c"}]))
        mocker.get(HttpRequest(url, query_params={"startAt": "3", "maxResults": "2"}), ok([]))
        output = run({"jira": JIRA_CLOUD}, "jira_users")
    assert [r.record.data["accountId"] for r in output.records] == ["a", "b", "c"]


def test_jira_cloud_issues_follow_next_page_token_in_the_post_body():
    url = f"{JIRA}/rest/api/3/search/jql"
    jql = "updated >= 0 ORDER BY id ASC"
    base = {"jql": jql, "fields": ["*all"], "maxResults": 2}
    with HttpMocker() as mocker:
        mock_fields(mocker, JIRA, 3)
        mock_cloud_probes(mocker, 0, search_issue("1"), 3)
        mocker.post(
            HttpRequest(url, body=base),
            ok({"issues": [search_issue("1"), search_issue("2")], "nextPageToken": "t1", "isLast": False}),
        )
        mocker.post(
            HttpRequest(url, body={**base, "nextPageToken": "t1"}), ok({"issues": [search_issue("3")], "isLast": True})
        )
        output = run({"jira": JIRA_CLOUD}, "jira_issues", SyncMode.incremental)
    records = [r.record.data for r in output.records]
    assert [r["id"] for r in records] == ["1", "2", "3"]
    assert records[0]["projectKey"] == "ABC" and records[0]["projectId"] == "10000"
    assert records[0]["updated"] == "2024-05-01T10:00:00.000+00:00"  # Jira's precision, RFC 3339 offset
    state = output.most_recent_state.stream_state.__dict__
    assert state["state_version"] == 2 and set(state["partitions"]) == {"*"} and "sync" not in state


def test_jira_issue_state_resumes_with_an_epoch_ms_lower_bound_minus_lookback():
    url = f"{JIRA}/rest/api/3/search/jql"
    state = StateBuilder().with_stream_state("jira_issues", {"updated": "2024-05-01T10:30:00.000+00:00"}).build()
    expected_jql = "updated >= 1714557600000 ORDER BY id ASC"  # 2024-05-01T10:00:00Z: state minus 30 minutes
    with HttpMocker() as mocker:
        mock_fields(mocker, JIRA, 3)
        mock_cloud_probes(mocker, 1714557600000, search_issue("7"), 1)
        mocker.post(
            HttpRequest(url, body={"jql": expected_jql, "fields": ["*all"], "maxResults": 2}),
            ok({"issues": [search_issue("7")], "isLast": True}),
        )
        output = run(
            {"jira": {**JIRA_CLOUD, "lookback_window_minutes": 30}}, "jira_issues", SyncMode.incremental, state
        )
    assert [r.record.data["id"] for r in output.records] == ["7"]


def test_jira_data_center_issues_use_start_at_on_api_2():
    url = "https://jira.acme.io/ctx/rest/api/2/search"
    dc = {
        **JIRA_CLOUD,
        "base_url": "https://jira.acme.io/ctx",
        "deployment": "data_center",
        "credentials": {"auth_type": "personal_access_token", "token": "pat-1"},
        "projects": ["ABC"],
    }
    jql = 'updated >= 0 AND project = "ABC" ORDER BY id ASC'
    with HttpMocker() as mocker:
        mock_fields(mocker, dc["base_url"], 2)
        for order in ("ASC", "DESC"):  # the earliest and the latest `created`
            probe = {
                "jql": f'updated >= 0 AND project = "ABC" ORDER BY created {order}',
                "fields": "created",
                "maxResults": "1",
                "startAt": "0",
            }
            mocker.get(
                HttpRequest(url, query_params=probe),
                ok({"startAt": 0, "maxResults": 1, "total": 3, "issues": [search_issue("1")]}),
            )
        for start, ids in ((0, ["1", "2"]), (2, ["3"])):
            body = {"startAt": start, "maxResults": 2, "total": 3, "issues": [search_issue(i) for i in ids]}
            mocker.get(
                HttpRequest(
                    url,
                    query_params={"jql": jql, "fields": "*all", "startAt": str(start), "maxResults": "2"},
                    headers={"Authorization": "Bearer pat-1"},
                ),
                ok(body),
            )
        output = run({"jira": dc}, "jira_issues", SyncMode.incremental)
    assert [r.record.data["id"] for r in output.records] == ["1", "2", "3"]


def test_octopus_deployments_are_read_per_space_with_exact_skip_take():
    with HttpMocker() as mocker:
        mock_spaces(mocker, ["Spaces-1", "Spaces-2"])
        for skip, ids in ((0, ["D-3", "D-2"]), (2, ["D-1"])):
            mocker.get(
                HttpRequest(f"{OCTOPUS}/api/Spaces-1/deployments", query_params={"skip": str(skip), "take": "2"}),
                ok(octopus_page("deployments", "Spaces-1", skip, 2, 3, ids)),
            )
        mocker.get(
            HttpRequest(f"{OCTOPUS}/api/Spaces-2/deployments", query_params={"skip": "0", "take": "2"}),
            ok(octopus_page("deployments", "Spaces-2", 0, 2, 1, ["D-9"])),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_deployments")
    assert sorted((r.record.data["SpaceId"], r.record.data["Id"]) for r in output.records) == [
        ("Spaces-1", "D-1"),
        ("Spaces-1", "D-2"),
        ("Spaces-1", "D-3"),
        ("Spaces-2", "D-9"),
    ]


def test_octopus_cap_stops_paging_and_warns_with_the_stream_and_cap():
    config = {**OCTOPUS_CONFIG, "spaces": ["Spaces-1"], "max_items_per_kind": {"deployments": 3}}
    with HttpMocker() as mocker:
        mock_spaces(mocker, ["Spaces-1"])
        for skip, ids in ((0, ["D-9", "D-8"]), (2, ["D-7", "D-6"])):
            mocker.get(
                HttpRequest(f"{OCTOPUS}/api/Spaces-1/deployments", query_params={"skip": str(skip), "take": "2"}),
                ok(octopus_page("deployments", "Spaces-1", skip, 2, 9, ids)),
            )
        output = run({"octopus": config}, "octopus_deployments")
    assert [r.record.data["Id"] for r in output.records] == ["D-9", "D-8", "D-7"]
    assert any(
        "octopus_deployments" in log.log.message and "max_items_per_kind.deployments = 3" in log.log.message
        for log in output.logs
    )


@pytest.mark.parametrize("status", [401, 403])
def test_auth_failures_fail_fast_as_config_errors_naming_the_credential(status):
    with HttpMocker() as mocker:
        mocker.get(
            HttpRequest(f"{JIRA}/rest/api/3/field"), HttpResponse(json.dumps({"errorMessages": ["nope"]}), status)
        )
        output = run({"jira": JIRA_CLOUD}, "jira_issue_fields")
    assert output.errors, "the read must fail"
    trace = output.errors[-1].trace.error
    assert trace.failure_type.value == "config_error"
    messages = " ".join(e.trace.error.message for e in output.errors)
    assert "Jira API error: GET https://acme.atlassian.net/rest/api/3/field returned HTTP" in messages
    assert "tok-123" not in json.dumps([e.trace.error.message for e in output.errors])


def test_removed_cloud_search_fails_at_once_with_the_reason():
    """A DC-configured read against a Cloud site hits the removed /search: 410 must not be retried for minutes."""
    url = f"{JIRA}/rest/api/2/search"
    body = {"errorMessages": ["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."]}
    requests = [
        HttpRequest(
            url,
            query_params={
                "jql": f"updated >= 0 ORDER BY created {order}",
                "fields": "created",
                "startAt": "0",
                "maxResults": "1",
            },
        )
        for order in ("ASC", "DESC")  # the planner's two probes, side by side
    ]
    with HttpMocker() as mocker:
        mock_fields(mocker, JIRA, 2)
        for request in requests:
            mocker.get(request, HttpResponse(json.dumps(body), 410))
        output = run({"jira": {**JIRA_CLOUD, "deployment": "data_center"}}, "jira_issues", SyncMode.incremental)
        for request in requests:
            mocker.assert_number_of_calls(request, 1)
    assert any("CHANGE-2046" in e.trace.error.message for e in output.errors)
