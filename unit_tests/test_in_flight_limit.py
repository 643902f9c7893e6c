"""http/in_flight.py: the per-host limit of requests on the wire at once."""

import threading
import time

import pytest

from source_jira_octopus.http.in_flight import InFlightLimit


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
