"""Whole reads of the issue details streams against HttpMocker: every request registered with its exact parameters
or body and sent exactly once (so a request the search made unnecessary fails the test), records stamped with
issueId and issueKey."""

import json

import pytest
from airbyte_cdk.models import Level, SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse

from testkit.mock_server import DATE, DC, FIRST_CREATED, JIRA, JIRA_CLOUD, JIRA_DC, Mocks, mock_cloud_search, run

TRANSITION = {"id": "21", "name": "Start progress", "to": {"id": "3", "name": "In Progress"}, "hasScreen": False}


def issue(issue_id, **fields):
    return {"id": issue_id, "key": f"ABC-{issue_id}", "fields": fields}


def mock_dc_search(mocks, fields, issues, expand=None):
    url = f"{DC}/rest/api/2/search"
    for order in ("ASC", "DESC"):  # the planner's earliest and latest `created`
        mocks.get(
            url,
            {"jql": f"updated >= 0 ORDER BY created {order}", "fields": "created", "maxResults": "1", "startAt": "0"},
            {"startAt": 0, "maxResults": 1, "total": len(issues), "issues": [FIRST_CREATED]},
        )
    params = {"jql": "updated >= 0 ORDER BY id ASC", "fields": fields, "startAt": "0", "maxResults": "2"}
    if expand:
        params["expand"] = expand
    mocks.get(url, params, {"startAt": 0, "maxResults": 2, "total": len(issues), "issues": issues}, Date=DATE)


def rows(output, *names):
    return [tuple(record.record.data.get(name) for name in names) for record in output.records]


def test_cloud_transitions_come_from_the_search_expand_alone():
    issues = [
        {**issue("1", status={"id": "1"}), "transitions": [TRANSITION, {**TRANSITION, "id": "31"}]},
        {**issue("2", status={"id": "3"}), "transitions": [TRANSITION]},
        {**issue("3", status={"id": "3"}), "transitions": []},
    ]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_search(mocks, ["status"], [issues[:2], issues[2:]], expand="transitions")
        output = run({"jira": JIRA_CLOUD}, "jira_issue_transitions")
        mocks.verify()
    assert not output.errors
    assert rows(output, "issueId", "issueKey", "id") == [
        ("1", "ABC-1", "21"),
        ("1", "ABC-1", "31"),
        ("2", "ABC-2", "21"),
    ]


def test_data_center_links_come_from_fields_issuelinks():
    link = {"id": "20001", "type": {"id": "10000", "name": "Blocks"}, "outwardIssue": {"id": "2", "key": "ABC-2"}}
    back = {"id": "20001", "type": {"id": "10000", "name": "Blocks"}, "inwardIssue": {"id": "1", "key": "ABC-1"}}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_dc_search(mocks, "issuelinks", [issue("1", issuelinks=[link]), issue("2", issuelinks=[back])])
        output = run({"jira": JIRA_DC}, "jira_issue_links")
        mocks.verify()
    assert not output.errors
    assert rows(output, "issueId", "id", "outwardIssue", "inwardIssue") == [
        ("1", "20001", {"id": "2", "key": "ABC-2"}, None),
        ("2", "20001", None, {"id": "1", "key": "ABC-1"}),
    ]


def test_cloud_watchers_are_fetched_only_for_issues_someone_watches():
    watchers = [{"accountId": "a-1", "displayName": "Ann"}, {"accountId": "a-2", "displayName": "Bo"}]
    issues = [
        issue("1", watches={"watchCount": 2, "isWatching": False}),
        issue("2", watches={"watchCount": 0, "isWatching": False}),
        issue("3", watches={"watchCount": 1, "isWatching": True}),
    ]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_search(mocks, ["watches", "updated"], [issues[:2], issues[2:]])
        mocks.get(f"{JIRA}/rest/api/3/issue/1/watchers", {}, {"watchCount": 2, "watchers": watchers})
        mocks.get(f"{JIRA}/rest/api/3/issue/3/watchers", {}, {"watchCount": 1, "watchers": watchers[1:]})
        output = run({"jira": JIRA_CLOUD}, "jira_issue_watchers")
        mocks.verify()
    assert not output.errors
    assert rows(output, "issueId", "issueKey", "userId", "displayName") == [
        ("1", "ABC-1", "a-1", "Ann"),
        ("1", "ABC-1", "a-2", "Bo"),
        ("3", "ABC-3", "a-2", "Bo"),
    ]


def test_data_center_votes_key_voters_by_their_user_key():
    issues = [issue("1", votes={"votes": 1, "hasVoted": False}), issue("2", votes={"votes": 0, "hasVoted": False})]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_dc_search(mocks, "votes,updated", issues)
        voter = {"key": "JIRAUSER10100", "name": "ann", "displayName": "Ann"}
        mocks.get(f"{DC}/rest/api/2/issue/1/votes", {}, {"votes": 1, "hasVoted": False, "voters": [voter]})
        output = run({"jira": JIRA_DC}, "jira_issue_votes")
        mocks.verify()
    assert not output.errors
    assert rows(output, "issueId", "userId", "name") == [("1", "JIRAUSER10100", "ann")]


def test_cloud_remote_links_skip_an_issue_deleted_during_the_read_and_say_so():
    link = {"id": 10000, "globalId": "system=https://docs.acme.io&id=1", "object": {"url": "https://docs.acme.io/1"}}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_search(mocks, ["updated"], [[issue("1"), issue("2")], [issue("3")]])
        mocks.get(f"{JIRA}/rest/api/3/issue/1/remotelink", {}, [link])
        gone = HttpRequest(f"{JIRA}/rest/api/3/issue/2/remotelink", query_params={})
        body = {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}
        mocker.get(gone, HttpResponse(json.dumps(body), 404, {"Content-Type": "application/json"}))
        mocks.get(f"{JIRA}/rest/api/3/issue/3/remotelink", {}, [{**link, "id": 10001}])
        output = run({"jira": JIRA_CLOUD}, "jira_issue_remote_links")
        mocks.verify()
        mocker.assert_number_of_calls(gone, 1)
    assert not output.errors
    assert rows(output, "issueId", "remoteLinkId", "id") == [("1", "10000", 10000), ("3", "10001", 10001)]
    logged = [m.log.message for m in output.logs]
    assert any("skipped GET" in m and "issue/2/remotelink" in m and "HTTP 404" in m for m in logged), logged
    assert vanished_warnings(output, "jira_issue_remote_links") == ["jira_issue_remote_links: skipped 1 issue (2)"]


def vanished_warnings(output, stream):
    """The stream's WARN about issues that vanished mid-read, cut before its explanation."""
    warned = [m.log.message for m in output.logs if m.log.level == Level.WARN and m.log.message.startswith(stream)]
    return [message.split(": Jira answered 404")[0] for message in warned if ": skipped" in message]


@pytest.mark.parametrize("stream", ["jira_issue_changelogs", "jira_issue_field_history"])
def test_data_center_changelogs_skip_an_issue_deleted_before_its_full_history_is_read(stream):
    """Data Center reads a cut changelog with `GET issue/{id}?expand=changelog`; a 404 there is the issue deleted
    since the search page, not a wrong base URL: the issue is skipped (even its embedded entry) and said once."""
    full = [history("100", STATUS_ITEM), history("101", RESOLUTION_ITEM), history("102", STATUS_ITEM)]
    issues = [
        {**issue("1", updated="2024-05-02T08:00:00.000+0000"), "changelog": {"total": 3, "histories": full[:1]}},
        {
            **issue("2", updated="2024-05-02T08:00:00.000+0000"),
            "changelog": {"total": 2, "histories": [history("200")]},
        },
        {
            **issue("3", updated="2024-05-02T08:00:00.000+0000"),
            "changelog": {"total": 1, "histories": [history("300", STATUS_ITEM)]},
        },
    ]
    expand = {"expand": "changelog", "fields": "updated"}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_dc_search(mocks, "updated", issues, expand="changelog")
        mocks.get(f"{DC}/rest/api/2/issue/1", expand, {"id": "1", "changelog": {"total": 3, "histories": full}})
        gone = HttpRequest(f"{DC}/rest/api/2/issue/2", query_params=expand)
        body = {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}
        mocker.get(gone, HttpResponse(json.dumps(body), 404, {"Content-Type": "application/json"}))
        output = run({"jira": JIRA_DC}, stream, SyncMode.incremental)
        mocks.verify()
        mocker.assert_number_of_calls(gone, 1)
    assert not output.errors, [e.trace.error.message for e in output.errors]
    changelog_ids = [r.record.data.get("changelogId", r.record.data["id"]) for r in output.records]
    assert [(r.record.data["issueId"], i) for r, i in zip(output.records, changelog_ids, strict=True)] == [
        ("1", "100"),
        ("1", "101"),
        ("1", "102"),
        ("3", "300"),
    ]
    assert vanished_warnings(output, stream) == [f"{stream}: skipped 1 issue (2)"]


def test_data_center_properties_list_keys_then_read_each_value():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_dc_search(mocks, "updated", [issue("1"), issue("2")])
        keys = [{"key": "sla.timer"}, {"key": "com.atlassian.jira.issue:devsummary"}]
        mocks.get(f"{DC}/rest/api/2/issue/1/properties", {}, {"keys": keys})
        mocks.get(f"{DC}/rest/api/2/issue/1/properties/sla.timer", {}, {"key": "sla.timer", "value": {"m": 5}})
        mocks.get(
            f"{DC}/rest/api/2/issue/1/properties/com.atlassian.jira.issue%3Adevsummary",
            {},
            {"key": "com.atlassian.jira.issue:devsummary", "value": {"commits": 2}},
        )
        mocks.get(f"{DC}/rest/api/2/issue/2/properties", {}, {"keys": []})
        output = run({"jira": JIRA_DC}, "jira_issue_properties")
        mocks.verify()
    assert not output.errors
    assert rows(output, "issueId", "key", "value") == [
        ("1", "sla.timer", {"m": 5}),
        ("1", "com.atlassian.jira.issue:devsummary", {"commits": 2}),
    ]


def history(history_id, *items, created="2024-05-02T08:00:00.000+0000"):
    return {"id": history_id, "author": {"accountId": "a-1"}, "created": created, "items": list(items)}


STATUS_ITEM = {"field": "status", "fieldtype": "jira", "fieldId": "status", "fromString": "To Do", "toString": "Done"}
RESOLUTION_ITEM = {"field": "resolution", "fieldtype": "jira", "fieldId": "resolution", "to": "10000"}


def test_cloud_field_history_explodes_items_and_bulkfetches_truncated_changelogs():
    full = [history("100", STATUS_ITEM, RESOLUTION_ITEM), history("101", {**STATUS_ITEM, "toString": "Closed"})]
    issues = [
        {**issue("1", updated="2024-05-02T08:00:00.000+0000"), "changelog": {"total": 2, "histories": full[:1]}},
        {**issue("2", updated="2024-05-02T08:00:00.000+0000"), "changelog": {"total": 0, "histories": []}},
        {
            **issue("3", updated="2024-05-02T08:00:00.000+0000"),
            "changelog": {"total": 1, "histories": [history("300")]},
        },
    ]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_search(mocks, ["updated"], [issues[:2], issues[2:]], expand="changelog")
        mocks.post(
            f"{JIRA}/rest/api/3/changelog/bulkfetch",
            {"issueIdsOrKeys": ["1"], "maxResults": 1000},
            {"issueChangeLogs": [{"issueId": "1", "changeHistories": full}]},
        )
        output = run({"jira": JIRA_CLOUD}, "jira_issue_field_history", SyncMode.incremental)
        mocks.verify()
    assert not output.errors
    assert rows(output, "id", "issueId", "issueKey", "changelogId", "itemIndex", "fieldId", "toString", "created") == [
        ("100:0", "1", "ABC-1", "100", 0, "status", "Done", "2024-05-02T08:00:00.000+00:00"),
        ("100:1", "1", "ABC-1", "100", 1, "resolution", None, "2024-05-02T08:00:00.000+00:00"),
        ("101:0", "1", "ABC-1", "101", 0, "status", "Closed", "2024-05-02T08:00:00.000+00:00"),
    ]
    assert output.records[0].record.data["author"] == {"accountId": "a-1"}


def test_cloud_property_values_come_in_bulk_and_an_issue_error_falls_back_to_reading_the_missing_keys():
    keys = [f"k{n}" for n in range(6)]  # 6 distinct keys: two groups (5 + 1) of issue/bulkfetch
    bulk = f"{JIRA}/rest/api/3/issue/bulkfetch"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_cloud_search(mocks, ["updated"], [[issue("1"), issue("2")], [issue("3")]])
        mocks.get(f"{JIRA}/rest/api/3/issue/1/properties", {}, {"keys": [{"key": k} for k in keys[:5]]})
        mocks.get(f"{JIRA}/rest/api/3/issue/2/properties", {}, {"keys": [{"key": "k0"}, {"key": "k5"}]})
        mocks.post(
            bulk,
            {"issueIdsOrKeys": ["1", "2"], "fields": ["id"], "properties": keys[:5]},
            {
                "issues": [{"id": "1", "properties": {k: {"v": k} for k in keys[:5]}}],
                "issueErrors": [{"id": "2", "errorMessage": "Retry later."}],
            },
        )
        mocks.post(
            bulk,
            {"issueIdsOrKeys": ["2"], "fields": ["id"], "properties": ["k5"]},
            {"issues": [{"id": "2", "properties": {"k5": 5}}], "issueErrors": []},
        )
        mocks.get(f"{JIRA}/rest/api/3/issue/2/properties/k0", {}, {"key": "k0", "value": 0})
        mocks.get(f"{JIRA}/rest/api/3/issue/3/properties", {}, {"keys": []})
        output = run({"jira": JIRA_CLOUD}, "jira_issue_properties")
        mocks.verify()
    assert not output.errors
    assert rows(output, "issueId", "key", "value") == [
        *[("1", k, {"v": k}) for k in keys[:5]],
        ("2", "k0", 0),
        ("2", "k5", 5),
    ]
