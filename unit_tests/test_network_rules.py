"""Connection failures, TLS mismatches and redirects as data: what is retried, how often, and what never leaves."""

from __future__ import annotations

import logging
import re
import ssl
from pathlib import Path

import pytest
import requests
from airbyte_cdk.sources.streams.http.error_handlers.response_models import ResponseAction
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.errors import (
    CHECK_CONNECTION_RETRIES,
    MAX_RETRIES,
    REFUSED_LOCATION_HEADER,
    ServiceErrorHandler,
)
from source_jira_octopus.http.redirects import SameHostRedirects, guard_redirect
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING
from source_jira_octopus.octopus.auth import API_KEY_HEADER, OctopusApiKeyAuthenticator

LOGGER = logging.getLogger("test")
URL = "https://octopus.acme.io/api/users/me"
PACKAGE = Path(__file__).resolve().parents[1] / "source_jira_octopus"


def failure(error: Exception, request: requests.PreparedRequest) -> Exception:
    error.request = request  # type: ignore[attr-defined]
    return error


def attempts_until_fail(handler: ServiceErrorHandler, error_factory) -> int:  # type: ignore[no-untyped-def]
    request = requests.Request("GET", URL).prepare()
    for attempt in range(1, 20):
        if handler.interpret_response(failure(error_factory(), request)).response_action == ResponseAction.FAIL:
            return attempt
    raise AssertionError("never gave up")


@pytest.mark.parametrize(
    "error_factory",
    [
        lambda: requests.ReadTimeout("read timed out"),
        lambda: requests.ConnectionError("[Errno 111] Connection refused"),
    ],
)
@pytest.mark.parametrize("retries", [MAX_RETRIES, CHECK_CONNECTION_RETRIES])
def test_a_silent_or_absent_server_gets_a_bounded_number_of_attempts(error_factory, retries):
    handler = ServiceErrorHandler("Octopus", JIRA_ERROR_MAPPING, LOGGER, connection_retries=retries)
    assert attempts_until_fail(handler, error_factory) == retries + 1
    # the host is now known unreachable: the next request tries once
    assert attempts_until_fail(handler, error_factory) == 1


def test_an_answer_resets_the_connection_budget():
    handler = ServiceErrorHandler("Octopus", JIRA_ERROR_MAPPING, LOGGER, connection_retries=1)
    request = requests.Request("GET", URL).prepare()
    assert (
        handler.interpret_response(failure(requests.ReadTimeout("x"), request)).response_action == ResponseAction.RETRY
    )
    answer = requests.Response()
    answer.status_code, answer.request, answer._content = 503, request, b"{}"
    handler.interpret_response(answer)
    assert (
        handler.interpret_response(failure(requests.ReadTimeout("x"), request)).response_action == ResponseAction.RETRY
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate", "ca_certificate"),
        ("[SSL: WRONG_VERSION_NUMBER] wrong version number", "plain HTTP"),
        ("[SSL] record layer failure", "plain HTTP"),
        ("[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version", "HTTPS ones"),
    ],
)
def test_tls_failures_are_config_errors_not_retried(text, words):
    handler = ServiceErrorHandler("Jira", JIRA_ERROR_MAPPING, LOGGER)
    request = requests.Request("GET", URL).prepare()
    resolution = handler.interpret_response(failure(requests.exceptions.SSLError(ssl.SSLError(text)), request))
    assert resolution.response_action == ResponseAction.FAIL
    assert resolution.failure_type.value == "config_error"
    assert words in resolution.error_message and URL in resolution.error_message


def test_plain_http_to_an_https_port_answered_400_names_the_scheme():
    handler = ServiceErrorHandler("Jira", JIRA_ERROR_MAPPING, LOGGER)
    response = requests.Response()
    response.status_code, response._content = 400, b"<html>The plain HTTP request was sent to HTTPS port</html>"
    response.request = requests.Request("GET", URL.replace("https", "http")).prepare()
    resolution = handler.interpret_response(response)
    assert resolution.failure_type.value == "config_error" and "use https://" in resolution.error_message


def test_exhausted_retries_name_the_request_not_the_cdk_default():
    handler = ServiceErrorHandler("Jira", JIRA_ERROR_MAPPING, LOGGER)
    response = requests.Response()
    response.status_code, response._content = 503, b'{"errorMessages": ["down"]}'
    response.request = requests.Request("GET", URL).prepare()
    handler.interpret_response(response)
    generic = AirbyteTracedException(message="Exhausted available request attempts. Please see logs")
    final = handler.specific(generic).message or ""
    assert URL in final and "HTTP 503" in final and "down" in final and "Exhausted" not in final


def redirect(source: str, location: str) -> requests.Response:
    response = requests.Response()
    response.status_code, response.url = 302, source
    response.headers["Location"] = location
    return response


@pytest.mark.parametrize(
    ("source", "location", "followed"),
    [
        ("https://octopus.acme.io/api", "https://evil.example.com/api", False),
        ("https://octopus.acme.io/api", "http://octopus.acme.io/api", False),  # downgrade
        ("https://octopus.acme.io/api", "/app/api", True),  # same host, relative
        ("http://octopus.acme.io/api", "https://octopus.acme.io/api", True),  # upgrade, with a warning
    ],
)
def test_credentials_follow_only_same_host_redirects(source, location, followed, caplog):
    with caplog.at_level(logging.WARNING):
        response = guard_redirect(redirect(source, location))
    assert response.is_redirect == followed
    assert (REFUSED_LOCATION_HEADER in response.headers) != followed
    if source.startswith("http://") and followed:
        assert "set the URL to https://" in caplog.text


def test_the_wrapper_signs_once_registers_its_hook_once_and_delegates():
    wrapped = SameHostRedirects(OctopusApiKeyAuthenticator("API-TESTKEY123456"))
    request = requests.Request("GET", URL).prepare()
    wrapped(wrapped(request))
    assert request.headers[API_KEY_HEADER] == "API-TESTKEY123456"
    assert request.hooks["response"].count(guard_redirect) == 1
    assert not hasattr(wrapped, "refresh_and_set_access_token")  # delegation answers what the inner one has


def test_tls_verification_is_never_turned_off_in_the_package():
    pattern = re.compile(r"verify\s*[=:]\s*False|verify['\"]\s*:\s*False|CERT_NONE|check_hostname\s*=\s*False")
    offenders = [str(p) for p in PACKAGE.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders


def test_once_a_host_is_unreachable_other_requests_try_once_until_it_answers_then_get_the_time_budget():
    from source_jira_octopus.http.errors import HostHealth

    health = HostHealth()
    first = ServiceErrorHandler("Octopus", JIRA_ERROR_MAPPING, LOGGER, health=health)
    other = ServiceErrorHandler("Octopus", JIRA_ERROR_MAPPING, LOGGER, health=health)
    timeout = lambda: requests.ReadTimeout("read timed out")  # noqa: E731
    assert attempts_until_fail(first, timeout) == MAX_RETRIES + 1
    assert attempts_until_fail(other, timeout) == 1
    answer = requests.Response()
    answer.status_code, answer.request, answer._content = 200, requests.Request("GET", URL).prepare(), b"{}"
    other.interpret_response(answer)
    # A host that has answered has a transient fault: the retry budget in time (transport.py) ends it, not a count.
    with pytest.raises(AssertionError, match="never gave up"):
        attempts_until_fail(other, timeout)


def test_check_and_streams_share_one_retry_policy():
    """ServiceClient (check, site detection, OAuth refresh) and every stream get the same handler and retry loop."""
    from source_jira_octopus.http.budget import per_second_budget
    from source_jira_octopus.http.client import ServiceClient
    from source_jira_octopus.http.settings import HttpSettings
    from source_jira_octopus.http.transport import ServiceHttpClient
    from source_jira_octopus.jira.auth import NoAuthentication
    from source_jira_octopus.jira.streams.projects import JiraProjects

    settings = HttpSettings("Jira", JIRA_ERROR_MAPPING, NoAuthentication(), per_second_budget(10), 30)
    client = ServiceClient(settings, "https://acme.atlassian.net", LOGGER)._http
    stream = JiraProjects.__new__(JiraProjects)
    stream.context = type("Context", (), {"settings": settings})()  # type: ignore[assignment]
    handler = stream.get_error_handler()
    assert isinstance(handler, ServiceErrorHandler) and type(client.errors) is type(handler)
    assert client.errors._connection_retries == handler._connection_retries == settings.connection_retries
    assert isinstance(client, ServiceHttpClient) and client._retry_seconds == settings.retry_seconds
