"""Per-issue requests of a search page sent side by side, over real HTTP against the fake Jira (jira/issue_fetch.py):
exactly the fake's records, in the order and with the state messages of a one-request-at-a-time read, and never more
requests in flight than `max_concurrent_requests`. (An issue deleted mid-read is still skipped with one WARN:
test_issue_vanished.py reads these streams with the same pool.)"""

import json
import re
from datetime import datetime

import pytest

from testkit.reading import PRIMARY_KEYS, primary_keys, read_streams, records_by_stream
from testkit.sample_api_reads import jira_config

PER_ISSUE_STREAMS = ("jira_issue_watchers", "jira_issue_votes", "jira_issue_remote_links", "jira_issue_properties")
PER_ISSUE_PATH = re.compile(r"/rest/api/[23]/issue/\d+/(watchers|votes|remotelink|properties)")
LATENCY = 0.01  # long enough that requests sent side by side overlap at the server (peak_in_flight > 1)
PAGE_SIZE = 5  # several pages per window, so that pages are checkpointed


def one_project_config(fake_api, deployment, workers, page_size):
    """The first project only; 1 worker plans one `created` window for it, 4 workers several."""
    config = jira_config(fake_api, deployment)
    project = fake_api.dataset.jira_issues[0]["fields"]["project"]["key"]
    config["jira"].update(projects=[project], page_size=page_size)
    config["max_concurrent_requests"] = workers
    return config


def emitted(output):
    """Records (as JSON text, with their issue id) and state messages, in the order the connector wrote them."""
    sequence = []
    for message in output._messages:
        if message.record is not None:
            sequence.append(("record", message.record.data["issueId"], json.dumps(message.record.data, sort_keys=True)))
        elif message.state is not None and message.state.stream is not None:
            sequence.append(("state", None, message.state.stream.stream_state.__dict__))
    return sequence


def created_ms(issue):
    return int(datetime.strptime(issue["fields"]["created"], "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)


def windows_searched(fake_api):
    """The `created` windows of the search pages the fake answered: (from, to), None for an open end."""
    found = set()
    for request in fake_api.requests:
        jql = (request.json_body or {}).get("jql") if request.method == "POST" else request.param("jql")
        if not jql or "ORDER BY id" not in jql:
            continue  # the planner's probes
        low, high = re.search(r"created >= (\d+)", jql), re.search(r"created < (\d+)", jql)
        found.add((int(low[1]) if low else None, int(high[1]) if high else None))
    return found


def inside(window, issue):
    low, high = window
    return (low is None or created_ms(issue) >= low) and (high is None or created_ms(issue) < high)


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_the_four_streams_read_exactly_the_fakes_records_within_the_concurrency_setting(fake_api, deployment):
    config = jira_config(fake_api, deployment)
    config["max_concurrent_requests"] = 3
    fake_api.latency_seconds = LATENCY
    fake_api.clear_requests()

    output = read_streams(config, PER_ISSUE_STREAMS)

    assert not output.errors, [e.trace.error.message for e in output.errors]
    records = records_by_stream(output)
    for stream in PER_ISSUE_STREAMS:
        keys = primary_keys(records[stream], PRIMARY_KEYS[stream])
        assert set(keys) == fake_api.dataset.ids(stream, deployment), stream
        assert max(keys.values()) == 1, f"{stream}: a record twice"
    assert sum(1 for r in fake_api.requests if PER_ISSUE_PATH.search(r.path)) > len(fake_api.dataset.jira_issues)
    assert 1 < fake_api.peak_in_flight <= 3


@pytest.mark.parametrize(
    "stream, deployment",
    [
        ("jira_issue_remote_links", "cloud"),
        ("jira_issue_watchers", "data_center"),
        ("jira_issue_properties", "cloud"),
        ("jira_issue_properties", "data_center"),
    ],
)
def test_each_window_emits_the_records_of_a_one_at_a_time_read_and_checkpoints_behind_its_pages(
    fake_api, stream, deployment
):
    """1 worker reads the project as one window, one request at a time: that is the order every window of a read
    with 4 workers must keep, and a page's checkpoint comes only after every record of its issues."""
    fake_api.latency_seconds = LATENCY
    data = fake_api.dataset
    sequential = read_streams(one_project_config(fake_api, deployment, 1, page_size=PAGE_SIZE), [stream])
    assert not sequential.errors and fake_api.peak_in_flight == 1
    oracle = [(issue_id, record) for kind, issue_id, record in emitted(sequential) if kind == "record"]
    assert len({issue_id for issue_id, _ in oracle}) > PAGE_SIZE, "records on several pages"
    fake_api.clear_requests()

    output = read_streams(one_project_config(fake_api, deployment, 4, page_size=PAGE_SIZE), [stream])

    assert not output.errors, [e.trace.error.message for e in output.errors]
    assert 1 < fake_api.peak_in_flight <= 4, "the issues of a page are asked side by side, within the setting"
    sequence = emitted(output)
    records = [(issue_id, record) for kind, issue_id, record in sequence if kind == "record"]
    assert sorted(records) == sorted(oracle)
    windows = windows_searched(fake_api)
    assert len(windows) > 1
    for window in windows:
        members = {issue["id"] for issue in data.jira_issues if inside(window, issue)}
        assert [r for r in records if r[0] in members] == [r for r in oracle if r[0] in members], window
    project, checkpoints = data.jira_issues[0]["fields"]["project"]["key"], 0
    for index, (kind, _, state) in enumerate(sequence):
        reached = (state.get("sync") or {}).get("reached", {}).get(project, []) if kind == "state" else []
        for low, high, last_id in reached:
            done = {i["id"] for i in data.jira_issues if inside((low, high), i) and int(i["id"]) <= last_id}
            before = [entry[2] for entry in sequence[:index] if entry[0] == "record"]
            assert all(record in before for issue_id, record in oracle if issue_id in done), (low, high, last_id)
            checkpoints += 1
    assert checkpoints > 2, "pages were checkpointed"


def test_the_issues_of_one_page_are_asked_side_by_side(fake_api):
    """One project in one page, so one partition (Data Center plans with two probes): any overlap is the page's own."""
    fake_api.latency_seconds = LATENCY
    config = one_project_config(fake_api, "data_center", 4, page_size=100)
    project = config["jira"]["projects"][0]
    in_project = [i for i in fake_api.dataset.jira_issues if i["fields"]["project"]["key"] == project]
    assert 4 < len(in_project) <= 100
    fake_api.clear_requests()

    output = read_streams(config, ["jira_issue_remote_links"])

    assert not output.errors, [e.trace.error.message for e in output.errors]
    asked = [r for r in fake_api.requests if PER_ISSUE_PATH.search(r.path)]
    searched = [r for r in fake_api.requests if r.path.endswith("/search") and "ORDER BY id" in r.param("jql", "")]
    assert len(asked) == len(in_project) and len(searched) == 1
    assert 1 < fake_api.peak_in_flight <= 4
