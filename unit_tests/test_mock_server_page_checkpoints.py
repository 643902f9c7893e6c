"""Progress saved after every page (DESIGN.md §4): whole reads through the entrypoint against HttpMocker, every
page registered with its exact paging parameters, and the order of records and states as the platform sees it."""

from airbyte_cdk.models import AirbyteStateBlob, SyncMode, Type
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest
from airbyte_cdk.test.state_builder import StateBuilder

from unit_tests.test_mock_server_reads import JIRA, JIRA_CLOUD, issue, mock_cloud_probes, mock_fields, ok, run

SEARCH = f"{JIRA}/rest/api/3/search/jql"
STARTED = "2026-11-21T08:00:00.000+00:00"


def timeline(output):
    """Record ids and the `reached` part of each state, in the order the platform receives them."""
    events = []
    for message in output.get_message_iterator():
        if message.type == Type.RECORD:
            events.append(message.record.data["id"])
        elif message.type == Type.STATE:
            state = message.state.stream.stream_state
            blob = state.__dict__ if isinstance(state, AirbyteStateBlob) else state
            events.append(("state", (blob.get("sync") or {}).get("reached")))
    return events


def test_a_state_naming_the_last_issue_read_follows_each_page_of_issues():
    base = {"jql": "updated >= 0 ORDER BY id ASC", "fields": ["*all"], "maxResults": 2}
    with HttpMocker() as mocker:
        mock_fields(mocker, JIRA, 3)
        mock_cloud_probes(mocker, 0, issue("1"), 3)
        mocker.post(
            HttpRequest(SEARCH, body=base),
            ok({"issues": [issue("10"), issue("12")], "nextPageToken": "t1", "isLast": False}),
        )
        mocker.post(HttpRequest(SEARCH, body={**base, "nextPageToken": "t1"}), ok({"issues": [issue("15")]}))
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
        mock_cloud_probes(mocker, 0, issue("1"), 3)
        mocker.post(HttpRequest(SEARCH, body=resumed), ok({"issues": [issue("15")], "isLast": True}))
        output = run({"jira": JIRA_CLOUD}, "jira_issues", SyncMode.incremental, state)
    assert [r.record.data["id"] for r in output.records] == ["15"]
    assert output.most_recent_state.stream_state.__dict__ == {
        "state_version": 2,
        "partitions": {"*": {"cursor": STARTED}},  # the interrupted sync's start: the two attempts are one sync
    }
