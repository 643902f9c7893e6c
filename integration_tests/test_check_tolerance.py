"""`check` is as tolerant as `read` (the same 5 retries on 429/5xx), refreshes an expired OAuth token like `read`,
and nothing the console script writes in the network scenarios contains a secret."""

from __future__ import annotations

import json
import logging
import random
import subprocess
from pathlib import Path

import pytest
from airbyte_cdk.models import Status

from jira_octopus_sample_api.exchange import ApiResponse
from source_jira_octopus import SourceJiraOctopus
from testkit.connector_process import CONSOLE_SCRIPT, ROOT
from testkit.loopback import LoopbackServer, SilentServer, redirect_to

pytestmark = pytest.mark.slow  # checks under faults and their backoff

LOGGER = logging.getLogger("airbyte")
FAULTS = ((503, "Service Unavailable"), (429, "Rate limit exceeded."), (500, "Internal server error"))


def test_twelve_checks_at_30_percent_injected_faults_all_succeed(fake_api):
    rng, injected = random.Random(7), []

    def flaky(request):  # type: ignore[no-untyped-def]
        if rng.random() >= 0.3:
            return None
        status, text = rng.choice(FAULTS)
        injected.append(status)
        return ApiResponse(status, {"errorMessages": [text], "ErrorMessage": text}, {"Retry-After": "0.01"})

    fake_api.faults.take = flaky
    config = fake_api.connector_config(webhooks={"verify_permissions": True})
    statuses = [SourceJiraOctopus(config).check(LOGGER, config) for _ in range(12)]
    assert [s.status for s in statuses] == [Status.SUCCEEDED] * 12, [s.message for s in statuses]
    print(f"faults injected: {len(injected)} over {len(fake_api.requests)} requests; 12/12 checks succeeded")
    assert len(injected) >= 12, "the test must actually inject faults"
    served = [r for r in fake_api.requests if not r.injected_fault]
    assert len(injected) / (len(injected) + len(served)) > 0.2


def run(tmp_path: Path, command: str, config: dict, catalog: dict | None = None) -> str:
    (tmp_path / "config.json").write_text(json.dumps(config))
    args = [CONSOLE_SCRIPT, command, "--config", str(tmp_path / "config.json")]
    if catalog is not None:
        (tmp_path / "catalog.json").write_text(json.dumps(catalog))
        args += ["--catalog", str(tmp_path / "catalog.json")]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


def catalog(*streams: str) -> dict:
    return {
        "streams": [
            {
                "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh"]},
                "sync_mode": "full_refresh",
                "destination_sync_mode": "overwrite",
            }
            for name in streams
        ]
    }


def scenarios(fake_api, servers):  # type: ignore[no-untyped-def]
    """(name, command, config, catalog) the console script runs; every byte it writes is searched."""
    redirecting = servers.enter_context(LoopbackServer(redirect_to("http://localhost:9")))
    silent = servers.enter_context(SilentServer())
    good = fake_api.connector_config(webhooks={"verify_permissions": True})
    dc = fake_api.connector_config(
        jira={"deployment": "data_center", "credentials": fake_api.jira_credentials_config("password")}
    )
    pat = fake_api.connector_config(
        jira={"deployment": "data_center", "credentials": fake_api.jira_credentials_config("personal_access_token")}
    )
    return [
        ("check-ok", "check", good, None),
        ("check-dc-password", "check", dc, None),
        ("check-dc-pat", "check", pat, None),
        (
            "check-wrong-server-for-octopus",
            "check",
            fake_api.connector_config(octopus={"server_url": redirecting.url}),
            None,
        ),
        (
            "check-silent",
            "check",
            fake_api.connector_config(octopus={"server_url": silent.url}, request_timeout_seconds=5),
            None,
        ),
        ("read-ok", "read", good, catalog("jira_statuses", "octopus_environments")),
        ("read-401", "read", good, catalog("jira_priorities", "octopus_projects")),
    ]


def test_no_secret_in_anything_the_console_script_writes(fake_api, tmp_path):
    from contextlib import ExitStack

    c = fake_api.credentials
    secrets = [
        c.jira_api_token,
        c.jira_password,
        c.jira_personal_access_token,
        c.octopus_api_key,
        c.oauth_client_secret,
        c.oauth_refresh_token,
        c.oauth_access_token,
    ]
    fake_api.faults.add(r"/rest/api/3/priority", 401, times=5)
    fake_api.faults.add(r"/api/Spaces-\d+/projects", 401, times=5)
    written = {}
    with ExitStack() as servers:
        for name, command, config, cat in scenarios(fake_api, servers):
            written[name] = run(tmp_path, command, config, cat)
    assert all(written.values()), "every scenario must write something"
    leaks = {name: [s for s in secrets if s in text] for name, text in written.items()}
    assert not any(leaks.values()), leaks
    assert "redirected to" in written["check-wrong-server-for-octopus"]
    assert "timed out" in written["check-silent"]
