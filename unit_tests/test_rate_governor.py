"""The governor's rules on a virtual clock: header reading, scopes, pacing, and the retry budget in time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from source_jira_octopus.http.governor import RateGovernor, endpoint_of, issue_of
from source_jira_octopus.http.rate_headers import BURST, HOST, ISSUE, read_rate_signal
from source_jira_octopus.http.retry_budget import RetryDeadline

NOW = datetime(2026, 12, 7, 10, 20, 0, tzinfo=UTC)
LOGGER = logging.getLogger("test")


@pytest.mark.parametrize(
    "reason, scope",
    [
        ("jira-burst-based", BURST),
        ("jira-per-issue-on-write", ISSUE),
        ("jira-quota-global-based", HOST),
        ("jira-quota-tenant-based", HOST),
        ("jira-cost-based", HOST),
        (None, HOST),
    ],
)
def test_each_reason_holds_its_own_scope(reason, scope):
    headers = {"RateLimit-Reason": reason} if reason else {}
    assert read_rate_signal(headers, NOW).scope == scope


@pytest.mark.parametrize(
    "headers, wait",
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": format_datetime(NOW + timedelta(seconds=30), usegmt=True)}, 30.0),
        ({"Beta-Retry-After": "4"}, 4.0),
        ({"Retry-After": "3", "Beta-Retry-After": "9"}, 3.0),  # the final header wins
        ({"Retry-After": "garbage"}, None),
        ({"Retry-After": "0"}, 0.0),
        ({}, None),
        # a reset alone (no reason: the whole host waits), with seconds and an offset
        ({"X-RateLimit-Reset": "2026-12-07T10:20:05+00:00"}, 5.0),
        # a quota holds until its reset (Jira's minute form), even when Retry-After says less
        ({"RateLimit-Reason": "jira-cost-based", "Retry-After": "5", "X-RateLimit-Reset": "2026-12-07T10:21Z"}, 60.0),
        # a burst limit's wait is its Retry-After; the reset belongs to other limits
        ({"RateLimit-Reason": "jira-burst-based", "Retry-After": "1", "X-RateLimit-Reset": "2026-12-07T10:21Z"}, 1.0),
    ],
)
def test_announced_waits(headers, wait):
    assert read_rate_signal(headers, NOW).announced_wait == wait


def test_near_limit_is_read_from_either_header():
    assert read_rate_signal({"X-RateLimit-NearLimit": "true"}, NOW).near_limit
    assert read_rate_signal({"X-Beta-RateLimit-NearLimit": "TRUE"}, NOW).near_limit
    assert not read_rate_signal({"X-RateLimit-NearLimit": "false"}, NOW).near_limit


@pytest.mark.parametrize(
    "method, url, endpoint, issue",
    [
        (
            "GET",
            "https://x.atlassian.net/rest/api/3/issue/10001/watchers",
            "GET /rest/api/3/issue/{id}/watchers",
            "10001",
        ),
        ("POST", "https://x.atlassian.net/rest/api/3/search/jql", "POST /rest/api/3/search/jql", None),
        ("GET", "https://x/rest/agile/1.0/board/7/sprint?startAt=50", "GET /rest/agile/1.0/board/{id}/sprint", None),
        ("GET", "https://o/api/Spaces-1/projects", "GET /api/{id}/projects", None),
        ("POST", "https://x/rest/api/3/issue/bulkfetch", "POST /rest/api/3/issue/bulkfetch", None),
    ],
)
def test_endpoints_are_templates_and_issues_are_named(method, url, endpoint, issue):
    assert endpoint_of(method, url) == endpoint
    assert issue_of(url) == issue


class VirtualTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def governor(time: VirtualTime) -> RateGovernor:
    return RateGovernor("Jira", LOGGER, clock=time.clock, sleep=time.sleep, wall_clock=lambda: NOW)


def request(method: str, path: str) -> requests.PreparedRequest:
    return requests.Request(method, f"https://x.atlassian.net{path}").prepare()


def answer(status: int, headers: dict[str, str]) -> requests.Response:
    response = requests.Response()
    response.status_code, response.headers = status, requests.structures.CaseInsensitiveDict(headers)
    return response


def test_pacing_spaces_requests_across_threads_at_the_configured_rate():
    time = VirtualTime()
    g = governor(time)
    g.pace(5)
    for _ in range(11):
        g.acquire_call(request("GET", "/rest/api/3/status"))
    assert time.now - 100.0 == pytest.approx(2.0)  # 11 requests at 5/s: the last one starts at 2 s


def test_a_burst_allowance_lets_a_token_bucket_server_be_used_fully():
    time = VirtualTime()
    g = governor(time)
    g.pace(1, burst=5)
    for _ in range(5):
        g.acquire_call(request("GET", "/api/spaces"))
    assert time.now == 100.0  # the first 5 go at once
    g.acquire_call(request("GET", "/api/spaces"))
    assert time.now == pytest.approx(101.0)


def test_a_burst_429_pauses_that_endpoint_only_and_a_quota_429_pauses_everything():
    time = VirtualTime()
    g = governor(time)
    limited = request("GET", "/rest/api/3/issue/1/watchers")
    g.update_from_response(limited, answer(429, {"RateLimit-Reason": "jira-burst-based", "Retry-After": "3"}))
    assert g.pending_wait("GET /rest/api/3/issue/{id}/watchers") == 3.0
    assert g.pending_wait("POST /rest/api/3/search/jql") == 0.0
    g.acquire_call(request("POST", "/rest/api/3/search/jql"))
    assert time.now == 100.0, "another endpoint goes at once"
    g.acquire_call(request("GET", "/rest/api/3/issue/2/watchers"))
    assert time.now >= 103.0, "the limited endpoint (any issue) waits"

    reset = (NOW + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%MZ")
    quota = {"RateLimit-Reason": "jira-quota-global-based", "Retry-After": "10", "X-RateLimit-Reset": reset}
    g.update_from_response(request("GET", "/rest/api/3/status"), answer(429, quota))
    assert g.pending_wait("POST /rest/api/3/search/jql") == pytest.approx(60.0)
    assert g.rate_limited == 2


def test_a_burst_limited_endpoint_is_halved_once_per_volley_never_below_one_per_second_and_time_restores_it():
    time = VirtualTime()
    g = governor(time)
    g.pace(4)
    watchers, burst = (
        "GET /rest/api/3/issue/{id}/watchers",
        {"RateLimit-Reason": "jira-burst-based", "Retry-After": "1"},
    )
    limited = request("GET", "/rest/api/3/issue/1/watchers")
    for _ in range(4):  # one volley: the requests in flight all meet the limit
        g.update_from_response(limited, answer(429, burst))
    assert g.endpoint_rate(watchers) == pytest.approx(2), "halved once"
    rates = []
    # A 429 every 2 s for 2 minutes: stray 429s (faults), not a rate the endpoint could meet. Halved once per 5 s
    # and recovering 1/30 per second, the factor would settle near 1/6 of 4/s; the floor holds it at 1/s.
    for _ in range(60):
        time.sleep(2)
        g.update_from_response(limited, answer(429, burst))
        rates.append(g.endpoint_rate(watchers))
    assert min(rates) == pytest.approx(1.0), "never below 1 request/s"
    assert min(rates) == rates[-1], "still slowed while the 429s go on"
    time.sleep(30)
    g.acquire_call(request("GET", "/rest/api/3/issue/2/watchers"))
    assert g.endpoint_rate(watchers) is None, "back to the host's pace after 30 calm seconds"


def test_a_per_issue_429_holds_that_issue_only():
    time = VirtualTime()
    g = governor(time)
    headers = {"RateLimit-Reason": "jira-per-issue-on-write", "Retry-After": "5"}
    g.update_from_response(request("GET", "/rest/api/3/issue/10001/votes"), answer(429, headers))
    assert g.pending_wait("GET /rest/api/3/issue/{id}/votes", "10001") == 5.0
    assert g.pending_wait("GET /rest/api/3/issue/{id}/votes", "10002") == 0.0


def test_near_limit_halves_the_pace_and_time_restores_it():
    time = VirtualTime()
    g = governor(time)
    g.pace(10)
    g.update_from_response(request("GET", "/rest/api/3/status"), answer(200, {"X-RateLimit-NearLimit": "true"}))
    assert g.requests_per_second == 5
    time.sleep(7.5)
    assert g.requests_per_second == pytest.approx(7.5)
    time.sleep(7.5)
    assert g.requests_per_second == pytest.approx(10)


def test_429s_without_a_reason_or_a_wait_slow_the_pace_from_the_third_once_per_volley():
    time = VirtualTime()
    g = governor(time)
    g.pace(10)
    for _ in range(6):  # one volley: the requests in flight all meet the limit
        g.update_from_response(request("GET", "/api/spaces"), answer(429, {}))
    assert g.requests_per_second == 5, "halved once, not three times"
    time.sleep(5)
    for _ in range(3):
        g.update_from_response(request("GET", "/api/spaces"), answer(429, {}))
    assert g.requests_per_second == pytest.approx((0.5 + 5 / 30) / 2 * 10)
    for _ in range(9):  # a server that says how long to wait is obeyed (the pause), not second-guessed
        g.update_from_response(request("GET", "/api/spaces"), answer(429, {"Retry-After": "0"}))
    assert g.requests_per_second == pytest.approx((0.5 + 5 / 30) / 2 * 10)


def test_the_retry_budget_is_time_with_capped_exponential_backoff():
    time = VirtualTime()
    deadline = RetryDeadline(600, clock=time.clock, jitter=lambda low, high: high)
    waits = []
    while (wait := deadline.next_wait()) is not None:
        waits.append(wait)
        time.sleep(wait)
    assert waits[:7] == [1, 2, 4, 8, 16, 32, 60] and max(waits) == 60
    assert sum(waits) == pytest.approx(600) and time.now - 100 == pytest.approx(600)


def test_a_long_announced_wait_is_honoured_once_then_a_fresh_budget_starts():
    time = VirtualTime()
    deadline = RetryDeadline(60, clock=time.clock, jitter=lambda low, high: high)
    assert deadline.next_wait(announced=1800) == 1800  # an hourly quota's reset, beyond the budget
    time.sleep(1800)
    assert deadline.next_wait(announced=1800) is None  # a second one: give up rather than wait for ever
    assert RetryDeadline(60, clock=time.clock).next_wait(announced=7200) is None  # longer than an hour
