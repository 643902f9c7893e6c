"""Everything one configured Octopus server needs: transport settings, its streams and its check."""

from __future__ import annotations

import logging

from airbyte_cdk.sources.streams import Stream

from source_jira_octopus.config import OctopusConfig
from source_jira_octopus.connection_check import CheckOutcome
from source_jira_octopus.http.budget import OCTOPUS_REQUESTS_PER_SECOND, per_second_budget
from source_jira_octopus.http.probe import ServiceProbe
from source_jira_octopus.http.stream import HttpSettings
from source_jira_octopus.octopus.auth import OctopusApiKeyAuthenticator
from source_jira_octopus.octopus.errors import OCTOPUS_ERROR_MAPPING
from source_jira_octopus.octopus.paginators import ITEMS
from source_jira_octopus.octopus.streams import build_octopus_streams
from source_jira_octopus.octopus.webhooks import subscription_permission_problems


class OctopusConnection:
    def __init__(self, config: OctopusConfig, timeout_seconds: float, verify: bool | str, logger: logging.Logger) -> None:
        self.config = config
        self._logger = logger
        self.settings = HttpSettings(
            service="Octopus",
            error_table=OCTOPUS_ERROR_MAPPING,
            authenticator=OctopusApiKeyAuthenticator(config.api_key),
            budget=per_second_budget(OCTOPUS_REQUESTS_PER_SECOND),
            timeout_seconds=timeout_seconds,
            verify=verify,
        )

    def streams(self) -> list[Stream]:
        return list(build_octopus_streams(self.config, self.settings))

    def check(self) -> CheckOutcome:
        """Authenticate (users/me), list spaces (one list endpoint), then check subscription permissions."""
        probe = ServiceProbe(self.settings, self.config.server_url, self._logger)
        me = probe.get("api/users/me")
        self._logger.info(f"Octopus: signed in as {me.get('Username') or me.get('Id')} on {self.config.server_url}.")
        visible = [space["Id"] for space in probe.get("api/spaces", {"skip": 0, "take": 1000}).get(ITEMS, [])]
        missing = [space for space in self.config.spaces if space not in visible]
        if missing:
            return CheckOutcome(errors=[
                f"Octopus: `octopus.spaces` lists {', '.join(missing)}, which the API key cannot see "
                f"(visible: {', '.join(visible) or 'none'}). Fix the space ids or grant SpaceView."
            ])
        spaces = list(self.config.spaces) or visible
        return CheckOutcome(permission_problems=subscription_permission_problems(probe, me, spaces))
