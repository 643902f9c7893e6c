"""Everything one configured Jira needs: transport settings, the resolved site, its streams and its check."""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Callable, Optional

from airbyte_cdk.sources.streams import Stream

from source_jira_octopus.config import JiraConfig
from source_jira_octopus.connection_check import CheckOutcome
from source_jira_octopus.http.budget import JIRA_REQUESTS_PER_SECOND, per_second_budget
from source_jira_octopus.http.probe import ServiceProbe
from source_jira_octopus.http.stream import HttpSettings
from source_jira_octopus.jira import auth
from source_jira_octopus.jira.auth import build_jira_authenticator
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING, JIRA_OAUTH_ERROR_MAPPING
from source_jira_octopus.jira.paginators import JiraSinglePagePaginator
from source_jira_octopus.jira.site import JiraSite, resolve_site
from source_jira_octopus.jira.streams.catalog import JIRA_ENDPOINTS, build_table_streams
from source_jira_octopus.jira.streams.issues import JiraIssuesStream
from source_jira_octopus.jira.webhooks import admin_webhook_problem, oauth_webhook_problem


class JiraConnection:
    def __init__(
        self,
        config: JiraConfig,
        timeout_seconds: float,
        verify: bool | str,
        logger: logging.Logger,
        on_refresh_token_rotated: Optional[Callable[[str], None]] = None,
    ) -> None:
        self.config = config
        self._logger = logger
        oauth = config.credentials.auth_type == "oauth2"
        self.settings = HttpSettings(
            service="Jira",
            error_table=JIRA_OAUTH_ERROR_MAPPING if oauth else JIRA_ERROR_MAPPING,
            authenticator=build_jira_authenticator(config.credentials, timeout_seconds, on_refresh_token_rotated),
            budget=per_second_budget(JIRA_REQUESTS_PER_SECOND),
            timeout_seconds=timeout_seconds,
            verify=verify,
        )

    @cached_property
    def site(self) -> JiraSite:
        """Resolved once per source run: auto-detection costs one serverInfo request."""
        return resolve_site(self.config, self.settings, self._logger)

    def streams(self) -> list[Stream]:
        return [*build_table_streams(self.config, self.settings, self.site), JiraIssuesStream(self.config, self.settings, self.site)]

    def check(self) -> CheckOutcome:
        """Authenticate (myself, serverInfo), read one page of projects, then look at webhook permissions."""
        probe = ServiceProbe(self.settings, self.site.site_url, self._logger)
        version = 3 if self.site.is_cloud else 2
        me = probe.get(f"rest/api/{version}/myself")
        info = probe.get(f"rest/api/{version}/serverInfo")
        self._logger.info(f"Jira: signed in as {_user_label(me)} on {info.get('baseUrl', self.site.site_url)} "
                          f"({info.get('deploymentType')}, version {info.get('version')}).")
        projects = JIRA_ENDPOINTS[0].route(self.site)
        probe.get(f"rest/api/{version}/{projects.path}", {**projects.params, **_one_record(projects.paginator)})
        return CheckOutcome(permission_problems=self._webhook_problems(probe, me))

    def _webhook_problems(self, probe: ServiceProbe, me: dict) -> list[str]:
        if self.config.credentials.auth_type != "oauth2":
            problem = admin_webhook_problem(probe, self.site, _user_label(me))
        else:
            gateway = ServiceProbe(self.settings, auth.ATLASSIAN_API_URL, self._logger)
            cloud_id = self.site.site_url.rsplit("/", 1)[-1]
            problem = oauth_webhook_problem(gateway.get("oauth/token/accessible-resources"), cloud_id)
        return [problem] if problem else []


def _one_record(paginator: object) -> dict:
    return {} if isinstance(paginator, JiraSinglePagePaginator) else {"startAt": 0, "maxResults": 1}


def _user_label(me: dict) -> str:
    return str(me.get("emailAddress") or me.get("displayName") or me.get("name") or me.get("accountId") or "the user")
