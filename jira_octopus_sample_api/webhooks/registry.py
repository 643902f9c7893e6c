"""The fake's webhook state: Jira admin webhooks, dynamic webhooks of the OAuth app, Octopus subscriptions per
space. Seeded deterministically from the dataset (other teams' webhooks that ours must never touch) and changed
by the registration endpoints (the server serialises requests, so no lock is needed here)."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from jira_octopus_sample_api.jira.core.catalog import JIRA_SITE

THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000
_ADMIN_SEEDS = (
    ("Slack bridge", "https://hooks.slack.example/services/T000/B000", ["jira:issue_created", "jira:issue_updated"]),
    ("CI notifier", "https://ci.example.com/jira/hook", ["jira:version_released"]),
    ("Audit mirror", "https://audit.example.com/jira", ["project_created", "project_deleted", "user_created"]),
)
_SUBSCRIPTION_SEEDS = (
    ("Deployment emails", None, ["DeploymentFailed"]),
    ("PagerDuty relay", "https://events.pagerduty.example/octopus", ["DeploymentFailed", "MachineUnhealthy"]),
)


@dataclass
class WebhookRegistry:
    admin: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> admin webhook (self holds JIRA_SITE)
    dynamic: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> dynamic webhook of the OAuth app
    subscriptions: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # space -> Id -> resource
    next_admin: Any = field(default_factory=lambda: itertools.count(101))
    next_dynamic: Any = field(default_factory=lambda: itertools.count(1001))
    next_subscription: Any = field(default_factory=lambda: itertools.count(1))

    def add_admin(self, body: dict[str, Any], updated_ms: int) -> dict[str, Any]:
        webhook_id = next(self.next_admin)
        self.admin[webhook_id] = admin_webhook(webhook_id, body, updated_ms)
        return self.admin[webhook_id]

    def add_subscription(self, space_id: str, body: dict[str, Any]) -> dict[str, Any]:
        subscription_id = f"Subscriptions-{next(self.next_subscription)}"
        resource = subscription_resource(space_id, subscription_id, body)
        self.subscriptions.setdefault(space_id, {})[subscription_id] = resource
        return resource


def build_registry(seed: int, anchor_ms: int, space_ids: list[str]) -> WebhookRegistry:
    rng = random.Random(f"webhooks-{seed}")
    registry = WebhookRegistry()
    for name, url, events in _ADMIN_SEEDS[: 1 + rng.randrange(len(_ADMIN_SEEDS))]:
        body = {"name": name, "url": url, "events": events, "filters": {"issue-related-events-section": ""}}
        registry.add_admin(body, anchor_ms - rng.randrange(1, 90) * 86_400_000)
    for space_id in space_ids:
        for name, webhook_uri, categories in _SUBSCRIPTION_SEEDS[: 1 + rng.randrange(len(_SUBSCRIPTION_SEEDS))]:
            notification = {"Filter": {"EventCategories": categories}, "EmailTeams": ["teams-everyone"]}
            if webhook_uri:
                notification.update({"WebhookURI": webhook_uri, "WebhookHeaderKey": "X-Relay-Token"})
                notification["WebhookHeaderValue"] = f"relay-token-{rng.randrange(10**8):08d}"
            registry.add_subscription(space_id, {"Name": name, "EventNotificationSubscription": notification})
    return registry


def admin_webhook(webhook_id: int, body: dict[str, Any], updated_ms: int) -> dict[str, Any]:
    """The shape `GET /rest/webhooks/1.0/webhook` lists (the secret is stored, never listed)."""
    return {
        "self": f"{JIRA_SITE}/rest/webhooks/1.0/webhook/{webhook_id}",
        "name": body.get("name"),
        "url": body.get("url"),
        "excludeBody": bool(body.get("excludeBody", False)),
        "filters": {
            "issue-related-events-section": (body.get("filters") or {}).get("issue-related-events-section", "")
        },
        "events": list(body.get("events") or []),
        "enabled": body.get("enabled", True),
        "lastUpdated": updated_ms,
        "lastUpdatedUser": "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077",
        "lastUpdatedDisplayName": "Jira admin",
        "_secret": body.get("secret"),
    }


def subscription_resource(space_id: str, subscription_id: str, body: dict[str, Any]) -> dict[str, Any]:
    notification = dict(body.get("EventNotificationSubscription") or {})
    filters: dict[str, Any] = {
        name: [] for name in ("Users", "Projects", "ProjectGroups", "Environments", "EventGroups")
    }
    filters |= {name: [] for name in ("EventCategories", "EventAgents", "Tenants", "Tags", "DocumentTypes")}
    filters |= notification.get("Filter") or {}
    settings = {
        "Filter": filters,
        "EmailTeams": notification.get("EmailTeams") or [],
        "EmailFrequencyPeriod": notification.get("EmailFrequencyPeriod") or "01:00:00",
        "EmailPriority": "Normal",
        "WebhookURI": notification.get("WebhookURI"),
        "WebhookTeams": notification.get("WebhookTeams") or [],
        "WebhookTimeout": notification.get("WebhookTimeout") or "00:00:10",
        "WebhookHeaderKey": notification.get("WebhookHeaderKey"),
        "WebhookHeaderValue": notification.get("WebhookHeaderValue"),
    }
    return {
        "Id": subscription_id,
        "Name": body.get("Name"),
        "Type": "Event",
        "IsDisabled": bool(body.get("IsDisabled", False)),
        "SpaceId": space_id,
        # why no nulls: the 2020.5 document types these as plain strings; an unset one is left out
        "EventNotificationSubscription": {key: value for key, value in settings.items() if value is not None},
        "Links": {"Self": f"/api/{space_id}/subscriptions/{subscription_id}"},
    }
