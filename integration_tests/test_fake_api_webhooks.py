"""The fake's webhook endpoints answer in the vendors' documented shapes (closed Octopus schemas, Jira's
PageBeanWebhook / ContainerForRegisteredWebhooks / WebhooksExpirationDate) and enforce what the real APIs enforce."""

from __future__ import annotations

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.spec_validation import (
    jira_response_validator,
    octopus_response_validator,
    schema_errors,
)


@pytest.fixture
def server():
    with FakeApiServer(seed=3, size=60) as fake:
        yield fake


def octopus(server):
    session = requests.Session()
    session.headers["X-Octopus-ApiKey"] = server.credentials.octopus_api_key
    return session


def oauth_gateway(server):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {server.credentials.oauth_access_token}"
    return session, f"{server.base_url}/ex/jira/{server.credentials.oauth_cloud_id}/rest/api/3/webhook"


def test_octopus_subscription_collection_and_resources_match_the_closed_swagger_schemas(server):
    session, base = octopus(server), f"{server.base_url}/api/Spaces-1/subscriptions"
    listed = session.get(base, params={"take": 1}).json()
    assert not schema_errors(octopus_response_validator("/api/{baseSpaceId}/subscriptions"), listed)
    assert listed["TotalResults"] == len(server.dataset.parts["webhooks"].subscriptions["Spaces-1"])
    created = session.post(base, json={"Name": "ours", "EventNotificationSubscription": {"WebhookURI": "https://h"}})
    assert created.status_code == 201
    assert not schema_errors(
        octopus_response_validator("/api/{baseSpaceId}/subscriptions", "post", "201"), created.json()
    )
    again = session.post(base, json={"Name": "ours"})
    assert again.status_code == 400 and "already exists" in again.json()["Errors"][0]
    item = f"{base}/{created.json()['Id']}"
    updated = session.put(item, json={**created.json(), "IsDisabled": True})
    assert updated.json()["IsDisabled"] is True
    assert not schema_errors(octopus_response_validator("/api/{baseSpaceId}/subscriptions/{id}", "put"), updated.json())
    assert session.delete(item).status_code == 200 and session.get(item).status_code == 404


def test_octopus_subscriptions_need_their_permissions(server):
    server.octopus_permissions["Spaces-2"].discard("SubscriptionView")
    answer = octopus(server).get(f"{server.base_url}/api/Spaces-2/subscriptions")
    assert answer.status_code == 403 and "SubscriptionView" in answer.json()["ErrorMessage"]


def test_dynamic_webhooks_match_the_platform_document_and_keep_one_url_per_app(server):
    session, base = oauth_gateway(server)
    result = session.post(
        base, json={"url": "https://h/1", "webhooks": [{"jqlFilter": "project = A", "events": ["jira:issue_created"]}]}
    )
    assert not schema_errors(jira_response_validator("/rest/api/3/webhook", "post"), result.json())
    [outcome] = result.json()["webhookRegistrationResult"]
    page = session.get(base).json()
    assert not schema_errors(jira_response_validator("/rest/api/3/webhook"), page)
    assert [w["id"] for w in page["values"]] == [outcome["createdWebhookId"]]
    refreshed = session.put(f"{base}/refresh", json={"webhookIds": [outcome["createdWebhookId"]]})
    assert not schema_errors(jira_response_validator("/rest/api/3/webhook/refresh", "put"), refreshed.json())
    other = session.post(
        base, json={"url": "https://h/2", "webhooks": [{"jqlFilter": "project = A", "events": ["jira:issue_created"]}]}
    )
    assert other.json() == {
        "webhookRegistrationResult": [{"errors": ["Only a single URL per app is allowed to be registered."]}]
    }
    bad = session.post(
        base, json={"url": "https://h/1", "webhooks": [{"jqlFilter": "project = A", "events": ["worklog_created"]}]}
    )
    assert "worklog_created" in bad.json()["webhookRegistrationResult"][0]["errors"][0]
    assert session.delete(base, json={"webhookIds": [outcome["createdWebhookId"]]}).status_code == 202
    assert session.get(base).json()["values"] == []


def test_admin_webhooks_are_for_administrators_and_basic_auth_cannot_use_dynamic_ones(server):
    auth = (server.credentials.jira_email, server.credentials.jira_api_token)
    admin = f"{server.base_url}/rest/webhooks/1.0/webhook"
    assert requests.get(admin, auth=auth).status_code == 200
    dynamic = requests.get(f"{server.base_url}/rest/api/3/webhook", auth=auth)
    assert dynamic.status_code == 403 and dynamic.json()["errorMessages"]
    server.jira_admin = False
    assert requests.get(admin, auth=auth).status_code == 403
