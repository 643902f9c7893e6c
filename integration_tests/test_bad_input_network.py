"""The bad-input catalogue for credentials, permissions, TLS and server answers, over real loopback HTTP.

Each case runs `check` (status and message) or `read` (the TRACE's failure_type and message) and asserts the key
words a user needs. Slow failures are bounded by the connections the test's own server saw, never by wall clock.
Every case also asserts that no configured secret appears in anything the connector wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from airbyte_cdk.models import Status

from jira_octopus_sample_api import FakeApiServer
from source_jira_octopus import SourceJiraOctopus
from source_jira_octopus.jira import auth
from testkit.contract_guard import contract_violations
from testkit.loopback import (
    LoopbackServer,
    SilentServer,
    answer_json,
    proxy_to,
    redirect_to,
    self_signed_certificate,
    tls_context,
)
from testkit.reading import read_streams

pytestmark = pytest.mark.slow  # silent servers, timeouts and faults

LOGGER = logging.getLogger("airbyte")
HTML = {"body": "<html><body>Please log in</body></html>", "headers": {"Content-Type": "text/html"}}
FAST = {"Retry-After": "0.01"}


@dataclass
class World:
    """What a case can touch: the fake API, loopback servers it starts, and a temp directory."""

    fake: FakeApiServer
    tmp_path: Any
    monkeypatch: pytest.MonkeyPatch
    servers: list[Any] = field(default_factory=list)

    def start(self, server: Any) -> Any:
        self.servers.append(server.__enter__())
        return server

    def tls_server(self, respond: Any) -> LoopbackServer:
        cert, key, self.pem = self_signed_certificate(self.tmp_path)
        return self.start(LoopbackServer(respond, tls_context(cert, key)))

    def oauth(self, **credentials: Any) -> dict[str, Any]:
        self.monkeypatch.setattr(auth, "ATLASSIAN_AUTH_URL", self.fake.base_url)
        self.monkeypatch.setattr(auth, "ATLASSIAN_API_URL", self.fake.base_url)
        creds = {**self.fake.jira_credentials_config("oauth2"), **credentials}
        return self.fake.connector_config(jira={"credentials": {k: v for k, v in creds.items() if v is not None}})


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[World], dict[str, Any]]  # returns the config
    words: tuple[str, ...]  # key words of the user-facing message (all must appear)
    status: Status | None = Status.FAILED  # for `check`; None: run `read` of `streams` instead
    failure_type: str | None = None  # for `read`
    streams: tuple[str, ...] = ()
    attempts: int | None = None  # connections the case's own server must have seen


def jira_config(w: World) -> dict[str, Any]:  # a retry budget of 1.2 s: storms fail fast
    return w.fake.connector_config(octopus=None, request_timeout_seconds=5, max_retry_minutes=0.02)


def octopus_config(w: World, **octopus: Any) -> dict[str, Any]:
    return w.fake.connector_config(jira=None, octopus=octopus, request_timeout_seconds=5, max_retry_minutes=0.02)


def with_fault(pattern: str, status: int, times: int = 100_000, **kw: Any) -> Callable[[World], None]:
    return lambda w: w.fake.faults.add(pattern, status, times=times, **kw)


def faulted(fault: Callable[[World], None], config: Callable[[World], dict[str, Any]]) -> Callable[[World], dict]:
    def setup(w: World) -> dict[str, Any]:
        fault(w)
        return config(w)

    return setup


def not_admin(webhooks: dict[str, Any] | None) -> Callable[[World], dict[str, Any]]:
    def setup(w: World) -> dict[str, Any]:
        w.fake.jira_admin = False
        return w.fake.connector_config(octopus=None, webhooks=webhooks)

    return setup


def octopus_without_subscriptions(webhooks: dict[str, Any] | None) -> Callable[[World], dict[str, Any]]:
    def setup(w: World) -> dict[str, Any]:
        w.fake.octopus_permissions = {space: {"SpaceView", "ProjectView"} for space in w.fake.octopus_permissions}
        return w.fake.connector_config(jira=None, webhooks=webhooks)

    return setup


def silent(service: str) -> Callable[[World], dict[str, Any]]:
    def setup(w: World) -> dict[str, Any]:
        server = w.start(SilentServer())
        return counted(w, server, service, server.url, request_timeout_seconds=5)

    return setup


def counted(w: World, server: Any, service: str, url: str, **extra: Any) -> dict[str, Any]:
    w.counted = server
    key = "base_url" if service == "jira" else "server_url"
    drop = "octopus" if service == "jira" else "jira"
    return {k: v for k, v in w.fake.connector_config(**{service: {key: url}}, **extra).items() if k != drop}


def https_to_plain_port(w: World) -> dict[str, Any]:
    server = w.start(LoopbackServer(answer_json()))
    return counted(w, server, "octopus", server.url.replace("http://", "https://"))


def http_to_tls_port(w: World) -> dict[str, Any]:
    server = w.tls_server(answer_json())
    return counted(w, server, "octopus", server.url.replace("https://", "http://"), request_timeout_seconds=5)


def untrusted_certificate(w: World) -> dict[str, Any]:
    server = w.tls_server(proxy_to(w.fake.base_url))
    return counted(w, server, "jira", server.url)


def trusted_private_ca(w: World) -> dict[str, Any]:
    server = w.tls_server(proxy_to(w.fake.base_url))
    return counted(w, server, "jira", server.url, ca_certificate=w.pem)


def redirect_to_other_host(w: World) -> dict[str, Any]:
    catcher = w.start(LoopbackServer(answer_json()))
    w.catcher = catcher
    other_host = catcher.url.replace("127.0.0.1", "localhost")
    server = w.start(LoopbackServer(redirect_to(other_host)))
    return counted(w, server, "octopus", server.url)


def http_upgraded_to_https(w: World) -> dict[str, Any]:
    tls = w.tls_server(proxy_to(w.fake.base_url))
    server = w.start(LoopbackServer(redirect_to(tls.url, 308)))
    return counted(w, server, "octopus", server.url, ca_certificate=w.pem)


def project_key(index: int = 0) -> Callable[[World], str]:
    return lambda w: sorted(p["key"] for p in w.fake.dataset.jira_projects)[index]


def with_projects(keys: Callable[[World], list[str]], deployment: str = "cloud") -> Callable[[World], dict]:
    def setup(w: World) -> dict[str, Any]:
        w.fake.jira_deployment = deployment
        return w.fake.connector_config(octopus=None, jira={"projects": keys(w)})

    return setup


def invisible_space(w: World) -> dict[str, Any]:
    return w.fake.connector_config(jira=None, octopus={"spaces": ["Spaces-1", "Spaces-999"]})


def bad_jira_credentials(deployment: str, **credentials: str) -> Callable[[World], dict[str, Any]]:
    def setup(w: World) -> dict[str, Any]:
        w.fake.jira_deployment = deployment
        auth_type = credentials.pop("auth_type", "api_token")
        base = w.fake.jira_credentials_config(auth_type)
        return w.fake.connector_config(octopus=None, jira={"credentials": {**base, **credentials}})

    return setup


def expired_oauth(**credentials: Any) -> Callable[[World], dict[str, Any]]:
    def setup(w: World) -> dict[str, Any]:
        config = w.oauth(**credentials)
        w.fake.expire_oauth_access_tokens()
        return {k: v for k, v in config.items() if k != "octopus"}

    return setup


CHECK_CASES = [
    # credentials
    Case("jira-wrong-api-token", bad_jira_credentials("cloud", api_token="nope"), ("Jira", "401", "API token")),
    Case("jira-wrong-email", bad_jira_credentials("cloud", email="x@example.com"), ("401", "jira.credentials")),
    Case(
        "jira-dc-wrong-pat",
        bad_jira_credentials("data_center", auth_type="personal_access_token", token="nope"),
        ("401", "personal access token"),
    ),
    Case(
        "jira-dc-wrong-password",
        bad_jira_credentials("data_center", auth_type="password", password="nope"),
        ("401", "username and password"),
    ),
    Case("octopus-wrong-api-key", lambda w: octopus_config(w, api_key="API-WRONG0000"), ("401", "octopus.api_key")),
    Case("oauth-expired-access-token-refreshes", expired_oauth(), (), Status.SUCCEEDED),
    Case(
        "oauth-expired-without-refresh-token",
        expired_oauth(refresh_token=None),
        ("OAuth 2.0", "no refresh token", "Re-authorise"),
    ),
    Case("oauth-invalid-refresh-token", expired_oauth(refresh_token="stale-refresh"), ("refused", "Re-authorise")),
    Case("oauth-wrong-client-secret", expired_oauth(client_secret="wrong-secret"), ("client_secret", "Re-authorise")),
    # webhook permissions
    Case("jira-not-admin-no-webhooks", not_admin(None), (), Status.SUCCEEDED),
    Case(
        "jira-not-admin-target-url",
        not_admin({"verify_permissions": None, "target_url": "https://hooks.example.com/in"}),
        ("Administer Jira", "Global permissions", "remove `webhooks.target_url`"),
    ),
    Case(
        "jira-not-admin-verify-true",
        not_admin({"verify_permissions": True}),
        ("ADMINISTER", "`webhooks.verify_permissions: false`"),
    ),
    Case(
        "jira-not-admin-verify-false-with-target",
        not_admin({"verify_permissions": False, "target_url": "https://hooks.example.com/in"}),
        (),
        Status.SUCCEEDED,
    ),
    Case(
        "octopus-no-subscriptions-target-url",
        octopus_without_subscriptions({"verify_permissions": None, "target_url": "https://hooks.example.com/in"}),
        ("SubscriptionCreate", "Configuration > Teams", "webhooks.target_url"),
    ),
    Case("octopus-no-subscriptions-no-webhooks", octopus_without_subscriptions(None), (), Status.SUCCEEDED),
    # what the config names
    Case("jira-unknown-project", with_projects(lambda w: ["NOPE9"]), ("`jira.projects` lists NOPE9", "browse")),
    Case(
        "jira-wrong-case-project",
        with_projects(lambda w: [project_key()(w).lower()]),
        ("does not exist or the user cannot browse", "did you mean"),
    ),
    Case(
        "jira-dc-unknown-project",
        with_projects(lambda w: [project_key()(w), "NOPE9"], "data_center"),
        ("`jira.projects` lists NOPE9",),
    ),
    Case("jira-known-projects", with_projects(lambda w: [project_key()(w), project_key(1)(w)]), (), Status.SUCCEEDED),
    Case("octopus-invisible-space", invisible_space, ("Spaces-999", "the key sees: Spaces-1", "Spaces-2")),
    # server answers during check
    Case(
        "jira-404-myself",
        faulted(with_fault(r"/myself$", 404), lambda w: jira_config(w)),
        ("404", "jira.base_url", "context path"),
    ),
    Case(
        "jira-html-200",
        faulted(with_fault(r"/myself$", 200, **HTML), lambda w: jira_config(w)),
        ("not JSON", "/rest/api/3/myself", "login page"),
    ),
    Case(
        "octopus-empty-200",
        faulted(with_fault(r"/api/users/me$", 200, body=""), lambda w: octopus_config(w)),
        ("not JSON", "/api/users/me"),
    ),
    Case(
        "jira-403-project-list",
        faulted(with_fault(r"/project/search$", 403), lambda w: jira_config(w)),
        ("403", "Browse projects"),
    ),
    Case(
        "jira-503-storm-check",
        faulted(with_fault(r"/myself$", 503, headers=FAST), lambda w: jira_config(w)),
        ("503", "Gave up after the retries"),
    ),
    # network
    Case("jira-silent-server", silent("jira"), ("timed out", "request_timeout_seconds"), attempts=2),
    Case("octopus-silent-server", silent("octopus"), ("timed out", "Gave up after 2 attempts"), attempts=2),
    Case(
        "octopus-refused-port",
        lambda w: octopus_config(w, server_url="http://127.0.0.1:9"),
        ("refused", "127.0.0.1:9", "host and port"),
    ),
    Case("https-to-plain-http-port", https_to_plain_port, ("plain HTTP", "https://", "Not retried"), attempts=1),
    Case("http-to-https-port", http_to_tls_port, ("closed without an answer", "must start with https://"), attempts=2),
    Case("untrusted-certificate", untrusted_certificate, ("certificate verification", "`ca_certificate`"), attempts=1),
    Case("private-ca-in-ca-certificate", trusted_private_ca, (), Status.SUCCEEDED),
    Case("redirect-to-other-host", redirect_to_other_host, ("redirected to", "localhost", "never sent"), attempts=1),
    Case("http-redirected-to-https-same-host", http_upgraded_to_https, (), Status.SUCCEEDED),
]

READ_CASES = [
    Case(
        "read-429-storm",
        faulted(with_fault(r"/rest/api/3/status$", 429, headers=FAST), lambda w: jira_config(w)),
        ("Jira", "GET", "/rest/api/3/status", "HTTP 429", "Rate limit exceeded", "Retry-After"),
        None,
        "transient_error",
        ("jira_statuses",),
    ),
    Case(
        "read-503-storm",
        faulted(with_fault(r"/api/Spaces-\d+/environments", 503, headers=FAST), lambda w: octopus_config(w)),
        ("Octopus", "/environments", "HTTP 503", "Gave up after the retries"),
        None,
        "transient_error",
        ("octopus_environments",),
    ),
    Case(
        "read-500-storm",
        faulted(with_fault(r"/rest/api/3/priority", 500, headers=FAST), lambda w: jira_config(w)),
        ("Jira", "/rest/api/3/priority", "HTTP 500", "server's health"),
        None,
        "transient_error",
        ("jira_priorities",),
    ),
    Case(
        "read-html-200",
        faulted(with_fault(r"/rest/api/3/field$", 200, times=1, **HTML), lambda w: jira_config(w)),
        ("Jira", "/rest/api/3/field", "not JSON", "text/html", "login page"),
        None,
        "config_error",
        ("jira_issue_fields",),
    ),
    Case(
        "read-empty-200",
        faulted(with_fault(r"/rest/api/3/status$", 200, times=1, body=""), lambda w: jira_config(w)),
        ("Jira", "/rest/api/3/status", "not JSON"),
        None,
        "config_error",
        ("jira_statuses",),
    ),
    Case(
        "read-401-octopus",
        faulted(with_fault(r"/api/Spaces-\d+/environments", 401), lambda w: octopus_config(w)),
        ("Octopus", "HTTP 401", "octopus.api_key"),
        None,
        "config_error",
        ("octopus_environments",),
    ),
    Case(
        "read-403-jira",
        faulted(with_fault(r"/rest/api/3/priority", 403), lambda w: jira_config(w)),
        ("Jira", "HTTP 403", "permission"),
        None,
        "config_error",
        ("jira_priorities",),
    ),
    Case(
        "read-410-jira",
        faulted(with_fault(r"/rest/api/3/status$", 410), lambda w: jira_config(w)),
        ("Jira", "HTTP 410", "removed"),
        None,
        "system_error",
        ("jira_statuses",),
    ),
    Case(
        "read-invisible-space",
        invisible_space,
        ("Spaces-999", "the key sees: Spaces-1"),
        None,
        "config_error",
        ("octopus_environments",),
    ),
    Case(
        "read-silent-server",
        silent("octopus"),
        ("Octopus", "/api/spaces", "timed out", "Gave up after 6 attempts"),
        None,
        "transient_error",
        ("octopus_spaces",),
        attempts=6,  # 6 x 5 s + 36..44 s of backoff: the documented bound of one request in a read
    ),
    Case(
        "read-untrusted-certificate",
        untrusted_certificate,
        ("certificate verification", "`ca_certificate`"),
        None,
        "config_error",
        ("jira_statuses",),
    ),
]


def secrets(world: World, config: dict[str, Any]) -> set[str]:
    c = world.fake.credentials
    known = {
        c.jira_api_token,
        c.jira_password,
        c.jira_personal_access_token,
        c.oauth_client_secret,
        c.oauth_refresh_token,
        c.oauth_access_token,
        c.octopus_api_key,
        world.fake.oauth_refresh_token,
    }
    configured = {v for section in config.values() if isinstance(section, dict) for v in _secret_values(section)}
    return {s for s in known | configured if s and len(s) > 6}


def _secret_values(section: dict[str, Any]) -> list[str]:
    names = ("api_token", "password", "token", "client_secret", "refresh_token", "access_token", "api_key")
    values = [str(section[name]) for name in names if section.get(name)]
    return values + [v for sub in section.values() if isinstance(sub, dict) for v in _secret_values(sub)]


@pytest.fixture
def world(frozen_clock, tmp_path, monkeypatch):
    """Like conftest's `fake_api`, minus its "sent a request" assertion: network cases may never reach it."""
    with FakeApiServer(seed=7, size=120, clock=frozen_clock) as fake:
        w = World(fake, tmp_path, monkeypatch)
        yield w
        for server in reversed(w.servers):
            server.__exit__(None, None, None)
        violations = contract_violations(list(fake.requests))
    assert not violations, "\n".join(violations)


def assert_no_secret(world: World, config: dict[str, Any], written: str) -> None:
    """A CONTROL config update carries the whole config by design (Airbyte stores a rotated refresh token so)."""
    written = "\n".join(line for line in written.splitlines() if '"type":"CONTROL"' not in line)
    leaked = [s for s in secrets(world, config) if s in written]
    assert not leaked, f"secrets in the connector's output: {leaked}"


@pytest.mark.parametrize("case", CHECK_CASES, ids=lambda c: c.id)
def test_check_answers_every_bad_input_clearly(world, case, caplog, capsys):
    config = case.setup(world)
    with caplog.at_level(logging.INFO):
        status = SourceJiraOctopus(config).check(LOGGER, config)
    message = status.message or ""
    assert status.status == case.status, message
    for word in case.words:
        assert word in message, f"{word!r} missing from: {message}"
    if case.attempts is not None:
        assert world.counted.connections == case.attempts, message
    if case.id == "redirect-to-other-host":
        assert world.catcher.connections == 0, "a redirect to another host must not be followed"
    if case.id == "http-redirected-to-https-same-host":
        assert "set the URL to https://" in caplog.text
    assert_no_secret(world, config, message + caplog.text + "".join(capsys.readouterr()))


@pytest.mark.parametrize("case", READ_CASES, ids=lambda c: c.id)
def test_read_traces_name_service_request_status_and_remedy(world, case, capsys):
    config = case.setup(world)
    output = read_streams(config, streams=case.streams)
    stream_errors = [e.trace.error for e in output.errors if e.trace.error.stream_descriptor]
    assert stream_errors, [e.trace.error.message for e in output.errors]
    error = stream_errors[-1]
    assert error.failure_type.value == case.failure_type, error.message
    for word in case.words:
        assert word in error.message, f"{word!r} missing from: {error.message}"
    if case.attempts is not None:
        assert world.counted.connections == case.attempts
    final = output.errors[-1].trace.error
    assert final.failure_type.value == case.failure_type, "the sync's last TRACE carries the streams' failure type"
    written = "\n".join(str(m) for m in output.logs + output.trace_messages + output.records)
    assert_no_secret(world, config, written + "".join(capsys.readouterr()))


def test_the_catalogue_is_large_enough():
    assert len(CHECK_CASES) + len(READ_CASES) >= 35
