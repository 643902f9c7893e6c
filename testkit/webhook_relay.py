"""Drive `source-jira-octopus webhooks serve` as a real process on 127.0.0.1 (port 0): start it, sign deliveries
the way Jira and Octopus do, stop it with SIGTERM. Used by the relay tests and bench/bench_webhook_relay.py."""

from __future__ import annotations

import hashlib
import hmac
import json
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from source_jira_octopus.webhooks.octopus_hooks import SECRET_HEADER

CONNECTION_ID = "e735894a-e773-4938-969f-45f53957b75b"


def relay_config(base: dict[str, Any], secret: str, debounce: float, airbyte: dict[str, Any] | None) -> dict[str, Any]:
    webhooks = {"target_url": "https://relay.example.com/hooks", "secret": secret, "debounce_seconds": debounce}
    return {**base, "webhooks": {**webhooks, **({"airbyte": airbyte} if airbyte else {})}}


class RelayProcess:
    def __init__(self, config: dict[str, Any], workdir: Path, *extra: str) -> None:
        self.config_path, self.port_file = workdir / "relay-config.json", workdir / "relay.port"
        self.config_path.write_text(json.dumps(config))
        self.port_file.unlink(missing_ok=True)
        executable = Path(sys.executable).with_name("source-jira-octopus")
        command = [str(executable), "webhooks", "serve", "--config", str(self.config_path), "--port", "0"]
        # why files, not pipes: nobody reads a pipe while the relay runs, and a full one (64 KiB of log lines)
        # would block the relay's logging, so the receiver would stall mid-burst
        self.log_file = workdir / "relay.log"
        with open(self.log_file, "w") as log:
            self.process = subprocess.Popen(
                [*command, "--port-file", str(self.port_file), *extra],
                stdout=subprocess.DEVNULL,
                stderr=log,
                text=True,
            )
        self.session = requests.Session()
        self.url = self._wait_until_listening()

    @property
    def stderr(self) -> str:
        return self.log_file.read_text()

    def _wait_until_listening(self, timeout: float = 180) -> str:
        """A deadline, not a wait: the relay usually listens within seconds; 180 s covers starting it (importing
        the CDK) on a shared 2-core machine at load 100+, where 60 s did not (2 failures in a -n 2 run)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.port_file.exists() and self.port_file.read_text().strip():
                return f"http://127.0.0.1:{self.port_file.read_text().strip()}"
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited with {self.process.returncode}: {self.stderr}")
            time.sleep(0.05)
        raise RuntimeError("serve did not start listening")

    def post(self, body: bytes, headers: dict[str, str], path: str = "/hooks") -> requests.Response:
        return self.session.post(
            f"{self.url}{path}", data=body, headers={"Content-Type": "application/json", **headers}
        )

    def health(self) -> dict[str, Any]:
        return self.session.get(f"{self.url}/health", timeout=10).json()

    def stop(self, timeout: float = 180) -> int:
        """SIGTERM, as a container runtime sends it; returns the exit code and keeps stderr (the JSON log lines).
        The same 180 s deadline as starting: a drained relay exits in about a second, but a CI run once saw one
        take more than 60 s on a loaded machine, and a failure should then show what the relay was doing."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"serve still running {timeout:g} s after SIGTERM; its log:\n{self.stderr}") from None

    def __enter__(self) -> RelayProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def jira_delivery(
    secret: str, number: int, delivery_id: str | None = None, sent_ms: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """An admin-webhook delivery: HMAC-SHA256 of the raw body in `X-Hub-Signature: sha256=<hex>`."""
    body = json.dumps(
        {
            "timestamp": sent_ms if sent_ms is not None else int(time.time() * 1000),
            "webhookEvent": "jira:issue_updated",
            "issue_event_type_name": "issue_generic",
            "issue": {"id": str(10000 + number), "key": f"ED-{number}", "fields": {"summary": f"Issue {number}"}},
        }
    ).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "X-Hub-Signature": signature,
        "X-Atlassian-Webhook-Identifier": delivery_id or str(uuid.uuid4()),
        "X-Atlassian-Webhook-Flow": "Primary",
    }
    return body, headers


def octopus_delivery(secret: str, number: int, category: str = "DeploymentSucceeded") -> tuple[bytes, dict[str, str]]:
    """A subscription delivery: one event per POST, the secret in the subscription's header."""
    now = datetime.now(UTC).isoformat()
    event = {
        "Id": f"Events-{number}",
        "Category": category,
        "RelatedDocumentIds": ["Deployments-1"],
        "SpaceId": "Spaces-1",
    }
    body = json.dumps(
        {
            "Timestamp": now,
            "EventType": "SubscriptionPayload",
            "Payload": {"Event": event, "BatchId": str(uuid.uuid4())},
        }
    )
    return body.encode(), {SECRET_HEADER: secret}
