"""`webhooks serve` end to end over loopback: signed Jira and Octopus deliveries into the real process, sync
requests out to the local stand-in for Airbyte's public API (which validates each against Airbyte's published
schemas), exactly one per debounce window; forged, replayed, stale, oversized and malformed deliveries refused
and never counted; Airbyte's 409 answered by asking again politely; SIGTERM fires the open window before exit;
without Airbyte the main job runs instead."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest

from source_jira_octopus.webhooks.octopus_hooks import SECRET_HEADER
from testkit.airbyte_api_standin import AirbyteApiStandIn
from testkit.webhook_relay import CONNECTION_ID, RelayProcess, jira_delivery, octopus_delivery, relay_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("timing"),
]  # the receiver as a process, and its debounce windows are timed

SECRET = "relay-secret-5f1d0c"
BASE = {"octopus": {"server_url": "https://octopus.example.com", "api_key": "API-RELAYTESTKEY000000000001"}}


@pytest.fixture
def airbyte():
    with AirbyteApiStandIn() as api:
        yield api
    assert not api.violations, api.violations


def client_credentials(api):
    return {
        "api_url": api.url,
        "connection_id": CONNECTION_ID,
        "client_id": api.client_id,
        "client_secret": api.client_secret,
    }


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def burst(relay, deliveries):
    with ThreadPoolExecutor(8) as pool:
        return [r.status_code for r in pool.map(lambda d: relay.post(*d), deliveries)]


def test_a_burst_of_signed_events_triggers_exactly_one_sync_per_window(airbyte, tmp_path):
    config = relay_config(BASE, SECRET, 2.0, client_credentials(airbyte))
    with RelayProcess(config, tmp_path) as relay:
        first = [jira_delivery(SECRET, i) for i in range(30)] + [octopus_delivery(SECRET, i) for i in range(10)]
        assert burst(relay, first) == [202] * 40
        assert wait_for(lambda: len(airbyte.accepted_jobs()) == 1)
        assert wait_for(lambda: relay.health()["idle"])
        time.sleep(2.5)  # a whole window later: still one
        assert len(airbyte.jobs) == 1
        assert burst(relay, [jira_delivery(SECRET, 100 + i) for i in range(5)]) == [202] * 5
        assert wait_for(lambda: len(airbyte.accepted_jobs()) == 2)
        health = relay.health()
        assert relay.stop() == 0
    assert (health["events_accepted"], health["syncs_triggered"], health["syncs_failed"]) == (45, 2, 0)
    assert [job.body for job in airbyte.jobs] == [{"connectionId": CONNECTION_ID, "jobType": "sync"}] * 2
    assert airbyte.token_requests == 1  # client credentials exchanged once, the token reused
    for secret in (SECRET, airbyte.client_secret, BASE["octopus"]["api_key"]):
        assert secret not in relay.stderr
    assert all(json.loads(line)["message"] for line in relay.stderr.splitlines())


def test_forged_replayed_stale_oversized_and_malformed_deliveries_are_refused(airbyte, tmp_path):
    config = relay_config(BASE, SECRET, 1.0, client_credentials(airbyte))
    with RelayProcess(config, tmp_path, "--max-body-bytes", "4096", "--replay-window", "600") as relay:
        body, headers = jira_delivery(SECRET, 1, delivery_id="delivery-1")
        forged_body, forged_headers = jira_delivery("not-the-secret", 2)
        sha1 = {**headers, "X-Hub-Signature": "sha1=" + headers["X-Hub-Signature"][7:]}
        octopus_body, octopus_headers = octopus_delivery(SECRET, 7)
        stale_body, stale_headers = jira_delivery(SECRET, 3, sent_ms=int((time.time() - 3600) * 1000))
        big_body, big_headers = jira_delivery(SECRET, 4)
        big_body = big_body[:-1] + b', "padding": "' + b"x" * 5000 + b'"}'
        cases = [
            ("forged signature", forged_body, forged_headers, 401),
            ("no signature", body, {}, 401),
            ("sha1 signature", body, sha1, 401),
            ("signature of another body", body + b" ", headers, 401),
            ("wrong Octopus secret", octopus_body, {SECRET_HEADER: SECRET + "x"}, 401),
            ("valid", body, headers, 202),
            ("replayed", body, headers, 409),
            ("valid Octopus", octopus_body, octopus_headers, 202),
            ("Octopus event delivered twice", octopus_body, octopus_headers, 409),
            ("outside the replay window", stale_body, stale_headers, 409),
            ("too large", big_body, big_headers, 413),
            ("signed but not JSON", b"[not json", {"X-Hub-Signature": _sign(b"[not json")}, 400),
        ]
        answers = [(name, relay.post(b, h).status_code) for name, b, h, _ in cases]
        assert answers == [(name, status) for name, _, _, status in cases]
        assert wait_for(lambda: len(airbyte.jobs) == 1)
        time.sleep(1.5)
        assert len(airbyte.jobs) == 1 and relay.health()["events_accepted"] == 2
        assert relay.stop() == 0
    refused = [json.loads(line) for line in relay.stderr.splitlines() if "delivery refused" in line]
    assert sorted(entry["status"] for entry in refused) == [400, 401, 401, 401, 401, 401, 409, 409, 409, 413]
    assert SECRET not in relay.stderr and headers["X-Hub-Signature"] not in relay.stderr


def _sign(body):
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


def test_a_running_sync_is_asked_again_politely_until_airbyte_accepts(airbyte, tmp_path):
    airbyte.busy_answers = 2
    api = {"api_url": airbyte.url, "connection_id": CONNECTION_ID, "access_token": airbyte.access_token}
    with RelayProcess(relay_config(BASE, SECRET, 0.3, api), tmp_path, "--conflict-wait", "0.4") as relay:
        assert relay.post(*jira_delivery(SECRET, 1)).status_code == 202
        assert wait_for(lambda: len(airbyte.accepted_jobs()) == 1)
        assert relay.stop() == 0
    assert [job.status for job in airbyte.jobs] == [409, 409, 200]
    pauses = [
        later.received_at - earlier.received_at for earlier, later in zip(airbyte.jobs, airbyte.jobs[1:], strict=False)
    ]
    assert pauses[0] >= 0.4 and pauses[1] >= 0.8  # doubling
    assert airbyte.token_requests == 0 and {job.authorization for job in airbyte.jobs} == {"Bearer"}
    assert "is running; asking again in 0.4 s" in relay.stderr


def test_sigterm_fires_the_open_window_before_the_process_exits(airbyte, tmp_path):
    with RelayProcess(relay_config(BASE, SECRET, 60.0, client_credentials(airbyte)), tmp_path) as relay:
        assert burst(relay, [jira_delivery(SECRET, i) for i in range(3)]) == [202] * 3
        assert airbyte.jobs == []  # the 60 s window is still open
        assert relay.stop() == 0
    assert len(airbyte.accepted_jobs()) == 1
    stopped = [json.loads(line) for line in relay.stderr.splitlines() if '"stopped"' in line]
    assert [(e["events_accepted"], e["syncs_triggered"]) for e in stopped] == [(3, 1)]


def test_without_airbyte_the_main_job_runs_once_per_window(tmp_path):
    marker, job = tmp_path / "runs.txt", tmp_path / "job.py"
    job.write_text("import sys\nwith open(sys.argv[1], 'a') as f:\n    f.write(sys.argv[-1] + '\\n')\n")
    command = f"{sys.executable} {job} {marker}"
    with RelayProcess(relay_config(BASE, SECRET, 5.0, None), tmp_path, "--main-job-command", command) as relay:
        assert burst(relay, [octopus_delivery(SECRET, i) for i in range(12)]) == [202] * 12
        assert wait_for(lambda: marker.exists() and relay.health()["syncs_triggered"] == 1)
        time.sleep(1.5)
        assert relay.stop() == 0
    assert marker.read_text().splitlines() == [str(relay.config_path)]
    assert "the main job finished" in relay.stderr


def test_oauth2_dynamic_webhook_deliveries_are_accepted_by_their_jwt(airbyte, tmp_path):
    app_secret = "oauth-client-secret-9c1e"
    jira = {
        "base_url": "https://acme.atlassian.net",
        "credentials": {"auth_type": "oauth2", "client_id": "cid", "client_secret": app_secret, "refresh_token": "r"},
    }
    config = relay_config({**BASE, "jira": jira}, SECRET, 0.5, client_credentials(airbyte))
    with RelayProcess(config, tmp_path) as relay:
        body = json.dumps({"timestamp": int(time.time() * 1000), "webhookEvent": "jira:issue_created"}).encode()
        signed = jwt.encode({"exp": int(time.time()) + 60}, app_secret, algorithm="HS256")
        forged = jwt.encode({"exp": int(time.time()) + 60}, "guess", algorithm="HS256")
        assert relay.post(body, {"Authorization": f"Bearer {forged}"}).status_code == 401
        assert (
            relay.post(body, {"Authorization": f"Bearer {signed}", "X-Atlassian-Webhook-Identifier": "d1"}).status_code
            == 202
        )
        assert wait_for(lambda: len(airbyte.accepted_jobs()) == 1)
        assert relay.stop() == 0
    assert app_secret not in relay.stderr and signed not in relay.stderr


def test_serve_refuses_to_start_without_a_secret(tmp_path):
    config = {**BASE, "webhooks": {"debounce_seconds": 1}}
    with pytest.raises(RuntimeError) as raised:
        RelayProcess(config, tmp_path)
    assert "`webhooks.secret` is required by `webhooks serve`" in str(raised.value)
