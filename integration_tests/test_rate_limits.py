"""The rate governor over real HTTP: every RateLimit-Reason, the Retry-After forms, quota pauses that hold every
thread, NearLimit and Beta-Retry-After warnings, Octopus 2026.3 policies, and the default pace under a burst limit.
Each read takes seconds."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.exchange import RecordedRequest
from source_jira_octopus.http.budget import governor_for
from testkit.reading import read_streams, records_by_stream

WATCHERS = r"/rest/api/3/issue/\d+/watchers$"


def timeline(fake: FakeApiServer) -> list[tuple[float, RecordedRequest]]:
    """When each request reached the fake (its status is filled in once answered)."""
    seen: list[tuple[float, RecordedRequest]] = []
    original = fake.faults.take

    def take(request: RecordedRequest) -> Any:
        seen.append((time.monotonic(), request))
        return original(request)

    fake.faults.take = take  # type: ignore[method-assign]
    return seen


def assert_complete(fake: FakeApiServer, output: Any, streams: list[str]) -> None:
    assert not output.errors, [e.trace.error.message for e in output.errors]
    by_stream = records_by_stream(output)
    for stream in streams:
        key = "id" if stream.startswith("jira_") else "Id"
        if stream == "jira_issue_watchers":
            got = {f"{r['issueId']}|{r['userId']}" for r in by_stream[stream]}
        else:
            got = {str(r[key]) for r in by_stream[stream]}
        assert got == {str(i) for i in fake.dataset.ids(stream)}, f"{stream}: records lost"


def logged(output: Any, *words: str) -> list[str]:
    return [m.log.message for m in output.logs if all(w in m.log.message for w in words)]


def jira_only(fake: FakeApiServer, **jira: Any) -> dict[str, Any]:
    return fake.connector_config(octopus=None, jira={"page_size": 10, **jira})


def test_a_burst_limit_slows_only_that_endpoint_while_the_others_keep_reading(fake_api):
    fake_api.faults.add(
        r"/rest/api/3/priority/search$", 429, headers={"RateLimit-Reason": "jira-burst-based", "Retry-After": "2"}
    )
    seen = timeline(fake_api)
    output = read_streams(jira_only(fake_api), streams=["jira_priorities", "jira_issues"])
    assert_complete(fake_api, output, ["jira_priorities", "jira_issues"])
    limited = next(t for t, r in seen if r.path.endswith("/priority/search") and r.status == 429)
    retried = next(t for t, r in seen if r.path.endswith("/priority/search") and r.status == 200)
    assert retried - limited >= 1.9, "the limited endpoint waits its Retry-After"
    during = [r.path for t, r in seen if limited < t < limited + 1.9 and not r.path.endswith("/priority/search")]
    assert during, "other endpoints keep reading while one endpoint waits"
    assert logged(output, "jira-burst-based", "GET /rest/api/3/priority/search", "only", "2.0 s")


def test_a_per_issue_limit_holds_that_issue_only(fake_api):
    issue = next(iter(fake_api.dataset.ids("jira_issue_watchers"))).split("|")[0]
    headers = {"RateLimit-Reason": "jira-per-issue-on-write", "Retry-After": "2"}
    fake_api.faults.add(rf"/rest/api/3/issue/{issue}/watchers$", 429, headers=headers)
    seen = timeline(fake_api)
    output = read_streams(jira_only(fake_api), streams=["jira_issue_watchers"])
    assert_complete(fake_api, output, ["jira_issue_watchers"])
    limited = next(t for t, r in seen if f"/issue/{issue}/" in r.path and r.status == 429)
    retried = next(t for t, r in seen if f"/issue/{issue}/" in r.path and r.status == 200)
    assert retried - limited >= 1.9
    assert logged(output, "jira-per-issue-on-write", f"issue {issue} only")


@pytest.mark.parametrize("reason", ["jira-quota-global-based", "jira-quota-tenant-based", "jira-cost-based"])
def test_a_quota_pauses_every_thread_until_the_reset_and_loses_nothing(fake_api, reason):
    fake_api.rate_limits.jira_quota(requests=25, window_seconds=2.0, reason=reason)
    seen = timeline(fake_api)
    streams = ["jira_issues", "jira_priorities", "jira_statuses", "jira_projects"]
    output = read_streams(jira_only(fake_api, page_size=5), streams=streams)
    assert_complete(fake_api, output, streams)
    quota_hits = [t for t, r in seen if r.status == 429]
    assert quota_hits, "the read must exhaust the quota at least once"
    windows = 1 + int((seen[-1][0] - seen[0][0]) / 2.0)
    # Without a shared pause each of the 8 workers would keep retrying on its own; with it, only the requests
    # already in flight when the quota ran out meet it (at most one per worker and window).
    assert len(quota_hits) <= 8 * windows, f"{len(quota_hits)} 429s over {windows} quota windows"
    assert logged(output, reason, "every request to this host")


@pytest.mark.parametrize("form", ["seconds", "http-date", "beta"])
def test_retry_after_in_every_form_is_honoured(fake_api, form):
    later = datetime.now(UTC) + timedelta(seconds=3)
    headers = {
        "seconds": {"Retry-After": "2"},
        "http-date": {"Retry-After": format_datetime(later, usegmt=True)},
        "beta": {"Beta-Retry-After": "2"},
    }[form]
    fake_api.faults.add(r"/rest/api/3/status$", 429, headers={"RateLimit-Reason": "jira-burst-based", **headers})
    seen = timeline(fake_api)
    output = read_streams(jira_only(fake_api), streams=["jira_statuses"])
    assert_complete(fake_api, output, ["jira_statuses"])
    limited = next(t for t, r in seen if r.status == 429)
    retried = next(t for t, r in seen if r.status == 200 and r.path.endswith("/status"))
    assert retried - limited >= 1.5, f"{form}: retried after {retried - limited:.2f} s"


def test_a_429_without_a_reason_pauses_every_request_to_the_host(fake_api):
    fake_api.faults.add(r"/rest/api/3/priority/search$", 429, times=1, headers={"Retry-After": "1"})
    seen = timeline(fake_api)
    output = read_streams(jira_only(fake_api), streams=["jira_priorities", "jira_issues"])
    assert_complete(fake_api, output, ["jira_priorities", "jira_issues"])
    limited = next(t for t, r in seen if r.status == 429)
    answered_during = [t for t, r in seen if limited + 0.3 < t < limited + 0.9]  # after those in flight
    assert not answered_during, "a 429 that does not say which limit holds every request to the host"
    assert logged(output, "HTTP 429 without RateLimit-Reason", "every request to this host")


def test_near_limit_halves_the_pace_early(fake_api):
    fake_api.rate_limits.jira_quota(requests=34, window_seconds=60.0)  # NearLimit below 8 left; never exhausted
    config = jira_only(fake_api, requests_per_second=40, page_size=5)  # 31 requests
    output = read_streams(config, streams=["jira_priorities", "jira_statuses", "jira_projects", "jira_issues"])
    assert logged(output, "X-RateLimit-NearLimit", "pacing at 20 requests/s")
    assert governor_for("Jira", fake_api.base_url, None).requests_per_second < 40  # type: ignore[arg-type]


def test_beta_retry_after_on_a_success_halves_the_pace_early(fake_api):
    # Atlassian's pre-enforcement beta answered a request over a limit normally, with `Beta-Retry-After`: a warning,
    # not a 429. The fake's limits answer 429; here every 200 from `status` carries the warning as well.
    decorate = fake_api.rate_limits.decorate

    def warn(request: RecordedRequest, response: Any) -> None:
        decorate(request, response)
        if request.path.endswith("/rest/api/3/status") and response.status == 200:
            response.headers["Beta-Retry-After"] = "1"

    fake_api.rate_limits.decorate = warn  # type: ignore[method-assign]
    streams = ["jira_statuses", "jira_priorities", "jira_projects", "jira_issues"]
    output = read_streams(jira_only(fake_api, requests_per_second=40), streams=streams)
    assert_complete(fake_api, output, streams)
    assert not [r for r in fake_api.requests if r.status == 429], "a warning, not a limit"
    assert logged(output, "Beta-Retry-After on GET /rest/api/3/status", "pacing at 20 requests/s")
    assert governor_for("Jira", fake_api.base_url, None).requests_per_second < 40  # type: ignore[arg-type]


def test_octopus_policies_pace_the_read_under_the_servers_token_bucket(fake_api):
    fake_api.rate_limits.octopus_policies(requests_per_minute=1200, burst=10)  # 20/s, bursts of 10
    config = fake_api.connector_config(jira=None, octopus={"page_size": 1})
    started = time.monotonic()
    output = read_streams(config, streams=["octopus_spaces", "octopus_projects", "octopus_environments"])
    elapsed = time.monotonic() - started
    assert_complete(fake_api, output, ["octopus_spaces", "octopus_projects", "octopus_environments"])
    sent = [r for r in fake_api.requests if r.path != "/api/ratelimitingpolicies"]
    assert logged(output, "pacing requests at 18/s", "Authenticated Requests")
    assert not [r for r in sent if r.status == 429], "paced under the policy, the server never answers 429"
    assert len(sent) >= 20 and elapsed >= 0.9 * (len(sent) - 10) / 20, "the pace is real"


@pytest.mark.timeout(60)
def test_with_one_request_slot_the_policy_read_does_not_wait_for_the_slot_of_its_own_thread(fake_api):
    """The governor reads Octopus's policies before the first request goes. With one slot the first request's thread
    must not hold it while the governor prepares: the slot covers the wire only, so the policy read gets it."""
    fake_api.rate_limits.octopus_policies(requests_per_minute=6000, burst=100)
    config = {**fake_api.connector_config(jira=None), "max_concurrent_requests": 1}
    output = read_streams(config, streams=["octopus_spaces", "octopus_projects"])
    assert_complete(fake_api, output, ["octopus_spaces", "octopus_projects"])
    assert [r.path for r in fake_api.requests].count("/api/ratelimitingpolicies") == 1


def test_an_octopus_429_with_retry_after_pauses_every_octopus_request(fake_api):
    fake_api.rate_limits.octopus_policies(requests_per_minute=300, burst=3)  # enforced; the connector ignores it
    config = fake_api.connector_config(jira=None, octopus={"requests_per_second": 0})
    output = read_streams(config, streams=["octopus_spaces", "octopus_projects", "octopus_environments"])
    assert_complete(fake_api, output, ["octopus_spaces", "octopus_projects", "octopus_environments"])
    answered = [r for r in fake_api.requests if r.path != "/api/ratelimitingpolicies"]
    limited = [r for r in answered if r.status == 429]
    assert limited and len(limited) <= len(answered) / 2
    assert logged(output, "Octopus: rate limit hit", "every request to this host")


@pytest.mark.xdist_group("timing")  # the span of the read is measured
def test_the_default_cloud_pace_keeps_a_burst_limited_read_nearly_free_of_429s(fake_api):
    fake_api.rate_limits.jira_burst(per_second=10)
    seen = timeline(fake_api)
    config = fake_api.connector_config(octopus=None, jira={"page_size": 10, "requests_per_second": None})
    output = read_streams(config, streams=["jira_issues", "jira_priorities", "jira_statuses", "jira_projects"])
    assert_complete(fake_api, output, ["jira_issues", "jira_priorities", "jira_statuses", "jira_projects"])
    sent = fake_api.requests
    limited = [r for r in sent if r.status == 429]
    assert len(limited) <= 0.1 * len(sent), f"{len(limited)} of {len(sent)} answered 429"
    # First to last request, not the wall time of the read: the connector's start-up (seconds on a loaded machine)
    # is no part of the pace. At 10/s, n requests span (n - 1) / 10 s; half as much again allows for the load.
    span = seen[-1][0] - seen[0][0]
    assert span >= 0.9 * (len(sent) - 1) / 10, f"{span:.1f} s for {len(sent)} requests: faster than 10/s"
    assert span <= 1.5 * (len(sent) - 1) / 10 + 1, f"{span:.1f} s for {len(sent)} requests at 10/s"
    assert logged(output, "pacing requests at 10/s", "default")
