"""Two core rules the Agile and people streams rely on. An ignored status that also needs a marker in the error
body: Jira's 400 for a Kanban board's sprints is skipped, any other 400 on the same endpoint still fails (the Jira
error table), and a plain reason ignores every body. And a partition read by two threads at once (a parent read as a
stream and for its children) is not taken for a server that ignores the page position."""

import logging

import pytest
from airbyte_cdk.sources.streams.http.error_handlers.response_models import ResponseAction

from source_jira_octopus.http.errors import IgnoredWhenBodySays, ServiceErrorHandler
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING
from source_jira_octopus.jira.streams.agile import NO_SPRINTS
from unit_tests.http_fixtures import make_response

URL = "https://acme.atlassian.net/rest/agile/1.0/board/92/sprint"
LOGGER = logging.getLogger("test")


def errors(*messages):
    return {"errorMessages": list(messages), "errors": {}}


@pytest.mark.parametrize(
    "reason, status, body, action",
    [
        (NO_SPRINTS, 400, errors("The board does not support sprints"), ResponseAction.IGNORE),
        (NO_SPRINTS, 400, errors("THE BOARD DOES NOT SUPPORT SPRINTS"), ResponseAction.IGNORE),
        (NO_SPRINTS, 400, errors("The value 'x' is invalid for the state parameter."), ResponseAction.FAIL),
        (NO_SPRINTS, 400, {}, ResponseAction.FAIL),
        (NO_SPRINTS, 404, errors("The board does not support sprints"), ResponseAction.FAIL),
        ("any 400 here is expected", 400, errors("anything"), ResponseAction.IGNORE),
    ],
)
def test_a_marker_narrows_the_ignored_status_to_the_documented_answer(reason, status, body, action):
    handler = ServiceErrorHandler("Jira", JIRA_ERROR_MAPPING, LOGGER, ignored={400: reason})
    assert handler.interpret_response(make_response(body, status=status, url=URL)).response_action == action


def test_the_reason_is_logged_and_stays_a_plain_string(caplog):
    reason = IgnoredWhenBodySays("a Kanban board has no sprints", "does not support sprints")
    assert reason == "a Kanban board has no sprints" and reason.marker == "does not support sprints"
    handler = ServiceErrorHandler("Jira", JIRA_ERROR_MAPPING, LOGGER, ignored={400: reason})
    with caplog.at_level(logging.INFO):
        handler.interpret_response(make_response(errors("The board does not support sprints"), status=400, url=URL))
    assert (
        "skipped GET" in caplog.text
        and "board/92/sprint" in caplog.text
        and "a Kanban board has no sprints" in caplog.text
    )


def test_a_partition_read_twice_at_once_is_not_taken_for_a_loop():
    """A parent's partition is read as a stream and, at the same time, for its children (one stream instance): the
    repeated-page guard keeps each thread's reading apart, so the second reader's first page is not 'repeated'."""
    import threading

    from source_jira_octopus.jira.streams.people import JiraGroups
    from source_jira_octopus.slice_keys import PARTITION
    from testkit.stream_instances import jira_instance

    stream = jira_instance(JiraGroups, "cloud")
    body = {"startAt": 0, "maxResults": 1, "total": 2, "isLast": False, "values": [{"name": "site-admins"}]}
    url = "https://acme.atlassian.net/rest/api/3/group/bulk"
    found: list[object] = []
    # why the barrier: both readers are alive at once, as in a sync (an ended thread's id may be reused)
    both_reading = threading.Barrier(2, timeout=10)

    def read_first_page():
        try:
            both_reading.wait()
            found.append(
                [r["name"] for r in stream.parse_response(make_response(body, url=url), stream_slice={PARTITION: "*"})]
            )
            both_reading.wait()
        except Exception as error:  # noqa: BLE001 - the assertion below names it
            found.append(error)

    readers = [threading.Thread(target=read_first_page) for _ in range(2)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert found == [["site-admins"], ["site-admins"]]
