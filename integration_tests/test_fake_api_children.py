"""Fake Jira issue children: embedded pages truncated like Cloud, overflow endpoints, bulk endpoints, edits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer, FakeClock
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.clock import parse_jira_time
from jira_octopus_sample_api.jira.core.issue_view import CLOUD_EMBEDDED
from jira_octopus_sample_api.spec_validation import jira_response_validator, schema_errors

KINDS = {"comment": ("comment", "comments"), "worklog": ("worklog", "worklogs"), "changelog": (None, "histories")}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(seed=42, size=600) as running:
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


def search_all(server: FakeApiServer, fields: list[str], expand: str = "changelog") -> list[dict]:
    session, issues, token = jira_session(server), [], None
    while True:
        body = {"jql": "updated >= 0 ORDER BY id ASC", "fields": fields, "expand": expand, "maxResults": 100}
        page = session.post(
            server.base_url + "/rest/api/3/search/jql", json=dict(body, **({"nextPageToken": token} if token else {}))
        ).json()
        issues += page["issues"]
        token = page.get("nextPageToken")
        if token is None:
            return issues


def embedded(issue: dict, kind: str) -> dict:
    field, _ = KINDS[kind]
    return issue["changelog"] if field is None else issue["fields"][field]


def with_more_than(server: FakeApiServer, kind: str, count: int) -> str:
    return next(i for i, spec in server.dataset.issue_children.items() if spec.total(kind) > count)


def ids(entries: list[dict]) -> list[str]:
    """Entry ids (responses rewrite the dataset's placeholder URLs, so whole entries differ)."""
    return [entry["id"] for entry in entries]


def get(server: FakeApiServer, resource: str, version: int = 3, **params: object) -> requests.Response:
    session = jira_session(server, "api_token" if server.jira_deployment == "cloud" else "personal_access_token")
    return session.get(f"{server.base_url}/rest/api/{version}/{resource}", params=params)


# ---- embedded pages -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(KINDS))
def test_cloud_search_embeds_a_truncated_first_page_with_the_true_total(cloud: FakeApiServer, kind: str) -> None:
    issues = search_all(cloud, ["comment", "worklog", "updated"])
    pages = [embedded(issue, kind) for issue in issues]
    entries = KINDS[kind][1]
    assert all(p["startAt"] == 0 and len(p[entries]) == min(p["total"], CLOUD_EMBEDDED[kind]) for p in pages)
    overflowing = [p for p in pages if p["total"] > len(p[entries])]
    assert 0.01 * len(issues) <= len(overflowing) <= 0.1 * len(issues)
    for issue, page in zip(issues, pages, strict=True):
        assert ids(page[entries]) == ids(cloud.dataset.children(issue["id"], kind)[: CLOUD_EMBEDDED[kind]])


@pytest.mark.parametrize("kind", list(KINDS))
def test_data_center_search_embeds_every_child(data_center: FakeApiServer, kind: str) -> None:
    issue_id = with_more_than(data_center, kind, CLOUD_EMBEDDED[kind])
    body = get(data_center, "search", 2, jql=f"id = {issue_id}", fields="*all", expand="changelog").json()
    page = embedded(body["issues"][0], kind)
    assert page["total"] == len(page[KINDS[kind][1]]) == data_center.dataset.issue_children[issue_id].total(kind)
    assert all("key" in entry["author"] and "accountId" not in entry["author"] for entry in page[KINDS[kind][1]])


def test_children_are_consistent_with_their_issue(server: FakeApiServer) -> None:
    for issue in server.dataset.jira_issues[:200]:
        fields = issue["fields"]
        for kind in KINDS:
            entries = server.dataset.children(issue["id"], kind)
            stamps = [parse_jira_time(e["created"]) for e in entries]
            assert stamps == sorted(stamps)
            assert all(parse_jira_time(fields["created"]) <= s <= parse_jira_time(fields["updated"]) for s in stamps)
        worklogs = server.dataset.children(issue["id"], "worklog")
        assert (fields["timespent"] or 0) == sum(w["timeSpentSeconds"] for w in worklogs)
        assert all(w["issueId"] == issue["id"] for w in worklogs)


def test_search_returns_only_the_requested_fields(cloud: FakeApiServer) -> None:
    issues = search_all(cloud, ["comment", "updated"], expand="")
    assert {key for issue in issues for key in issue["fields"]} == {"comment", "updated"}
    assert all("changelog" not in issue for issue in issues)


def test_the_leads_window_jql_combines_project_created_and_updated(cloud: FakeApiServer) -> None:
    project = cloud.dataset.jira_projects[1]
    created = sorted(parse_jira_time(i["fields"]["created"]) for i in cloud.dataset.jira_issues)
    low, high = created[100], created[400]
    jql = (
        f'project = "{project["key"]}" AND created >= {low} AND created < {high} AND updated >= 1600000000000 '
        "ORDER BY {order} ASC"
    )
    expected = [
        i["id"]
        for i in cloud.dataset.jira_issues
        if i["fields"]["project"]["id"] == project["id"] and low <= parse_jira_time(i["fields"]["created"]) < high
    ]
    for order in ("id", "created"):
        session, found, token = jira_session(cloud), [], None
        while True:
            body = {"jql": jql.format(order=order), "maxResults": 7, **({"nextPageToken": token} if token else {})}
            page = session.post(cloud.base_url + "/rest/api/3/search/jql", json=body).json()
            found += [i["id"] for i in page["issues"]]
            token = page.get("nextPageToken")
            if token is None:
                break
        assert found == expected and len(expected) > 7


# ---- per-issue overflow endpoints --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "resource", "page_key", "operation"),
    [
        ("comment", "comment", "comments", "/rest/api/3/issue/{issueIdOrKey}/comment"),
        ("worklog", "worklog", "worklogs", "/rest/api/3/issue/{issueIdOrKey}/worklog"),
        ("changelog", "changelog", "values", "/rest/api/3/issue/{issueIdOrKey}/changelog"),
    ],
)
@pytest.mark.parametrize("page_size", [1, 7, 100])
def test_overflow_endpoints_page_through_every_child(
    cloud: FakeApiServer, kind: str, resource: str, page_key: str, operation: str, page_size: int
) -> None:
    issue_id = with_more_than(cloud, kind, CLOUD_EMBEDDED[kind])
    key = cloud.dataset.issue(issue_id)["key"]
    found, start = [], 0
    while True:
        body = get(
            cloud, f"issue/{key if page_size == 7 else issue_id}/{resource}", startAt=start, maxResults=page_size
        ).json()
        assert not schema_errors(jira_response_validator(operation), body)
        found += body[page_key]
        start += page_size
        if start >= body["total"]:
            break
    assert ids(found) == ids(cloud.dataset.children(issue_id, kind))


def test_comments_order_by_created_descending_and_worklogs_filter_on_started(cloud: FakeApiServer) -> None:
    issue_id = with_more_than(cloud, "comment", 20)
    newest_first = get(cloud, f"issue/{issue_id}/comment", orderBy="-created", maxResults=100).json()["comments"]
    assert ids(newest_first) == ids(cloud.dataset.children(issue_id, "comment"))[::-1]
    worklog_issue = with_more_than(cloud, "worklog", 20)
    worklogs = cloud.dataset.children(worklog_issue, "worklog")
    middle = parse_jira_time(worklogs[len(worklogs) // 2]["started"])
    later = get(cloud, f"issue/{worklog_issue}/worklog", startedAfter=middle).json()
    assert ids(later["worklogs"]) == ids([w for w in worklogs if parse_jira_time(w["started"]) >= middle])


def test_single_issue_and_v2_children(data_center: FakeApiServer) -> None:
    issue_id = with_more_than(data_center, "changelog", 40)
    issue = get(data_center, f"issue/{issue_id}", 2, expand="changelog", fields="updated").json()
    assert list(issue["fields"]) == ["updated"]
    assert issue["changelog"]["total"] == len(issue["changelog"]["histories"]) > 40
    comments = get(data_center, f"issue/{with_more_than(data_center, 'comment', 20)}/comment", 2).json()["comments"]
    assert all(isinstance(c["body"], str) for c in comments)
    assert get(data_center, f"issue/{issue_id}/changelog", 2).status_code == 404  # Cloud only
    assert get(data_center, "issue/NOPE-1/comment", 2).status_code == 404


# ---- bulk endpoints ---------------------------------------------------------------------------------------
def test_changelog_bulkfetch_pages_histories_oldest_first(cloud: FakeApiServer) -> None:
    ids = [i for i, spec in cloud.dataset.issue_children.items() if spec.total("changelog")][:30]
    session, token, found = jira_session(cloud), None, []
    validator = jira_response_validator("/rest/api/3/changelog/bulkfetch", "post")
    while True:
        body = {"issueIdsOrKeys": ids, "maxResults": 25, **({"nextPageToken": token} if token else {})}
        page = session.post(cloud.base_url + "/rest/api/3/changelog/bulkfetch", json=body).json()
        assert not schema_errors(validator, page)
        found += [(group["issueId"], h["id"]) for group in page["issueChangeLogs"] for h in group["changeHistories"]]
        token = page.get("nextPageToken")
        if token is None:
            break
    expected = {(i, h["id"]) for i in ids for h in cloud.dataset.children(i, "changelog")}
    assert len(found) == len(expected) and set(found) == expected
    only_status = session.post(
        cloud.base_url + "/rest/api/3/changelog/bulkfetch", json={"issueIdsOrKeys": ids, "fieldIds": ["status"]}
    ).json()
    items = [i for g in only_status["issueChangeLogs"] for h in g["changeHistories"] for i in h["items"]]
    assert items and {i["fieldId"] for i in items} == {"status"}
    url = cloud.base_url + "/rest/api/3/changelog/bulkfetch"
    everything = session.post(url, json={"issueIdsOrKeys": ids, "maxResults": 10_000}).json()
    assert "nextPageToken" not in everything
    assert sum(len(g["changeHistories"]) for g in everything["issueChangeLogs"]) == len(expected)
    for bad in (
        {"issueIdsOrKeys": ids, "maxResults": 0},
        {"issueIdsOrKeys": []},
        {"issueIdsOrKeys": ids, "x": 1},
        {"issueIdsOrKeys": ids, "nextPageToken": "garbled"},
    ):
        assert session.post(url, json=bad).status_code == 400


def test_worklog_updated_and_list_cover_every_worklog(cloud: FakeApiServer) -> None:
    since, seen = 0, set()
    while True:
        page = get(cloud, "worklog/updated", since=since).json()
        assert not schema_errors(jira_response_validator("/rest/api/3/worklog/updated"), page)
        seen |= {v["worklogId"] for v in page["values"]}
        if page["lastPage"]:
            break
        since = page["until"]
    expected = {int(w["id"]) for i in cloud.dataset.issue_children for w in cloud.dataset.children(i, "worklog")}
    assert seen == expected
    ids = sorted(seen)[:1000]
    listed = jira_session(cloud).post(cloud.base_url + "/rest/api/3/worklog/list", json={"ids": ids})
    assert not schema_errors(jira_response_validator("/rest/api/3/worklog/list", "post"), listed.json())
    assert [int(w["id"]) for w in listed.json()] == ids
    too_many = jira_session(cloud).post(cloud.base_url + "/rest/api/3/worklog/list", json={"ids": list(range(1001))})
    assert too_many.status_code == 400


# ---- edits ------------------------------------------------------------------------------------------------
def test_adding_a_comment_or_worklog_bumps_the_issue() -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    with FakeApiServer(seed=7, size=120, clock=clock) as server:
        issue = server.dataset.jira_issues[3]
        before = server.dataset.issue_children[issue["id"]].total("comment")
        server.add_hook(r"/search/jql$", lambda data, _: data.add_comment(issue["id"], "late remark"))
        server.add_hook(r"/search/jql$", lambda data, _: data.add_worklog(issue["id"], 7200), after_nth=2)
        for _ in range(2):
            jira_session(server).post(server.base_url + "/rest/api/3/search/jql", json={"jql": "updated >= 0"})
        body = {"jql": f"id = {issue['id']}", "fields": ["comment", "worklog", "updated", "timespent"]}
        found = jira_session(server).post(server.base_url + "/rest/api/3/search/jql", json=body).json()
    fields = found["issues"][0]["fields"]
    assert fields["updated"] == "2026-01-01T00:00:00.000+0000"
    assert fields["comment"]["total"] == before + 1
    assert fields["worklog"]["worklogs"][-1]["timeSpentSeconds"] == 7200
    assert fields["timespent"] == sum(w["timeSpentSeconds"] for w in fields["worklog"]["worklogs"])
