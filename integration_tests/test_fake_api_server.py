"""FakeApiServer controls: faults, hooks, latency, request log, configs, HTTP details and the CLI."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer, FakeClock, FakeCredentials, FakeDataset
from jira_octopus_sample_api.clients import jira_session, octopus_session

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=60) as running:
        yield running


# ---- faults ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "headers", "service_path", "body_key"),
    [
        (429, {"Retry-After": "3"}, "/rest/api/3/field", "errorMessages"),
        (429, {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, "/api/spaces", "ErrorMessage"),
        (503, {}, "/rest/api/3/status", "errorMessages"),
        (500, {}, "/api/Spaces-1/projects", "ErrorMessage"),
        (401, {"WWW-Authenticate": "Basic"}, "/rest/api/3/myself", "errorMessages"),
    ],
)
def test_injected_fault_is_served_then_normal_answers_resume(
    server: FakeApiServer, status: int, headers: dict[str, str], service_path: str, body_key: str
) -> None:
    server.faults.add(re.escape(service_path) + "$", status, times=2, headers=headers)
    session = jira_session(server) if service_path.startswith("/rest") else octopus_session(server)
    responses = [session.get(server.base_url + service_path) for _ in range(3)]
    assert [r.status_code for r in responses] == [status, status, 200]
    for name, value in headers.items():
        assert responses[0].headers[name] == value
    assert body_key in responses[0].json()
    assert [r.injected_fault for r in server.requests] == [True, True, False]
    assert server.faults.pending == 0


def test_fault_body_method_filter_and_order(server: FakeApiServer) -> None:
    jira = jira_session(server)
    server.faults.add("/search/jql", 400, body={"errorMessages": ["custom"], "errors": {}}, method="POST")
    server.faults.add("/search/jql", 502, body="<html>bad gateway</html>", headers={"Content-Type": "text/html"})
    get = jira.get(server.base_url + "/rest/api/3/search/jql", params={"jql": "id > 0"})
    post = jira.post(server.base_url + "/rest/api/3/search/jql", json={"jql": "id > 0"})
    assert (get.status_code, get.headers["Content-Type"], get.text) == (502, "text/html", "<html>bad gateway</html>")
    assert (post.status_code, post.json()) == (400, {"errorMessages": ["custom"], "errors": {}})
    with pytest.raises(ValueError):
        server.faults.add("x", 500, times=0)


def test_faults_apply_before_authentication(server: FakeApiServer) -> None:
    server.faults.add("/api/spaces", 429, headers={"Retry-After": "1"})
    assert requests.get(server.base_url + "/api/spaces").status_code == 429
    assert requests.get(server.base_url + "/api/spaces").status_code == 401


# ---- hooks ----------------------------------------------------------------------------------------------
def test_hook_runs_once_after_the_nth_served_request(server: FakeApiServer) -> None:
    calls: list[tuple[str, int]] = []
    server.add_hook(
        "/rest/api/3/field$", lambda dataset, request: calls.append((request.path, request.status)), after_nth=2
    )
    server.faults.add("/rest/api/3/field$", 503)  # injected faults do not count
    jira = jira_session(server)
    statuses = [jira.get(server.base_url + "/rest/api/3/field").status_code for _ in range(4)]
    assert statuses == [503, 200, 200, 200]
    assert calls == [("/rest/api/3/field", 200)]


def test_hook_edit_is_visible_to_the_next_request_not_the_current_one(server: FakeApiServer) -> None:
    target = server.dataset.jira_issues[0]["id"]
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    server.add_hook("/search/jql$", lambda dataset, _: dataset.touch_issues([target], when))
    jira, body = jira_session(server), {"jql": f"id = {target}", "fields": ["updated"]}
    first, second = (jira.post(server.base_url + "/rest/api/3/search/jql", json=body).json() for _ in range(2))
    assert first["issues"][0]["fields"]["updated"] != "2025-01-02T03:04:05.000+0000"
    assert second["issues"][0]["fields"]["updated"] == "2025-01-02T03:04:05.000+0000"


def test_hook_errors_are_collected_not_fatal(server: FakeApiServer) -> None:
    server.add_hook("/api/spaces$", lambda dataset, request: 1 / 0)
    assert octopus_session(server).get(server.base_url + "/api/spaces").status_code == 200
    assert len(server.hook_errors) == 1 and isinstance(server.hook_errors[0], ZeroDivisionError)


# ---- log, latency, HTTP details --------------------------------------------------------------------------
def test_request_log_records_every_detail(server: FakeApiServer) -> None:
    jira_session(server).post(server.base_url + "/rest/api/3/search/jql?x=1&x=2", json={"jql": "id > 1"})
    requests.post(server.base_url + "/oauth/token", data={"grant_type": "refresh_token"})
    octopus_session(server).get(server.base_url + "/api/Spaces-1/projects", params={"skip": 0, "take": 5})
    jira_request, oauth_request, octopus_request = server.requests
    assert (
        jira_request.service,
        jira_request.method,
        jira_request.query,
        jira_request.json_body,
        jira_request.status,
    ) == ("jira", "POST", {"x": ["1", "2"]}, {"jql": "id > 1"}, 200)
    assert jira_request.header("authorization").startswith("Basic ")
    assert (oauth_request.service, oauth_request.status, oauth_request.json_body) == ("oauth", 401, None)
    assert (octopus_request.service, octopus_request.param("take")) == ("octopus", "5")
    server.clear_requests()
    assert server.requests == []


def test_request_log_is_safe_under_concurrency(server: FakeApiServer) -> None:
    def worker() -> None:
        session = octopus_session(server)
        for _ in range(25):
            session.get(server.base_url + "/api/spaces")

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.requests) == 150 and {r.status for r in server.requests} == {200}


@pytest.mark.xdist_group("timing")  # measures the added latency
def test_latency_is_added_before_every_response(server: FakeApiServer) -> None:
    server.latency_seconds = 0.2
    started = time.monotonic()
    octopus_session(server).get(server.base_url + "/api/spaces")
    assert time.monotonic() - started >= 0.2


def test_keep_alive_and_headers(server: FakeApiServer) -> None:
    session = octopus_session(server)
    first = session.get(server.base_url + "/api/spaces")
    second = session.get(server.base_url + "/api/users/me")
    assert first.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert first.headers.get("Connection", "keep-alive").lower() != "close"
    assert int(first.headers["Content-Length"]) == len(first.content)
    assert "ETag" not in first.headers and second.status_code == 200


def test_date_header_and_server_time_follow_a_frozen_clock() -> None:
    frozen = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    clock = FakeClock(frozen)
    with FakeApiServer(clock=clock, size=20) as server:
        first = requests.get(server.base_url + "/rest/api/3/serverInfo")
        clock.advance(timedelta(hours=1))
        second = requests.get(server.base_url + "/rest/api/3/serverInfo")
    assert parsedate_to_datetime(first.headers["Date"]) == frozen
    assert first.json()["serverTime"] == "2026-03-04T05:06:07.000+0000"
    assert second.json()["serverTime"] == "2026-03-04T06:06:07.000+0000"


def test_clock_before_the_default_anchor_keeps_data_in_the_past() -> None:
    clock = FakeClock(datetime(2024, 2, 1, tzinfo=UTC))
    with FakeApiServer(clock=clock, size=50) as server:
        latest = max(i["fields"]["updated"] for i in server.dataset.jira_issues)
    assert latest <= "2024-02-01T00:00:00.000+0000"


def test_unknown_paths_use_each_apis_error_shape(server: FakeApiServer) -> None:
    jira = jira_session(server).get(server.base_url + "/nothing/here")
    octopus = octopus_session(server).get(server.base_url + "/api/nothing")
    oauth = requests.get(server.base_url + "/oauth/nothing")
    assert (jira.status_code, "errorMessages" in jira.json()) == (404, True)
    assert (octopus.status_code, "ErrorMessage" in octopus.json()) == (404, True)
    assert (oauth.status_code, oauth.json()) == (404, {"code": 404, "message": "Not Found"})


# ---- configs ---------------------------------------------------------------------------------------------
def test_connector_config_points_here_with_working_credentials(server: FakeApiServer) -> None:
    config = server.connector_config()
    assert config["jira"]["base_url"] == config["octopus"]["server_url"] == server.base_url
    assert config["webhooks"] == {"verify_permissions": False}
    assert (config["max_concurrent_requests"], config["request_timeout_seconds"]) == (8, 30)
    credentials = config["jira"]["credentials"]
    ok = requests.get(server.base_url + "/rest/api/3/myself", auth=(credentials["email"], credentials["api_token"]))
    octopus = requests.get(server.base_url + "/api/spaces", headers={"X-Octopus-ApiKey": config["octopus"]["api_key"]})
    assert (ok.status_code, octopus.status_code) == (200, 200)


def test_connector_config_overrides(server: FakeApiServer) -> None:
    config = server.connector_config(
        jira={"projects": ["PLAT"], "page_size": None}, octopus=None, max_concurrent_requests=2
    )
    assert config["jira"]["projects"] == ["PLAT"] and "page_size" not in config["jira"]
    assert config["jira"]["base_url"] == server.base_url
    assert "octopus" not in config and config["max_concurrent_requests"] == 2
    server.jira_deployment = "data_center"
    assert server.connector_config()["jira"]["credentials"]["auth_type"] == "personal_access_token"
    assert server.jira_credentials_config("oauth2")["refresh_token"] == server.oauth_refresh_token
    with pytest.raises(ValueError):
        server.jira_deployment = "server"


def test_custom_credentials_and_a_given_dataset_are_used() -> None:
    dataset = FakeDataset.generate(seed=3, size=30)
    credentials = FakeCredentials(octopus_api_key="API-CUSTOM", jira_api_token="secret")
    with FakeApiServer(dataset, credentials=credentials) as server:
        assert server.dataset is dataset
        assert octopus_session(server).get(server.base_url + "/api/spaces").status_code == 200
        assert (
            requests.get(server.base_url + "/rest/api/3/myself", auth=(credentials.jira_email, "secret")).status_code
            == 200
        )


def test_server_can_restart_and_reports_a_clear_error_when_stopped() -> None:
    server = FakeApiServer(size=10)
    with pytest.raises(RuntimeError):
        _ = server.base_url
    server.start()
    first_url = server.base_url
    server.stop()
    server.start()
    try:
        assert octopus_session(server).get(server.base_url + "/api/spaces").status_code == 200
    finally:
        server.stop()
    assert first_url.startswith("http://127.0.0.1:")


# ---- command line ------------------------------------------------------------------------------------------
@pytest.mark.slow  # the fake as a process
def test_cli_serves_writes_config_and_stops_on_sigterm(tmp_path: Path) -> None:
    config_path = tmp_path / "config.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jira_octopus_sample_api",
            "--port",
            "0",
            "--size",
            "40",
            "--jira-deployment",
            "data_center",
            "--write-config",
            str(config_path),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        config = json.loads(config_path.read_text())
        base_url = config["jira"]["base_url"]
        assert base_url in banner
        info = requests.get(base_url + "/rest/api/2/serverInfo", timeout=5).json()
        assert info["deploymentType"] == "DataCenter"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
