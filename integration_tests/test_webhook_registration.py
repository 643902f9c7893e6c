"""`webhooks register|list|unregister` over real HTTP against the fake Jira (Cloud: API token and OAuth 2.0; Data
Center: PAT) and Octopus: created once, a second run sends no write, a stale one of ours is updated (never
duplicated), unregister removes only ours, missing permissions stop before any write, 403/404 answers surface
with the API's reason. Every request is checked against the vendor documents at teardown (conftest.fake_api)."""

from __future__ import annotations

import copy
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.jira import auth
from source_jira_octopus.webhooks.events import JIRA_ADMIN_EVENTS, JIRA_DYNAMIC_EVENTS, OCTOPUS_EVENT_CATEGORIES
from source_jira_octopus.webhooks.octopus_hooks import SECRET_HEADER
from source_jira_octopus.webhooks.registration import Registration

pytestmark = pytest.mark.slow  # console-script processes

TARGET, SECRET, NAME = "https://relay.example.com/hooks", "reg-secret-4242", "prod-source-jira-octopus"
LOGGER = logging.getLogger("test.webhooks")
WRITES = ("POST", "PUT", "DELETE")


def config(server, **jira):
    section = {"projects": [server.dataset.jira_projects[0]["key"]], **jira}
    return server.connector_config(
        webhooks={"target_url": TARGET, "secret": SECRET, "name_prefix": "prod"}, jira=section
    )


def registry(server):
    return server.dataset.parts["webhooks"]


def writes(server):
    return [(r.method, r.path) for r in server.requests if r.method in WRITES and r.service != "oauth"]


def ours_admin(server):
    return [w for w in registry(server).admin.values() if w["url"] == TARGET]


def ours_subscriptions(server):
    return {
        space: [s for s in by_id.values() if s["Name"] == NAME]
        for space, by_id in registry(server).subscriptions.items()
    }


def test_register_creates_ours_once_and_a_second_run_writes_nothing(fake_api):
    key = fake_api.dataset.jira_projects[0]["key"]
    changes = Registration(config(fake_api), LOGGER).register()
    assert sorted((c.hook.service, c.action) for c in changes) == [("Jira", "created")] + [("Octopus", "created")] * 3
    [webhook] = ours_admin(fake_api)
    assert webhook["name"] == NAME and webhook["events"] == sorted(JIRA_ADMIN_EVENTS)
    assert webhook["filters"] == {"issue-related-events-section": f'project in ("{key}")'}
    assert webhook["_secret"] == SECRET and webhook["enabled"] is True
    for space, subscriptions in ours_subscriptions(fake_api).items():
        [subscription] = subscriptions
        notification = subscription["EventNotificationSubscription"]
        assert subscription["SpaceId"] == space and notification["WebhookURI"] == TARGET
        assert (notification["WebhookHeaderKey"], notification["WebhookHeaderValue"]) == (SECRET_HEADER, SECRET)
        assert sorted(notification["Filter"]["EventCategories"]) == sorted(OCTOPUS_EVENT_CATEGORIES)
    fake_api.clear_requests()
    again = Registration(config(fake_api), LOGGER).register()
    assert {c.action for c in again} == {"unchanged"} and len(again) == 4
    assert writes(fake_api) == []


def test_a_stale_webhook_with_our_url_is_updated_and_a_duplicate_removed(fake_api):
    hooks = registry(fake_api)
    stale = hooks.add_admin({"name": "old relay", "url": TARGET, "events": ["jira:issue_created"]}, 0)
    stale["enabled"] = False
    duplicate = hooks.add_admin({"name": NAME, "url": TARGET, "events": list(JIRA_ADMIN_EVENTS)}, 0)
    outdated = hooks.add_subscription(
        "Spaces-1",
        {
            "Name": NAME,
            "EventNotificationSubscription": {"WebhookURI": TARGET, "Filter": {"EventCategories": ["Created"]}},
        },
    )
    others_before = {i: copy.deepcopy(w) for i, w in hooks.admin.items() if w["url"] != TARGET}
    changes = Registration(config(fake_api), LOGGER).register()
    by_action = {(c.hook.service, c.hook.id): (c.action, c.reason) for c in changes}
    stale_id = stale["self"].rsplit("/", 1)[-1]
    assert by_action[("Jira", stale_id)][0] == "updated"
    assert {"name", "events", "JQL filter", "disabled"} <= set(by_action[("Jira", stale_id)][1][7:].split(", "))
    assert by_action[("Jira", duplicate["self"].rsplit("/", 1)[-1])][0] == "deleted"
    assert by_action[("Octopus", outdated["Id"])][0] == "updated"
    [webhook] = ours_admin(fake_api)
    assert webhook["self"] == stale["self"] and webhook["name"] == NAME and webhook["enabled"] is True
    assert webhook["events"] == sorted(JIRA_ADMIN_EVENTS)
    [subscription] = ours_subscriptions(fake_api)["Spaces-1"]
    assert subscription["Id"] == outdated["Id"]
    assert subscription["EventNotificationSubscription"]["WebhookHeaderValue"] == SECRET
    assert {i: w for i, w in hooks.admin.items() if w["url"] != TARGET} == others_before
    assert sorted(m for m, _ in writes(fake_api)) == ["DELETE", "POST", "POST", "PUT", "PUT"]  # +2 new spaces


def test_unregister_removes_only_ours_and_list_prints_every_webhook(fake_api):
    hooks = registry(fake_api)
    before = (copy.deepcopy(hooks.admin), copy.deepcopy(hooks.subscriptions))
    registration = Registration(config(fake_api), LOGGER)
    registration.register()
    listed = registration.listed()
    assert (
        sum(c.hook.ours for c in listed) == 4
        and len(listed) == len(before[0]) + 1 + sum(map(len, before[1].values())) + 3
    )
    removed = Registration(config(fake_api), LOGGER).unregister()
    assert sorted(c.action for c in removed) == ["deleted"] * 4
    assert (hooks.admin, hooks.subscriptions) == before


def test_data_center_admin_webhooks_with_a_personal_access_token(fake_api):
    fake_api.jira_deployment = "data_center"
    first = Registration(config(fake_api), LOGGER).register()
    assert [c.action for c in first if c.hook.service == "Jira"] == ["created"]
    [webhook] = ours_admin(fake_api)
    assert webhook["events"] == sorted(JIRA_ADMIN_EVENTS) and webhook["_secret"] == SECRET
    assert any(path == "/rest/webhooks/1.0/webhook" and method == "POST" for method, path in writes(fake_api))
    fake_api.clear_requests()
    assert {c.action for c in Registration(config(fake_api), LOGGER).register()} == {"unchanged"}
    assert writes(fake_api) == []


def oauth_config(fake_api, monkeypatch):
    monkeypatch.setattr(auth, "ATLASSIAN_AUTH_URL", fake_api.base_url)
    monkeypatch.setattr(auth, "ATLASSIAN_API_URL", fake_api.base_url)
    return config(fake_api, credentials=fake_api.jira_credentials_config("oauth2"))


def test_oauth2_dynamic_webhook_created_kept_replaced_when_stale_refreshed_and_removed(fake_api, monkeypatch):
    key = fake_api.dataset.jira_projects[0]["key"]
    raw = oauth_config(fake_api, monkeypatch)
    registration = Registration(raw, LOGGER)
    assert [c.action for c in registration.register() if c.hook.service == "Jira"] == ["created"]
    hooks = registry(fake_api).dynamic
    [(first_id, webhook)] = hooks.items()
    assert webhook["url"] == TARGET and webhook["jqlFilter"] == f'project in ("{key}")'
    assert webhook["events"] == sorted(JIRA_DYNAMIC_EVENTS)
    fake_api.clear_requests()
    assert [c.action for c in registration.register() if c.hook.service == "Jira"] == ["unchanged"]
    assert [w for w in writes(fake_api) if "/webhook" in w[1]] == []
    webhook["jqlFilter"] = "project = OLD"
    actions = sorted(c.action for c in registration.register() if c.hook.service == "Jira")
    assert actions == ["created", "deleted"] and first_id not in hooks and len(hooks) == 1
    [(second_id, webhook)] = hooks.items()
    webhook["expirationDate"] = int(time.time() * 1000) + 2 * 86_400_000  # two days left: refresh
    fake_api.clear_requests()
    assert [c.action for c in registration.register() if c.hook.service == "Jira"] == ["refreshed"]
    assert [w for w in writes(fake_api) if "/webhook" in w[1]] == [
        ("PUT", f"/ex/jira/{auth_cloud_id(raw)}/rest/api/3/webhook/refresh")
    ]
    assert [c.action for c in registration.unregister() if c.hook.service == "Jira"] == ["deleted"]
    assert hooks == {}


def auth_cloud_id(raw):
    return raw["jira"]["credentials"]["cloud_id"]


def test_oauth2_refuses_when_the_app_already_has_another_webhook_url(fake_api, monkeypatch):
    raw = oauth_config(fake_api, monkeypatch)
    registry(fake_api).dynamic[7] = {
        "id": 7,
        "url": "https://old.example.com/x",
        "jqlFilter": "project = A",
        "events": ["jira:issue_created"],
        "expirationDate": 1,
    }
    with pytest.raises(AirbyteTracedException) as raised:
        Registration(raw, LOGGER).register()
    assert "https://old.example.com/x" in raised.value.message and "one URL per app" in raised.value.message
    assert [w for w in writes(fake_api) if "/webhook" in w[1]] == []


def test_missing_jira_admin_stops_before_any_write_and_says_how_to_grant_it(fake_api):
    fake_api.jira_admin = False
    with pytest.raises(AirbyteTracedException) as raised:
        Registration(config(fake_api), LOGGER).register()
    assert "ADMINISTER" in raised.value.message and "Global permissions" in raised.value.message
    assert writes(fake_api) == []


def test_missing_octopus_subscription_permission_names_it_and_the_space(fake_api):
    fake_api.octopus_permissions["Spaces-2"].discard("SubscriptionCreate")
    with pytest.raises(AirbyteTracedException) as raised:
        Registration(config(fake_api), LOGGER).register()
    assert (
        "SubscriptionCreate in space Spaces-2" in raised.value.message
        and "Configuration > Teams" in raised.value.message
    )
    assert writes(fake_api) == []


def test_a_403_on_delete_surfaces_the_missing_permission(fake_api):
    Registration(config(fake_api), LOGGER).register()
    fake_api.octopus_permissions["Spaces-1"].discard("SubscriptionDelete")
    with pytest.raises(AirbyteTracedException) as raised:
        Registration(config(fake_api), LOGGER).unregister()
    message = raised.value.message
    assert "403" in message and "SubscriptionDelete" in message and "/api/Spaces-1/subscriptions/" in message
    assert SECRET not in message


def test_a_webhook_deleted_meanwhile_answers_404_with_jiras_reason(fake_api):
    hooks = registry(fake_api)
    hooks.add_admin({"name": NAME, "url": TARGET, "events": ["jira:issue_created"]}, 0)

    def delete_ours(dataset, request):
        for webhook_id in [i for i, w in hooks.admin.items() if w["url"] == TARGET]:
            del hooks.admin[webhook_id]

    fake_api.add_hook(r"/rest/webhooks/1\.0/webhook", delete_ours)
    with pytest.raises(AirbyteTracedException) as raised:
        Registration(config(fake_api, projects=[]), LOGGER).register()
    assert "404" in raised.value.message and "does not exist" in raised.value.message


def run_cli(*args):
    return subprocess.run(
        [str(Path(sys.executable).with_name("source-jira-octopus")), "webhooks", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_console_script_registers_idempotently_and_names_a_missing_setting(fake_api, tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config(fake_api)))
    first, second = run_cli("register", "--config", str(path)), run_cli("register", "--config", str(path))
    assert first.returncode == 0 and second.returncode == 0, first.stderr[-2000:]
    assert first.stdout.count(" created ") == 4 and second.stdout.count(" unchanged ") == 4
    assert first.stdout.splitlines()[0].split() == [
        "service",
        "kind",
        "scope",
        "id",
        "name",
        "url",
        "ours",
        "action",
        "detail",
    ]
    for output in (first.stdout, first.stderr, second.stdout, second.stderr):
        assert SECRET not in output and fake_api.credentials.jira_api_token not in output
    assert all(json.loads(line)["level"] for line in first.stderr.splitlines())  # structured log lines
    missing = tmp_path / "missing.json"
    missing.write_text(json.dumps(fake_api.connector_config(webhooks={"secret": SECRET})))
    refused = run_cli("register", "--config", str(missing))
    assert refused.returncode == 1 and "`webhooks.target_url` is required" in refused.stderr
