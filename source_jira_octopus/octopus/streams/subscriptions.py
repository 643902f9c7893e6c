"""Octopus kinds: subscriptions (declared subclasses; the registry takes this module's STREAMS)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams.core import OctopusSpaceStream

SECRET_MASK = "**********"


class OctopusSubscriptions(OctopusSpaceStream):
    """`GET /api/{spaceId}/subscriptions` (needs SubscriptionView). The webhook header value is a shared secret (ours
    is `webhooks.secret`): it is masked before the record leaves, never written to the warehouse."""

    name = "octopus_subscriptions"
    kind = "subscriptions"
    path_template = "{space_id}/subscriptions"

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        notification = record.get("EventNotificationSubscription")
        if not isinstance(notification, Mapping) or not notification.get("WebhookHeaderValue"):
            return record
        return {**record, "EventNotificationSubscription": {**notification, "WebhookHeaderValue": SECRET_MASK}}


STREAMS: tuple[type[OctopusStream], ...] = (OctopusSubscriptions,)
