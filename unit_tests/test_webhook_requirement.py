"""Missing webhook permissions fail `check` only when webhooks are wanted; every outcome is logged."""

import logging

import pytest

from source_jira_octopus.config import parse_config
from source_jira_octopus.connection_check import CheckOutcome, permission_errors, permissions_required

JIRA = {
    "base_url": "https://acme.atlassian.net",
    "credentials": {"auth_type": "api_token", "email": "a@b.io", "api_token": "tok-123456789"},
}
TARGET = "https://hooks.example.com/in"


@pytest.mark.parametrize(
    ("webhooks", "required", "remedy"),
    [
        (None, False, "Set `webhooks.verify_permissions: true` to require it"),
        ({}, False, "Set `webhooks.verify_permissions: true` to require it"),
        ({"target_url": TARGET}, True, "remove `webhooks.target_url`"),
        ({"verify_permissions": True}, True, "set `webhooks.verify_permissions: false`"),
        ({"verify_permissions": False, "target_url": TARGET}, False, "`webhooks.verify_permissions` is false"),
    ],
)
def test_webhook_permissions_are_required_only_when_wanted(webhooks, required, remedy, caplog):
    raw = {"jira": JIRA, **({"webhooks": webhooks} if webhooks is not None else {})}
    parsed = parse_config(raw).webhooks
    assert permissions_required(parsed) is required
    outcome = CheckOutcome(permission_problems=["Jira: x lacks ADMINISTER."], permissions_found=["Octopus: found."])
    with caplog.at_level(logging.INFO):
        errors = permission_errors(parsed, outcome, logging.getLogger("test"))
    assert bool(errors) is required
    assert remedy in (" ".join(errors) if required else caplog.text)
    assert "Octopus: found." in caplog.text
