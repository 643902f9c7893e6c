"""The fake Jira API in its own process, steered over stdin (``--control``): stats, latency, burst limit."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


class FakeProcess:
    """``python -m jira_octopus_sample_api --tls --control ...``; use as a context manager."""

    def __init__(
        self, size: int, latency: float, *, seed: int = 42, profile: str = "realistic", deployment: str = "cloud"
    ) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bench-fake-"))
        self.config_path, self.ca_path = self.folder / "config.json", self.folder / "ca.pem"
        self.command = [
            sys.executable,
            "-m",
            "jira_octopus_sample_api",
            "--port",
            "0",
            "--seed",
            str(seed),
            "--size",
            str(size),
            "--latency",
            str(latency),
            "--tls",
            "--legacy-search",
            "--issue-profile",
            profile,
            "--jira-deployment",
            deployment,
            "--write-config",
            str(self.config_path),
            "--write-ca",
            str(self.ca_path),
            "--control",
        ]
        self.size, self.latency = size, latency
        self.process: subprocess.Popen[str] | None = None
        self.build_seconds = 0.0
        self.peak_in_flight: int | None = None

    @property
    def command_line(self) -> str:
        return " ".join(shlex.quote(part) for part in ["python", *self.command[1:]])

    def __enter__(self) -> FakeProcess:
        started = time.monotonic()
        self.process = subprocess.Popen(
            self.command, cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        banner = self._line()
        if "listening on" not in banner:
            raise RuntimeError(f"the fake API did not start: {banner!r}")
        self.build_seconds = time.monotonic() - started
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process is None:
            return
        try:
            self._send("quit")
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()

    @property
    def config(self) -> dict[str, Any]:
        return json.loads(self.config_path.read_text())

    def stats(self) -> dict[str, dict[str, Any]]:
        """Requests and serving seconds per endpoint since the previous call (the log is cleared)."""
        self._send("stats")
        answer = json.loads(self._line())
        self.peak_in_flight = answer.get("peak_in_flight")  # requests answered at once, at most, in that period
        return answer["stats"]

    def set_latency(self, seconds: float) -> None:
        self._send(f"latency {seconds}")
        self._line()
        self.latency = seconds

    def set_burst_limit(self, per_second: float) -> None:
        """Jira's burst limit per credential (429 + ``RateLimit-Reason: jira-burst-based``); 0 turns it off."""
        self._send(f"burst {per_second}")
        self._line()

    def _send(self, command: str) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def _line(self) -> str:
        assert self.process is not None and self.process.stdout is not None
        return self.process.stdout.readline()
