"""Everything one configured Octopus server needs: transport settings, its streams and its check."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from functools import cached_property
from typing import Any

from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams import Stream
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import OctopusConfig
from source_jira_octopus.config_forms import config_error
from source_jira_octopus.connection_check import CheckOutcome
from source_jira_octopus.http.budget import governor_for
from source_jira_octopus.http.checkpoints import CheckpointFor, no_checkpoints
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.errors import MAX_RETRIES
from source_jira_octopus.http.in_flight import InFlightLimit
from source_jira_octopus.http.parents import ParentDirectory
from source_jira_octopus.http.retry_budget import DEFAULT_RETRY_MINUTES
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.octopus.auth import OctopusApiKeyAuthenticator
from source_jira_octopus.octopus.base import PAGINATOR, OctopusContext
from source_jira_octopus.octopus.errors import OCTOPUS_ERROR_MAPPING
from source_jira_octopus.octopus.rate_policies import UNREADABLE, pace_from_policies
from source_jira_octopus.octopus.streams import OCTOPUS_KINDS, OCTOPUS_STREAMS, OctopusSpaces
from source_jira_octopus.octopus.webhooks import (
    SUBSCRIPTION_PERMISSIONS,
    missing_subscription_permissions,
    subscription_permission_problems,
)


class OctopusConnection:
    def __init__(
        self,
        config: OctopusConfig,
        timeout_seconds: float,
        verify: bool | str,
        logger: logging.Logger,
        connection_retries: int = MAX_RETRIES,
        retry_seconds: float = DEFAULT_RETRY_MINUTES * 60,
        workers: int | None = None,
    ) -> None:
        _check_cap_names(config.max_items_per_kind)
        self.config = config
        self._logger = logger
        self.governor = governor_for("Octopus", config.server_url, logger)
        self.settings = HttpSettings(
            service="Octopus",
            error_table=OCTOPUS_ERROR_MAPPING,
            authenticator=OctopusApiKeyAuthenticator(config.api_key),
            budget=self.governor,
            timeout_seconds=timeout_seconds,
            verify=verify,
            connection_retries=connection_retries,
            retry_seconds=retry_seconds,
            in_flight=InFlightLimit(workers),  # max_concurrent_requests, as for Jira: a limit per service
        )
        if config.requests_per_second is not None:
            self.governor.pace(config.requests_per_second, source="octopus.requests_per_second")

    @cached_property
    def client(self) -> ServiceClient:
        return ServiceClient(self.settings, self.config.server_url, self._logger)

    def streams(
        self, checkpoints: CheckpointFor = no_checkpoints, selected: Collection[str] | None = None
    ) -> list[Stream]:
        """One instance per kind, each built with its checkpoint (`selected` changes nothing: no Octopus streams
        share requests)."""
        if self.config.requests_per_second is None:  # read before a sync's first request (never at discover, check)
            policies = ServiceClient(self.settings, self.config.server_url, self._logger, ignored_statuses=UNREADABLE)
            self.governor.prepare_with(lambda: pace_from_policies(self.governor, policies, self._logger))
        parents = ParentDirectory()
        context = OctopusContext(
            self.settings, self.config.page_size, parents, self.config, self._logger, checkpoints=checkpoints
        )
        built = [kind(context) for kind in OCTOPUS_STREAMS]
        for stream in built:
            parents.register(stream, self._require_spaces if isinstance(stream, OctopusSpaces) else None)
        return list(built)

    def check(self) -> CheckOutcome:
        """Authenticate (users/me), list spaces (every page), then check subscription permissions."""
        me = self.client.get("api/users/me")
        self._logger.info(f"Octopus: signed in as {me.get('Username') or me.get('Id')} on {self.config.server_url}.")
        visible = self._visible_spaces()
        try:
            self._require_visible(visible)
        except AirbyteTracedException as error:
            return CheckOutcome(errors=[error.message or str(error)])
        if not visible:
            self._logger.warning(
                "Octopus: the API key can see no space, so every space-scoped stream (projects, environments, "
                "deployments, ...) will read nothing. Add the key's user to a team with SpaceView in the spaces to sync."
            )
        missing = missing_subscription_permissions(self.client, me, list(self.config.spaces) or list(visible))
        granted = [space for space, names in missing.items() if not names]
        found = (
            [f"Octopus: webhook permissions found: {', '.join(SUBSCRIPTION_PERMISSIONS)} in {', '.join(granted)}."]
            if granted
            else []
        )
        return CheckOutcome(permission_problems=subscription_permission_problems(me, missing), permissions_found=found)

    def _visible_spaces(self) -> dict[str, str]:
        """Id -> name of every space the key can see (every page)."""
        return {str(s["Id"]): str(s.get("Name") or "") for s in self.client.pages("api/spaces", PAGINATOR, 1000)}

    def _require_spaces(self, records: list[Mapping[str, Any]]) -> None:
        """The spaces stream keeps only configured spaces, so a missing one is noticed here, before any child reads."""
        found = {str(record["Id"]) for record in records}
        if any(space not in found for space in self.config.spaces):
            self._require_visible(self._visible_spaces())

    def _require_visible(self, visible: dict[str, str]) -> None:
        """Names every listed space the key cannot see, with every space it does see (check and read alike)."""
        missing = [space for space in self.config.spaces if space not in visible]
        if missing:
            seen = ", ".join(f"{space_id} ({name})" if name else space_id for space_id, name in visible.items())
            raise AirbyteTracedException(
                message=f"Octopus: `octopus.spaces` lists {', '.join(missing)}, which the API key cannot see "
                f"(the key sees: {seen or 'no space at all'}). Use space ids as listed (they are case-sensitive), "
                "or add the key's user to a team with SpaceView in that space.",
                failure_type=FailureType.config_error,
            )


def _check_cap_names(caps: Mapping[str, int]) -> None:
    """Cap names are the kinds of the registry (config parses them as a plain mapping and knows no streams)."""
    unknown = sorted(set(caps) - set(OCTOPUS_KINDS))
    if unknown:
        raise config_error(
            f"octopus.max_items_per_kind.{unknown[0]}",
            "is not a kind that can be capped",
            f"Use {', '.join(OCTOPUS_KINDS)}.",
        )
