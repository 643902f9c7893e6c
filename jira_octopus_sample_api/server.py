"""FakeApiServer: Jira and Octopus (and Atlassian OAuth) on one loopback port, for tests, demos and benchmarks."""

from __future__ import annotations

import re
import sys
import threading
import time
import traceback
from datetime import timedelta
from typing import Any, Protocol

from jira_octopus_sample_api.clock import FakeClock
from jira_octopus_sample_api.credentials import FakeCredentials
from jira_octopus_sample_api.dataset import DEFAULT_ANCHOR, FakeDataset
from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.faults import FaultInjector, Hook, HookRegistry
from jira_octopus_sample_api.http_listener import FakeApiHandler, LoopbackHttpd
from jira_octopus_sample_api.jira.api import JiraApi
from jira_octopus_sample_api.jira.oauth import AtlassianOAuthApi
from jira_octopus_sample_api.octopus.api import OctopusApi
from jira_octopus_sample_api.parts import DATASET_PARTS
from jira_octopus_sample_api.rate_limits import RateLimits
from jira_octopus_sample_api.server_state import DEFAULT_OCTOPUS_PERMISSIONS, JIRA_DEPLOYMENTS, OAuthTokens, ServerState
from jira_octopus_sample_api.tls import Certificates, make_certificates

CONFIG_START_DATE = "2020-01-01T00:00:00Z"


class ServiceApi(Protocol):
    """One service the server answers for (Jira, Octopus, Atlassian OAuth)."""

    def handle(self, request: RecordedRequest) -> ApiResponse: ...


class FakeApiServer:
    """Serves the fake APIs from a background thread on ``127.0.0.1`` (port 0 = any free port).

    Each connection has its own thread; the optional latency is slept there, so it overlaps across concurrent
    requests, and the response is then built under a lock, so hooks and dataset edits never race with it. Each
    ``RecordedRequest`` carries its ``serve_seconds`` (building + encoding, without the latency).

    Options: ``tls=True`` serves HTTPS with a CA made at start (``ca_pem``; ``connector_config()`` then has
    https URLs and ``ca_certificate``); ``legacy_search=True`` serves Cloud's removed ``/rest/api/3/search``
    (startAt paging) instead of 410, for benchmarking connectors that still call it;
    ``issue_profile="realistic"`` makes issues ~11 KB (see ``FakeDataset.generate``).
    """

    def __init__(
        self,
        dataset: FakeDataset | None = None,
        *,
        seed: int = 42,
        size: int = 250,
        jira_deployment: str = "cloud",
        latency_seconds: float = 0.0,
        credentials: FakeCredentials | None = None,
        clock: FakeClock | None = None,
        port: int = 0,
        tls: bool = False,
        legacy_search: bool = False,
        issue_profile: str = "compact",
    ) -> None:
        clock = clock or FakeClock()
        if dataset is None:
            dataset = FakeDataset.generate(
                seed, size, anchor=min(DEFAULT_ANCHOR, clock.now()), issue_profile=issue_profile
            )
        dataset.clock = clock
        credentials = credentials or FakeCredentials()
        self._state = ServerState(dataset, clock, credentials, OAuthTokens(credentials, clock))
        self._state.octopus_permissions = {s["Id"]: set(DEFAULT_OCTOPUS_PERMISSIONS) for s in dataset.octopus_spaces}
        self._state.legacy_search = legacy_search
        self._certificates: Certificates | None = make_certificates() if tls else None
        self.jira_deployment = jira_deployment
        self.latency_seconds = latency_seconds
        self.faults = FaultInjector()
        self.rate_limits = RateLimits()  # Jira Cloud's 2026 limits, Octopus 2026.3 policies; off until a test asks
        self.hook_errors: list[BaseException] = []
        self._hooks = HookRegistry()
        self._requests: list[RecordedRequest] = []
        self._in_flight = self.peak_in_flight = 0  # requests being answered now / at most at once (since clear)
        self._requests_lock, self._serve_lock = threading.Lock(), threading.Lock()
        self._port = port
        self._httpd: LoopbackHttpd | None = None
        self._thread: threading.Thread | None = None
        self._apis: dict[str, ServiceApi] = {}

    # ---- lifecycle ----------------------------------------------------------------------------------------
    def start(self) -> FakeApiServer:
        if self._httpd is not None:
            return self
        httpd = LoopbackHttpd(("127.0.0.1", self._port), FakeApiHandler)
        httpd.fake = self
        httpd.ssl_context = self._certificates.server_context() if self._certificates else None
        self._httpd = httpd
        self._apis = {
            "jira": JiraApi(self._state, self.base_url, [r for part in DATASET_PARTS for r in part.jira_routes()]),
            "octopus": OctopusApi(self._state, [r for part in DATASET_PARTS for r in part.octopus_routes()]),
            "oauth": AtlassianOAuthApi(self._state, self.base_url),
        }
        thread = threading.Thread(target=httpd.serve_until_stopped, name=f"fake-api-{self.port}", daemon=True)
        thread.start()
        self._thread = thread
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.stop_serving()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd.server_close()
        self._httpd, self._thread = None, None

    def __enter__(self) -> FakeApiServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake API server is not running; call start() or use it as a context manager")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def tls(self) -> bool:
        return self._certificates is not None

    @property
    def ca_pem(self) -> str | None:
        """PEM of the CA that signed the HTTPS certificate (None without ``tls``)."""
        return self._certificates.ca_pem if self._certificates else None

    # ---- state the tests steer ---------------------------------------------------------------------------
    @property
    def dataset(self) -> FakeDataset:
        return self._state.dataset

    @property
    def clock(self) -> FakeClock:
        return self._state.clock

    @property
    def credentials(self) -> FakeCredentials:
        return self._state.credentials

    @property
    def jira_deployment(self) -> str:
        return self._state.jira_deployment

    @jira_deployment.setter
    def jira_deployment(self, value: str) -> None:
        if value not in JIRA_DEPLOYMENTS:
            raise ValueError(f"jira_deployment must be one of {JIRA_DEPLOYMENTS}, got {value!r}")
        self._state.jira_deployment = value

    @property
    def jira_admin(self) -> bool:
        return self._state.jira_admin

    @jira_admin.setter
    def jira_admin(self, value: bool) -> None:
        self._state.jira_admin = bool(value)

    @property
    def jira_hidden_projects(self) -> set[str]:
        """Jira project keys the credentials cannot browse (assign a new set; the search caches are dropped)."""
        return set(self._state.hidden_projects)

    @jira_hidden_projects.setter
    def jira_hidden_projects(self, keys: set[str]) -> None:
        self._state.hidden_projects = set(keys)
        self._state.dataset.version += 1

    @property
    def jira_search_index_delay(self) -> timedelta:
        """How long a `touch_issues` edit stays invisible to token-paged searches (eventual consistency; 0: never)."""
        return self._state.search_index_delay

    @jira_search_index_delay.setter
    def jira_search_index_delay(self, delay: timedelta) -> None:
        self._state.search_index_delay = delay

    @property
    def jira_software_api_status(self) -> int | None:
        """404 or 410: every `/rest/software/1.0` request answers it (a site without the API); None serves it."""
        return self._state.software_api_status

    @jira_software_api_status.setter
    def jira_software_api_status(self, status: int | None) -> None:
        self._state.software_api_status = status

    @property
    def octopus_permissions(self) -> dict[str, set[str]]:
        """Space id -> space permissions of the API key's user (edit in place or assign a new dict)."""
        return self._state.octopus_permissions

    @octopus_permissions.setter
    def octopus_permissions(self, value: dict[str, set[str]]) -> None:
        self._state.octopus_permissions = {space: set(perms) for space, perms in value.items()}

    def expire_oauth_access_tokens(self) -> None:
        """Every OAuth access token issued so far now gets 401 (the client must refresh)."""
        self._state.oauth.expire_access_tokens()

    @property
    def oauth_refresh_token(self) -> str:
        """The refresh token that works now (Atlassian rotates it on every refresh)."""
        return self._state.oauth.refresh_token

    # ---- request log, faults, hooks ----------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the requests served so far, oldest first."""
        with self._requests_lock:
            return list(self._requests)

    def drain_requests(self) -> list[RecordedRequest]:
        """The requests served so far, removed from the log in the same step (nothing slips in between); the peak of
        requests in flight starts again too."""
        with self._requests_lock:
            drained, self._requests = self._requests, []
            self.peak_in_flight = self._in_flight
        return drained

    def clear_requests(self) -> None:
        with self._requests_lock:
            self._requests.clear()
            self.peak_in_flight = self._in_flight

    def serving_seconds(self, path_pattern: str | None = None) -> float:
        """Total time the fake spent building and encoding responses (latency excluded), optionally only for
        requests whose path matches the regex: compare it with a client's wall time to see who is the bottleneck."""
        pattern = re.compile(path_pattern) if path_pattern else None
        return sum(r.serve_seconds for r in self.requests if pattern is None or pattern.search(r.path))

    def add_hook(self, path_pattern: str, callback: Hook, after_nth: int = 1) -> None:
        """Run ``callback(dataset, request)`` once, after the nth served request whose path matches the regex
        (the response is already built; the next request sees the change). Injected faults do not count."""
        with self._serve_lock:
            self._hooks.add(path_pattern, callback, after_nth)

    # ---- configs -------------------------------------------------------------------------------------------
    def jira_credentials_config(self, auth_type: str = "api_token") -> dict[str, str]:
        """The connector's ``jira.credentials`` block for one auth type, with working secrets."""
        c = self.credentials
        options = {
            "api_token": {"auth_type": "api_token", "email": c.jira_email, "api_token": c.jira_api_token},
            "oauth2": {
                "auth_type": "oauth2",
                "client_id": c.oauth_client_id,
                "client_secret": c.oauth_client_secret,
                "refresh_token": self.oauth_refresh_token,
                "access_token": c.oauth_access_token,
                "cloud_id": c.oauth_cloud_id,
            },
            "personal_access_token": {"auth_type": "personal_access_token", "token": c.jira_personal_access_token},
            "password": {"auth_type": "password", "username": c.jira_username, "password": c.jira_password},
        }
        return options[auth_type]

    def connector_config(self, **overrides: Any) -> dict[str, Any]:
        """A full connector config pointing at this server. Each override replaces a top-level key; a dict
        override is merged one level deep into that section (``jira={"projects": ["PLAT"]}``); None removes."""
        cloud = self.jira_deployment == "cloud"
        config: dict[str, Any] = {
            "jira": {
                "base_url": self.base_url,
                "deployment": self.jira_deployment,
                "credentials": self.jira_credentials_config("api_token" if cloud else "personal_access_token"),
                "start_date": CONFIG_START_DATE,
                "lookback_window_minutes": 0,
                "page_size": 100,
                "requests_per_second": 0,  # unpaced: tests of pacing set it (or remove it for the Cloud default)
            },
            "octopus": {
                "server_url": self.base_url,
                "api_key": self.credentials.octopus_api_key,
                "start_date": CONFIG_START_DATE,
                "page_size": 100,
            },
            "webhooks": {"verify_permissions": False},
            "max_concurrent_requests": 8,
            "request_timeout_seconds": 30,
        }
        if self.ca_pem:
            config["ca_certificate"] = self.ca_pem
        for key, value in overrides.items():
            if value is None:
                config.pop(key, None)
            elif isinstance(value, dict) and isinstance(config.get(key), dict):
                merged = {**config[key], **value}
                config[key] = {k: v for k, v in merged.items() if v is not None}
            else:
                config[key] = value
        return config

    # ---- serving -------------------------------------------------------------------------------------------
    def serve(self, request: RecordedRequest) -> tuple[int, dict[str, str], bytes, str]:
        """Answer one request: latency, then an injected fault or the API; returns status, headers, body, type."""
        with self._requests_lock:
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
        try:
            return self._serve(request)
        finally:
            with self._requests_lock:
                self._in_flight -= 1

    def _serve(self, request: RecordedRequest) -> tuple[int, dict[str, str], bytes, str]:
        if self.latency_seconds > 0:
            time.sleep(self.latency_seconds)
        response = self.faults.take(request) or self.rate_limits.answer(request)
        request.injected_fault = response is not None
        with self._serve_lock:
            started = time.perf_counter()
            if response is None:
                response = self._answer(request)
                self.rate_limits.decorate(request, response)
            payload, content_type = response.encode()
            request.status = response.status
            request.serve_seconds = time.perf_counter() - started
            if not request.injected_fault:
                self._run_hooks(request)
        with self._requests_lock:
            self._requests.append(request)
        return response.status, response.headers, payload, content_type

    def _answer(self, request: RecordedRequest) -> ApiResponse:
        try:
            return self._apis[request.service].handle(request)
        except Exception as error:  # noqa: BLE001 - a bug in the fake must show up as a 500, not a hang
            traceback.print_exc(file=sys.stderr)
            return ApiResponse(500, {"errorMessages": [f"fake API crashed: {error!r}"], "errors": {}})

    def _run_hooks(self, request: RecordedRequest) -> None:
        for hook in self._hooks.due(request):
            self.dataset.version += 1  # why: a hook may edit records in place; cached search results must go
            try:
                hook(self.dataset, request)
            except Exception as error:  # noqa: BLE001 - reported through hook_errors
                traceback.print_exc(file=sys.stderr)
                self.hook_errors.append(error)
