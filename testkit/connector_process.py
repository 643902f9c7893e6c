"""The connector as a separate process, as the platform runs it: the console script, and a `read` that is killed or
resumed. For tests of what survives SIGKILL and SIGTERM (`test_kill_and_resume.py`, `test_sigterm.py`)."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from jira_octopus_sample_api import FakeApiServer

ROOT = Path(__file__).resolve().parent.parent
CONSOLE_SCRIPT = str(Path(sys.executable).parent / "source-jira-octopus")
RESUMED_STREAMS = {"jira_issues": "id", "jira_issue_comments": "id", "octopus_deployments": "Id"}
ATTEMPT_TIMEOUT_SECONDS = 120


def write_resume_catalog(path: Path) -> str:
    """The three resumed streams, incremental, as a configured catalog file."""
    cursors = {"jira_issues": "updated", "jira_issue_comments": "updated", "octopus_deployments": "Created"}
    streams = [
        {
            "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
            "sync_mode": "incremental",
            "destination_sync_mode": "append_dedup",
            "cursor_field": [cursors[name]],
        }
        for name in RESUMED_STREAMS
    ]
    path.write_text(json.dumps({"streams": streams}))
    return str(path)


def attempt(
    config: str,
    catalog_path: str,
    state: list[dict[str, Any]],
    kill_after_states: int | None,
    tmp: Path,
    kill_after_records: int | None = None,
) -> tuple[dict[str, list[str]], list[dict[str, Any]], bool]:
    """Runs one `read`; SIGKILLs it once it has written `kill_after_states` progress states (or `kill_after_records`
    records, in the middle of a page). Returns the records written, the last state of each stream (what the platform
    would keep) and whether it ran to the end."""
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
            records[stream].append(str(message["record"]["data"][RESUMED_STREAMS[stream]]))
            if kill_after_records is not None and sum(map(len, records.values())) >= kill_after_records:
                os.kill(process.pid, signal.SIGKILL)
                break
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
    """Spans of `created` windows saved as complete (windows merge as they close): `stream|project|from|to`."""
    found = set()
    for message in state:
        stream = message["stream"]["stream_descriptor"]["name"]
        sync = message["stream"]["stream_state"].get("sync") or {}
        for project, windows in (sync.get("done") or {}).items():
            for low, high in windows:
                found.add(f"{stream}|{project}|{low}|{high}")
    return found


# who may have sent an issue search, by its fields: read together, jira_issues and jira_issue_comments are one pass
# (jira/search_pass.py) and ask for the same `*all`, so such a request is either's (or both's, shared)
SEARCH_SENDERS = {("*all",): "jira_issues+jira_issue_comments", ("comment", "updated"): "jira_issue_comments"}


def windows_requested(server: FakeApiServer, since: int) -> set[str]:
    """The windows of the issue searches sent since `since`, as `streams|project|from|to`, where `streams` names
    the streams that may have sent it, joined by `+`."""
    requested = set()
    for request in server.requests[since:]:
        body = request.json_body if isinstance(request.json_body, dict) else {}
        jql = body.get("jql", "")
        if "ORDER BY id ASC" in jql and "project =" in jql:
            stream = SEARCH_SENDERS[tuple(body.get("fields") or ())]
            project = jql.split('project = "', 1)[1].split('"', 1)[0]
            low = jql.split("created >= ", 1)[1].split(" ", 1)[0] if "created >= " in jql else "None"
            high = jql.split("created < ", 1)[1].split(" ", 1)[0] if "created < " in jql else "None"
            requested.add(f"{stream}|{project}|{low}|{high}")
    return requested


def completed_windows_read_again(state: list[dict[str, Any]], requested: set[str]) -> set[str]:
    """The requested windows that lie inside a span the state saved as complete, for every stream that may have
    sent the request."""
    spans = [span.split("|") for span in done_windows(state)]
    again = set()
    for window in requested:
        streams, project, low, high = window.split("|")

        def completed(stream: str, project: str = project, low: str = low, high: str = high) -> bool:
            return any(
                (stream, project) == (s_stream, s_project)
                and _bound(s_low, -math.inf) <= _bound(low, -math.inf)
                and _bound(high, math.inf) <= _bound(s_high, math.inf)
                for s_stream, s_project, s_low, s_high in spans
            )

        if all(completed(stream) for stream in streams.split("+")):
            again.add(window)
    return again


def _bound(value: str, unbounded: float) -> float:
    return unbounded if value == "None" else float(value)
