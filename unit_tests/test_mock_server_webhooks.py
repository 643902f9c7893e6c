"""Whole `read`s of the webhooks streams against HttpMocker: exact requests, records as written (ids, kinds,
masked secrets), and the documented 403 of the admin webhook list skipped with a log line."""

import json

from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse

from testkit.mock_server import (
    DC,
    JIRA,
    JIRA_CLOUD,
    JIRA_DC,
    OCTOPUS,
    OCTOPUS_CONFIG,
    Mocks,
    mock_octopus_spaces,
    octopus_items,
    run,
)


def admin_webhook(site, webhook_id, name):
    return {
        "self": f"{site}/rest/webhooks/1.0/webhook/{webhook_id}",
        "name": name,
        "url": f"https://hooks.acme.io/{webhook_id}",
        "events": ["jira:issue_updated"],
        "filters": {"issue-related-events-section": ""},
        "excludeBody": False,
        "enabled": True,
        "lastUpdated": 1716800000000,
    }


def test_jira_webhooks_lists_admin_webhooks_with_ids_from_self_on_cloud_and_data_center():
    for config, site in ((JIRA_CLOUD, JIRA), (JIRA_DC, DC)):
        with HttpMocker() as mocker:
            mocks = Mocks(mocker)
            hooks = [admin_webhook(site, 12, "Slack"), admin_webhook(site, 40, "prod-source-jira-octopus")]
            mocks.get(f"{site}/rest/webhooks/1.0/webhook", None, hooks)
            output = run({"jira": config}, "jira_webhooks")
            mocks.verify()
        assert not output.errors
        records = [r.record.data for r in output.records]
        assert [(r["id"], r["kind"], r["name"]) for r in records] == [
            ("12", "admin", "Slack"),
            ("40", "admin", "prod-source-jira-octopus"),
        ]
        assert records[0]["self"] == f"{site}/rest/webhooks/1.0/webhook/12"


def test_jira_webhooks_skips_the_documented_403_of_a_user_who_is_not_an_administrator():
    with HttpMocker() as mocker:
        mocker.get(
            HttpRequest(f"{JIRA}/rest/webhooks/1.0/webhook"),
            HttpResponse(json.dumps({"errorMessages": ["Only Jira administrators can manage webhooks."]}), 403),
        )
        output = run({"jira": JIRA_CLOUD}, "jira_webhooks")
    assert not output.errors and not output.records
    logs = " ".join(m.log.message for m in output.logs)
    assert "skipped GET" in logs and "Administer Jira" in logs


def test_octopus_subscriptions_are_read_per_space_stamped_and_their_header_secret_masked():
    secret = "relay-token-0042"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        notification = {"WebhookURI": "https://hooks.acme.io/x", "WebhookHeaderKey": "X-Token"}
        first = [
            {
                "Id": "Subscriptions-1",
                "Name": "ours",
                "EventNotificationSubscription": {**notification, "WebhookHeaderValue": secret},
            },
            {"Id": "Subscriptions-2", "Name": "emails", "EventNotificationSubscription": {"EmailTeams": ["t"]}},
        ]
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/subscriptions",
            {"skip": "0", "take": "2"},
            octopus_items("subscriptions", "Spaces-1", 0, 3, first),
        )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/subscriptions",
            {"skip": "2", "take": "2"},
            octopus_items("subscriptions", "Spaces-1", 2, 3, [{"Id": "Subscriptions-3", "Name": "third"}]),
        )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/subscriptions",
            {"skip": "0", "take": "2"},
            octopus_items("subscriptions", "Spaces-2", 0, 0, []),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_subscriptions")
        mocks.verify()
    assert not output.errors
    records = {r.record.data["Id"]: r.record.data for r in output.records}
    assert sorted(records) == ["Subscriptions-1", "Subscriptions-2", "Subscriptions-3"]
    assert {r["SpaceId"] for r in records.values()} == {"Spaces-1"}
    assert records["Subscriptions-1"]["EventNotificationSubscription"]["WebhookHeaderValue"] == "**********"
    assert records["Subscriptions-1"]["EventNotificationSubscription"]["WebhookHeaderKey"] == "X-Token"
    assert secret not in json.dumps([m.record.data for m in output.records])
