"""Progress saved after every page (DESIGN.md §4): whole reads through the entrypoint against HttpMocker, every
page registered with its exact paging parameters, and the order of records and states as the platform sees it."""

import logging

from airbyte_cdk.models import AirbyteStateBlob, SyncMode, Type
from airbyte_cdk.sources.message import InMemoryMessageRepository
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest
from airbyte_cdk.test.state_builder import StateBuilder

from source_jira_octopus.config import parse_config
from source_jira_octopus.octopus.connection import OctopusConnection
from source_jira_octopus.state.read_checkpoints import ReadCheckpoints
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

SEARCH = f"{JIRA}/rest/api/3/search/jql"
STARTED = "2026-11-21T08:00:00.000+00:00"


def timeline(output):
    """Record ids and the `reached` part of each state, in the order the platform receives them."""
    events = []
    for message in output.get_message_iterator():
        if message.type == Type.RECORD:
            events.append(message.record.data.get("id") or message.record.data["Id"])
        elif message.type == Type.STATE:
            state = message.state.stream.stream_state
            blob = state.__dict__ if isinstance(state, AirbyteStateBlob) else state
            events.append(("state", (blob.get("sync") or {}).get("reached")))
    return events


def test_a_state_naming_the_last_issue_read_follows_each_page_of_issues():
    base = {"jql": "updated >= 0 ORDER BY id ASC", "fields": ["*all"], "maxResults": 2}
    with HttpMocker() as mocker:
        mock_fields(mocker, JIRA, 3)
        mock_cloud_probes(mocker, 0, search_issue("1"), 3)
        mocker.post(
            HttpRequest(SEARCH, body=base),
            ok({"issues": [search_issue("10"), search_issue("12")], "nextPageToken": "t1", "isLast": False}),
        )
        mocker.post(HttpRequest(SEARCH, body={**base, "nextPageToken": "t1"}), ok({"issues": [search_issue("15")]}))
        output = run({"jira": JIRA_CLOUD}, "jira_issues", SyncMode.incremental)
    # the partition's close and the stream's end each write one more state (the window done, then the sync)
    assert timeline(output) == [
        "10",
        "12",
        ("state", {"*": [[None, None, 12]]}),
        "15",
        ("state", None),
        ("state", None),
    ]
    assert "sync" not in output.most_recent_state.stream_state.__dict__


def test_a_resumed_sync_reads_a_partly_read_window_after_its_last_issue():
    progress = {"started_at": STARTED, "finished": [], "reached": {"*": [[None, None, 12]]}}
    state = StateBuilder().with_stream_state("jira_issues", {"state_version": 2, "sync": progress}).build()
    resumed = {"jql": "updated >= 0 AND id > 12 ORDER BY id ASC", "fields": ["*all"], "maxResults": 2}
    with HttpMocker() as mocker:
        mock_fields(mocker, JIRA, 3)
        mock_cloud_probes(mocker, 0, search_issue("1"), 3)
        mocker.post(HttpRequest(SEARCH, body=resumed), ok({"issues": [search_issue("15")], "isLast": True}))
        output = run({"jira": JIRA_CLOUD}, "jira_issues", SyncMode.incremental, state)
    assert [r.record.data["id"] for r in output.records] == ["15"]
    assert output.most_recent_state.stream_state.__dict__ == {
        "state_version": 2,
        "partitions": {"*": {"cursor": STARTED}},  # the interrupted sync's start: the two attempts are one sync
    }


def deployment(deployment_id, created):
    return {"Id": deployment_id, "SpaceId": "Spaces-1", "Created": created}


D3, D2, D1 = (deployment(f"Deployments-{n}", f"2026-11-0{n}T10:00:00.000+00:00") for n in (3, 2, 1))
OLDER = [deployment("Deployments-0", "2026-10-01T10:00:00.000+00:00")]


def mock_deployments(mocker, pages, total):
    for skip, items in pages:
        body = octopus_page("deployments", "Spaces-1", skip, 2, total, [])
        mocker.get(
            HttpRequest(f"{OCTOPUS}/api/Spaces-1/deployments", query_params={"skip": str(skip), "take": "2"}),
            ok({**body, "Items": items}),
        )


def octopus_state(position):
    progress = {"started_at": STARTED, "finished": [], "reached": {"Spaces-1": [[None, None, position]]}}
    return StateBuilder().with_stream_state("octopus_deployments", {"state_version": 2, "sync": progress}).build()


CONFIG = {"octopus": {**OCTOPUS_CONFIG, "spaces": ["Spaces-1"]}}


def test_a_newest_first_list_saves_its_next_skip_and_last_record_after_each_page():
    with HttpMocker() as mocker:
        mock_spaces(mocker, ["Spaces-1"])
        mock_deployments(mocker, [(0, [D3, D2]), (2, [D1])], total=3)
        output = run(CONFIG, "octopus_deployments", SyncMode.incremental)
    reached = {"Spaces-1": [[None, None, [2, "Deployments-2", D2["Created"]]]]}
    assert timeline(output)[:4] == ["Deployments-3", "Deployments-2", ("state", reached), "Deployments-1"]


def test_a_resumed_newest_first_list_starts_one_page_before_the_first_unread_one():
    """Two records created since the kill pushed the list down: the overlap page is read again, nothing is skipped."""
    with HttpMocker() as mocker:
        mock_spaces(mocker, ["Spaces-1"])
        mock_deployments(mocker, [(2, [D3, D2]), (4, [D1])], total=5)
        output = run(
            CONFIG, "octopus_deployments", SyncMode.incremental, octopus_state([4, "Deployments-3", D3["Created"]])
        )
    assert [r.record.data["Id"] for r in output.records] == ["Deployments-3", "Deployments-2", "Deployments-1"]
    assert not any("moved by more than a page" in log.log.message for log in output.logs)


def test_a_resumed_list_that_lost_its_place_is_read_again_from_the_top():
    """Records deleted ahead of the saved place moved the list up by more than the overlap: the resumed page holds
    only older records, so some unread ones may lie before it."""
    with HttpMocker() as mocker:
        mock_spaces(mocker, ["Spaces-1"])
        mock_deployments(mocker, [(2, OLDER), (0, [D3, D1])], total=3)
        state = octopus_state([4, "Deployments-2", D2["Created"]])
        output = run(CONFIG, "octopus_deployments", SyncMode.incremental, state)
    # the top page, then the old page once more: duplicates, never a gap
    read = [r.record.data["Id"] for r in output.records]
    assert read == ["Deployments-0", "Deployments-3", "Deployments-1", "Deployments-0"]
    assert any("octopus_deployments: in space Spaces-1 the list moved" in log.log.message for log in output.logs)


def test_the_census_resumes_a_partly_read_project_after_its_last_id():
    projects = [{"id": "10000", "key": "ABC"}]
    project_params = {
        "startAt": "0",
        "maxResults": "2",
        "expand": "description,lead,issueTypes,url,projectKeys,insight",
    }
    progress = {"started_at": STARTED, "finished": [], "reached": {"10000/ABC": [[None, None, 1]]}}
    state = StateBuilder().with_stream_state("jira_issue_census", {"state_version": 2, "sync": progress}).build()
    with HttpMocker() as mocker:
        mocker.get(
            HttpRequest(f"{JIRA}/rest/api/3/project/search", query_params=project_params),
            ok({"startAt": 0, "maxResults": 2, "total": 1, "isLast": True, "values": projects}),
        )
        resumed = {"jql": "project = 10000 AND id > 1 ORDER BY id ASC", "fields": ["key"], "maxResults": 100}
        mocker.post(HttpRequest(SEARCH, body=resumed), ok({"issues": [{"id": "7", "key": "ABC-2"}], "isLast": True}))
        output = run({"jira": JIRA_CLOUD}, "jira_issue_census", state=state)
    assert [r.record.data["id"] for r in output.records] == ["7"]


def test_a_stream_read_as_a_parent_saves_no_progress_for_pages_its_own_read_did_not_emit():
    emitted = []
    read = ReadCheckpoints([], {"octopus_deployments"}, emitted.append, InMemoryMessageRepository())
    connection = OctopusConnection(parse_config({"octopus": OCTOPUS_CONFIG}).octopus, 30, True, logging.getLogger("t"))
    (deployments,) = [s for s in connection.streams(read.checkpoint) if s.name == "octopus_deployments"]
    space = {"space_id": "Spaces-1", "partition": "Spaces-1"}
    with HttpMocker() as mocker:
        mock_deployments(mocker, [(0, [D3, D2]), (2, [D1])], total=3)
        assert len(list(deployments.records_for_children(space))) == 3
        assert emitted == []  # the children's copy of the records: nothing this stream emitted
        assert len(list(deployments.read_records(SyncMode.full_refresh, stream_slice=space))) == 3
    assert len(emitted) == 1  # its own read: a state behind the first page
