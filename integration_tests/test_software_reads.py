"""Today's Jira Cloud endpoints over real HTTP from the fake: board and sprint issues from the token-paged Software
lists (Agile 1.0 on Data Center, and on a Cloud site that answers 404/410 there, with one warning per stream), and
the end bound that makes an update the search index shows late reach the next incremental sync."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from airbyte_cdk.models import Level

from jira_octopus_sample_api.clock import jira_time, to_epoch_ms
from jira_octopus_sample_api.jira.agile.records import board_issues
from testkit.reading import read_streams, records_by_stream, state_for, stream_state

ISSUE_LISTS = {"jira_board_issues": "boardId", "jira_sprint_issues": "sprintId"}
SOFTWARE, AGILE = "/rest/software/1.0/", "/rest/agile/1.0/"


def pairs(output: Any, stream: str) -> list[tuple[str, str]]:
    return sorted((r[ISSUE_LISTS[stream]], r["id"]) for r in records_by_stream(output)[stream])


def expected_pairs(fake_api: Any, stream: str) -> list[tuple[str, str]]:
    return sorted(tuple(key.split("|")) for key in fake_api.dataset.ids(stream))  # type: ignore[misc]


def issue_list_requests(fake_api: Any, prefix: str) -> list[Any]:
    return [r for r in fake_api.requests if prefix in r.path and r.path.endswith("/issue")]


def warnings(output: Any) -> list[str]:
    return [m.log.message for m in output.logs if m.log.level == Level.WARN]


@pytest.mark.parametrize("stream", list(ISSUE_LISTS))
def test_cloud_reads_board_and_sprint_issues_from_the_token_paged_software_lists(fake_api, stream):
    config = fake_api.connector_config(octopus=None)
    config["jira"]["page_size"] = 1  # 10 issues a Software page: boards and sprints take several
    output = read_streams(config, streams=[stream])
    assert not output.errors and not warnings(output)
    assert pairs(output, stream) == expected_pairs(fake_api, stream)
    pages = issue_list_requests(fake_api, SOFTWARE)
    assert not issue_list_requests(fake_api, AGILE)
    assert all(r.param("maxResults") in ("1", "10") for r in pages)  # the probe, then pages of 10
    largest = max(Counter(partition for partition, _ in expected_pairs(fake_api, stream)).values())
    assert any(r.param("nextPageToken") for r in pages) == (largest > 10)
    searches = [r.param("jql") for r in pages if r.param("jql")]
    assert searches and all(" AND updated <= " in jql and jql.endswith(" ORDER BY id ASC") for jql in searches)


@pytest.mark.parametrize("stream", list(ISSUE_LISTS))
def test_data_center_keeps_the_agile_lists(fake_api, stream):
    fake_api.jira_deployment = "data_center"
    output = read_streams(fake_api.connector_config(octopus=None), streams=[stream])
    assert not output.errors and pairs(output, stream) == expected_pairs(fake_api, stream)
    assert issue_list_requests(fake_api, AGILE) and not [r for r in fake_api.requests if SOFTWARE in r.path]
    assert all("updated <=" not in r.param("jql", "") for r in issue_list_requests(fake_api, AGILE))


@pytest.mark.parametrize("status", [404, 410])
@pytest.mark.parametrize("stream", list(ISSUE_LISTS))
def test_a_cloud_site_without_the_software_lists_is_read_through_agile_with_one_warning(fake_api, stream, status):
    fake_api.jira_software_api_status = status
    output = read_streams(fake_api.connector_config(octopus=None), streams=[stream])
    assert not output.errors
    assert pairs(output, stream) == expected_pairs(fake_api, stream)
    said = [message for message in warnings(output) if SOFTWARE.rstrip("/") in message]
    assert len(said) == 1 and stream in said[0] and f"HTTP {status}" in said[0], warnings(output)
    assert len([r for r in fake_api.requests if SOFTWARE in r.path]) == 1  # the one probe
    assert issue_list_requests(fake_api, AGILE)


def read_incrementally(fake_api: Any, config: dict[str, Any], stream: str, state: Any) -> tuple[set[str], Any]:
    output = read_streams(config, streams=[stream], state=state_for(stream, state) if state else None)
    assert not output.errors
    return {str(r["id"]) for r in records_by_stream(output)[stream]}, stream_state(output, stream)


@pytest.mark.parametrize("lag_minutes, read_later", [(1, True), (0, False)])
@pytest.mark.parametrize("stream", ["jira_issues", "jira_board_issues"])
def test_an_update_the_index_shows_late_is_read_by_the_next_incremental_sync(
    fake_api, frozen_clock, stream, lag_minutes, read_later
):
    """Jira's index shows the edit 30 s late; the sync after it misses it. With the end bound (a lag of 1 minute)
    the sync after that reads it; without one (lag 0) the cursor has passed it and it is never read: the loss the
    bound prevents."""
    fake_api.jira_search_index_delay = timedelta(seconds=30)
    config = fake_api.connector_config(octopus=None)
    config["jira"]["search_lag_minutes"] = lag_minutes
    config["request_timeout_seconds"] = 5  # the sync's start is its first response's Date minus 6 s
    records = fake_api.dataset.parts["agile"]
    edited = board_issues(fake_api.dataset, records, records.boards[0])[3]
    _, state = read_incrementally(fake_api, config, stream, None)

    frozen_clock.advance(timedelta(minutes=1))
    fake_api.dataset.touch_issues([edited["id"]])
    edited_at = edited["fields"]["updated"]
    frozen_clock.advance(timedelta(seconds=10))  # the next sync runs while the index still has the old version
    missed, state = read_incrementally(fake_api, config, stream, state)
    assert edited["id"] not in missed

    frozen_clock.advance(timedelta(seconds=70))
    later, _ = read_incrementally(fake_api, config, stream, state)
    assert (edited["id"] in later) is read_later
    assert edited_at == jira_time(to_epoch_ms(frozen_clock.now() - timedelta(seconds=80)))


@pytest.mark.parametrize("deployment, api", [("cloud", SOFTWARE), ("data_center", AGILE)])
def test_backlog_issues_are_each_scrum_boards_incomplete_issues_outside_open_sprints(fake_api, deployment, api):
    fake_api.jira_deployment = deployment
    config = fake_api.connector_config(octopus=None)
    config["jira"]["page_size"] = 1  # pages of 10 (Software) or 1 (Agile)
    output = read_streams(config, streams=["jira_board_backlog_issues"])
    assert not output.errors
    found = sorted((r["boardId"], r["id"]) for r in records_by_stream(output)["jira_board_backlog_issues"])
    assert found and found == expected_pairs(fake_api, "jira_board_backlog_issues")
    backlogs = [r for r in fake_api.requests if r.path.endswith("/backlog")]
    assert backlogs and all(api in r.path and not r.param("jql") for r in backlogs)  # no JQL: Jira's rank order
    scrum = {str(b["id"]) for b in fake_api.dataset.parts["agile"].boards if b["type"] == "scrum"}
    assert {r.path.split("/")[-2] for r in backlogs} == scrum  # Kanban boards are not asked


@pytest.mark.parametrize("status", [404, 410])
def test_a_cloud_site_without_software_lists_has_no_backlog_list_left_and_the_sync_goes_on(fake_api, status):
    fake_api.jira_software_api_status = status  # and Cloud removed Agile 1.0's backlog on 2026-11-01
    output = read_streams(fake_api.connector_config(octopus=None), streams=["jira_board_backlog_issues"])
    assert not output.errors and not records_by_stream(output)["jira_board_backlog_issues"]
    said = [message for message in warnings(output) if SOFTWARE.rstrip("/") in message]
    assert len(said) == 1 and f"HTTP {status}" in said[0], warnings(output)
    assert [r for r in fake_api.requests if AGILE in r.path and r.path.endswith("/backlog")]  # asked, then skipped
