"""Whole reads of "jira_issue_census" and "jira_issue_worklogs_deleted" against HttpMocker: every request registered
with its exact parameters or body and sent exactly once; records, stamped projects and state exact."""

from datetime import datetime, timedelta

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_cdk.test.state_builder import StateBuilder

from testkit.mock_server import DATE, DC, JIRA, JIRA_CLOUD, JIRA_DC, NEW_CURSOR, Mocks, final_state, run

PROJECTS = [{"id": "10000", "key": "ABC"}, {"id": "10001", "key": "XYZ"}]
START_MS = 0  # the default start_date, 1970-01-01


def mock_projects(mocks, base, cloud=True):
    if cloud:
        params = {"startAt": "0", "maxResults": "2", "expand": "description,lead,issueTypes,url,projectKeys,insight"}
        body = {"startAt": 0, "maxResults": 2, "total": 2, "isLast": True, "values": PROJECTS}
        mocks.get(f"{base}/rest/api/3/project/search", params, body)
    else:
        mocks.get(f"{base}/rest/api/2/project", {"expand": "description,lead,url,projectKeys"}, PROJECTS)


def saved_state(stream, cursor):
    return (
        StateBuilder().with_stream_state(stream, {"state_version": 2, "partitions": {"*": {"cursor": cursor}}}).build()
    )


def census_records(output):
    return [tuple(r.record.data[k] for k in ("id", "key", "projectId", "projectKey")) for r in output.records]


def test_cloud_census_pages_each_project_with_tokens_asking_for_keys_only():
    url = f"{JIRA}/rest/api/3/search/jql"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_projects(mocks, JIRA)
        first = {"jql": "project = 10000 ORDER BY id ASC", "fields": ["key"], "maxResults": 100}
        page = {"issues": [{"id": "1", "key": "ABC-1", "fields": {}}], "nextPageToken": "n1", "isLast": False}
        mocks.post(url, first, page)
        mocks.post(url, {**first, "nextPageToken": "n1"}, {"issues": [{"id": "7", "key": "ABC-2"}], "isLast": True})
        other = {"jql": "project = 10001 ORDER BY id ASC", "fields": ["key"], "maxResults": 100}
        mocks.post(url, other, {"issues": [{"id": "3", "key": "XYZ-1"}], "isLast": True})
        output = run({"jira": JIRA_CLOUD}, "jira_issue_census")
        mocks.verify()
    assert sorted(census_records(output)) == [
        ("1", "ABC-1", "10000", "ABC"),
        ("3", "XYZ-1", "10001", "XYZ"),
        ("7", "ABC-2", "10000", "ABC"),
    ]
    assert all(set(r.record.data) == {"id", "key", "projectId", "projectKey"} for r in output.records)


def test_data_center_census_pages_with_offsets_of_ten_times_the_page_size():
    url = f"{DC}/rest/api/2/search"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_projects(mocks, DC, cloud=False)
        for project, keys in (("10000", ["ABC-1", "ABC-2", "ABC-3"]), ("10001", [])):
            base = {"jql": f"project = {project} ORDER BY id ASC", "fields": "key", "maxResults": "20"}
            issues = [{"id": str(n), "key": key, "self": f"{DC}/rest/api/2/issue/{n}"} for n, key in enumerate(keys)]
            # Jira DC caps maxResults at jira.search.views.default.max: a short page that is not the last one
            mocks.get(
                url, {**base, "startAt": "0"}, {"startAt": 0, "maxResults": 2, "total": len(keys), "issues": issues[:2]}
            )
            if issues[2:]:
                mocks.get(
                    url, {**base, "startAt": "2"}, {"startAt": 2, "maxResults": 2, "total": 3, "issues": issues[2:]}
                )
        output = run({"jira": JIRA_DC}, "jira_issue_census")
        mocks.verify()
    assert census_records(output) == [
        ("0", "ABC-1", "10000", "ABC"),
        ("1", "ABC-2", "10000", "ABC"),
        ("2", "ABC-3", "10000", "ABC"),
    ]


def deleted_page(since, until, entries, last):
    body = {"values": [{"worklogId": w, "updatedTime": t, "properties": []} for t, w in entries], "since": since}
    body |= {"until": until, "self": f"{JIRA}/rest/api/3/worklog/deleted?since={since}", "lastPage": last}
    if not last:
        body["nextPage"] = f"{JIRA}/rest/api/3/worklog/deleted?since={until}"
    return body


def test_deleted_worklogs_follow_until_and_drop_the_repeated_boundary_entries():
    url = f"{JIRA}/rest/api/3/worklog/deleted"
    t1, t2, t3 = START_MS + 1000, START_MS + 2000, START_MS + 3000
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(url, {"since": str(START_MS)}, deleted_page(START_MS, t2, [(t1, 11), (t2, 12)], False), Date=DATE)
        mocks.get(url, {"since": str(t2)}, deleted_page(t2, t3, [(t2, 12), (t3, 13)], True), Date=DATE)
        output = run({"jira": JIRA_CLOUD}, "jira_issue_worklogs_deleted", SyncMode.incremental)
        mocks.verify()
    assert [(r.record.data["id"], r.record.data["worklogId"]) for r in output.records] == [
        ("11", 11),
        ("12", 12),
        ("13", 13),
    ]
    assert output.records[0].record.data["deleted"] == "1970-01-01T00:00:01.000+00:00"
    assert final_state(output)["partitions"]["*"]["cursor"] == NEW_CURSOR


def test_an_incremental_read_of_deleted_worklogs_starts_a_minute_before_the_saved_cursor():
    saved = "2024-05-01T10:30:00.000+00:00"
    since = int((datetime.fromisoformat(saved) - timedelta(minutes=30 + 1)).timestamp() * 1000)  # lookback + 1 min
    config = {**JIRA_DC, "lookback_window_minutes": 30}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(
            f"{DC}/rest/api/2/worklog/deleted", {"since": str(since)}, deleted_page(since, since, [], True), Date=DATE
        )
        output = run(
            {"jira": config},
            "jira_issue_worklogs_deleted",
            SyncMode.incremental,
            saved_state("jira_issue_worklogs_deleted", saved),
        )
        mocks.verify()
    assert not output.records and not output.errors
    assert final_state(output)["partitions"]["*"]["cursor"] == NEW_CURSOR
