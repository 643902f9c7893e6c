"""Fake Octopus activity endpoints: bodies valid against the 2020.5 Swagger (closed object schemas), newest-first
order, the events/tasks/reporting filters as the server applies them, permissions and bad dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import requests
from jsonschema import Draft4Validator

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import octopus_session
from jira_octopus_sample_api.octopus.activity.edits import activity
from jira_octopus_sample_api.spec_validation import (
    _OCTOPUS_URN,
    _octopus_registry,
    octopus_response_validator,
    schema_errors,
)
from source_jira_octopus.octopus.reporting import parse_deployments

SPACES = ("Spaces-1", "Spaces-2", "Spaces-3")
VALIDATED = {
    "runbookRuns": "/api/{baseSpaceId}/runbookRuns",
    "build-information": "/api/{baseSpaceId}/build-information",
    "tasks": "/api/{baseSpaceId}/tasks",
}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=250) as running:
        yield running


@pytest.fixture
def octopus(server: FakeApiServer) -> requests.Session:
    return octopus_session(server)


def get(server, session, path, **params):
    response = session.get(server.base_url + path, params={"skip": 0, "take": 2147483647, **params})
    assert response.status_code == 200, response.text
    return response.json()


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


@pytest.mark.parametrize("kind", list(VALIDATED))
def test_collections_validate_against_the_swagger(server, octopus, kind):
    validator = octopus_response_validator(VALIDATED[kind])
    for space in SPACES:
        body = get(server, octopus, f"/api/{space}/{kind}")
        assert schema_errors(validator, body) == []
    assert get(server, octopus, "/api/Spaces-1/runbookRuns")["Items"], "Spaces-1 has runbook runs"
    assert not get(server, octopus, "/api/Spaces-3/runbookRuns")["Items"], "Spaces-3 has none: sizes differ"


def test_events_validate_as_event_resources_newest_first(server, octopus):
    validator = Draft4Validator({"$ref": f"{_OCTOPUS_URN}#/definitions/EventResource"}, registry=_octopus_registry())
    items = get(server, octopus, "/api/Spaces-1/events")["Items"]
    assert items and all(schema_errors(validator, item) == [] for item in items)
    assert [when(e["Occurred"]) for e in items] == sorted((when(e["Occurred"]) for e in items), reverse=True)


def test_event_window_is_inclusive_on_both_ends(server, octopus):
    events = sorted(activity(server.dataset).in_space("events", "Spaces-2"), key=lambda e: when(e["Occurred"]))
    low, high = events[3]["Occurred"], events[-4]["Occurred"]
    got = get(server, octopus, "/api/Spaces-2/events", **{"from": low, "to": high})["Items"]
    assert {e["Id"] for e in got} == {e["Id"] for e in events if when(low) <= when(e["Occurred"]) <= when(high)}


def test_task_completion_filter_leaves_out_running_tasks_and_queue_filter_keeps_them(server, octopus):
    tasks = activity(server.dataset).in_space("tasks", "Spaces-1")
    running = [t["Id"] for t in tasks if not t["IsCompleted"]]
    assert running, "the newest Spaces-1 deployment is still executing"
    window = {"fromCompletedDate": "2000-01-01T00:00:00+00:00", "toCompletedDate": "2100-01-01T00:00:00Z"}
    completed = {t["Id"] for t in get(server, octopus, "/api/Spaces-1/tasks", **window)["Items"]}
    assert completed == {t["Id"] for t in tasks if t["IsCompleted"]}
    queued = get(server, octopus, "/api/Spaces-1/tasks", fromQueueDate="2000-01-01", toQueueDate="2100-01-01")
    assert {t["Id"] for t in queued["Items"]} == {t["Id"] for t in tasks}
    order = [when(t["QueueTime"]) for t in queued["Items"]]
    assert order == sorted(order, reverse=True)


def test_the_reporting_feed_is_xml_filtered_by_completed_time(server, octopus):
    records = activity(server.dataset)
    done = sorted(
        (
            d
            for d in server.dataset.octopus_records("deployments", "Spaces-1")
            if records.tasks_by_id[d["TaskId"]]["IsCompleted"]
        ),
        key=lambda d: when(records.tasks_by_id[d["TaskId"]]["CompletedTime"]),
    )
    low = records.tasks_by_id[done[5]["TaskId"]]["CompletedTime"]
    response = octopus.get(
        f"{server.base_url}/api/Spaces-1/reporting/deployments/xml", params={"fromCompletedTime": low}
    )
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/xml")
    rows = parse_deployments(response.content)
    assert {r["DeploymentId"] for r in rows} == {d["Id"] for d in done[5:]}
    first = next(r for r in rows if r["DeploymentId"] == done[5]["Id"])
    assert first["TaskState"] == records.tasks_by_id[done[5]["TaskId"]]["State"] and first["ProjectName"]
    assert first["CompletedTime"] == when(low).strftime("%Y-%m-%dT%H:%M:%S")  # no offset, whole seconds


def test_missing_permission_is_403_and_a_bad_date_is_400(server, octopus):
    server.octopus_permissions["Spaces-2"].discard("RunbookRunView")
    try:
        denied = octopus.get(f"{server.base_url}/api/Spaces-2/runbookRuns")
        assert denied.status_code == 403 and "RunbookRunView" in denied.json()["ErrorMessage"]
    finally:
        server.octopus_permissions["Spaces-2"].add("RunbookRunView")
    bad = octopus.get(f"{server.base_url}/api/Spaces-1/events", params={"from": "yesterday"})
    assert bad.status_code == 400 and "yesterday" in bad.json()["ErrorMessage"]


def test_release_work_items_name_real_jira_issues_of_the_dataset(server, octopus):
    keys = {issue["key"]: issue["fields"]["summary"] for issue in server.dataset.jira_issues}
    releases = get(server, octopus, "/api/Spaces-1/releases")["Items"]
    items = [item for r in releases for package in r["BuildInformation"] for item in package["WorkItems"]]
    assert items and all(keys.get(item["Id"]) == item["Description"] for item in items)
    assert any(not r["BuildInformation"] or not r["BuildInformation"][0]["WorkItems"] for r in releases)
    validator = octopus_response_validator("/api/{baseSpaceId}/releases")
    assert schema_errors(validator, get(server, octopus, "/api/Spaces-1/releases")) == []


def test_a_release_lists_only_issues_created_before_it_was_assembled(server, octopus):
    # otherwise the sample data's issues reach production before they exist (negative issue -> production times)
    created = {issue["key"]: datetime.fromisoformat(issue["fields"]["created"]) for issue in server.dataset.jira_issues}
    linked = 0
    for space in SPACES:
        for release in get(server, octopus, f"/api/{space}/releases")["Items"]:
            assembled = datetime.fromisoformat(release["Assembled"])
            for package in release["BuildInformation"]:
                for item in package["WorkItems"]:
                    assert created[item["Id"]] < assembled, (release["Id"], item["Id"])
                    linked += 1
    assert linked > 0
