import logging

import pytest
import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.error_handlers.response_models import ResponseAction

from source_jira_octopus.http.errors import ServiceErrorHandler
from source_jira_octopus.http.responses import MalformedResponseError, json_body, redact_url
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING, JIRA_OAUTH_ERROR_MAPPING
from source_jira_octopus.octopus.errors import OCTOPUS_ERROR_MAPPING
from unit_tests.http_fixtures import make_response

LOGGER = logging.getLogger("test")
JIRA = ServiceErrorHandler("Jira", JIRA_ERROR_MAPPING, LOGGER)
OCTOPUS = ServiceErrorHandler("Octopus", OCTOPUS_ERROR_MAPPING, LOGGER)
JIRA_URL = "https://acme.atlassian.net/rest/api/3/search"
OCTOPUS_URL = "https://octopus.acme.io/api/Spaces-1/projects"


@pytest.mark.parametrize(
    "handler, url, status, body, action, failure, must_mention",
    [
        (JIRA, JIRA_URL, 200, {}, ResponseAction.SUCCESS, None, []),
        (
            JIRA,
            JIRA_URL,
            400,
            {"errorMessages": ["Field 'x' does not exist"]},
            ResponseAction.FAIL,
            FailureType.system_error,
            ["Field 'x' does not exist"],
        ),
        (
            JIRA,
            JIRA_URL,
            401,
            {"errorMessages": ["Unauthorized"]},
            ResponseAction.FAIL,
            FailureType.config_error,
            ["jira.credentials", "API token"],
        ),
        (
            JIRA,
            JIRA_URL,
            403,
            {"errorMessages": ["no"]},
            ResponseAction.FAIL,
            FailureType.config_error,
            ["Browse projects"],
        ),
        (
            JIRA,
            JIRA_URL,
            404,
            {"errorMessages": ["nope"]},
            ResponseAction.FAIL,
            FailureType.config_error,
            ["jira.base_url", "context path"],
        ),
        (
            JIRA,
            JIRA_URL,
            410,
            {"errorMessages": ["The requested API has been removed."]},
            ResponseAction.FAIL,
            FailureType.system_error,
            ["CHANGE-2046", "removed"],
        ),
        (JIRA, JIRA_URL, 429, {}, ResponseAction.RATE_LIMITED, FailureType.transient_error, ["Retry-After"]),
        (JIRA, JIRA_URL, 500, {}, ResponseAction.RETRY, FailureType.transient_error, ["retried"]),
        (JIRA, JIRA_URL, 503, {}, ResponseAction.RETRY, FailureType.transient_error, []),
        (JIRA, JIRA_URL, 599, {}, ResponseAction.RETRY, FailureType.transient_error, []),
        (JIRA, JIRA_URL, 418, {}, ResponseAction.FAIL, FailureType.system_error, []),
        (
            OCTOPUS,
            OCTOPUS_URL,
            401,
            {"ErrorMessage": "You must be logged in"},
            ResponseAction.FAIL,
            FailureType.config_error,
            ["octopus.api_key", "You must be logged in"],
        ),
        (
            OCTOPUS,
            OCTOPUS_URL,
            403,
            {"ErrorMessage": "denied", "Errors": ["ProjectView"]},
            ResponseAction.FAIL,
            FailureType.config_error,
            ["ProjectView", "octopus.spaces"],
        ),
        (
            OCTOPUS,
            OCTOPUS_URL,
            404,
            {"ErrorMessage": "not found"},
            ResponseAction.FAIL,
            FailureType.config_error,
            ["octopus.server_url"],
        ),
    ],
)
def test_error_table(handler, url, status, body, action, failure, must_mention):
    resolution = handler.interpret_response(make_response(body, status=status, url=url))
    assert resolution.response_action == action
    assert resolution.failure_type == failure
    if status >= 400:
        service = "Jira" if handler is JIRA else "Octopus"
        assert resolution.error_message.startswith(f"{service} API error: GET {url}")
        assert f"HTTP {status}" in resolution.error_message
    for text in must_mention:
        assert text in resolution.error_message


def test_oauth_table_refreshes_on_401():
    handler = ServiceErrorHandler("Jira", JIRA_OAUTH_ERROR_MAPPING, LOGGER)
    resolution = handler.interpret_response(make_response({}, status=401, url=JIRA_URL))
    assert resolution.response_action == ResponseAction.REFRESH_TOKEN_THEN_RETRY


def test_ignored_status_is_a_per_stream_column_and_is_logged(caplog):
    handler = ServiceErrorHandler(
        "Jira", JIRA_ERROR_MAPPING, LOGGER, ignored={400: "the board does not support sprints"}
    )
    with caplog.at_level(logging.INFO):
        resolution = handler.interpret_response(make_response({}, status=400, url=JIRA_URL))
    assert resolution.response_action == ResponseAction.IGNORE
    assert "does not support sprints" in caplog.text
    # other statuses are untouched
    assert (
        handler.interpret_response(make_response({}, status=404, url=JIRA_URL)).response_action == ResponseAction.FAIL
    )


@pytest.mark.parametrize("error", [requests.ConnectionError("refused"), requests.ReadTimeout("slow")])
def test_connection_problems_are_retried_and_explained(error):
    error.request = requests.Request("GET", JIRA_URL).prepare()
    resolution = JIRA.interpret_response(error)
    assert resolution.response_action == ResponseAction.RETRY
    assert JIRA_URL in resolution.error_message and "reachable" in resolution.error_message


def test_secrets_never_reach_messages():
    url = "https://octopus.acme.io/api/spaces?apikey=API-SECRET123&take=5"
    resolution = OCTOPUS.interpret_response(make_response({"ErrorMessage": "bad"}, status=401, url=url))
    assert "API-SECRET123" not in resolution.error_message
    assert redact_url("https://user:pw@host.io/x?token=abc&a=1") == "https://host.io/x?token=****&a=1"


def test_long_bodies_are_cut_to_an_excerpt():
    resolution = JIRA.interpret_response(make_response("x" * 5000, status=400, url=JIRA_URL))
    assert len(resolution.error_message) < 800


def test_non_json_success_body_is_a_clear_error():
    response = make_response("<html>Log in to continue</html>", headers={"Content-Type": "text/html"})
    with pytest.raises(MalformedResponseError, match="not JSON.*text/html.*Log in"):
        json_body(response)
