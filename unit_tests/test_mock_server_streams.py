"""Whole `read`s of every remaining stream through the entrypoint against HttpMocker. Every request is registered
with its exact parameters or body and must be sent exactly once; records, stamped parent ids and state are exact."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest
from airbyte_cdk.test.state_builder import StateBuilder

from source_jira_octopus.jira.streams import JIRA_STREAMS
from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS, space_kinds, system_kinds
from testkit.mock_server import (
    BOUND,
    BOUND_MS,
    DATE,
    DC,
    JIRA,
    JIRA_CLOUD,
    JIRA_DC,
    NEW_CURSOR,
    OCTOPUS,
    OCTOPUS_CONFIG,
    PROJECTS,
    SAVED,
    Mocks,
    final_state,
    mock_cloud_search,
    mock_octopus_spaces,
    octopus_items,
    ok,
    run,
)

EMBED = {
    "jira_issue_comments": ("comment", "comments"),
    "jira_issue_worklogs": ("worklog", "worklogs"),
    "jira_issue_changelogs": ("changelog", "histories"),
}


def entry(stream, entry_id, stamp="2024-05-02T08:00:00.000+0000"):
    if stream == "jira_issue_changelogs":
        return {"id": entry_id, "created": stamp, "items": [{"field": "status"}]}
    return {"id": entry_id, "created": "2024-04-01T08:00:00.000+0000", "updated": stamp}


def child_issue(stream, issue_id, entries, total=None):
    embedded, key = EMBED[stream]
    page = {key: entries, "startAt": 0, "maxResults": 20, "total": len(entries) if total is None else total}
    issue = {"id": issue_id, "key": f"ABC-{issue_id}", "fields": {"updated": "2024-05-02T08:00:00.000+0000"}}
    (issue if stream == "jira_issue_changelogs" else issue["fields"])[embedded] = page
    return issue


def search_fields(stream):
    return {"jira_issue_comments": ["comment", "updated"], "jira_issue_worklogs": ["worklog", "updated"]}.get(
        stream, ["updated"]
    )


def mock_children_search(mocks, stream, bound_ms, pages):
    expand = "changelog" if stream == "jira_issue_changelogs" else None
    mock_cloud_search(mocks, search_fields(stream), pages, bound_ms=bound_ms, expand=expand)


def mock_cloud_overflow(mocks, stream, issue_id, entries):
    if stream == "jira_issue_comments":
        mocks.get(
            f"{JIRA}/rest/api/3/issue/{issue_id}/comment",
            {"startAt": "0", "maxResults": "1000", "orderBy": "created"},
            {"startAt": 0, "maxResults": 1000, "total": len(entries), "comments": entries},
        )
    else:
        mocks.get(
            f"{JIRA}/rest/api/3/issue/{issue_id}/worklog",
            {"startAt": "0", "maxResults": "1000"},
            {"startAt": 0, "maxResults": 1000, "total": len(entries), "worklogs": entries},
        )


def stamped(output):
    return [(r.record.data["id"], r.record.data["issueId"], r.record.data["issueKey"]) for r in output.records]


@pytest.mark.parametrize("stream", ["jira_issue_comments", "jira_issue_worklogs"])
def test_cloud_comments_and_worklogs_fetch_only_overflowing_issues(stream):
    full = [entry(stream, f"1{n}") for n in range(3)]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_children_search(
            mocks,
            stream,
            0,
            [
                [child_issue(stream, "1", full[:1], total=3), child_issue(stream, "2", [entry(stream, "20")])],
                [child_issue(stream, "3", [])],
            ],
        )
        mock_cloud_overflow(mocks, stream, "1", full)
        output = run({"jira": JIRA_CLOUD}, stream, SyncMode.incremental)
        mocks.verify()
    assert not output.errors
    assert stamped(output) == [("10", "1", "ABC-1"), ("11", "1", "ABC-1"), ("12", "1", "ABC-1"), ("20", "2", "ABC-2")]
    assert final_state(output) == {"state_version": 2, "partitions": {"*": {"cursor": NEW_CURSOR}}}


def test_cloud_changelogs_bulkfetch_overflowing_issues_and_follow_next_page_token():
    stream, url = "jira_issue_changelogs", f"{JIRA}/rest/api/3/changelog/bulkfetch"
    h = {n: entry(stream, n) for n in ("100", "101", "102", "200", "201", "300")}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_children_search(
            mocks,
            stream,
            0,
            [
                [child_issue(stream, "1", [h["100"]], total=3), child_issue(stream, "2", [h["200"]], total=2)],
                [child_issue(stream, "3", [h["300"]])],
            ],
        )
        body = {"issueIdsOrKeys": ["1", "2"], "maxResults": 1000}
        mocks.post(
            url,
            body,
            {"issueChangeLogs": [{"issueId": "1", "changeHistories": [h["100"], h["101"]]}], "nextPageToken": "b1"},
        )
        mocks.post(
            url,
            {**body, "nextPageToken": "b1"},
            {
                "issueChangeLogs": [
                    {"issueId": "1", "changeHistories": [h["102"]]},
                    {"issueId": "2", "changeHistories": [h["200"], h["201"]]},
                ]
            },
        )
        output = run({"jira": JIRA_CLOUD}, stream, SyncMode.incremental)
        mocks.verify()
    assert not output.errors
    assert stamped(output) == [
        ("100", "1", "ABC-1"),
        ("101", "1", "ABC-1"),
        ("102", "1", "ABC-1"),
        ("200", "2", "ABC-2"),
        ("201", "2", "ABC-2"),
        ("300", "3", "ABC-3"),
    ]


@pytest.mark.parametrize("stream", list(EMBED))
def test_incremental_children_drop_entries_older_than_cursor_minus_lookback(stream):
    just_before = (BOUND - timedelta(milliseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"
    at_bound = BOUND.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    entries = [
        entry(stream, "1", "2024-04-30T08:00:00.000+0000"),
        entry(stream, "2", just_before),
        entry(stream, "3", at_bound),
        entry(stream, "4"),
    ]
    state = (
        StateBuilder().with_stream_state(stream, {"state_version": 2, "partitions": {"*": {"cursor": SAVED}}}).build()
    )
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_children_search(mocks, stream, BOUND_MS, [[child_issue(stream, "1", entries)]])
        output = run({"jira": {**JIRA_CLOUD, "lookback_window_minutes": 30}}, stream, SyncMode.incremental, state)
        mocks.verify()
    assert not output.errors
    assert stamped(output) == [("3", "1", "ABC-1"), ("4", "1", "ABC-1")]
    assert final_state(output) == {"state_version": 2, "partitions": {"*": {"cursor": NEW_CURSOR}}}


@pytest.mark.parametrize("stream", list(EMBED))
def test_data_center_children_use_api_2_search_and_issue_expand_for_changelogs(stream):
    url = f"{DC}/rest/api/2/search"
    jql = "updated >= 0 ORDER BY id ASC"
    full = [entry(stream, f"1{n}") for n in range(3)]
    first = full[:1] if stream == "jira_issue_changelogs" else full  # DC embeds every comment and worklog
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for order in ("ASC", "DESC"):  # the planner's earliest and latest `created`
            mocks.get(
                url,
                {
                    "jql": f"updated >= 0 ORDER BY created {order}",
                    "fields": "created",
                    "maxResults": "1",
                    "startAt": "0",
                },
                {
                    "startAt": 0,
                    "maxResults": 1,
                    "total": 2,
                    "issues": [{"id": "1", "fields": {"created": "2024-01-01T00:00:00.000+0000"}}],
                },
            )
        params = {"jql": jql, "fields": ",".join(search_fields(stream)), "startAt": "0", "maxResults": "2"}
        if stream == "jira_issue_changelogs":
            params["expand"] = "changelog"
            mocks.get(
                f"{DC}/rest/api/2/issue/1",
                {"expand": "changelog", "fields": "updated"},
                {"id": "1", "changelog": {"startAt": 0, "total": 3, "histories": full}},
            )
        issues = [child_issue(stream, "1", first, total=3), child_issue(stream, "2", [entry(stream, "20")])]
        mocks.get(url, params, {"startAt": 0, "maxResults": 2, "total": 2, "issues": issues}, Date=DATE)
        output = run({"jira": JIRA_DC}, stream, SyncMode.incremental)
        mocks.verify()
    assert not output.errors
    assert stamped(output) == [("10", "1", "ABC-1"), ("11", "1", "ABC-1"), ("12", "1", "ABC-1"), ("20", "2", "ABC-2")]
    assert final_state(output) == {"state_version": 2, "partitions": {"*": {"cursor": NEW_CURSOR}}}


PROJECT_CHILDREN = {
    "jira_project_versions": ("version", "versions"),
    "jira_project_components": ("component", "components"),
}


@pytest.mark.parametrize("stream", list(PROJECT_CHILDREN))
def test_cloud_project_children_page_beans_per_project(stream):
    cloud_path = PROJECT_CHILDREN[stream][0]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(
            f"{JIRA}/rest/api/3/project/search",
            {"startAt": "0", "maxResults": "2", "expand": "description,lead,issueTypes,url,projectKeys,insight"},
            {"startAt": 0, "maxResults": 2, "total": 2, "isLast": True, "values": PROJECTS},
        )
        pages = {"10000": [(0, ["v1", "v2"], False), (2, ["v3"], True)], "10001": [(0, ["v9"], True)]}
        for project_id, project_pages in pages.items():
            for start, ids, last in project_pages:
                body = {
                    "startAt": start,
                    "maxResults": 2,
                    "total": 3 if project_id == "10000" else 1,
                    "isLast": last,
                    "values": [{"id": i} for i in ids],
                }
                mocks.get(
                    f"{JIRA}/rest/api/3/project/{project_id}/{cloud_path}",
                    {"startAt": str(start), "maxResults": "2"},
                    body,
                )
        output = run({"jira": JIRA_CLOUD}, stream)
        mocks.verify()
    assert not output.errors
    assert sorted(
        (r.record.data["id"], r.record.data["projectId"], r.record.data["projectKey"]) for r in output.records
    ) == [("v1", "10000", "ABC"), ("v2", "10000", "ABC"), ("v3", "10000", "ABC"), ("v9", "10001", "XYZ")]


@pytest.mark.parametrize("stream", list(PROJECT_CHILDREN))
def test_data_center_project_children_are_plain_arrays(stream):
    dc_path = PROJECT_CHILDREN[stream][1]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(f"{DC}/rest/api/2/project", {"expand": "description,lead,url,projectKeys"}, PROJECTS)
        mocks.get(f"{DC}/rest/api/2/project/10000/{dc_path}", None, [{"id": "v1"}, {"id": "v2", "projectId": 10000}])
        mocks.get(f"{DC}/rest/api/2/project/10001/{dc_path}", None, [])
        output = run({"jira": JIRA_DC}, stream)
        mocks.verify()
    assert not output.errors
    assert [
        (r.record.data["id"], str(r.record.data["projectId"]), r.record.data["projectKey"]) for r in output.records
    ] == [("v1", "10000", "ABC"), ("v2", "10000", "ABC")]


CATALOG_CASES = [  # stream, config, [(path, params, body)], ids
    ("jira_statuses", JIRA_CLOUD, [("rest/api/3/status", None, [{"id": "1"}, {"id": "3"}])], ["1", "3"]),
    (
        "jira_issue_fields",
        JIRA_CLOUD,
        [("rest/api/3/field", None, [{"id": "summary"}, {"id": "customfield_10016"}])],
        ["summary", "customfield_10016"],
    ),
    (
        "jira_priorities",
        JIRA_CLOUD,
        [
            (
                "rest/api/3/priority/search",
                {"startAt": "0", "maxResults": "2"},
                {"startAt": 0, "maxResults": 2, "total": 3, "isLast": False, "values": [{"id": "1"}, {"id": "2"}]},
            ),
            (
                "rest/api/3/priority/search",
                {"startAt": "2", "maxResults": "2"},
                {"startAt": 2, "maxResults": 2, "total": 3, "isLast": True, "values": [{"id": "3"}]},
            ),
        ],
        ["1", "2", "3"],
    ),
    ("jira_priorities", JIRA_DC, [("rest/api/2/priority", None, [{"id": "1"}, {"id": "5"}])], ["1", "5"]),
    ("jira_statuses", JIRA_DC, [("rest/api/2/status", None, [{"id": "10"}])], ["10"]),
]


@pytest.mark.parametrize("stream,config,requests,ids", CATALOG_CASES)
def test_jira_catalog_streams(stream, config, requests, ids):
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for path, params, body in requests:
            mocks.get(f"{config['base_url']}/{path}", params, body)
        output = run({"jira": config}, stream)
        mocks.verify()
    assert not output.errors
    assert [r.record.data["id"] for r in output.records] == ids


@pytest.mark.parametrize("stream", ["octopus_projects", "octopus_environments", "octopus_releases", "octopus_machines"])
def test_octopus_space_kinds_are_read_per_space_and_stamped(stream):
    kind = stream.removeprefix("octopus_")
    stamp = {"Assembled": "2024-05-01T10:00:00.000+00:00"} if kind == "releases" else {}
    if kind == "environments":  # read from environments/v2 (the v1 fallback: integration_tests/test_octopus_gaps.py)
        kind = "environments/v2"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        if kind == "environments/v2":  # the one-item probe, sent once to whichever space is read first
            for space in ("Spaces-1", "Spaces-2"):
                probe = octopus_items(kind, space, 0, 1, [{"Id": "probe"}])
                mocker.get(
                    HttpRequest(f"{OCTOPUS}/api/{space}/{kind}", query_params={"skip": "0", "take": "1"}), ok(probe)
                )
        for skip, ids in ((0, ["A-3", "A-2"]), (2, ["A-1"])):
            mocks.get(
                f"{OCTOPUS}/api/Spaces-1/{kind}",
                {"skip": str(skip), "take": "2"},
                octopus_items(kind, "Spaces-1", skip, 3, [{"Id": i, **stamp} for i in ids]),
            )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/{kind}",
            {"skip": "0", "take": "2"},
            octopus_items(kind, "Spaces-2", 0, 1, [{"Id": "B-1", **stamp}]),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, stream)
        mocks.verify()
    assert not output.errors
    assert sorted((r.record.data["SpaceId"], r.record.data["Id"]) for r in output.records) == [
        ("Spaces-1", "A-1"),
        ("Spaces-1", "A-2"),
        ("Spaces-1", "A-3"),
        ("Spaces-2", "B-1"),
    ]


def test_octopus_spaces_pages_and_keeps_the_configured_spaces():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2", "Spaces-3"])
        output = run({"octopus": {**OCTOPUS_CONFIG, "spaces": ["Spaces-1", "Spaces-3"]}}, "octopus_spaces")
        mocks.verify()
    assert not output.errors
    assert [r.record.data["Id"] for r in output.records] == ["Spaces-1", "Spaces-3"]


def test_octopus_releases_incremental_stop_at_cursor_minus_ten_minutes_per_space():
    state = (
        StateBuilder()
        .with_stream_state("octopus_releases", {"state_version": 2, "partitions": {"Spaces-1": {"cursor": SAVED}}})
        .build()
    )
    releases = [
        ("R-4", "2024-05-01T11:00:00.000+00:00"),
        ("R-3", "2024-05-01T10:20:00.000+00:00"),
        ("R-2", "2024-05-01T10:19:59.999+00:00"),
        ("R-1", "2024-05-01T09:00:00.000+00:00"),
    ]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        first = [{"Id": i, "Assembled": at} for i, at in releases[:2]]
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/releases",
            {"skip": "0", "take": "2"},
            octopus_items("releases", "Spaces-1", 0, 6, first),
            Date=DATE,
        )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/releases",
            {"skip": "2", "take": "2"},
            octopus_items("releases", "Spaces-1", 2, 6, [{"Id": i, "Assembled": at} for i, at in releases[2:]]),
            Date=DATE,
        )
        # Spaces-2 has no cursor of its own: everything since start_date.
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/releases",
            {"skip": "0", "take": "2"},
            octopus_items("releases", "Spaces-2", 0, 1, [{"Id": "R-9", "Assembled": "2021-01-01T00:00:00.000+00:00"}]),
            Date=DATE,
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_releases", SyncMode.incremental, state)
        mocks.verify()
    assert not output.errors
    assert sorted((r.record.data["SpaceId"], r.record.data["Id"]) for r in output.records) == [
        ("Spaces-1", "R-3"),
        ("Spaces-1", "R-4"),
        ("Spaces-2", "R-9"),
    ]
    assert final_state(output) == {
        "state_version": 2,
        "partitions": {"Spaces-1": {"cursor": NEW_CURSOR}, "Spaces-2": {"cursor": NEW_CURSOR}},
    }


def test_every_registered_stream_has_a_mock_server_test():
    here = Path(__file__).parent
    text = "".join(path.read_text() for path in sorted(here.glob("test_mock_server_*.py")))
    mentioned = set(re.findall(r'"(\w+)"', text))
    # test_mock_server_octopus_kinds.py reads every row of these two registries by parametrising over them:
    mentioned |= {kind.name for kind in (*space_kinds.STREAMS, *system_kinds.STREAMS)}
    missing = [kind.name for kind in (*JIRA_STREAMS, *OCTOPUS_STREAMS) if kind.name not in mentioned]
    assert not missing, f"streams without a mock-server read test: {missing}"
