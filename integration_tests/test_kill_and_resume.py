"""A sync killed with SIGKILL at several points resumes from the last state it emitted: the union of what every
attempt emitted is exactly the fake's records, and partitions (project x `created` window, or Octopus space) that
an attempt completed are not requested again by the next one."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from jira_octopus_sample_api import FakeApiServer
from testkit.connector_process import (
    RESUMED_STREAMS,
    attempt,
    done_windows,
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
            skipped = done_windows(state)
            assert not skipped & windows_requested(server, before), "a window saved as complete was read again"
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
