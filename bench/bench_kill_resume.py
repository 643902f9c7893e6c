"""Issue 15's scenario: 5,000 issues, 8 workers, page size 100, `jira_issues` incremental, SIGKILL after 2,500
records, then a resume from the last state: the states written before the kill, and the records and search pages the
restart read. Compare two checkouts by their console script and repository root:

    .venv/bin/python bench/bench_kill_resume.py .venv/bin/source-jira-octopus .
    .venv/bin/python bench/bench_kill_resume.py /work/main/.venv/bin/source-jira-octopus /work/main
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clock import FakeClock

STREAM = {"name": "jira_issues", "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]}
CATALOG = {
    "streams": [
        {
            "stream": STREAM,
            "sync_mode": "incremental",
            "destination_sync_mode": "append_dedup",
            "cursor_field": ["updated"],
        }
    ]
}


def read(args: list[str], cwd: str, kill_after: int | None) -> tuple[int, int, dict[str, Any] | None]:
    """Records and states written (SIGKILL after `kill_after` records), and the last state."""
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    records = states = 0
    state = None
    assert process.stdout is not None
    for line in process.stdout:
        message = json.loads(line) if line.startswith("{") else {}
        if message.get("type") == "RECORD":
            records += 1
            if kill_after and records >= kill_after:
                os.kill(process.pid, signal.SIGKILL)
                break
        elif message.get("type") == "STATE":
            states, state = states + 1, message["state"]
    process.wait()
    return records, states, state


def main() -> None:
    script, cwd = sys.argv[1], sys.argv[2]
    tmp = Path(tempfile.mkdtemp())
    with FakeApiServer(seed=5, size=5_000, clock=FakeClock(datetime(2026, 12, 1, tzinfo=UTC))) as server:
        (tmp / "config.json").write_text(json.dumps(server.connector_config(max_concurrent_requests=8)))
        (tmp / "catalog.json").write_text(json.dumps(CATALOG))
        state = None
        for kill_after in (2_500, None):
            args = [script, "read", "--config", str(tmp / "config.json"), "--catalog", str(tmp / "catalog.json")]
            if state:
                (tmp / "state.json").write_text(json.dumps([state]))
                args += ["--state", str(tmp / "state.json")]
            before = len(server.requests)
            records, states, state = read(args, cwd, kill_after)
            pages = sum(
                1
                for request in server.requests[before:]
                if request.path.endswith("search/jql") and "ORDER BY id ASC" in (request.json_body or {}).get("jql", "")
            )
            size = len(json.dumps(state)) if state else 0
            print(
                f"{'killed at 2,500' if kill_after else 'restart'}: {records} records, {states} states, "
                f"{pages} search pages, last state {size} bytes"
            )


if __name__ == "__main__":
    main()
