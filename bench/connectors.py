"""The two connectors under test, each run as its own subprocess and measured from that process alone.

Wall time is from start to exit; CPU (user + sys) and peak RSS come from ``os.wait4`` on that child, so
neither the bench nor the fake API is counted. Records are counted per stream from its stdout.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
OURS = REPO_ROOT / ".venv" / "bin" / "source-jira-octopus"
SOURCE_JIRA = REPO_ROOT / "bench" / ".venv-source-jira" / "bin" / "source-jira"
_STREAM = re.compile(rb'"stream":"([^"]+)"')


@dataclass
class RunResult:
    connector: str
    wall: float
    cpu: float  # user + sys seconds of the connector process
    max_rss_mib: float
    records: dict[str, int]
    returncode: int
    command: str
    fake_stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    stderr_tail: str = ""
    kept_logs: list[str] = field(default_factory=list)  # LOG messages that contain `run_measured`'s `keep_logs`


@dataclass
class Connector:
    """One connector: its executable and how to turn the fake's connector config into its own config."""

    name: str
    executable: Path
    workers: int = 8
    _streams: list[str] | None = None
    jira_options: dict[str, Any] = field(default_factory=dict)  # ours: over the fake's jira config; None drops a key

    def config(self, fake_config: dict[str, Any]) -> dict[str, Any]:
        if self.name == "ours":
            config = {key: value for key, value in fake_config.items() if key != "octopus"}
            config["max_concurrent_requests"] = self.workers
            jira = {**config["jira"], "page_size": 100, **self.jira_options}
            config["jira"] = {key: value for key, value in jira.items() if value is not None}
            return config
        credentials, host = fake_config["jira"]["credentials"], fake_config["jira"]["base_url"].split("://")[1]
        return {
            "api_token": credentials["api_token"],
            "email": credentials["email"],
            "domain": host,
            "start_date": "2020-01-01T00:00:00Z",
            "num_workers": self.workers,
        }

    def available_streams(self, config_path: Path) -> list[str]:
        """Stream names the connector's ``discover`` lists (cached)."""
        if self._streams is None:
            self._catalog = _discover(self.executable, config_path)
            self._streams = [stream["name"] for stream in self._catalog]
        return self._streams

    def configured_catalog(self, streams: list[str]) -> dict[str, Any]:
        by_name = {stream["name"]: stream for stream in self._catalog}
        return {
            "streams": [
                {"stream": by_name[name], "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}
                for name in streams
            ]
        }


def _discover(executable: Path, config_path: Path) -> list[dict[str, Any]]:
    output = subprocess.run(
        [str(executable), "discover", "--config", str(config_path)], capture_output=True, check=False
    ).stdout
    for line in output.splitlines():
        if line.startswith(b'{"type":"CATALOG"') or b'"CATALOG"' in line[:40]:
            return json.loads(line)["catalog"]["streams"]
    raise RuntimeError(f"{executable} discover printed no catalog:\n{output[-2000:].decode(errors='replace')}")


def write_json(folder: Path, name: str, value: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(value))
    return path


def run_measured(name: str, command: list[str], keep_logs: bytes = b"") -> RunResult:
    """Run one connector command to the end; count records per stream; measure that process alone; keep the LOG
    messages that contain `keep_logs` (if given)."""
    kept: list[str] = []
    with tempfile.TemporaryFile() as stderr:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, cwd=REPO_ROOT)
        records = _count_records(process, keep_logs, kept)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = stderr.read()[-1500:].decode(errors="replace")
    return RunResult(
        name,
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        records,
        process.returncode,
        " ".join(shlex.quote(part) for part in command),
        stderr_tail=tail,
        kept_logs=kept,
    )


def _count_records(
    process: subprocess.Popen[bytes], keep_logs: bytes = b"", kept: list[str] | None = None
) -> dict[str, int]:
    assert process.stdout is not None
    counts: dict[str, int] = {}
    for line in process.stdout:
        if line.startswith(b'{"type":"RECORD"'):
            match = _STREAM.search(line, 0, 300)
            name = match.group(1).decode() if match else "?"
            counts[name] = counts.get(name, 0) + 1
        elif keep_logs and kept is not None and line.startswith(b'{"type":"LOG"') and keep_logs in line:
            kept.append(json.loads(line)["log"]["message"])
        elif b'"type":"TRACE"' in line[:20] and b'"ERROR"' in line:
            counts["<error traces>"] = counts.get("<error traces>", 0) + 1
    return counts


def spec_seconds(executable: Path, repeat: int) -> float:
    """Median wall time of ``<connector> spec`` (start-up: imports, entry point)."""
    timings = []
    for _ in range(repeat):
        started = time.monotonic()
        subprocess.run([str(executable), "spec"], capture_output=True, check=True)
        timings.append(time.monotonic() - started)
    return statistics.median(timings)


def median_result(results: list[RunResult]) -> RunResult:
    """The run with the median wall time, with CPU and RSS replaced by their medians over all runs."""
    ordered = sorted(results, key=lambda r: r.wall)
    middle = ordered[len(ordered) // 2]
    middle.cpu = statistics.median(r.cpu for r in results)
    middle.max_rss_mib = statistics.median(r.max_rss_mib for r in results)
    return middle
