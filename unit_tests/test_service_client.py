import logging
from types import SimpleNamespace

import pytest
import requests
import requests_mock
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http import retry_budget, transport
from source_jira_octopus.http.budget import per_second_budget
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.errors import MAX_RETRIES
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.jira.auth import NoAuthentication
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING
from source_jira_octopus.jira.paginators import JiraOffsetPaginator
from source_jira_octopus.octopus.errors import OCTOPUS_ERROR_MAPPING

LOGGER = logging.getLogger("test")
JIRA_BASE = "https://acme.atlassian.net"
OCTOPUS_BASE = "https://octopus.acme.io"
GENERIC = "Exhausted available request attempts"


def client(service="Jira", base=JIRA_BASE, table=JIRA_ERROR_MAPPING):
    settings = HttpSettings(service, table, NoAuthentication(), per_second_budget(1000), 30)
    return ServiceClient(settings, base, LOGGER)


@pytest.fixture
def sleeps(monkeypatch):
    """The transport's retry loop sleeps between attempts: record instead, and move the retry budget's clock."""
    recorded: list[float] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        recorded.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(transport, "time", SimpleNamespace(sleep=sleep))
    monkeypatch.setattr(retry_budget, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    return recorded


def test_get_returns_json_and_encodes_parameters():
    with requests_mock.Mocker() as mock:
        mock.get(f"{JIRA_BASE}/rest/api/3/myself", json={"accountId": "abc"})
        assert client().get("/rest/api/3/myself", {"expand": ["groups", "roles"], "flag": True, "n": 5}) == {
            "accountId": "abc"
        }
        sent = mock.request_history[0]
    assert sent.qs == {"expand": ["groups,roles"], "flag": ["true"], "n": ["5"]}


def test_post_sends_the_body_as_json_and_returns_json():
    with requests_mock.Mocker() as mock:
        mock.post(f"{JIRA_BASE}/rest/api/3/search/approximate-count", json={"count": 42})
        assert client().post("rest/api/3/search/approximate-count", {"jql": "project = A"}) == {"count": 42}
        sent = mock.request_history[0]
    assert sent.json() == {"jql": "project = A"}


def test_absolute_urls_are_used_as_they_are():
    with requests_mock.Mocker() as mock:
        mock.get("https://api.atlassian.com/oauth/token/accessible-resources", json=[{"id": "c1"}])
        assert client().get("https://api.atlassian.com/oauth/token/accessible-resources") == [{"id": "c1"}]


@pytest.mark.parametrize(
    "total, page_size, expected_starts",
    [
        (5, 2, [0, 2, 4]),
        (4, 2, [0, 2]),  # the last full page reaches total: no empty page is requested
        (1, 10, [0]),
    ],
)
def test_pages_walks_an_offset_paginator_with_exact_positions(total, page_size, expected_starts):
    url = f"{JIRA_BASE}/rest/api/3/issue/10/comment"
    with requests_mock.Mocker() as mock:
        for start in expected_starts:
            values = [{"id": str(i)} for i in range(start, min(start + page_size, total))]
            mock.get(
                f"{url}?orderBy=created&startAt={start}&maxResults={page_size}",
                complete_qs=True,
                json={"startAt": start, "maxResults": page_size, "total": total, "comments": values},
            )
        records = list(
            client().pages(
                "rest/api/3/issue/10/comment", JiraOffsetPaginator("comments"), page_size, {"orderBy": "created"}
            )
        )
        starts = [int(request.qs["startat"][0]) for request in mock.request_history]
    assert [r["id"] for r in records] == [str(i) for i in range(total)]
    assert starts == expected_starts


@pytest.mark.parametrize(
    "service, base, table, path, status, body, must_mention",
    [
        (
            "Jira",
            JIRA_BASE,
            JIRA_ERROR_MAPPING,
            "rest/api/3/project/search",
            404,
            {"errorMessages": ["No project"]},
            ["jira.base_url", "context path", "No project"],
        ),
        (
            "Jira",
            JIRA_BASE,
            JIRA_ERROR_MAPPING,
            "rest/api/3/search",
            410,
            {"errorMessages": ["removed"]},
            ["CHANGE-2046"],
        ),
        ("Jira", JIRA_BASE, JIRA_ERROR_MAPPING, "rest/api/3/myself", 401, {}, ["jira.credentials"]),
        (
            "Octopus",
            OCTOPUS_BASE,
            OCTOPUS_ERROR_MAPPING,
            "api/Spaces-1/projects",
            404,
            {"ErrorMessage": "gone"},
            ["octopus.server_url", "gone"],
        ),
    ],
)
def test_failing_statuses_fail_at_once_with_service_request_and_remedy(
    service, base, table, path, status, body, must_mention, sleeps
):
    url = f"{base}/{path}"
    with requests_mock.Mocker() as mock:
        mock.get(url, status_code=status, json=body)
        with pytest.raises(AirbyteTracedException) as caught:
            client(service, base, table).get(path)
        assert mock.call_count == 1
    message = caught.value.message
    assert message.startswith(f"{service} API error: GET {url} returned HTTP {status}")
    for text in must_mention:
        assert text in message
    assert GENERIC not in message
    assert sleeps == []


def test_503_then_200_is_retried(sleeps):
    with requests_mock.Mocker() as mock:
        mock.get(
            f"{JIRA_BASE}/rest/api/3/serverInfo",
            [
                {"status_code": 503, "headers": {"Retry-After": "2"}, "json": {}},
                {"status_code": 200, "json": {"version": "1"}},
            ],
        )
        assert client().get("rest/api/3/serverInfo") == {"version": "1"}
        assert mock.call_count == 2
    assert sleeps == [2.0]  # Retry-After 2 honoured, exactly


@pytest.mark.parametrize(
    "status, hint", [(500, "check the server's health"), (503, "unavailable"), (429, "Rate limited")]
)
def test_exhausted_retries_give_our_message_naming_the_url(status, hint, sleeps):
    url = f"{JIRA_BASE}/rest/api/3/field"
    with requests_mock.Mocker() as mock:
        mock.get(url, status_code=status, json={"errorMessages": ["try later"]})
        with pytest.raises(AirbyteTracedException) as caught:
            client().get("rest/api/3/field")
        assert mock.call_count == len(sleeps) + 1
    message = caught.value.message
    assert GENERIC not in message and "API rate limit exceeded" not in message
    assert f"GET {url} returned HTTP {status}" in message and "try later" in message and hint in message
    assert "Gave up after the retries" in message and "`max_retry_minutes` = 10" in message
    # a budget in time: capped exponential backoff (1, 2, 4 ... 60 s, jittered) for 10 minutes, then the error
    assert sum(sleeps) == pytest.approx(600, abs=1) and max(sleeps) <= 60 and len(sleeps) > MAX_RETRIES


def test_connection_errors_are_retried_then_explained(sleeps):
    url = f"{OCTOPUS_BASE}/api/spaces"
    with requests_mock.Mocker() as mock:

        def refuse(request, context):  # as requests' adapter does: the error carries the request it was sent
            raise requests.ConnectionError("refused", request=request._request)

        mock.get(url, json=refuse)
        with pytest.raises(AirbyteTracedException) as caught:
            client("Octopus", OCTOPUS_BASE, OCTOPUS_ERROR_MAPPING).get("api/spaces")
        assert mock.call_count == MAX_RETRIES + 1
    assert "could not connect" in caught.value.message and url in caught.value.message
    assert GENERIC not in caught.value.message


def test_a_non_json_success_body_is_a_clear_error():
    with requests_mock.Mocker() as mock:
        mock.get(f"{JIRA_BASE}/rest/api/3/myself", text="<html>Log in</html>", headers={"Content-Type": "text/html"})
        with pytest.raises(AirbyteTracedException) as caught:
            client().get("rest/api/3/myself")
    message = caught.value.message
    assert message.startswith("Jira: GET ") and "not JSON" in message and "text/html" in message and "Log in" in message


@pytest.mark.parametrize("status", [404, 500])
def test_secrets_in_query_strings_are_masked(status, sleeps):
    url = f"{OCTOPUS_BASE}/api/spaces"
    with requests_mock.Mocker() as mock:
        mock.get(url, status_code=status, json={"ErrorMessage": "nope"})
        with pytest.raises(AirbyteTracedException) as caught:
            client("Octopus", OCTOPUS_BASE, OCTOPUS_ERROR_MAPPING).get(
                "api/spaces", {"apikey": "API-SECRET9", "take": 1}
            )
    message = caught.value.message
    assert "API-SECRET9" not in message
    assert "apikey=****" in message and "take=1" in message


def test_failure_types_follow_the_table(sleeps):
    with requests_mock.Mocker() as mock:
        mock.get(f"{JIRA_BASE}/a", status_code=401, json={})
        mock.get(f"{JIRA_BASE}/b", status_code=500, json={})
        with pytest.raises(AirbyteTracedException) as auth:
            client().get("a")
        with pytest.raises(AirbyteTracedException) as server:
            client().get("b")
    assert auth.value.failure_type == FailureType.config_error
    assert server.value.failure_type == FailureType.transient_error
