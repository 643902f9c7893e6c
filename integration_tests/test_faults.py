"""Faults over real HTTP: rate limits, 5xx storms, malformed bodies. Each ends in a clear trace or a clean
retry, and the state already saved stays valid."""

import time

import pytest

from testkit.reading import read_streams, records_by_stream, state_for, stream_state

pytestmark = pytest.mark.slow  # faults and their backoff


def test_429_waits_as_long_as_retry_after_says_then_reads_everything(fake_api):
    fake_api.faults.add(r"/api/Spaces-\d+/releases", 429, times=1, headers={"Retry-After": "2"})
    started = time.monotonic()
    output = read_streams(fake_api.connector_config(), streams=["octopus_releases"])
    assert not output.errors
    assert {r["Id"] for r in records_by_stream(output)["octopus_releases"]} == set(
        fake_api.dataset.ids("octopus_releases")
    )
    rate_limited = [r for r in fake_api.requests if r.status == 429]
    retried = [r for r in fake_api.requests if r.path == rate_limited[0].path and r.status == 200]
    assert rate_limited and retried
    assert time.monotonic() - started >= 2.0


def test_a_5xx_storm_fails_the_stream_within_the_retry_budget_with_a_clear_trace_and_keeps_the_previous_state(
    fake_api,
):
    config = fake_api.connector_config(max_retry_minutes=0.05)  # a 3-second budget per request
    first = read_streams(config, streams=["jira_issues"])
    previous = stream_state(first, "jira_issues")
    fake_api.faults.add(r"/rest/api/3/search/jql", 503, times=100_000)  # an outage: no Retry-After, no end
    started = time.monotonic()
    second = read_streams(config, streams=["jira_issues"], state=state_for("jira_issues", previous))
    elapsed = time.monotonic() - started
    assert second.errors
    messages = " ".join(e.trace.error.message for e in second.errors)
    assert "Jira" in messages and "/rest/api/3/search/jql" in messages and "HTTP 503" in messages
    assert "`max_retry_minutes` = 0.05" in messages and "ran out" in messages
    assert stream_state(second, "jira_issues") == previous, "a failed read must not move the state"
    assert 3.0 <= elapsed < 12.0, f"an outage must fail within the budget (3 s) plus one request, took {elapsed:.1f} s"
    storm = len([r for r in fake_api.requests if r.status == 503])
    assert 3 <= storm < 40, f"capped exponential backoff, not a tight loop: {storm} attempts"


def test_other_streams_still_sync_when_one_fails(fake_api):
    fake_api.faults.add(r"/rest/api/3/status", 500, times=100_000, headers={"Retry-After": "0.01"})
    config = fake_api.connector_config(max_retry_minutes=0.02)
    output = read_streams(config, streams=["jira_statuses", "jira_priorities", "octopus_spaces"])
    by_stream = records_by_stream(output)
    assert by_stream["jira_priorities"] and by_stream["octopus_spaces"]
    assert not by_stream.get("jira_statuses")
    assert any("/rest/api/3/status" in e.trace.error.message for e in output.errors)


def test_a_malformed_success_body_is_reported_not_swallowed(fake_api):
    fake_api.faults.add(
        r"/rest/api/3/field", 200, times=1, body="<html>Please log in</html>", headers={"Content-Type": "text/html"}
    )
    output = read_streams(fake_api.connector_config(), streams=["jira_issue_fields"])
    messages = " ".join(e.trace.error.message + " " + (e.trace.error.internal_message or "") for e in output.errors)
    assert "not JSON" in messages and "/rest/api/3/field" in messages
