"""FakeApiServer options for benchmarks: HTTPS, Cloud's legacy search, realistic issues, serving times, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.__main__ import build_server, control_answer, parse_args
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.exchange import RecordedRequest
from jira_octopus_sample_api.request_stats import endpoint_of, summarize
from jira_octopus_sample_api.spec_validation import jira_response_validator, schema_errors

REPO_ROOT = Path(__file__).resolve().parents[1]
LEGACY_EXPAND = "renderedFields,transitions,changelog"


@pytest.fixture(scope="module")
def tls_server() -> Iterator[FakeApiServer]:
    with FakeApiServer(seed=7, size=120, tls=True) as running:
        yield running


def test_tls_serves_https_that_only_its_ca_verifies(tls_server: FakeApiServer, tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    ca_file.write_text(tls_server.ca_pem or "")
    assert tls_server.base_url.startswith("https://127.0.0.1:")
    info = requests.get(tls_server.base_url + "/rest/api/3/serverInfo", verify=str(ca_file), timeout=5)
    assert info.json()["baseUrl"] == tls_server.base_url
    localhost = tls_server.base_url.replace("127.0.0.1", "localhost")
    assert requests.get(localhost + "/api", verify=str(ca_file), timeout=5).status_code == 200
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(tls_server.base_url + "/api", timeout=5)  # public CAs only


def test_tls_connector_config_carries_the_ca_and_https_urls(tls_server: FakeApiServer) -> None:
    config = tls_server.connector_config()
    assert config["ca_certificate"] == tls_server.ca_pem and "BEGIN CERTIFICATE" in config["ca_certificate"]
    assert config["jira"]["base_url"].startswith("https://") and config["octopus"]["server_url"].startswith("https://")


def test_legacy_search_is_gone_unless_asked_for() -> None:
    with FakeApiServer(seed=7, size=120) as server:
        assert jira_session(server).get(server.base_url + "/rest/api/3/search", params={"jql": ""}).status_code == 410


def test_legacy_search_pages_like_cloud_did_before_the_removal() -> None:
    with FakeApiServer(seed=7, size=120, legacy_search=True) as server:
        session, found, start = jira_session(server), [], 0
        while True:
            params = {
                "jql": "updated >= 1577836800000 ORDER BY updated asc",
                "fields": "*all",
                "expand": LEGACY_EXPAND,
                "maxResults": 50,
                "startAt": start,
            }
            page = session.get(server.base_url + "/rest/api/3/search", params=params).json()
            assert not schema_errors(jira_response_validator("/rest/api/3/search"), page)
            assert page["startAt"] == start and page["total"] == 120
            found += page["issues"]
            start += 50
            if start >= page["total"]:
                break
        capped = session.get(server.base_url + "/rest/api/3/search", params={"maxResults": 500}).json()
    assert len({i["id"] for i in found}) == 120 and capped["maxResults"] == 100
    assert all({"renderedFields", "transitions", "changelog"} <= set(issue) for issue in found)
    assert isinstance(found[0]["fields"]["comment"]["comments"], list)


@pytest.mark.parametrize(("option", "limited"), [([], False), (["--burst-limit", "1"], True)])
def test_cli_burst_limit_answers_429_over_the_rate_per_credential(option: list[str], limited: bool) -> None:
    with build_server(parse_args(["--port", "0", "--size", "10", *option])) as server:
        session = jira_session(server)
        answers = [session.get(server.base_url + "/rest/api/3/myself") for _ in range(6)]
    statuses = [answer.status_code for answer in answers]
    assert statuses[0] == 200 and (429 in statuses) is limited  # a bucket of 1: 6 requests in well under 5 s
    for answer in answers:
        if answer.status_code == 429:
            assert answer.headers["RateLimit-Reason"] == "jira-burst-based" and int(answer.headers["Retry-After"]) >= 1


def test_control_burst_command_turns_the_limit_on_and_off() -> None:
    with build_server(parse_args(["--port", "0", "--size", "10", "--burst-limit", "1"])) as server:
        session = jira_session(server)

        def statuses() -> list[int]:
            return [session.get(server.base_url + "/rest/api/3/myself").status_code for _ in range(6)]

        assert 429 in statuses()
        assert control_answer(server, "burst 0") == {"burst": 0.0} and set(statuses()) == {200}
        assert control_answer(server, "burst 1") == {"burst": 1.0}
        limited = statuses()
        assert limited[0] == 200 and 429 in limited
        assert "error" in (control_answer(server, "burst") or {}) and control_answer(server, "quit") is None


def test_realistic_profile_makes_large_deterministic_issues() -> None:
    bodies = []
    for _ in range(2):
        with FakeApiServer(seed=3, size=300, issue_profile="realistic", port=0) as server:
            body = {"jql": "updated >= 0 ORDER BY id ASC", "fields": ["*all"], "maxResults": 100}
            response = jira_session(server).post(server.base_url + "/rest/api/3/search/jql", json=body)
            bodies.append(json.dumps(response.json()["issues"]).replace(server.base_url, "BASE"))
            names = {f["id"] for f in jira_session(server).get(server.base_url + "/rest/api/3/field").json()}
    issues = json.loads(bodies[0])
    mean = sum(len(json.dumps(i, separators=(",", ":"))) for i in issues) / len(issues)
    assert bodies[0] == bodies[1] and 8_000 < mean < 16_000
    assert {"customfield_10050", "customfield_10057"} <= names
    assert all(i["fields"]["description"]["type"] == "doc" for i in issues)
    with pytest.raises(ValueError):
        FakeApiServer(size=10, issue_profile="huge")


@pytest.mark.xdist_group("timing")  # measures how the latency overlaps
def test_requests_record_their_serving_time_without_the_latency() -> None:
    latency = 1.0  # far above what serving one page costs, even on a loaded 2-core machine (0.3 s was not)
    with FakeApiServer(seed=7, size=120, latency_seconds=latency) as server:

        def search() -> None:
            jira_session(server).post(
                server.base_url + "/rest/api/3/search/jql",
                json={"jql": "updated >= 0", "fields": ["*all"], "maxResults": 100},
            )

        threads = [threading.Thread(target=search) for _ in range(8)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        recorded = server.requests
    assert len(recorded) == 8 and all(0 < r.serve_seconds < latency for r in recorded)
    assert elapsed < 8 * latency  # the latency overlapped: a serial server needs 8 s
    assert server.serving_seconds(r"/search/jql$") == pytest.approx(sum(r.serve_seconds for r in recorded))
    assert server.serving_seconds(r"/nothing$") == 0


@pytest.mark.parametrize(
    ("method", "path", "endpoint"),
    [
        ("GET", "/rest/api/3/issue/10001/comment", "GET /rest/api/3/issue/{issueIdOrKey}/comment"),
        ("GET", "/rest/api/2/issue/PLAT-7", "GET /rest/api/2/issue/{issueIdOrKey}"),
        ("GET", "/rest/api/3/project/PLAT/version", "GET /rest/api/3/project/{projectIdOrKey}/version"),
        ("GET", "/rest/api/3/project/search", "GET /rest/api/3/project/search"),
        ("POST", "/rest/api/3/search/jql", "POST /rest/api/3/search/jql"),
        ("GET", "/api/Spaces-2/releases/Releases-17", "GET /api/{spaceId}/releases/{id}"),
    ],
)
def test_endpoints_group_requests_by_template(method: str, path: str, endpoint: str) -> None:
    request = RecordedRequest(
        method=method, path=path, query={}, headers={}, json_body=None, status=200, serve_seconds=0.5
    )
    assert endpoint_of(request) == endpoint
    assert summarize([request, request]) == {endpoint: {"requests": 2, "serve_seconds": 1.0, "statuses": {"200": 2}}}


@pytest.mark.slow  # the fake as a process
def test_cli_with_tls_and_control_reports_stats(tmp_path: Path) -> None:
    config_path, ca_path = tmp_path / "config.json", tmp_path / "ca.pem"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jira_octopus_sample_api",
            "--port",
            "0",
            "--size",
            "40",
            "--tls",
            "--legacy-search",
            "--issue-profile",
            "realistic",
            "--write-config",
            str(config_path),
            "--write-ca",
            str(ca_path),
            "--control",
        ],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None and process.stdin is not None
        assert "https://127.0.0.1:" in process.stdout.readline()
        config = json.loads(config_path.read_text())
        credentials = (config["jira"]["credentials"]["email"], config["jira"]["credentials"]["api_token"])
        response = requests.get(
            config["jira"]["base_url"] + "/rest/api/3/search", auth=credentials, verify=str(ca_path), timeout=5
        )
        assert response.status_code == 200 and config["ca_certificate"] == ca_path.read_text()
        process.stdin.write("stats\n")
        process.stdin.flush()
        stats = json.loads(process.stdout.readline())["stats"]
        assert stats["GET /rest/api/3/search"]["requests"] == 1
        process.stdin.write("quit\n")
        process.stdin.flush()
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
