"""What one debounce window ends in: an incremental sync.

- `AirbyteSyncTrigger`: Airbyte's public API, `POST {api_url}/jobs` `{"connectionId": ..., "jobType": "sync"}` with a
  bearer token, or with client credentials exchanged at `POST {api_url}/applications/token`. Airbyte answers 409
  (`try-again-later` / `state-conflict`, "A sync is already running for: <id>") while the connection syncs; the
  trigger then waits politely (doubling from `conflict_wait` up to 5 minutes) and asks again, because the running
  sync may have started before the events of this window.
- `MainJobTrigger`: with no Airbyte platform, the project's main job (`python -m source_jira_octopus.warehouse
  --config <config>`, an incremental load into the warehouse) in a subprocess.

Both requests go through the core's `ServiceClient` (error table, Retry-After backoff, TLS, secret masking).
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.airbyte_secrets_utils import add_to_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException
from requests.auth import AuthBase

from source_jira_octopus.config.webhooks import AirbyteApi
from source_jira_octopus.http.budget import per_second_budget
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.errors import COMMON_ERROR_RULES, CONFIG, FAIL, ErrorRule, ErrorTable
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.settings import HttpSettings

AIRBYTE_ERROR_MAPPING: ErrorTable = {
    **COMMON_ERROR_RULES,
    401: ErrorRule(
        FAIL,
        CONFIG,
        "Airbyte did not accept `webhooks.airbyte.access_token` (or the token made from `client_id` and "
        "`client_secret`). Create an application under Settings > Applications and use its client id and secret.",
    ),
    403: ErrorRule(
        FAIL,
        CONFIG,
        "The Airbyte user or application may not run syncs of this connection: it needs the workspace role "
        "'workspace_runner' (or editor/admin) in the connection's workspace.",
    ),
    404: ErrorRule(FAIL, CONFIG, "Check `webhooks.airbyte.api_url` (…/v1) and `webhooks.airbyte.connection_id`."),
}
SYNC_RUNNING = {409: "a sync of this connection is already running; asking again after a pause"}
MAX_CONFLICT_WAIT = 300.0
MAX_CONFLICTS = 12  # about 45 minutes of doubling pauses from 15 s, capped at 5 minutes each


class _Bearer(AuthBase):
    def __init__(self, token: Any) -> None:
        self._token = token  # a callable: the token may be refreshed between requests

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        token = self._token()
        if token:
            request.headers["Authorization"] = f"Bearer {token}"
        return request


class AirbyteSyncTrigger:
    def __init__(
        self,
        api: AirbyteApi,
        logger: logging.Logger,
        verify: bool | str = True,
        timeout_seconds: float = 60,
        conflict_wait: float = 15.0,
        sleep: Any = time.sleep,
    ) -> None:
        self._api, self._logger, self._conflict_wait, self._sleep = api, logger, conflict_wait, sleep
        self._token: tuple[str, float] | None = (api.access_token, float("inf")) if api.access_token else None
        self._lock = threading.Lock()
        settings = HttpSettings(
            "Airbyte API",
            AIRBYTE_ERROR_MAPPING,
            _Bearer(self._current_token),
            per_second_budget(5),
            timeout_seconds,
            verify,
        )
        token_settings = HttpSettings(
            "Airbyte API", AIRBYTE_ERROR_MAPPING, _Bearer(lambda: None), per_second_budget(5), timeout_seconds, verify
        )
        self._jobs = ServiceClient(settings, api.api_url, logger, "airbyte_jobs", SYNC_RUNNING)
        self._tokens = ServiceClient(token_settings, api.api_url, logger, "airbyte_token")

    def describe(self) -> str:
        return f"Airbyte connection {self._api.connection_id} at {self._api.api_url}"

    def __call__(self, events: int) -> str:
        """Starts one sync; returns what the log says (the job id)."""
        wait = self._conflict_wait
        body = {"connectionId": self._api.connection_id, "jobType": "sync"}
        for _ in range(MAX_CONFLICTS):
            response = self._jobs.send("POST", "jobs", body=body)
            if response.status_code != 409:
                job = json_body(response)
                return f"Airbyte job {job.get('jobId')} ({job.get('status')}) for {events} events"
            self._logger.info(f"Airbyte: a sync of {self._api.connection_id} is running; asking again in {wait:g} s")
            self._sleep(wait)
            wait = min(wait * 2, MAX_CONFLICT_WAIT)
        raise AirbyteTracedException(
            message=f"Airbyte: a sync of {self._api.connection_id} was still running after {MAX_CONFLICTS} attempts; "
            "the events of this window are left to the next sync.",
            failure_type=FailureType.transient_error,
        )

    def _current_token(self) -> str | None:
        with self._lock:
            if self._token is None or self._token[1] <= time.monotonic():
                self._token = self._new_token()
            return self._token[0]

    def _new_token(self) -> tuple[str, float]:
        """`POST applications/token` -> {"access_token", "token_type": "Bearer", "expires_in": 180}"""
        answer = self._tokens.post(
            "applications/token",
            {
                "client_id": self._api.client_id,
                "client_secret": self._api.client_secret,
                "grant_type": "client_credentials",
            },
        )
        lifetime, token = float(answer.get("expires_in") or 180), str(answer["access_token"])
        add_to_secrets(token)  # masked in every log line, like the config's secrets
        return token, time.monotonic() + max(lifetime - 30, lifetime / 2)


class MainJobTrigger:
    """Runs the warehouse load; `command` replaces it (the process gets the config path as its last argument)."""

    def __init__(self, config_path: str, logger: logging.Logger, command: Sequence[str] | None = None) -> None:
        self._command = [*(command or (sys.executable, "-m", "source_jira_octopus.warehouse", "--config")), config_path]
        self._logger = logger

    def describe(self) -> str:
        return "the main job: " + " ".join(self._command)

    def __call__(self, events: int) -> str:
        started = time.monotonic()
        finished = subprocess.run(self._command, capture_output=True, text=True, check=False)
        took = time.monotonic() - started
        if finished.returncode != 0:
            tail = (finished.stderr or finished.stdout or "").strip().splitlines()[-3:]
            raise AirbyteTracedException(
                message=f"The main job exited with {finished.returncode} after {took:.1f} s: {' | '.join(tail)}",
                failure_type=FailureType.system_error,
            )
        return f"the main job finished in {took:.1f} s for {events} events"
