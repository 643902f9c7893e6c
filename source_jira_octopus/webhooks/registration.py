"""`webhooks register|list|unregister`: build each configured service's connection (the same classes `check` and
`read` use), check the webhook permissions with the connection's own `check`, then let each registrar act.

A rotated OAuth 2.0 refresh token is written back to the config file (Atlassian disables the one used), so the
next run still signs in.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from typing import Any

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import parse_config
from source_jira_octopus.http.tls import verify_setting
from source_jira_octopus.jira.connection import JiraConnection
from source_jira_octopus.octopus.base import PAGINATOR
from source_jira_octopus.octopus.connection import OctopusConnection
from source_jira_octopus.webhooks.changes import Change
from source_jira_octopus.webhooks.jira_hooks import JiraAdminWebhooks, JiraDynamicWebhooks
from source_jira_octopus.webhooks.octopus_hooks import OctopusSubscriptionHooks


class Registration:
    def __init__(self, raw: Mapping[str, Any], logger: logging.Logger, config_path: str | None = None) -> None:
        self.raw, self.config, self._logger = dict(raw), parse_config(raw), logger
        self._config_path = config_path
        verify = verify_setting(self.config.ca_certificate)
        timeout = self.config.request_timeout_seconds
        self.jira = (
            JiraConnection(self.config.jira, timeout, verify, logger, self._save_refresh_token)
            if self.config.jira
            else None
        )
        self.octopus = OctopusConnection(self.config.octopus, timeout, verify, logger) if self.config.octopus else None

    def register(self, force: bool = False) -> list[Change]:
        self._require_target()
        self.require_permissions()
        return self._each(lambda jira: jira.register(force), lambda octopus, space: octopus.register(space, force))

    def unregister(self) -> list[Change]:
        self.require_permissions()
        return self._each(lambda jira: jira.unregister(), lambda octopus, space: octopus.unregister(space))

    def listed(self) -> list[Change]:
        return self._each(lambda jira: jira.listed(), lambda octopus, space: octopus.listed(space))

    def refresh_dynamic(self) -> list[Change]:
        """Extends OAuth 2.0 dynamic webhooks by 30 days (nothing to do for admin webhooks or Octopus)."""
        jira = self._jira_hooks()
        return jira.refresh() if isinstance(jira, JiraDynamicWebhooks) else []

    def require_permissions(self) -> None:
        """The connections' `check` (the code `source-jira-octopus check` runs): every problem it finds stops us."""
        problems: list[str] = []
        for connection in (self.jira, self.octopus):
            if connection is not None:
                outcome = connection.check()
                for found in outcome.permissions_found:
                    self._logger.info(found)
                problems += outcome.errors + outcome.permission_problems
        if problems:
            raise AirbyteTracedException(
                message="Webhooks cannot be managed with these credentials:\n" + "\n".join(problems),
                failure_type=FailureType.config_error,
            )

    def _each(
        self,
        on_jira: Callable[[Any], list[Change]],
        on_octopus: Callable[[OctopusSubscriptionHooks, str], list[Change]],
    ) -> list[Change]:
        changes: list[Change] = []
        jira = self._jira_hooks()
        if jira is not None:
            changes += on_jira(jira)
        if self.octopus is not None:
            webhooks = self.config.webhooks
            subscriptions = OctopusSubscriptionHooks(
                self.octopus.client, webhooks.options, webhooks.target_url or "", webhooks.secret
            )
            for space in self._spaces():
                changes += on_octopus(subscriptions, space)
        for change in changes:
            self._logger.info(
                f"{change.hook.service} {change.hook.kind} {change.hook.id} ({change.hook.scope}): {change.action}"
                + (f" ({change.reason})" if change.reason else "")
            )
        return changes

    def _jira_hooks(self) -> JiraAdminWebhooks | JiraDynamicWebhooks | None:
        if self.jira is None:
            return None
        webhooks, projects = self.config.webhooks, self.jira.config.projects
        target = webhooks.target_url or ""
        if self.jira.config.credentials.auth_type == "oauth2":
            return JiraDynamicWebhooks(self.jira.client, webhooks.options, target, projects)
        return JiraAdminWebhooks(self.jira.client, webhooks.options, target, webhooks.secret, projects)

    def _spaces(self) -> list[str]:
        assert self.octopus is not None
        configured = list(self.octopus.config.spaces)
        return configured or [str(s["Id"]) for s in self.octopus.client.pages("api/spaces", PAGINATOR, 1000)]

    def _require_target(self) -> None:
        missing = [name for name in ("target_url", "secret") if not getattr(self.config.webhooks, name)]
        if missing:
            raise AirbyteTracedException(
                message=f"Invalid configuration: `webhooks.{missing[0]}` is required to register webhooks. Set "
                "`webhooks.target_url` to the address `webhooks serve` is reachable at and `webhooks.secret` to a "
                "long random string (e.g. `openssl rand -hex 32`); deliveries without it are rejected.",
                failure_type=FailureType.config_error,
            )

    def _save_refresh_token(self, refresh_token: str) -> None:
        self.raw["jira"]["credentials"]["refresh_token"] = refresh_token
        if self._config_path is None:
            return
        directory = os.path.dirname(os.path.abspath(self._config_path))
        with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, encoding="utf-8") as file:
            json.dump(self.raw, file, indent=2)
        os.replace(file.name, self._config_path)
        self._logger.info(f"Jira OAuth 2.0: the rotated refresh token was saved to {self._config_path}.")
