from datetime import datetime, timedelta, timezone

from airbyte_cdk.models import Type
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import InMemoryMessageRepository

from source_jira_octopus.cursors import SyncStartCursor, server_clock

LOCAL_START = datetime(2026, 11, 23, 12, 0, 0, tzinfo=timezone.utc)
PREVIOUS = {"updated": "2026-11-20T00:00:00.000+00:00"}


def make_cursor(initial=PREVIOUS):
    repository = InMemoryMessageRepository()
    cursor = SyncStartCursor("jira_issues", "updated", initial, repository, ConnectorStateManager(), now=lambda: LOCAL_START)
    return cursor, repository


def emitted_states(repository):
    return [m.state.stream.stream_state.__dict__ for m in repository.consume_queue() if m.type == Type.STATE]


def test_state_becomes_the_sync_start_after_every_slice_succeeded():
    cursor, repository = make_cursor()
    slices = list(cursor.track([{"jql": "a"}, {"jql": "b"}]))
    for _ in slices:
        cursor.close_partition(None)
    cursor.ensure_at_least_one_state_emitted()
    assert emitted_states(repository) == [{"updated": "2026-11-23T12:00:00.000+00:00"}]


def test_a_failed_slice_keeps_the_previous_state():
    cursor, repository = make_cursor()
    list(cursor.track([{"jql": "a"}, {"jql": "b"}]))
    cursor.close_partition(None)  # only one of two slices closed (the other raised)
    cursor.ensure_at_least_one_state_emitted()
    assert emitted_states(repository) == [PREVIOUS]


def test_slice_generation_that_did_not_finish_keeps_the_previous_state():
    cursor, repository = make_cursor()
    generator = iter(cursor.track([{"jql": "a"}, {"jql": "b"}]))
    next(generator)
    cursor.close_partition(None)
    cursor.ensure_at_least_one_state_emitted()
    assert emitted_states(repository) == [PREVIOUS]


def test_state_is_emitted_once_even_if_asked_twice():
    cursor, repository = make_cursor(initial=None)
    list(cursor.track([{}]))
    cursor.close_partition(None)
    cursor.ensure_at_least_one_state_emitted()
    cursor.ensure_at_least_one_state_emitted()
    assert len(emitted_states(repository)) == 1


def test_server_clock_wins_over_a_local_clock_that_runs_ahead():
    cursor, repository = make_cursor()
    cursor.note_server_time(LOCAL_START - timedelta(minutes=3))
    cursor.note_server_time(LOCAL_START - timedelta(minutes=1))  # later reports do not move it forward
    list(cursor.track([{}]))
    cursor.close_partition(None)
    cursor.ensure_at_least_one_state_emitted()
    assert emitted_states(repository) == [{"updated": "2026-11-23T11:57:00.000+00:00"}]


def test_server_clock_from_date_header_subtracts_request_time_and_rounding():
    started = server_clock("Mon, 23 Nov 2026 12:00:10 GMT", timedelta(seconds=2))
    assert started == datetime(2026, 11, 23, 12, 0, 7, tzinfo=timezone.utc)
    for elapsed_ms in (3, 120, 999):  # any sub-second request gives the same state
        assert server_clock("Mon, 23 Nov 2026 12:00:10 GMT", timedelta(milliseconds=elapsed_ms)) == datetime(2026, 11, 23, 12, 0, 8, tzinfo=timezone.utc)
    assert server_clock(None, timedelta()) is None
    assert server_clock("not a date", timedelta()) is None
