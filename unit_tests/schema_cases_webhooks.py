"""Schema cases of the webhooks streams: sample records and a value each schema must reject."""

from __future__ import annotations

from unit_tests.stream_case import StreamCase

ADMIN_WEBHOOK = {  # GET /rest/webhooks/1.0/webhook (Atlassian's "Webhooks" page), as the stream writes it
    "self": "https://acme.atlassian.net/rest/webhooks/1.0/webhook/12",
    "id": "12",
    "kind": "admin",
    "name": "prod-source-jira-octopus",
    "url": "https://hooks.acme.io/jira-octopus",
    "excludeBody": False,
    "filters": {"issue-related-events-section": 'project in ("ED", "OPS")'},
    "events": ["jira:issue_created", "jira:issue_updated", "comment_created"],
    "enabled": True,
    "lastUpdated": 1716800000000,
    "lastUpdatedUser": "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077",
    "lastUpdatedDisplayName": "Jira admin",
}
DYNAMIC_WEBHOOK = {  # PageBeanWebhook.values[] of GET /rest/api/3/webhook, id written as text
    "id": "10001",
    "kind": "dynamic",
    "jqlFilter": 'project in ("ED")',
    "events": ["jira:issue_created", "jira:issue_updated"],
    "expirationDate": 1719400000000,
    "url": "https://hooks.acme.io/jira-octopus",
}
SUBSCRIPTION = {  # SubscriptionResource of GET /api/{spaceId}/subscriptions, header secret masked
    "Id": "Subscriptions-3",
    "Name": "prod-source-jira-octopus",
    "Type": "Event",
    "IsDisabled": False,
    "SpaceId": "Spaces-1",
    "EventNotificationSubscription": {
        "Filter": {
            "EventCategories": ["Created", "DeploymentSucceeded"],
            "DocumentTypes": ["Deployments"],
            "Users": [],
        },
        "EmailTeams": [],
        "EmailFrequencyPeriod": "01:00:00",
        "EmailPriority": "Normal",
        "EmailDigestLastProcessed": None,
        "WebhookURI": "https://hooks.acme.io/jira-octopus",
        "WebhookTeams": [],
        "WebhookTimeout": "00:00:10",
        "WebhookHeaderKey": "X-Source-Jira-Octopus-Secret",
        "WebhookHeaderValue": "**********",
        "WebhookLastProcessed": "2024-05-01T10:00:00.000+00:00",
    },
    "Links": {"Self": "/api/Spaces-1/subscriptions/Subscriptions-3"},
}

CASES: list[StreamCase] = [
    StreamCase(
        "jira_webhooks", ("id",), "jira", "WebhookDetails", (), (ADMIN_WEBHOOK, DYNAMIC_WEBHOOK), ("enabled", "yes")
    ),
    StreamCase(
        "octopus_subscriptions",
        ("Id",),
        "octopus",
        "SubscriptionResource",
        ("LastModifiedOn", "EventNotificationSubscription.WebhookLastProcessed"),
        (SUBSCRIPTION,),
        ("IsDisabled", "no"),
    ),
]
