"""Mutable state shared by the fake APIs: data, clock, credentials, switches and issued OAuth tokens."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from jira_octopus_sample_api.clock import FakeClock
from jira_octopus_sample_api.credentials import FakeCredentials
from jira_octopus_sample_api.dataset import FakeDataset
from jira_octopus_sample_api.octopus.kinds.declared_kinds import DECLARED_KINDS

DEFAULT_OCTOPUS_PERMISSIONS = frozenset(
    {
        "SubscriptionView",
        "SubscriptionCreate",
        "SubscriptionEdit",
        "SubscriptionDelete",
        "SpaceView",
        "ProjectView",
        "EnvironmentView",
        "ReleaseView",
        "DeploymentView",
        "MachineView",
        "EventView",
        "TaskView",
        "LifecycleView",
        "TenantView",
        "RunbookRunView",
        # issue 9: the views of the octopus_kinds part's collections
        "ProjectGroupView",
        "WorkerView",
        "FeedView",
        "RunbookView",
        "LibraryVariableSetView",
        "AccountView",
        "CertificateView",
        "ProcessView",
        "InterruptionView",
        "ArtifactView",
        # the kinds served from their Swagger component (declared_kinds.py, generated)
        *(kind.permission for kind in DECLARED_KINDS if kind.permission),
    }
)
JIRA_DEPLOYMENTS = ("cloud", "data_center")
ACCESS_TOKEN_LIFETIME = timedelta(hours=1)


class OAuthTokens:
    """Atlassian's rotating refresh tokens: each refresh disables the refresh token it used."""

    def __init__(self, credentials: FakeCredentials, clock: FakeClock) -> None:
        self._clock, self._lock = clock, threading.Lock()
        self._counter = itertools.count(1)
        self.refresh_token = credentials.oauth_refresh_token
        self._access_tokens: dict[str, datetime | None] = {credentials.oauth_access_token: None}  # None: never

    def is_valid(self, token: str) -> bool:
        with self._lock:
            if token not in self._access_tokens:
                return False
            expiry = self._access_tokens[token]
            return expiry is None or self._clock.now() < expiry

    def rotate(self) -> tuple[str, str]:
        """Issue a new (access token, refresh token) pair."""
        with self._lock:
            number = next(self._counter)
            access, self.refresh_token = f"fake-oauth-access-token-{number}", f"fake-oauth-refresh-token-{number}"
            self._access_tokens[access] = self._clock.now() + ACCESS_TOKEN_LIFETIME
            return access, self.refresh_token

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far invalid (forces the client to refresh)."""
        with self._lock:
            self._access_tokens.clear()


@dataclass
class ServerState:
    dataset: FakeDataset
    clock: FakeClock
    credentials: FakeCredentials
    oauth: OAuthTokens
    jira_deployment: str = "cloud"
    jira_admin: bool = True
    legacy_search: bool = False  # Cloud /rest/api/{2,3}/search served (benchmarks only) instead of 410 Gone
    octopus_permissions: dict[str, set[str]] = field(default_factory=dict)
    search_cache: dict[str, tuple[int, list[Any]]] = field(default_factory=dict)
    # Jira project keys the credentials lost "Browse projects" on: absent from project lists, their issues from
    # every search, and a JQL naming them is a 400 (as for a project that does not exist)
    hidden_projects: set[str] = field(default_factory=set)

    def project_visible(self, project: dict[str, Any]) -> bool:
        return project["key"] not in self.hidden_projects

    def issue_visible(self, issue: dict[str, Any]) -> bool:
        return not self.hidden_projects or issue["fields"]["project"]["key"] not in self.hidden_projects
