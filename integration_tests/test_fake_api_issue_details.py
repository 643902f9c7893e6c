"""The fake's issue details endpoints answer in the vendor's shapes (Cloud v3 and Data Center v2), agree with the
counts and links the issues embed, and fail like Jira for unknown issues and properties."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.jira.core.realistic import transitions
from jira_octopus_sample_api.spec_validation import jira_response_validator, jira_schema_validator, schema_errors

SPEC_PATHS = {
    "watchers": "/rest/api/3/issue/{issueIdOrKey}/watchers",
    "votes": "/rest/api/3/issue/{issueIdOrKey}/votes",
    "properties": "/rest/api/3/issue/{issueIdOrKey}/properties",
    "transitions": "/rest/api/3/issue/{issueIdOrKey}/transitions",
}
REMOTE_LINKS = "/rest/api/3/issue/{issueIdOrKey}/remotelink"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(seed=11, size=300) as running:
        yield running


def get(server: FakeApiServer, deployment: str, tail: str, **params: str):
    server.jira_deployment = deployment
    version = 3 if deployment == "cloud" else 2
    return jira_session(server).get(f"{server.base_url}/rest/api/{version}/issue/{tail}", params=params)


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_every_endpoint_answers_in_the_vendor_shape_and_agrees_with_the_issue(server, deployment):
    details = server.dataset.parts["issue_details"]
    sample = [i for i in server.dataset.jira_issues if i["id"] in details.properties and details.voters[i["id"]]]
    assert sample, "no issue with properties and votes: the test would prove nothing"
    for issue in sample[:10]:
        for tail, path in SPEC_PATHS.items():
            body = get(server, deployment, f"{issue['id']}/{tail}").json()
            assert not schema_errors(jira_response_validator(path), body), (tail, body)
        watchers = get(server, deployment, f"{issue['key']}/watchers").json()
        assert watchers["watchCount"] == issue["fields"]["watches"]["watchCount"] == len(watchers["watchers"])
        votes = get(server, deployment, f"{issue['id']}/votes").json()
        assert votes["votes"] == issue["fields"]["votes"]["votes"] == len(votes["voters"]) > 0
        identity = "accountId" if deployment == "cloud" else "key"
        assert all(identity in user for user in watchers["watchers"] + votes["voters"])
        assert deployment == "cloud" or not any("accountId" in user for user in votes["voters"])
        listed = get(server, deployment, f"{issue['id']}/transitions").json()["transitions"]
        embedded = transitions(server.dataset.jira_statuses, issue["fields"]["status"])
        assert listed and [t["id"] for t in listed] == [t["id"] for t in embedded]
        keys = [entry["key"] for entry in get(server, deployment, f"{issue['id']}/properties").json()["keys"]]
        assert keys == list(details.properties[issue["id"]])
        for key in keys:
            value = get(server, deployment, f"{issue['id']}/properties/{key}").json()
            assert value == {"key": key, "value": details.properties[issue["id"]][key]}


def test_remote_links_filter_on_global_id_and_issue_links_pair_up():
    with FakeApiServer(seed=3, size=200) as server:
        details = server.dataset.parts["issue_details"]
        issue_id, links = next(iter(details.remote_links.items()))
        every = get(server, "cloud", f"{issue_id}/remotelink").json()
        assert [link["id"] for link in every] == [link["id"] for link in links]
        # the spec's example and description: an array; its schema: the one link a globalId selects
        assert all(not schema_errors(jira_schema_validator("RemoteIssueLink"), link) for link in every)
        one = get(server, "cloud", f"{issue_id}/remotelink", globalId=links[-1]["globalId"]).json()
        assert one["id"] == links[-1]["id"] and not schema_errors(jira_response_validator(REMOTE_LINKS), one)
        assert get(server, "cloud", f"{issue_id}/remotelink", globalId="nope").status_code == 404
        by_id = {issue["id"]: issue for issue in server.dataset.jira_issues}
        linked = [(i, link) for i in server.dataset.jira_issues for link in i["fields"]["issuelinks"]]
        assert linked
        # why not the IssueLink component: it requires both ends (it is also the create body); an issue's
        # fields.issuelinks carry only the other end, as LinkedIssue
        linked_issue, link_type = jira_schema_validator("LinkedIssue"), jira_schema_validator("IssueLinkType")
        for issue, link in linked:
            assert not schema_errors(link_type, link["type"])
            assert not schema_errors(linked_issue, link.get("inwardIssue") or link["outwardIssue"])
            other_side, other_end = (
                ("inwardIssue", "outwardIssue") if "outwardIssue" in link else ("outwardIssue", "inwardIssue")
            )
            partner = by_id[link[other_end]["id"]]
            mirrored = [m for m in partner["fields"]["issuelinks"] if m["id"] == link["id"]]
            assert len(mirrored) == 1 and mirrored[0][other_side]["id"] == issue["id"]


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_unknown_issues_and_properties_answer_404_with_jira_messages(server, deployment):
    issue_id = server.dataset.jira_issues[0]["id"]
    for tail in (
        "999999/watchers",
        "999999/votes",
        "999999/remotelink",
        "999999/properties",
        f"{issue_id}/properties/x",
    ):
        response = get(server, deployment, tail)
        assert response.status_code == 404 and response.json()["errorMessages"], tail


def test_issue_bulkfetch_returns_requested_properties_in_id_order_and_refuses_too_much(server):
    server.jira_deployment = "cloud"
    details, session = server.dataset.parts["issue_details"], jira_session(server)
    holders = sorted(details.properties, key=int)[:8]
    url = f"{server.base_url}/rest/api/3/issue/bulkfetch"
    keys = ["sla.timer", "com.acme.deploy-state"]
    body = session.post(url, json={"issueIdsOrKeys": holders[::-1] + ["NOPE-1"], "fields": ["id"], "properties": keys})
    page = body.json()
    assert not schema_errors(jira_response_validator("/rest/api/3/issue/bulkfetch", "post"), page)
    assert [issue["id"] for issue in page["issues"]] == holders
    for issue in page["issues"]:
        stored = details.properties[issue["id"]]
        assert issue["properties"] == {key: stored[key] for key in keys if key in stored}
    for bad in (
        {"issueIdsOrKeys": []},
        {"issueIdsOrKeys": [str(n) for n in range(101)]},
        {"issueIdsOrKeys": holders, "properties": ["a", "b", "c", "d", "e", "f"]},
        {"issueIdsOrKeys": holders, "unknown": 1},
    ):
        assert session.post(url, json=bad).status_code == 400, bad
    server.jira_deployment = "data_center"
    # Data Center has no issue/bulkfetch: the path is its GET issue/{idOrKey} resource, which refuses a POST
    assert session.post(url.replace("/3/", "/2/"), json={"issueIdsOrKeys": holders}).status_code == 405
    server.jira_deployment = "cloud"
