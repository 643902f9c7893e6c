"""Incremental Octopus activity over real HTTP against the fake: a deployment's outcome arriving after it was first
read, events and tasks within their server-side windows, the reporting feed's completed-time increments, the
spaces filter and the per-space caps of the activity kinds."""

from datetime import timedelta

import pytest

from jira_octopus_sample_api.octopus.activity.edits import activity, finish_task, start_deployment
from testkit.reading import read_streams, records_by_stream, state_for, stream_state
from testkit.sample_api_reads import (
    INCREMENTAL_LOOKBACK,
    octopus_config,
    octopus_cursors,
    parse_octopus_time,
    space_ids,
)

WINDOWED = {
    "octopus_events": "Occurred",
    "octopus_tasks": "CompletedTime",
    "octopus_deployment_history": "CompletedTime",
}
OUTCOME_STREAMS = ["octopus_deployments", "octopus_tasks", "octopus_deployment_history", "octopus_events"]


def by_id(output, stream, key="Id"):
    return {record[key]: record for record in records_by_stream(output)[stream]}


def states_of(output, streams):
    return [message for stream in streams for message in state_for(stream, stream_state(output, stream))]


def test_a_deployment_read_while_running_gets_its_final_state_from_the_next_incremental_sync(fake_api, frozen_clock):
    space = space_ids(fake_api)[0]
    # Started half an hour ago, still running: well outside the next sync's 10-minute lookback.
    deployment, task = start_deployment(fake_api.dataset, space, frozen_clock.now() - timedelta(minutes=30))
    config = octopus_config(fake_api)
    first = read_streams(config, OUTCOME_STREAMS)
    assert not first.errors
    assert by_id(first, "octopus_deployments")[deployment["Id"]]["TaskId"] == task["Id"]
    assert by_id(first, "octopus_tasks")[task["Id"]]["State"] == "Executing"
    assert "CompletedTime" not in by_id(first, "octopus_tasks")[task["Id"]]  # not finished: no completion yet
    assert deployment["Id"] not in by_id(first, "octopus_deployment_history", "DeploymentId")

    frozen_clock.advance(timedelta(minutes=15))
    finish_task(fake_api.dataset, task["Id"], "Failed")
    fake_api.clear_requests()
    second = read_streams(config, OUTCOME_STREAMS, state=states_of(first, OUTCOME_STREAMS))
    assert not second.errors
    assert deployment["Id"] not in by_id(second, "octopus_deployments"), "the deployment itself did not change"
    final = by_id(second, "octopus_tasks")[task["Id"]]
    assert final["State"] == "Failed" and parse_octopus_time(final["CompletedTime"]) == frozen_clock.now()
    history = by_id(second, "octopus_deployment_history", "DeploymentId")[deployment["Id"]]
    assert history["TaskId"] == task["Id"] and history["TaskState"] == "Failed"
    assert history["DurationSeconds"] == (frozen_clock.now() - parse_octopus_time(task["StartTime"])).seconds
    outcome = [e for e in by_id(second, "octopus_events").values() if deployment["Id"] in e["RelatedDocumentIds"]]
    assert [e["Category"] for e in outcome] == ["DeploymentFailed"]
    # Each windowed stream returned exactly what completed (or occurred) since its space's cursor - lookback.
    for stream, field in WINDOWED.items():
        bounds = {
            s: cursor - INCREMENTAL_LOOKBACK for s, cursor in octopus_cursors(stream_state(first, stream)).items()
        }
        expected = {
            str(key)
            for key, record in expected_records(fake_api, stream).items()
            if record.get(field) and parse_octopus_time(record[field]) >= bounds[record["SpaceId"]]
        }
        got = by_id(second, stream, "DeploymentId" if stream == "octopus_deployment_history" else "Id")
        assert set(got) == expected and expected, stream


def expected_records(fake_api, stream):
    records = activity(fake_api.dataset)
    if stream == "octopus_events":
        return {e["Id"]: e for e in records.events}
    if stream == "octopus_tasks":
        return {t["Id"]: t for t in records.tasks}
    return {  # the history feed: a deployment with its task's completion time
        d["Id"]: {"SpaceId": d["SpaceId"], "CompletedTime": records.tasks_by_id[d["TaskId"]]["CompletedTime"]}
        for d in fake_api.dataset.octopus_deployments
        if d["TaskId"] in records.tasks_by_id
    }


@pytest.mark.parametrize("stream", list(WINDOWED))
def test_windowed_requests_carry_the_lookback_bound_and_the_fixed_sync_start(fake_api, frozen_clock, stream):
    config = octopus_config(fake_api)
    state = stream_state(read_streams(config, [stream]), stream)
    frozen_clock.advance(timedelta(hours=1))
    fake_api.clear_requests()
    second = read_streams(config, [stream], state=state_for(stream, state))
    assert not second.errors
    low_name, high_name = {
        "octopus_events": ("from", "to"),
        "octopus_tasks": ("fromCompletedDate", "toCompletedDate"),
        "octopus_deployment_history": ("fromCompletedTime", "toCompletedTime"),
    }[stream]
    saved = octopus_cursors(state)
    sent = [
        r for r in fake_api.requests if r.service == "octopus" and r.path.split("/")[2] in saved and r.param(low_name)
    ]
    assert {r.path.split("/")[2] for r in sent} == set(saved)
    for request in sent:
        assert parse_octopus_time(request.param(low_name)) == saved[request.path.split("/")[2]] - INCREMENTAL_LOOKBACK
    uppers = {r.param(high_name) for r in sent}
    assert len(uppers) == 1, "one upper bound for every page of every space"
    assert min(octopus_cursors(stream_state(second, stream)).values()) <= parse_octopus_time(uppers.pop())


@pytest.mark.parametrize(
    "stream", ["octopus_events", "octopus_tasks", "octopus_runbook_runs", "octopus_release_work_items"]
)
def test_spaces_filter_limits_the_activity_partitions(fake_api, stream):
    kept = space_ids(fake_api)[1]
    output = read_streams(octopus_config(fake_api, spaces=[kept]), [stream])
    assert not output.errors
    records = records_by_stream(output)[stream]
    assert records and {r["SpaceId"] for r in records} == {kept}
    assert not [
        r for r in fake_api.requests if r.path.startswith("/api/Spaces-") and not r.path.startswith(f"/api/{kept}/")
    ]


@pytest.mark.parametrize("kind", ["events", "tasks", "release_work_items", "deployment_history"])
def test_caps_apply_exactly_per_space_and_warn(fake_api, kind):
    stream = f"octopus_{kind}"
    full = records_by_stream(read_streams(octopus_config(fake_api), [stream]))[stream]
    counts = {space: sum(1 for r in full if r["SpaceId"] == space) for space in space_ids(fake_api)}
    cap = min(counts.values()) + 1
    output = read_streams(octopus_config(fake_api, max_items_per_kind={kind: cap}), [stream])
    assert not output.errors
    capped = records_by_stream(output)[stream]
    for space, count in counts.items():
        assert sum(1 for r in capped if r["SpaceId"] == space) == min(cap, count), space
        warned = [
            m.log.message
            for m in output.logs
            if m.log.level.value == "WARN"
            and f"max_items_per_kind.{kind} = {cap}" in m.log.message
            and f"/api/{space}/" in m.log.message
        ]
        assert len(warned) == (1 if count > cap else 0), (space, warned)
