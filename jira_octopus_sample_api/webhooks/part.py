"""The fake APIs' webhooks part: its records, the ids its streams must read, its routes.

Records: a few admin webhooks of other teams (Jira), one or two subscriptions per Octopus space, and, once
registered, ours. Served: ``/rest/webhooks/1.0/webhook[/{id}]`` (WEBHOOKS family, Cloud + Data Center),
``/rest/api/3/webhook`` and ``webhook/refresh`` (Cloud, OAuth gateway), ``/api/{spaceId}/subscriptions[/{id}]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.part import DatasetPart, OctopusRoute, octopus_route
from jira_octopus_sample_api.webhooks.registry import WebhookRegistry, build_registry

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute


class WebhooksPart(DatasetPart):
    name = "webhooks"

    def build(self, dataset: FakeDataset) -> None:
        spaces = [space["Id"] for space in dataset.octopus_spaces]
        dataset.parts[self.name] = build_registry(dataset.seed, to_epoch_ms(dataset.anchor), spaces)

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        registry: WebhookRegistry = dataset.parts[self.name]
        if stream_name == "jira_webhooks":
            return {str(webhook_id) for webhook_id in registry.admin}
        if stream_name == "octopus_subscriptions":
            return {sid for by_id in registry.subscriptions.values() for sid in by_id}
        return None

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.api import WEBHOOKS, route
        from jira_octopus_sample_api.webhooks import (
            jira_routes as webhooks_jira,  # why: jira_api imports the dataset, which imports this part
        )

        return [
            route("GET POST", "webhook", webhooks_jira.admin_collection, family=WEBHOOKS),
            route("GET PUT DELETE", r"webhook/\d+", webhooks_jira.admin_item, family=WEBHOOKS),
            route("GET POST DELETE", "webhook", webhooks_jira.dynamic_collection, "cloud"),
            route("PUT", "webhook/refresh", webhooks_jira.dynamic_refresh, "cloud"),
        ]

    def octopus_routes(self) -> list[OctopusRoute]:
        from jira_octopus_sample_api.webhooks import (
            octopus_routes as webhooks_octopus,  # why: octopus_api imports the parts, this one included
        )

        return [
            octopus_route("GET POST", r"/api/(?P<space_id>Spaces-\d+)/subscriptions", webhooks_octopus.subscriptions),
            octopus_route(
                "GET PUT DELETE",
                r"/api/(?P<space_id>Spaces-\d+)/subscriptions/(?P<subscription_id>Subscriptions-\d+)",
                webhooks_octopus.subscription,
            ),
        ]


PART = WebhooksPart()
