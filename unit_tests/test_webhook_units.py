"""The relay's pure parts: signature checks, the replay guard, the debouncer, the webhook options and event lists."""

import hashlib
import hmac
import logging
import threading
import time

import pytest
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import parse_config
from source_jira_octopus.webhooks.changes import Change, Hook, table
from source_jira_octopus.webhooks.deliveries import JIRA, OCTOPUS, Delivery, ReplayGuard, authenticate, describe
from source_jira_octopus.webhooks.events import JIRA_ADMIN_EVENTS, jira_admin_events, project_jql
from source_jira_octopus.webhooks.relay import Debouncer
from unit_tests.config_cases import octopus

SECRET, BODY = "s3cret", b'{"webhookEvent":"jira:issue_updated","timestamp":1700000000000}'
LOGGER = logging.getLogger("test.relay")


def signature(body=BODY, secret=SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    "headers, body, expected",
    [
        ({"x-hub-signature": signature()}, BODY, JIRA),
        ({"x-hub-signature": signature().upper().replace("SHA256=", "sha256=")}, BODY, JIRA),
        ({"x-hub-signature": signature(secret="other")}, BODY, None),
        ({"x-hub-signature": signature()}, BODY + b" ", None),
        ({"x-hub-signature": signature()[7:]}, BODY, None),
        ({}, BODY, None),
        ({"x-source-jira-octopus-secret": SECRET}, BODY, OCTOPUS),
        ({"x-source-jira-octopus-secret": SECRET[:-1]}, BODY, None),
        ({"x-source-jira-octopus-secret": "", "x-hub-signature": signature()}, BODY, None),
    ],
)
def test_authenticate_accepts_only_proof_of_the_secret(headers, body, expected):
    assert authenticate(headers, body, SECRET) == expected


def test_deliveries_are_known_by_the_vendors_id_or_by_their_body():
    jira = describe(
        JIRA, {"x-atlassian-webhook-identifier": "abc"}, BODY, {"webhookEvent": "x", "timestamp": 1700000000000}
    )
    assert (jira.delivery_id, jira.event, jira.sent_at) == ("jira:abc", "x", 1700000000.0)
    anonymous = describe(JIRA, {}, BODY, {})
    assert anonymous.delivery_id == "jira:" + hashlib.sha256(BODY).hexdigest() and anonymous.sent_at is None
    payload = {
        "Timestamp": "2023-11-14T22:13:20+00:00",
        "Payload": {"Event": {"Id": "Events-9", "Category": "Created"}},
    }
    octo = describe(OCTOPUS, {}, b"{}", payload)
    assert (octo.delivery_id, octo.event, octo.sent_at) == ("octopus:Events-9", "Created", 1700000000.0)


def test_replay_guard_remembers_ids_for_its_window_and_refuses_stale_or_future_timestamps():
    now = [1000.0]
    guard = ReplayGuard(60, clock=lambda: now[0])
    first = Delivery(JIRA, "jira:1", "e", 990.0)
    assert guard.problem(first) is None
    assert "already delivered" in guard.problem(first)
    now[0] = 1100.0
    assert guard.problem(Delivery(JIRA, "jira:1", "e", None)) is None  # forgotten after the window
    assert "outside the 60 s replay window" in guard.problem(Delivery(JIRA, "jira:2", "e", 1000.0))
    assert guard.problem(Delivery(JIRA, "jira:3", "e", 1100.0 + 301)) == "timestamped in the future"


def test_debouncer_turns_a_burst_into_one_trigger_and_stop_fires_the_open_window():
    calls, done = [], threading.Event()

    def trigger(events):
        calls.append(events)
        done.set()
        return "ok"

    debouncer = Debouncer(0.3, trigger, LOGGER)
    for _ in range(50):
        debouncer.notify()
    assert done.wait(5) and calls == [50]
    time.sleep(0.4)
    assert calls == [50]
    long_window = Debouncer(60, lambda events: calls.append(events) or "ok", LOGGER)
    for _ in range(3):
        long_window.notify()
    started = time.monotonic()
    long_window.stop(timeout=5)
    assert calls == [50, 3] and time.monotonic() - started < 5
    assert (long_window.stats.events_accepted, long_window.stats.syncs_triggered) == (3, 1)


def test_a_failing_trigger_is_counted_and_the_next_window_still_fires():
    outcomes = iter([AirbyteTracedException(message="Airbyte down"), "ok"])

    def trigger(events):
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    debouncer = Debouncer(0.05, trigger, LOGGER)
    debouncer.notify()
    assert _wait(lambda: debouncer.stats.syncs_failed == 1)
    debouncer.notify()
    assert _wait(lambda: debouncer.stats.syncs_triggered == 1)
    debouncer.stop()


def _wait(predicate):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.01)
    return predicate()


def webhooks(**fields):
    return parse_config({"octopus": octopus(), "webhooks": fields}).webhooks.options


def test_options_default_and_override_the_name_events_and_window():
    assert (webhooks().name, webhooks().debounce_seconds, webhooks().airbyte) == (
        "airbyte-source-jira-octopus",
        10,
        None,
    )
    options = webhooks(name_prefix=" prod ", jira_events=["comment_created"], debounce_seconds=0.5)
    assert (options.name, options.debounce_seconds) == ("prod-source-jira-octopus", 0.5)
    assert jira_admin_events(options) == ["comment_created"] and jira_admin_events(webhooks()) == sorted(
        JIRA_ADMIN_EVENTS
    )
    airbyte = webhooks(airbyte={"connection_id": "E735894A-E773-4938-969F-45F53957B75B", "access_token": "t"}).airbyte
    assert (airbyte.api_url, airbyte.connection_id) == (
        "https://api.airbyte.com/v1",
        "e735894a-e773-4938-969f-45f53957b75b",
    )


@pytest.mark.parametrize(
    "fields, named",
    [
        ({"airbyte": {"connection_id": "e735894a-e773-4938-969f-45f53957b75b"}}, "webhooks.airbyte.access_token"),
        (
            {"airbyte": {"connection_id": "e735894a-e773-4938-969f-45f53957b75b", "client_id": "c"}},
            "webhooks.airbyte.access_token",
        ),
        ({"airbyte": {"access_token": "t"}}, "webhooks.airbyte.connection_id"),
        ({"airbyte": {"connection_id": "42", "access_token": "t"}}, "webhooks.airbyte.connection_id"),
        (
            {
                "airbyte": {
                    "connection_id": "e735894a-e773-4938-969f-45f53957b75b",
                    "access_token": "t",
                    "api_url": "ftp://x",
                }
            },
            "webhooks.airbyte.api_url",
        ),
        ({"name_prefix": "no spaces allowed"}, "webhooks.name_prefix"),
        ({"jira_events": ["Issue Updated"]}, "webhooks.jira_events"),
        ({"octopus_event_categories": ["Deployment-Failed"]}, "webhooks.octopus_event_categories"),
        ({"debounce_seconds": 0}, "webhooks.debounce_seconds"),
    ],
)
def test_option_errors_name_the_field_and_never_show_a_secret(fields, named):
    with pytest.raises(AirbyteTracedException) as raised:
        webhooks(**fields)
    assert f"`{named}`" in raised.value.message and 't"' not in raised.value.message


def test_project_jql_and_the_list_table():
    assert project_jql(("OPS", "ED")) == 'project in ("ED", "OPS")'
    assert project_jql(()) == "" and project_jql((), required=True) == 'project not in ("SOURCE-JIRA-OCTOPUS-NONE")'
    hook = Hook(
        "Jira",
        "admin webhook",
        "https://acme.atlassian.net",
        "12",
        "prod-source-jira-octopus",
        "https://h",
        True,
        "3 events",
    )
    lines = table([Change("updated", hook, "stale: events")]).splitlines()
    assert lines[0].split() == ["service", "kind", "scope", "id", "name", "url", "ours", "action", "detail"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split()[:4] == ["Jira", "admin", "webhook", "https://acme.atlassian.net"]
    assert lines[2].endswith("stale: events; 3 events")


def test_oauth_dynamic_webhooks_are_authenticated_by_a_jwt_signed_with_the_client_secret():
    import jwt

    app_secret, now = "oauth-client-secret", int(time.time())
    valid = jwt.encode({"iss": "jira", "exp": now + 60}, app_secret, algorithm="HS256")
    expired = jwt.encode({"exp": now - 60}, app_secret, algorithm="HS256")
    forged = jwt.encode({"exp": now + 60}, "another-secret", algorithm="HS256")
    unsigned = jwt.encode({"exp": now + 60}, None, algorithm="none")
    assert authenticate({"authorization": f"Bearer {valid}"}, BODY, SECRET, app_secret) == JIRA
    for token in (expired, forged, unsigned, "not-a-jwt"):
        assert authenticate({"authorization": f"Bearer {token}"}, BODY, SECRET, app_secret) is None
    assert authenticate({"authorization": f"Bearer {valid}"}, BODY, SECRET, None) is None  # no OAuth app configured
