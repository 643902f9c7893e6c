"""What a service's connection check found: blocking problems, webhook permissions found and missing, and whether
the missing ones fail the check (only when webhooks are wanted: most sync accounts are not administrators); and the
warnings that `check` and `read` both give about a config that is valid but will read nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from source_jira_octopus.config import ConnectorConfig, WebhookConfig


@dataclass
class CheckOutcome:
    errors: list[str] = field(default_factory=list)
    permission_problems: list[str] = field(default_factory=list)  # missing webhook permissions, with how to grant
    permissions_found: list[str] = field(default_factory=list)  # granted webhook permissions, for the log


def permission_errors(webhooks: WebhookConfig, outcome: CheckOutcome, logger: logging.Logger) -> list[str]:
    """Logs what was found; returns the missing permissions as errors when webhooks are wanted, else warns."""
    for found in outcome.permissions_found:
        logger.info(found)
    if permissions_required(webhooks):
        return [f"{problem} {_why_required(webhooks)}" for problem in outcome.permission_problems]
    for problem in outcome.permission_problems:
        logger.warning(f"{problem} {_why_not_required(webhooks)}")
    return []


def permissions_required(webhooks: WebhookConfig) -> bool:
    """Missing webhook permissions fail `check` only when webhooks are wanted: explicitly, or by a target URL."""
    return webhooks.verify_permissions if webhooks.verify_permissions is not None else webhooks.target_url is not None


def _why_required(webhooks: WebhookConfig) -> str:
    if webhooks.verify_permissions:
        return (
            "The check requires webhook permissions because `webhooks.verify_permissions` is true: grant the "
            "permission, or set `webhooks.verify_permissions: false` if this connection does not manage webhooks."
        )
    return (
        "The check requires webhook permissions because `webhooks.target_url` is set: grant the permission, or "
        "remove `webhooks.target_url` (or set `webhooks.verify_permissions: false`) if you do not use webhooks."
    )


def _why_not_required(webhooks: WebhookConfig) -> str:
    if webhooks.verify_permissions is False:
        return "Not failing the check: `webhooks.verify_permissions` is false."
    return (
        "Not failing the check: webhooks are not configured (no `webhooks.target_url`); only syncing needs no "
        "webhook permission. Set `webhooks.verify_permissions: true` to require it."
    )


def warn_about_future_start_dates(parsed: ConnectorConfig, logger: logging.Logger) -> None:
    """Not an error (a sync may be set up ahead of time), but a first sync that reads nothing must say why, and
    `check` is where a user looks first."""
    now = datetime.now(UTC)
    for name, section in (("jira", parsed.jira), ("octopus", parsed.octopus)):
        if section is not None and section.start_date > now:
            logger.warning(
                f"{name}.start_date is {section.start_date.isoformat()}, in the future: a first sync reads no "
                f"{name} records created or updated before then (0 records now). Set an earlier start_date to read them."
            )
