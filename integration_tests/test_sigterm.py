"""SIGTERM (how the Airbyte platform cancels a sync) ends a read within seconds, in order: every record and state
queued before is written, each stream emits a final state naming the partitions it completed, the log says how
many, and the exit code is 143. Resuming from that state re-reads no completed partition and misses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from jira_octopus_sample_api import FakeApiServer
from testkit.connector_process import (
    CONSOLE_SCRIPT,
    RESUMED_STREAMS,
    ROOT,
    attempt,
    completed_windows_read_again,
    done_windows,
    windows_requested,
    write_resume_catalog,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("timing")]  # a connector process, and its exit is timed

EXIT_WITHIN_SECONDS = 10  # generous for a shared machine; the fake answers each request after 20 ms


def terminated_attempt(
    config: str, catalog_path: str, tmp: Path
) -> tuple[dict[str, list[str]], list[Any], int, float, list[str]]:
    """Starts a read, sends SIGTERM after the first state naming a completed partition (or window), reads stdout to
    the end."""
    args = [CONSOLE_SCRIPT, "read", "--config", config, "--catalog", catalog_path]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    records: dict[str, list[str]] = defaultdict(list)
    last_state: dict[str, Any] = {}
    logs: list[str] = []
    sent_at = None
    assert process.stdout is not None
    for line in process.stdout:
        message = json.loads(line) if line.startswith("{") else {}
        if message.get("type") == "RECORD":
            records[message["record"]["stream"]].append(
                str(message["record"]["data"][RESUMED_STREAMS[message["record"]["stream"]]])
            )
        elif message.get("type") == "STATE":
            stream_state = message["state"]["stream"]
            last_state[stream_state["stream_descriptor"]["name"]] = message["state"]
            sync = stream_state["stream_state"].get("sync") or {}
            if sent_at is None and (sync.get("done") or sync.get("finished")):  # not a page's progress alone
                os.kill(process.pid, signal.SIGTERM)
                sent_at = time.monotonic()
        elif message.get("type") == "LOG":
            logs.append(message["log"]["message"])
    code = process.wait(timeout=60)
    assert sent_at is not None, "the read ended before its first partition state"
    stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr
    return records, list(last_state.values()), code, time.monotonic() - sent_at, logs


def test_sigterm_flushes_completed_partitions_and_resume_completes(tmp_path, frozen_clock):
    with FakeApiServer(seed=11, size=900, clock=frozen_clock, latency_seconds=0.02) as server:
        projects = sorted(project["key"] for project in server.dataset.jira_projects)
        config = server.connector_config(jira={"page_size": 7, "projects": projects}, max_concurrent_requests=3)
        config["octopus"]["page_size"] = 7
        config_path = tmp_path / "config.json"
        config_path.write_text(json.dumps(config))
        catalog_path = write_resume_catalog(tmp_path / "catalog.json")

        records, state, code, seconds, logs = terminated_attempt(str(config_path), catalog_path, tmp_path)
        assert code == 143 and seconds < EXIT_WITHIN_SECONDS
        [line] = [log for log in logs if log.startswith("cancelled by SIGTERM")]
        saved = int(line.split("state saved for ")[1].split()[0])
        assert saved == len(done_windows(state)) + sum(
            len(m["stream"]["stream_state"].get("sync", {}).get("finished", [])) for m in state
        )
        assert saved >= 1 and {m["stream"]["stream_descriptor"]["name"] for m in state} == set(RESUMED_STREAMS)

        before = len(server.requests)
        resumed, final_state, completed = attempt(str(config_path), catalog_path, state, None, tmp_path)
        assert completed
        requested = windows_requested(server, before)
        assert not completed_windows_read_again(state, requested), "a completed window was read again"
        for stream in RESUMED_STREAMS:
            expected = {str(i) for i in server.dataset.ids(stream)}
            assert set(records[stream]) | set(resumed[stream]) == expected, stream
        assert all("sync" not in m["stream"]["stream_state"] for m in final_state)
