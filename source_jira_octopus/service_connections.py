"""The Jira and Octopus connections of one source, built once per config and retry budget.

A connection keeps what is costly to learn twice: the Jira site (auto-detection costs one `serverInfo` request)
and each service's transport settings and request budget. `check` gives timeouts and refused connections fewer
retries than a sync (429/5xx keep the same), so it has connections of its own.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from airbyte_cdk.config_observation import emit_configuration_as_airbyte_control_message

from source_jira_octopus.config import ConnectorConfig, parse_config
from source_jira_octopus.http.errors import MAX_RETRIES
from source_jira_octopus.http.tls import verify_setting
from source_jira_octopus.jira.connection import JiraConnection
from source_jira_octopus.octopus.connection import OctopusConnection

Connection = JiraConnection | OctopusConnection


class ServiceConnections:
    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._built: dict[str, tuple[JiraConnection | None, OctopusConnection | None]] = {}

    def for_config(self, config: Mapping[str, Any], connection_retries: int = MAX_RETRIES) -> list[Connection]:
        """The configured services' connections, Jira first."""
        key = json.dumps(config, sort_keys=True, default=str) + f"#{connection_retries}"
        if key not in self._built:
            parsed = parse_config(config)
            self._built[key] = (
                self._jira(parsed, config, connection_retries),
                self._octopus(parsed, connection_retries),
            )
        return [connection for connection in self._built[key] if connection is not None]

    def _jira(self, parsed: ConnectorConfig, raw: Mapping[str, Any], retries: int) -> JiraConnection | None:
        if parsed.jira is None:
            return None
        return JiraConnection(
            parsed.jira,
            parsed.request_timeout_seconds,
            verify_setting(parsed.ca_certificate),
            self._logger,
            _config_updater(raw),
            workers=parsed.max_concurrent_requests,
            connection_retries=retries,
            retry_seconds=parsed.max_retry_minutes * 60,
        )

    def _octopus(self, parsed: ConnectorConfig, retries: int) -> OctopusConnection | None:
        if parsed.octopus is None:
            return None
        verify = verify_setting(parsed.ca_certificate)
        return OctopusConnection(
            parsed.octopus,
            parsed.request_timeout_seconds,
            verify,
            self._logger,
            retries,
            parsed.max_retry_minutes * 60,
            workers=parsed.max_concurrent_requests,
        )


def _config_updater(raw: Mapping[str, Any]) -> Callable[[str], None]:
    """Persist a rotated OAuth refresh token: the platform stores configs sent as control messages."""

    def update(refresh_token: str) -> None:
        updated = copy.deepcopy(dict(raw))
        updated["jira"]["credentials"]["refresh_token"] = refresh_token
        emit_configuration_as_airbyte_control_message(updated)

    return update
