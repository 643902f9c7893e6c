"""Everything one configured Octopus server needs: transport settings, its streams and its check."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams import Stream
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import OctopusConfig
from source_jira_octopus.connection_check import CheckOutcome
from source_jira_octopus.http.budget import OCTOPUS_REQUESTS_PER_SECOND, per_second_budget
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.parents import ParentDirectory
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.octopus.auth import OctopusApiKeyAuthenticator
from source_jira_octopus.octopus.base import PAGINATOR, OctopusContext
from source_jira_octopus.octopus.errors import OCTOPUS_ERROR_MAPPING
from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS, OctopusSpaces
from source_jira_octopus.octopus.webhooks import subscription_permission_problems


class OctopusConnection:
    def __init__(
        self, config: OctopusConfig, timeout_seconds: float, verify: bool | str, logger: logging.Logger
    ) -> None:
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

    @cached_property
    def client(self) -> ServiceClient:
        return ServiceClient(self.settings, self.config.server_url, self._logger)

    def streams(self) -> list[Stream]:
        parents = ParentDirectory()
        context = OctopusContext(self.settings, self.config.page_size, parents, self.config, self._logger)
        built = [kind(context) for kind in OCTOPUS_STREAMS]
        for stream in built:
            parents.register(stream, self._require_spaces if isinstance(stream, OctopusSpaces) else None)
        return list(built)

    def check(self) -> CheckOutcome:
        """Authenticate (users/me), list spaces (every page), then check subscription permissions."""
        me = self.client.get("api/users/me")
        self._logger.info(f"Octopus: signed in as {me.get('Username') or me.get('Id')} on {self.config.server_url}.")
        visible = [space["Id"] for space in self.client.pages("api/spaces", PAGINATOR, 1000)]
        try:
            self._require_visible(visible)
        except AirbyteTracedException as error:
            return CheckOutcome(errors=[error.message or str(error)])
        spaces = list(self.config.spaces) or visible
        return CheckOutcome(permission_problems=subscription_permission_problems(self.client, me, spaces))

    def _require_spaces(self, records: list[Mapping[str, Any]]) -> None:
        """The spaces stream keeps only configured spaces, so a missing one is noticed here, before any child reads."""
        found = {str(record["Id"]) for record in records}
        if any(space not in found for space in self.config.spaces):
            self._require_visible([space["Id"] for space in self.client.pages("api/spaces", PAGINATOR, 1000)])

    def _require_visible(self, visible: list[str]) -> None:
        missing = [space for space in self.config.spaces if space not in visible]
        if missing:
            seen = [space for space in visible if space not in missing]
            raise AirbyteTracedException(
                message=f"Octopus: `octopus.spaces` lists {', '.join(missing)}, which the API key cannot see "
                f"(the key sees: {', '.join(seen) or 'no other space'}). Fix the space ids or grant SpaceView.",
                failure_type=FailureType.config_error,
            )
