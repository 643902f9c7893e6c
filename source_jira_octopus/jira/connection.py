"""Everything one configured Jira needs: transport settings, the resolved site, its streams and its check."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from functools import cached_property
from typing import Any

from airbyte_cdk.sources.streams import Stream

from source_jira_octopus.config import JiraConfig
from source_jira_octopus.connection_check import CheckOutcome
from source_jira_octopus.http.budget import JIRA_CLOUD_REQUESTS_PER_SECOND, governor_for
from source_jira_octopus.http.checkpoints import CheckpointFor, no_checkpoints
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.errors import MAX_RETRIES
from source_jira_octopus.http.in_flight import InFlightLimit
from source_jira_octopus.http.parents import ParentDirectory
from source_jira_octopus.http.retry_budget import DEFAULT_RETRY_MINUTES
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.jira import auth
from source_jira_octopus.jira.auth import NoAuthentication, build_jira_authenticator
from source_jira_octopus.jira.base import JiraContext, JiraStream
from source_jira_octopus.jira.errors import ATLASSIAN_TOKEN_ERROR_MAPPING, JIRA_ERROR_MAPPING, JIRA_OAUTH_ERROR_MAPPING
from source_jira_octopus.jira.project_keys import project_key_problems, project_keys_in
from source_jira_octopus.jira.search_pass import IssueSearchPass
from source_jira_octopus.jira.site import JiraSite, resolve_site
from source_jira_octopus.jira.streams import JIRA_STREAMS
from source_jira_octopus.jira.streams.issues import JiraIssueSearch
from source_jira_octopus.jira.streams.projects import JiraProjects
from source_jira_octopus.jira.webhooks import ADMINISTER, WEBHOOK_SCOPE, admin_webhook_problem, oauth_webhook_problem


class JiraConnection:
    def __init__(
        self,
        config: JiraConfig,
        timeout_seconds: float,
        verify: bool | str,
        logger: logging.Logger,
        on_refresh_token_rotated: Callable[[str], None] | None = None,
        workers: int = 8,
        connection_retries: int = MAX_RETRIES,
        retry_seconds: float = DEFAULT_RETRY_MINUTES * 60,
    ) -> None:
        self.config = config
        self._logger = logger
        self._workers = workers
        self.governor = governor_for("Jira", config.base_url, logger)
        oauth = config.credentials.auth_type == "oauth2"
        token_client = ServiceClient(
            HttpSettings(
                "Atlassian OAuth",
                ATLASSIAN_TOKEN_ERROR_MAPPING,
                NoAuthentication(),
                governor_for("Atlassian OAuth", auth.ATLASSIAN_AUTH_URL, logger),
                timeout_seconds,
                verify,
                connection_retries,
                retry_seconds,
            ),
            auth.ATLASSIAN_AUTH_URL,
            logger,
        )
        self.settings = HttpSettings(
            service="Jira",
            error_table=JIRA_OAUTH_ERROR_MAPPING if oauth else JIRA_ERROR_MAPPING,
            authenticator=build_jira_authenticator(
                config.credentials, _token_request(token_client), on_refresh_token_rotated
            ),
            budget=self.governor,
            timeout_seconds=timeout_seconds,
            verify=verify,
            connection_retries=connection_retries,
            retry_seconds=retry_seconds,
            in_flight=InFlightLimit(workers),  # the engine's partitions and their per-issue requests together
        )

    @cached_property
    def site(self) -> JiraSite:
        """Resolved once per source run: auto-detection costs one serverInfo request. The default pace depends on it."""
        site = resolve_site(self.config, self.settings, self._logger)
        if self.config.requests_per_second is not None:
            self.governor.pace(self.config.requests_per_second, source="jira.requests_per_second")
        elif site.deployment == "cloud":
            self.governor.pace(
                JIRA_CLOUD_REQUESTS_PER_SECOND,
                source="the default under Jira Cloud's burst limits (set jira.requests_per_second to change it)",
            )
        else:
            self.governor.pace(None)
        return site

    @cached_property
    def client(self) -> ServiceClient:
        return ServiceClient(self.settings, self.site.site_url, self._logger)

    def streams(
        self, checkpoints: CheckpointFor = no_checkpoints, selected: Collection[str] | None = None
    ) -> list[Stream]:
        """One instance per kind the site serves, each built with its checkpoint; every instance can be a parent of
        the kinds after it. The issue-search streams among `selected` (the read's catalog) share one search pass."""
        parents = ParentDirectory()
        served = [kind for kind in JIRA_STREAMS if kind.route_for(self.site) is not None]
        searches = [kind for kind in served if issubclass(kind, JiraIssueSearch)]
        context = JiraContext(
            self.settings,
            self.config.page_size,
            parents,
            self.config,
            self.site,
            self.client,
            self._workers,
            self._logger,
            checkpoints=checkpoints,
            search_pass=IssueSearchPass.for_read(searches, selected, self._logger),
        )
        built: list[JiraStream] = []
        for kind in JIRA_STREAMS:
            if kind.route_for(self.site) is None:
                self._logger.info(
                    f"{kind.name}: not available on Jira {self.site.deployment.replace('_', ' ')}: {kind.absent_reason}"
                )
                continue
            stream = kind(context)
            parents.register(stream)
            built.append(stream)
        return list(built)

    def check(self) -> CheckOutcome:
        """Authenticate (myself, serverInfo), read one page of projects, then look at webhook permissions."""
        client, version = self.client, self.site.api_version
        me = client.get(f"rest/api/{version}/myself")
        info = client.get(f"rest/api/{version}/serverInfo")
        self._logger.info(
            f"Jira: signed in as {_user_label(me)} on {info.get('baseUrl', self.site.site_url)} "
            f"({info.get('deploymentType')}, version {info.get('version')})."
        )
        projects = JiraProjects.route_for(self.site)
        assert projects is not None
        page = client.get(
            f"rest/api/{version}/{projects.path}", {**projects.params, **projects.paginator.first_page(1)}
        )
        if not self.config.projects and not project_keys_in(page):
            self._logger.warning(
                "Jira: the user can browse no project, so jira_issues and every per-project stream will read nothing. "
                "Grant the user 'Browse projects' in the projects to sync."
            )
        errors = project_key_problems(client, self.site, self.config.projects)
        problems = self._webhook_problems(me)
        found = [] if problems else [f"Jira: webhook permissions found: {self._webhook_permission(me)}."]
        return CheckOutcome(errors=errors, permission_problems=problems, permissions_found=found)

    def _webhook_permission(self, me: dict) -> str:
        if self.config.credentials.auth_type == "oauth2":
            return f"the OAuth 2.0 token has the scope '{WEBHOOK_SCOPE}'"
        return f"{_user_label(me)} has 'Administer Jira' ({ADMINISTER})"

    def _webhook_problems(self, me: dict) -> list[str]:
        if self.config.credentials.auth_type != "oauth2":
            problem = admin_webhook_problem(self.client, self.site, _user_label(me))
        else:
            gateway = ServiceClient(self.settings, auth.ATLASSIAN_API_URL, self._logger)
            cloud_id = self.site.site_url.rsplit("/", 1)[-1]
            problem = oauth_webhook_problem(gateway.get("oauth/token/accessible-resources"), cloud_id)
        return [problem] if problem else []


def _token_request(client: ServiceClient) -> Callable[[Mapping[str, Any]], Mapping[str, Any]]:
    return lambda body: client.post(auth.ATLASSIAN_TOKEN_PATH, body)


def _user_label(me: dict) -> str:
    return str(me.get("emailAddress") or me.get("displayName") or me.get("name") or me.get("accountId") or "the user")
