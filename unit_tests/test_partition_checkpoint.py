"""PartitionCheckpoint driven the way the concurrent engine drives it: track the slices, close partitions in any
order, then ensure_at_least_one_state_emitted once the stream is done (successfully or not)."""

from datetime import UTC, datetime, timedelta

import pytest
from airbyte_cdk.models import AirbyteMessageSerializer
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import InMemoryMessageRepository

from source_jira_octopus.state.checkpoint import PartitionCheckpoint
from source_jira_octopus.state.saved import SITE_WIDE, parse_saved_state

STREAM = "jira_issues"
LOCAL = datetime(2026, 11, 21, 8, 0, 5, tzinfo=UTC)
SERVER_EARLY = datetime(2026, 11, 21, 7, 59, 0, tzinfo=UTC)
SERVER_LATE = datetime(2026, 11, 21, 8, 1, 0, tzinfo=UTC)
OLD_A = datetime(2026, 10, 1, tzinfo=UTC)
OLD_SITE = datetime(2026, 9, 1, tzinfo=UTC)


def iso(moment):
    return moment.isoformat(timespec="milliseconds")


def window(partition, low, high):
    return {"partition": partition, "window_from": low, "window_to": high}


A1, A2, B1, C = window("A", None, 100), window("A", 100, None), window("B", None, None), {"partition": "C"}
SLICES = [A1, A2, B1, C]


class FakePartition:
    def __init__(self, stream_slice):
        self._slice = stream_slice

    def to_slice(self):
        return self._slice

    def stream_name(self):
        return STREAM


class Sync:
    """One stream's checkpoint with a real state manager and message repository; `emitted` is the engine's queue."""

    def __init__(self, raw=None, incremental=True, now=LOCAL):
        self.emitted = []
        self.repository = InMemoryMessageRepository()
        self.cursor = PartitionCheckpoint(
            STREAM,
            parse_saved_state(STREAM, raw),
            incremental,
            self.emitted.append,
            self.repository,
            ConnectorStateManager(),
            now=lambda: now,
        )

    def track(self, slices):
        return list(self.cursor.track(slices))

    def close(self, *slices):
        for stream_slice in slices:
            self.cursor.close_partition(FakePartition(stream_slice))

    def finish(self):
        self.cursor.ensure_at_least_one_state_emitted()
        messages = list(self.repository.consume_queue())
        assert len(messages) == 1
        return state_of(messages[0])

    def last_emitted(self):
        return state_of(self.emitted[-1])


def state_of(message):
    dumped = AirbyteMessageSerializer.dump(message)
    assert dumped["state"]["stream"]["stream_descriptor"]["name"] == STREAM
    return dumped["state"]["stream"]["stream_state"]


def cursors(state):
    return {key: value["cursor"] for key, value in state.get("partitions", {}).items()}


@pytest.mark.parametrize(
    "server_times, expected_start",
    [
        ([], LOCAL),  # no Date header seen: the local clock
        ([SERVER_LATE], SERVER_LATE),
        ([SERVER_LATE, SERVER_EARLY], SERVER_EARLY),  # earliest wins whatever the order
        ([SERVER_EARLY, SERVER_LATE], SERVER_EARLY),
    ],
)
def test_incremental_sync_moves_every_cursor_to_the_sync_start(server_times, expected_start):
    sync = Sync({"state_version": 2, "partitions": {"A": {"cursor": iso(OLD_A)}}})
    assert sync.track(SLICES) == SLICES
    for moment in server_times:
        sync.cursor.note_server_time(moment)
    assert sync.cursor.sync_started_at == expected_start
    sync.close(A1, B1, C)
    assert len(sync.emitted) == 3  # one state message per close, through the engine's queue
    assert list(sync.repository.consume_queue()) == []  # ... not through the repository
    progress = sync.last_emitted()
    assert progress["sync"]["started_at"] == iso(expected_start)
    assert progress["sync"]["finished"] == ["B", "C"]
    assert progress["sync"]["done"] == {"A": [[None, 100]]}
    assert cursors(progress) == {"A": iso(OLD_A), "B": iso(expected_start), "C": iso(expected_start)}
    sync.close(A2)
    assert cursors(sync.last_emitted())["A"] == iso(expected_start)
    final = sync.finish()
    assert final == {"state_version": 2, "partitions": {p: {"cursor": iso(expected_start)} for p in ("A", "B", "C")}}


def test_a_failed_sync_emits_its_progress_and_keeps_unfinished_cursors():
    sync = Sync({"state_version": 2, "partitions": {"A": {"cursor": iso(OLD_A)}, SITE_WIDE: {"cursor": iso(OLD_SITE)}}})
    sync.track(SLICES)
    sync.cursor.note_server_time(SERVER_EARLY)
    sync.close(A1, B1, C)  # A2 never closes: the sync failed
    progress = sync.finish()
    assert progress["sync"] == {"started_at": iso(SERVER_EARLY), "finished": ["B", "C"], "done": {"A": [[None, 100]]}}
    assert cursors(progress) == {
        "A": iso(OLD_A),
        SITE_WIDE: iso(OLD_SITE),
        "B": iso(SERVER_EARLY),
        "C": iso(SERVER_EARLY),
    }
    assert sync.cursor.saved_cursor("A") == OLD_A


def failed_progress():
    sync = Sync({"state_version": 2, "partitions": {"A": {"cursor": iso(OLD_A)}}})
    sync.track(SLICES)
    sync.cursor.note_server_time(SERVER_EARLY)
    sync.close(A1, B1)  # A2 and C never close
    return sync.finish()


def test_resumed_sync_skips_what_is_complete_and_keeps_the_original_start():
    progress = failed_progress()
    resumed = Sync(progress, now=LOCAL + timedelta(hours=1))
    resumed.cursor.note_server_time(SERVER_LATE + timedelta(hours=1))
    assert resumed.track(SLICES) == [A2, C]  # B finished, A's first window done
    assert resumed.cursor.sync_started_at == SERVER_EARLY
    assert resumed.cursor.saved_cursor("A") == OLD_A
    assert resumed.cursor.saved_cursor("C") is None
    assert resumed.cursor.done_windows("A") == [(None, 100)]
    resumed.close(C, A2)
    final = resumed.finish()
    assert final == {"state_version": 2, "partitions": {p: {"cursor": iso(SERVER_EARLY)} for p in ("A", "B", "C")}}


def test_resumed_sync_with_nothing_left_completes():
    progress = failed_progress()
    resumed = Sync(progress)
    resumed.close(*resumed.track(SLICES))
    again = Sync(resumed.last_emitted())  # killed right after the last close, before the final state
    assert again.track(SLICES) == []
    assert again.finish() == {
        "state_version": 2,
        "partitions": {p: {"cursor": iso(SERVER_EARLY)} for p in ("A", "B", "C")},
    }


def test_a_failure_while_slices_are_generated_never_completes_the_sync():
    sync = Sync()
    generator = sync.cursor.track(iter(SLICES))
    handed_out = [next(generator), next(generator)]  # slice generation dies after two slices
    sync.close(*handed_out)
    progress = sync.finish()
    assert progress["sync"]["started_at"] == iso(LOCAL)
    assert progress["sync"]["done"] == {"A": [[None, None]]}  # the two windows, merged into one span
    assert progress["sync"]["finished"] == []  # A may have more windows that were never generated
    assert "partitions" not in progress


def test_partition_whose_slices_closed_before_generation_ended_finishes_when_it_ends():
    sync = Sync()
    generator = sync.cursor.track(iter(SLICES))
    sync.close(next(generator), next(generator))  # A's two windows close while B and C are still being generated
    assert "A" not in sync.last_emitted()["sync"]["finished"]
    rest = list(generator)
    assert rest == [B1, C]
    sync.close(B1)
    assert sync.last_emitted()["sync"]["finished"] == ["A", "B"]
    assert cursors(sync.last_emitted()) == {"A": iso(LOCAL), "B": iso(LOCAL)}


@pytest.mark.parametrize("closed, completed", [(SLICES, True), (SLICES[:-1], False)])
def test_full_refresh_never_writes_cursors(closed, completed):
    sync = Sync(incremental=False)
    sync.track(SLICES)
    sync.cursor.note_server_time(SERVER_EARLY)
    sync.close(*closed)
    assert all("partitions" not in state_of(message) for message in sync.emitted)
    final = sync.finish()
    if completed:
        assert final == {"state_version": 2}
    else:
        assert final == {
            "state_version": 2,
            "sync": {"started_at": iso(SERVER_EARLY), "finished": ["A", "B"], "done": {}},
        }


def test_full_refresh_resume_skips_finished_partitions_and_has_no_lower_bound():
    saved = {
        "state_version": 2,
        "partitions": {"A": {"cursor": iso(OLD_A)}},
        "sync": {"started_at": iso(SERVER_EARLY), "finished": ["B"], "done": {"A": [[None, 100]]}},
    }
    sync = Sync(saved, incremental=False)
    assert sync.cursor.saved_cursor("A") is None
    assert sync.cursor.incremental is False
    assert sync.track(SLICES) == [A2, C]
    sync.close(A2, C)
    assert sync.finish() == {"state_version": 2, "partitions": {"A": {"cursor": iso(OLD_A)}}}


def test_incremental_lower_bound_falls_back_to_the_site_wide_cursor():
    sync = Sync({"state_version": 2, "partitions": {SITE_WIDE: {"cursor": iso(OLD_SITE)}}})
    assert sync.cursor.saved_cursor("NEW") == OLD_SITE
    assert sync.cursor.incremental is True


def test_progress_keeps_the_earliest_server_time_even_when_noted_after_the_first_close():
    sync = Sync()
    sync.track(SLICES)
    sync.cursor.note_server_time(SERVER_LATE)
    sync.close(B1)  # B's quick request closed first ...
    sync.cursor.note_server_time(SERVER_EARLY)  # ... A's slower request had started earlier
    sync.close(A1)  # A2 and C never close: the sync fails
    progress = sync.finish()
    assert progress["sync"]["started_at"] == iso(SERVER_EARLY)
    resumed = Sync(progress)
    resumed.close(*resumed.track(SLICES))
    # an edit made between SERVER_EARLY and SERVER_LATE to an issue A1 had already served must come back next time
    assert set(cursors(resumed.finish()).values()) == {iso(SERVER_EARLY)}


def test_every_page_read_queues_a_state_naming_where_its_window_resumes():
    sync = Sync()
    a1, a2, b1, c = sync.track(SLICES)
    sync.cursor.page_read(a1, 10_007)
    assert sync.last_emitted()["sync"]["reached"] == {"A": [[None, 100, 10_007]]}
    sync.cursor.page_read(a1, 10_019)  # the next page of the same window replaces its position
    sync.cursor.page_read(c, [60, "Deployments-9"])  # a partition not cut into windows
    assert len(sync.emitted) == 3  # one state per page, into the engine's queue (behind the page's records)
    assert sync.last_emitted()["sync"]["reached"] == {
        "A": [[None, 100, 10_019]],
        "C": [[None, None, [60, "Deployments-9"]]],
    }
    sync.close(a1)
    progress = sync.last_emitted()["sync"]
    assert progress["done"] == {"A": [[None, 100]]} and progress["reached"] == {
        "C": [[None, None, [60, "Deployments-9"]]]
    }
    sync.close(a2, b1, c)
    assert "sync" not in sync.finish()


def test_a_resumed_sync_hands_out_partly_read_slices_with_their_position():
    sync = Sync()
    a1, a2, b1, c = sync.track(SLICES)
    sync.close(a1)
    sync.cursor.page_read(a2, 10_500)
    sync.cursor.page_read(c, [30, "Deployments-4"])
    resumed = Sync(sync.last_emitted())
    assert resumed.cursor.reached("A") == {(100, None): 10_500}
    assert resumed.track(SLICES) == [{**A2, "resume_after": 10_500}, B1, {**C, "resume_after": [30, "Deployments-4"]}]


def test_a_page_read_after_sigterm_saves_nothing(monkeypatch):
    sync = Sync()
    a1, *_ = sync.track(SLICES)
    monkeypatch.setattr("source_jira_octopus.state.checkpoint.cancelled", lambda: True)
    sync.cursor.page_read(a1, 10_007)
    assert sync.emitted == []


EVERY = timedelta(days=3)


def test_a_full_re_read_is_due_at_first_and_every_period_on_the_connectors_clock():
    first = Sync()
    assert first.cursor.last_full_read is None and first.cursor.full_read_due(EVERY)
    first.close(*first.track(SLICES))
    state = first.finish()
    assert state["full_read_at"] == iso(LOCAL)
    later = Sync(state, now=LOCAL + EVERY - timedelta(minutes=1))
    assert later.cursor.last_full_read == LOCAL and not later.cursor.full_read_due(EVERY)
    later.close(*later.track(SLICES))
    state = later.finish()
    assert state["full_read_at"] == iso(LOCAL), "an updated-only sync is no full re-read"
    due = Sync(state, now=LOCAL + EVERY)
    assert due.cursor.full_read_due(EVERY)
    due.close(*due.track(SLICES))
    assert due.finish()["full_read_at"] == iso(LOCAL + EVERY)


def test_a_last_full_re_read_later_than_the_sync_start_makes_one_due():
    ahead = Sync({"state_version": 2, "full_read_at": iso(LOCAL + timedelta(days=200))})  # the clock was set back
    assert ahead.cursor.full_read_due(EVERY)
    ahead.close(*ahead.track(SLICES))
    assert ahead.finish()["full_read_at"] == iso(LOCAL)


def test_a_resumed_sync_goes_on_as_the_interrupted_one_began():
    full = Sync({"state_version": 2, "full_read_at": iso(LOCAL - EVERY)})
    assert full.cursor.full_read_due(EVERY)
    full.track(SLICES)
    full.close(A1, B1)  # killed
    progress = full.last_emitted()
    assert progress["sync"]["full_read_started"] == iso(LOCAL) and progress["full_read_at"] == iso(LOCAL - EVERY)
    resumed = Sync(progress, now=LOCAL + timedelta(hours=1))
    assert resumed.cursor.full_read_due(EVERY)
    resumed.close(*resumed.track(SLICES))
    assert resumed.finish()["full_read_at"] == iso(LOCAL), "the full re-read began with the interrupted attempt"

    partial = Sync({"state_version": 2, "full_read_at": iso(LOCAL - EVERY + timedelta(minutes=5))})
    assert not partial.cursor.full_read_due(EVERY)
    partial.track(SLICES)
    partial.close(A1)  # killed; resumed once the period has passed: still an updated-only sync
    later = Sync(partial.last_emitted(), now=LOCAL + timedelta(hours=1))
    assert "full_read_started" not in partial.last_emitted()["sync"] and not later.cursor.full_read_due(EVERY)
    later.close(*later.track(SLICES))
    assert later.finish()["full_read_at"] == iso(LOCAL - EVERY + timedelta(minutes=5))
