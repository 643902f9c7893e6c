"""Mutable state shared by the fake APIs: data, clock, credentials, switches and issued OAuth tokens."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from jira_octopus_sample_api.clock import FakeClock, to_epoch_ms
from jira_octopus_sample_api.credentials import FakeCredentials
from jira_octopus_sample_api.dataset import FakeDataset
from jira_octopus_sample_api.octopus.kinds.documented_kinds import DECLARED_KINDS

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
        # the kinds served from their Swagger component (documented_kinds.py)
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
    # Jira Cloud's search index is eventually consistent: an issue edited (``touch_issues``) less than this long ago
    # is found and returned by token-paged searches (search/jql, software 1.0 lists) as it was before the edit
    search_index_delay: timedelta = timedelta(0)
    # Jira Software's /rest/software/1.0 lists answer this status (404 or 410) instead, as on a site without them
    software_api_status: int | None = None

    def project_visible(self, project: dict[str, Any]) -> bool:
        return project["key"] not in self.hidden_projects

    def issue_visible(self, issue: dict[str, Any]) -> bool:
        return not self.hidden_projects or issue["fields"]["project"]["key"] not in self.hidden_projects

    def indexed(self, issue: dict[str, Any]) -> dict[str, Any]:
        """The issue as the search index sees it now: before its last edit while that edit is younger than
        ``search_index_delay``."""
        if not self.search_index_delay:
            return issue
        pending = self.dataset.unindexed_edits.get(issue["id"])
        if pending is None:
            return issue
        edited_ms, updated_before = pending
        if to_epoch_ms(self.clock.now()) >= edited_ms + self.search_index_delay // timedelta(milliseconds=1):
            return issue
        return {**issue, "fields": {**issue["fields"], "updated": updated_before}}

    def indexed_issues(self, issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.indexed(issue) for issue in issues] if self.search_index_delay else issues
