"""A sync killed with SIGKILL at several points resumes from the last state it emitted: the union of what every
attempt emitted is exactly the fake's records, and partitions (project x `created` window, or Octopus space) that
an attempt completed are not requested again by the next one."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

import pytest

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.jira.core.jql import parse_jql
from testkit.connector_process import (
    RESUMED_STREAMS,
    attempt,
    completed_windows_read_again,
    windows_requested,
    write_resume_catalog,
)

pytestmark = pytest.mark.slow  # connector processes, killed


@pytest.mark.parametrize("kill_points", [(1, 3), (2, 5, 8)])
def test_killed_syncs_resume_without_gaps_or_rereading_completed_partitions(tmp_path, frozen_clock, kill_points):
    with FakeApiServer(seed=11, size=900, clock=frozen_clock, latency_seconds=0.005) as server:
        projects = sorted(project["key"] for project in server.dataset.jira_projects)
        config_path = tmp_path / "config.json"
        config = server.connector_config(jira={"page_size": 7, "projects": projects}, max_concurrent_requests=3)
        config["octopus"]["page_size"] = 7
        config_path.write_text(json.dumps(config))
        catalog_path = write_resume_catalog(tmp_path / "catalog.json")

        seen: dict[str, set[str]] = defaultdict(set)
        state: list[dict[str, Any]] = []
        completed, attempts = False, 0
        for kill_after in [*kill_points, None]:
            before = len(server.requests)
            records, state_after, completed = attempt(str(config_path), catalog_path, state, kill_after, tmp_path)
            attempts += 1
            requested = windows_requested(server, before)
            assert not completed_windows_read_again(state, requested), "a window saved as complete was read again"
            for stream, ids in records.items():
                seen[stream] |= set(ids)
            state = state_after or state
            if completed:
                break
        assert completed and attempts == len(kill_points) + 1, "every kill point should have been reached"
        for stream in RESUMED_STREAMS:
            expected = {str(i) for i in server.dataset.ids(stream)}
            assert expected and seen[stream] == expected, f"{stream}: missing {sorted(expected - seen[stream])[:5]}"
        assert all("sync" not in message["stream"]["stream_state"] for message in state), (
            "the last sync left progress behind"
        )


SCALE_ISSUES, SCALE_WORKERS, SCALE_PAGE_SIZE = 5_000, 8, 100


def search_pages(server: FakeApiServer, since: int, page_size: int) -> list[tuple[str, list[str]]]:
    """The issue-search pages served since `since` (the planner's probes left out): their window and issue ids. The
    request log keeps no response, so each page is found again with the fake's own JQL engine: a window's pages are
    requested one after the other, so the n-th request of a JQL is its n-th page."""
    issues = sorted(server.dataset.jira_issues, key=lambda issue: int(issue["id"]))
    served: Counter[str] = Counter()
    pages = []
    for request in server.requests[since:]:
        body = request.json_body if isinstance(request.json_body, dict) else {}
        jql = body.get("jql", "")
        if not request.path.endswith("search/jql") or "ORDER BY id ASC" not in jql or request.status != 200:
            continue
        matching = parse_jql(jql, 0, server.dataset.project_by_id_or_key).run(issues)
        first = served[jql] * page_size
        served[jql] += 1
        window = jql.split(" AND id > ", 1)[0].split(" ORDER BY", 1)[0]
        pages.append((window, [str(issue["id"]) for issue in matching[first : first + page_size]]))
    return pages


@pytest.mark.slow
def test_a_killed_sync_at_scale_rereads_at_most_one_page_per_window_in_flight(tmp_path, frozen_clock):
    """5,000 issues, 8 workers, pages of 100: each SIGKILL loses at most the page in flight of each window (a
    state is written behind every page), and the restart resumes each window after its last issue read."""
    with FakeApiServer(seed=5, size=SCALE_ISSUES, clock=frozen_clock) as server:
        config_path = tmp_path / "config.json"
        config = server.connector_config(jira={"page_size": SCALE_PAGE_SIZE}, max_concurrent_requests=SCALE_WORKERS)
        config_path.write_text(json.dumps(config))
        catalog_path = tmp_path / "catalog.json"
        catalog_path.write_text(_issues_only_catalog())

        emitted: set[str] = set()
        state: list[dict[str, Any]] = []
        rereads: list[int] = []
        # killed after 6 states (between pages), then in the middle of a page, then once more between pages
        kills: list[tuple[int | None, int | None]] = [(6, None), (None, 950), (9, None), (None, None)]
        for attempt_number, (after_states, after_records) in enumerate(kills):
            before = len(server.requests)
            records, state_after, completed = attempt(
                str(config_path), str(catalog_path), state, after_states, tmp_path, after_records
            )
            pages = search_pages(server, before, SCALE_PAGE_SIZE)
            assert set(records["jira_issues"]) <= {i for _, ids in pages for i in ids}, "pages found again wrongly"
            if attempt_number:
                assert _windows_in_progress(state), "the killed attempt saved no window's progress"
                # a page whose every issue an earlier attempt emitted: only a window's page in flight may be one
                reread = [window for window, ids in pages if ids and set(ids) <= emitted]
                assert all(reread.count(window) == 1 for window in reread), f"a window re-read 2+ pages: {reread}"
                assert len(reread) <= SCALE_WORKERS, f"{len(reread)} pages re-read, more than the windows in flight"
                rereads.append(len(reread))
            if (after_states, after_records) != (None, None):
                assert not completed and sum("sync" in m["stream"]["stream_state"] for m in state_after) == 1
            emitted |= set(records["jira_issues"])
            state = state_after or state
        assert completed
        expected = {str(i) for i in server.dataset.ids("jira_issues")}
        assert len(expected) >= SCALE_ISSUES and emitted == expected, f"missing {sorted(expected - emitted)[:5]}"
        assert all("sync" not in message["stream"]["stream_state"] for message in state)
        print(f"pages re-read per restart: {rereads}")


def _issues_only_catalog() -> str:
    stream = {"name": "jira_issues", "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]}
    configured = {"stream": stream, "sync_mode": "incremental", "destination_sync_mode": "append_dedup"}
    return json.dumps({"streams": [{**configured, "cursor_field": ["updated"]}]})


def _windows_in_progress(state: list[dict[str, Any]]) -> list[Any]:
    """The windows the last saved state names as partly read (each resumes after its last issue id)."""
    sync = state[0]["stream"]["stream_state"].get("sync") or {}
    return [entry for entries in (sync.get("reached") or {}).values() for entry in entries]
