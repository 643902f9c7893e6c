"""http/in_flight.py: the per-host limit of requests on the wire at once, and the engine's threads per service."""

import logging
import threading
import time

import pytest

from source_jira_octopus.http.in_flight import InFlightLimit
from source_jira_octopus.service_connections import ServiceConnections
from source_jira_octopus.source import DEFAULT_CONCURRENCY, SourceJiraOctopus
from unit_tests.config_cases import jira, octopus


def test_a_third_request_waits_until_one_of_two_slots_is_free():
    limit, entered, release = InFlightLimit(2), [], threading.Event()

    def send():
        with limit.slot():
            entered.append(threading.get_ident())
            release.wait(10)

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while len(entered) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # the third has had time to enter, if it could
    assert len(entered) == 2
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(entered) == 3


def test_no_limit_lets_every_request_in_and_a_limit_below_one_is_refused():
    unlimited = InFlightLimit()
    with unlimited.slot(), unlimited.slot(), unlimited.slot():
        assert unlimited.limit is None
    with pytest.raises(ValueError, match="at least 1"):
        InFlightLimit(0)


@pytest.mark.parametrize(
    "services, threads",
    [({"jira": jira()}, 10), ({"octopus": octopus()}, 10), ({"jira": jira(), "octopus": octopus()}, 20)],
)
def test_each_service_gets_two_threads_per_request_it_may_have_in_flight(services, threads):
    """A thread waiting for one service's paced slot does not take one of the other service's threads."""
    config = {**services, "max_concurrent_requests": 5}
    assert SourceJiraOctopus(config)._workers == threads
    connections = ServiceConnections(logging.getLogger("test")).for_config(config)
    assert [connection.settings.in_flight.limit for connection in connections] == [5] * len(services)


def test_without_a_config_the_engine_starts_with_the_default_threads():
    assert SourceJiraOctopus(None)._workers == DEFAULT_CONCURRENCY
