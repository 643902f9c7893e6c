"""A sync killed with SIGKILL at several points resumes from the last state it emitted: the union of what every
attempt emitted is exactly the fake's records, and partitions (project x `created` window, or Octopus space) that
an attempt completed are not requested again by the next one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from integration_tests.test_cli import CONSOLE_SCRIPT, ROOT
from jira_octopus_sample_api import FakeApiServer

STREAMS = {"jira_issues": "id", "jira_issue_comments": "id", "octopus_deployments": "Id"}
ATTEMPT_TIMEOUT_SECONDS = 120


def catalog(path: Path) -> str:
    cursors = {"jira_issues": "updated", "jira_issue_comments": "updated", "octopus_deployments": "Created"}
    streams = [
        {
            "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
            "sync_mode": "incremental",
            "destination_sync_mode": "append_dedup",
            "cursor_field": [cursors[name]],
        }
        for name in STREAMS
    ]
    path.write_text(json.dumps({"streams": streams}))
    return str(path)


def attempt(config: str, catalog_path: str, state: list[dict[str, Any]], kill_after_states: int | None, tmp: Path):
    """Runs one `read`; SIGKILLs it once it has written `kill_after_states` progress states. Returns the records
    written, the last state of each stream (what the platform would keep) and whether it ran to the end."""
    args = [CONSOLE_SCRIPT, "read", "--config", config, "--catalog", catalog_path]
    if state:
        (tmp / "state.json").write_text(json.dumps(state))
        args += ["--state", str(tmp / "state.json")]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    records: dict[str, list[str]] = defaultdict(list)
    last_state: dict[str, dict[str, Any]] = {}
    progress = 0
    assert process.stdout is not None
    for line in process.stdout:
        message = json.loads(line) if line.startswith("{") else {}
        if message.get("type") == "RECORD":
            stream = message["record"]["stream"]
            records[stream].append(str(message["record"]["data"][STREAMS[stream]]))
        elif message.get("type") == "STATE":
            stream_state = message["state"]["stream"]
            last_state[stream_state["stream_descriptor"]["name"]] = message["state"]
            progress += "sync" in stream_state["stream_state"]
            if kill_after_states is not None and progress >= kill_after_states:
                os.kill(process.pid, signal.SIGKILL)
                break
    process.wait(timeout=ATTEMPT_TIMEOUT_SECONDS)
    return records, list(last_state.values()), process.returncode == 0


def done_windows(state: list[dict[str, Any]]) -> set[str]:
    """`created` windows saved as complete, as the JQL clause the connector sends for them."""
    found = set()
    for message in state:
        sync = message["stream"]["stream_state"].get("sync") or {}
        for project, windows in (sync.get("done") or {}).items():
            for low, high in windows:
                found.add(f"{project}|{low}|{high}")
    return found


def windows_requested(server: FakeApiServer, since: int) -> set[str]:
    requested = set()
    for request in server.requests[since:]:
        jql = (request.json_body or {}).get("jql", "") if isinstance(request.json_body, dict) else ""
        if "ORDER BY id ASC" in jql and "project =" in jql:
            project = jql.split('project = "', 1)[1].split('"', 1)[0]
            low = jql.split("created >= ", 1)[1].split(" ", 1)[0] if "created >= " in jql else "None"
            high = jql.split("created < ", 1)[1].split(" ", 1)[0] if "created < " in jql else "None"
            requested.add(f"{project}|{low}|{high}")
    return requested


@pytest.mark.parametrize("kill_points", [(1, 3), (2, 5, 8)])
def test_killed_syncs_resume_without_gaps_or_rereading_completed_partitions(tmp_path, frozen_clock, kill_points):
    with FakeApiServer(seed=11, size=900, clock=frozen_clock, latency_seconds=0.005) as server:
        projects = sorted(project["key"] for project in server.dataset.jira_projects)
        config_path = tmp_path / "config.json"
        config = server.connector_config(jira={"page_size": 7, "projects": projects}, max_concurrent_requests=3)
        config["octopus"]["page_size"] = 7
        config_path.write_text(json.dumps(config))
        catalog_path = catalog(tmp_path / "catalog.json")

        seen: dict[str, set[str]] = defaultdict(set)
        state: list[dict[str, Any]] = []
        completed, attempts = False, 0
        for kill_after in [*kill_points, None]:
            before = len(server.requests)
            records, state_after, completed = attempt(str(config_path), catalog_path, state, kill_after, tmp_path)
            attempts += 1
            skipped = done_windows(state)
            assert not skipped & windows_requested(server, before), "a window saved as complete was read again"
            for stream, ids in records.items():
                seen[stream] |= set(ids)
            state = state_after or state
            if completed:
                break
        assert completed and attempts == len(kill_points) + 1, "every kill point should have been reached"
        for stream in STREAMS:
            expected = {str(i) for i in server.dataset.ids(stream)}
            assert expected and seen[stream] == expected, f"{stream}: missing {sorted(expected - seen[stream])[:5]}"
        assert all("sync" not in message["stream"]["stream_state"] for message in state), (
            "the last sync left progress behind"
        )
