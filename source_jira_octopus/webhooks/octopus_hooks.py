"""Octopus subscriptions we own: one per configured space, on the core's one HTTP client.

    GET  /api/{spaceId}/subscriptions?skip&take -> {"Items": [SubscriptionResource], "TotalResults": ...}
    POST /api/{spaceId}/subscriptions;  PUT / DELETE /api/{spaceId}/subscriptions/{id}

    SubscriptionResource: {"Id", "Name", "Type": "Event", "IsDisabled", "SpaceId", "EventNotificationSubscription":
      {"Filter": {"EventCategories": [...], "DocumentTypes": [...], ...}, "WebhookURI", "WebhookTimeout": "00:00:10",
       "WebhookHeaderKey", "WebhookHeaderValue", "WebhookTeams": []}}

The secret travels as a header (`WebhookHeaderKey: WebhookHeaderValue`) on every delivery; the receiver compares it
in constant time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from source_jira_octopus.config.webhooks import WebhookOptions
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.octopus.base import PAGINATOR
from source_jira_octopus.webhooks.changes import CREATED, DELETED, LISTED, UNCHANGED, UPDATED, Change, Hook
from source_jira_octopus.webhooks.events import OCTOPUS_DOCUMENT_TYPES, octopus_categories

SECRET_HEADER = "X-Source-Jira-Octopus-Secret"
WEBHOOK_TIMEOUT = "00:00:10"  # a .NET TimeSpan; the receiver answers at once, the sync runs later
_EMPTY_FILTERS = ("Users", "Projects", "ProjectGroups", "Environments", "EventGroups", "EventAgents", "Tenants", "Tags")


class OctopusSubscriptionHooks:
    kind = "subscription"

    def __init__(self, client: ServiceClient, options: WebhookOptions, target: str, secret: str | None) -> None:
        self._client, self._options, self._target, self._secret = client, options, target, secret

    def desired(self, space_id: str) -> dict[str, Any]:
        notification: dict[str, Any] = {
            "Filter": {
                **{name: [] for name in _EMPTY_FILTERS},
                "EventCategories": octopus_categories(self._options),
                "DocumentTypes": list(OCTOPUS_DOCUMENT_TYPES),
            },
            "WebhookURI": self._target,
            "WebhookTeams": [],
            "WebhookTimeout": WEBHOOK_TIMEOUT,
        }
        if self._secret:
            notification.update({"WebhookHeaderKey": SECRET_HEADER, "WebhookHeaderValue": self._secret})
        return {
            "Name": self._options.name,
            "Type": "Event",
            "IsDisabled": False,
            "SpaceId": space_id,
            "EventNotificationSubscription": notification,
        }

    def listed(self, space_id: str) -> list[Change]:
        return [Change(LISTED, self._hook(space_id, s)) for s in self._all(space_id)]

    def register(self, space_id: str, force: bool = False) -> list[Change]:
        ours = [s for s in self._all(space_id) if self._is_ours(s)]
        if not ours:
            created = self._client.post(f"api/{space_id}/subscriptions", self.desired(space_id))
            return [Change(CREATED, self._hook(space_id, created))]
        keep, *duplicates = ours
        changes = [self._deleted(space_id, s, "duplicate of ours") for s in duplicates]
        stale = self._stale(space_id, keep) or (["forced"] if force else [])
        if not stale:
            return [Change(UNCHANGED, self._hook(space_id, keep)), *changes]
        body = {**keep, **self.desired(space_id), "Id": keep["Id"]}
        updated = json_body(self._client.send("PUT", f"api/{space_id}/subscriptions/{keep['Id']}", body=body))
        return [Change(UPDATED, self._hook(space_id, updated), "stale: " + ", ".join(stale)), *changes]

    def unregister(self, space_id: str) -> list[Change]:
        return [self._deleted(space_id, s) for s in self._all(space_id) if self._is_ours(s)]

    def _deleted(self, space_id: str, subscription: Mapping[str, Any], reason: str = "") -> Change:
        self._client.send("DELETE", f"api/{space_id}/subscriptions/{subscription['Id']}")
        return Change(DELETED, self._hook(space_id, subscription), reason)

    def _all(self, space_id: str) -> list[Mapping[str, Any]]:
        return list(self._client.pages(f"api/{space_id}/subscriptions", PAGINATOR, 100))

    def _is_ours(self, subscription: Mapping[str, Any]) -> bool:
        return subscription.get("Name") == self._options.name or _uri(subscription) == self._target

    def _stale(self, space_id: str, subscription: Mapping[str, Any]) -> list[str]:
        wanted = self.desired(space_id)
        have = subscription.get("EventNotificationSubscription") or {}
        want = wanted["EventNotificationSubscription"]
        stale = [key for key in ("Name", "IsDisabled") if subscription.get(key) != wanted[key]]
        stale += ["WebhookURI"] if have.get("WebhookURI") != want["WebhookURI"] else []
        for name in ("EventCategories", "DocumentTypes"):
            if sorted((have.get("Filter") or {}).get(name) or []) != sorted(want["Filter"][name]):
                stale.append(name)
        if have.get("WebhookHeaderKey") != want.get("WebhookHeaderKey"):
            stale.append("WebhookHeaderKey")
        if have.get("WebhookHeaderValue") and have.get("WebhookHeaderValue") != want.get("WebhookHeaderValue"):
            stale.append("secret")  # named, never shown
        return stale

    def _hook(self, space_id: str, subscription: Mapping[str, Any]) -> Hook:
        notification = subscription.get("EventNotificationSubscription") or {}
        categories = (notification.get("Filter") or {}).get("EventCategories") or []
        return Hook(
            "Octopus",
            self.kind,
            space_id,
            str(subscription.get("Id") or ""),
            str(subscription.get("Name") or ""),
            _uri(subscription),
            self._is_ours(subscription),
            f"{len(categories) or 'all'} event categories" + (", disabled" if subscription.get("IsDisabled") else ""),
        )


def _uri(subscription: Mapping[str, Any]) -> str:
    return str((subscription.get("EventNotificationSubscription") or {}).get("WebhookURI") or "")
