import json
from datetime import UTC, datetime, timedelta

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.server_clock import server_clock
from source_jira_octopus.state.saved import SITE_WIDE, SavedState, parse_saved_state

STREAM = "jira_issues"
T0 = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
T1 = datetime(2026, 11, 21, 8, 0, 0, 250000, tzinfo=UTC)


@pytest.mark.parametrize(
    "state",
    [
        SavedState(),
        SavedState(cursors={"PROJ": T0}),
        SavedState(cursors={"PROJ": T0, SITE_WIDE: T1}),
        SavedState(
            cursors={"PROJ": T0},
            sync_started_at=T1,
            finished={"OPS", "ABC"},
            done={"PROJ": [(None, 1700000000000), (1700000000000, 1710000000000)], "X": [(5, None)]},
        ),
        SavedState(sync_started_at=T1),
    ],
)
def test_v2_round_trip(state):
    raw = state.to_json()
    assert raw["state_version"] == 2
    assert parse_saved_state(STREAM, raw) == state
    assert parse_saved_state(STREAM, raw).to_json() == raw


def test_v2_json_shape_matches_the_documented_one():
    state = SavedState(
        cursors={"PROJ": T0}, sync_started_at=T1, finished={"OPS"}, done={"PROJ": [(None, 17)], "EMPTY": []}
    )
    assert state.to_json() == {
        "state_version": 2,
        "partitions": {"PROJ": {"cursor": "2026-11-20T12:00:00.000+00:00"}},
        "sync": {"started_at": "2026-11-21T08:00:00.250+00:00", "finished": ["OPS"], "done": {"PROJ": [[None, 17]]}},
    }


def test_completed_state_has_no_sync_section():
    assert "sync" not in SavedState(cursors={"A": T0}).to_json()
    assert SavedState().to_json() == {"state_version": 2}


@pytest.mark.parametrize(
    "legacy, expected",
    [
        ("2024-02-12T10:00:00-0800", datetime(2024, 2, 12, 18, 0, tzinfo=UTC)),
        ("2024-02-12T10:00:00Z", datetime(2024, 2, 12, 10, 0, tzinfo=UTC)),
        ("2024-02-12T10:00:00.123+02:00", datetime(2024, 2, 12, 8, 0, 0, 123000, tzinfo=UTC)),
    ],
)
def test_legacy_updated_migrates_to_the_site_wide_cursor(legacy, expected):
    state = parse_saved_state(STREAM, {"updated": legacy}, legacy_cursor_field="updated")
    assert state.cursors == {SITE_WIDE: expected}
    assert state.cursors[SITE_WIDE].tzinfo is not None
    assert state.cursor("PROJ") == expected  # a partition without its own cursor falls back to `*`
    assert state.cursor(SITE_WIDE) == expected
    assert state.sync_started_at is None and not state.finished and not state.done


def test_own_cursor_wins_over_the_site_wide_one():
    state = SavedState(cursors={SITE_WIDE: T0, "PROJ": T1})
    assert state.cursor("PROJ") == T1
    assert state.cursor("OPS") == T0
    assert SavedState(cursors={"PROJ": T1}).cursor("OPS") is None


@pytest.mark.parametrize(
    "raw, legacy_field",
    [
        ({"updated": "P1D"}, "updated"),  # a duration, not a time
        ({"updated": 1700000000}, "updated"),
        ({"updated": "not a date"}, "updated"),
        ({"updated": "2024-02-12T10:00:00Z"}, None),  # a stream that never had the legacy shape
        ({"state_version": 2, "partitions": {"A": {"cursor": 5}}}, None),
        ({"state_version": 2, "partitions": {"A": {}}}, None),
        ({"state_version": 2, "partitions": {"A": "2024-01-01T00:00:00Z"}}, None),
        ({"state_version": 2, "partitions": ["A"]}, None),
        ({"state_version": 2, "sync": {"started_at": "2024-01-01T00:00:00Z", "done": {"A": [["x", 5]]}}}, None),
        ({"state_version": 2, "sync": {"started_at": "2024-01-01T00:00:00Z", "done": {"A": [[1, 2, 3]]}}}, None),
        ({"state_version": 2, "sync": {"started_at": "2024-01-01T00:00:00Z", "done": {"A": [1.5]}}}, None),
        ({"state_version": 2, "sync": {"started_at": "2024-01-01T00:00:00Z", "done": {"A": [[1.5, None]]}}}, None),
        ({"state_version": 2, "sync": {"finished": ["A"]}}, None),  # no started_at
        ({"state_version": 3}, None),
        ({"cursor": "2024-01-01T00:00:00Z"}, "updated"),  # unknown shape
        ({"whatever": 1}, None),
    ],
)
def test_malformed_state_is_a_config_error_naming_the_stream(raw, legacy_field):
    with pytest.raises(AirbyteTracedException) as caught:
        parse_saved_state(STREAM, raw, legacy_cursor_field=legacy_field)
    assert caught.value.failure_type == FailureType.config_error
    assert STREAM in caught.value.message
    assert "Clear data" in caught.value.message


@pytest.mark.parametrize(
    "raw",
    [None, {}, {"__ab_full_refresh_sync_complete": True}, {"__ab_no_cursor_state_message": True}],
)
def test_empty_and_full_refresh_markers_give_an_empty_state(raw):
    assert parse_saved_state(STREAM, raw, legacy_cursor_field="updated") == SavedState()


@pytest.mark.parametrize(
    "header, elapsed, expected",
    [
        ("Tue, 01 Dec 2026 10:00:10 GMT", timedelta(milliseconds=120), datetime(2026, 12, 1, 10, 0, 8, tzinfo=UTC)),
        ("Tue, 01 Dec 2026 10:00:10 GMT", timedelta(seconds=2), datetime(2026, 12, 1, 10, 0, 7, tzinfo=UTC)),
        (
            "Tue, 01 Dec 2026 10:00:10 GMT",
            timedelta(seconds=2, microseconds=1),
            datetime(2026, 12, 1, 10, 0, 6, tzinfo=UTC),
        ),
        ("Tue, 01 Dec 2026 10:00:10 GMT", timedelta(0), datetime(2026, 12, 1, 10, 0, 9, tzinfo=UTC)),
        ("Tue, 01 Dec 2026 10:00:10 +0200", timedelta(0), datetime(2026, 12, 1, 8, 0, 9, tzinfo=UTC)),
        (None, timedelta(0), None),
        ("", timedelta(0), None),
        ("yesterday", timedelta(0), None),
    ],
)
def test_server_clock(header, elapsed, expected):
    assert server_clock(header, elapsed) == expected


@pytest.mark.parametrize("window", [[500, 200], [True, 5]])
def test_inverted_empty_or_boolean_windows_are_malformed(window):
    raw = {"state_version": 2, "sync": {"started_at": "2024-01-01T00:00:00Z", "finished": [], "done": {"A": [window]}}}
    with pytest.raises(AirbyteTracedException) as caught:
        parse_saved_state(STREAM, raw)
    assert caught.value.failure_type == FailureType.config_error and STREAM in caught.value.message


def test_windows_in_progress_round_trip_and_documented_shape():
    state = SavedState(
        sync_started_at=T1,
        done={"PROJ": [(None, 17)]},
        reached={"PROJ": {(30, None): 10467, (17, 30): 10012}, "Spaces-1": {(None, None): [60, "Deployments-9"]}},
    )
    raw = state.to_json()
    assert raw["sync"]["reached"] == {
        "PROJ": [[17, 30, 10012], [30, None, 10467]],
        "Spaces-1": [[None, None, [60, "Deployments-9"]]],
    }
    assert parse_saved_state(STREAM, raw) == state


def test_a_state_written_before_per_page_progress_has_nothing_in_progress():
    raw = {"state_version": 2, "sync": {"started_at": "2026-11-21T08:00:00Z", "finished": [], "done": {"A": [[1, 5]]}}}
    state = parse_saved_state(STREAM, raw)
    assert state.reached == {} and state.done == {"A": [(1, 5)]}


@pytest.mark.parametrize(
    "done, window, expected",
    [
        ([], (None, 100), [(None, 100)]),
        ([(None, 100)], (100, 200), [(None, 200)]),  # touching windows become one span
        ([(None, 100), (200, None)], (100, 200), [(None, None)]),
        ([(None, 100)], (150, 200), [(None, 100), (150, 200)]),  # a gap stays a gap
        ([(10, 20)], (0, 10), [(0, 20)]),
        ([(10, 20)], (12, 15), [(10, 20)]),  # already covered
    ],
)
def test_done_windows_merge_into_spans(done, window, expected):
    state = SavedState(sync_started_at=T1, done={"A": list(done)}, reached={"A": {window: 42}})
    state.mark_done("A", window)
    assert state.done["A"] == expected
    assert state.reached == {}  # the window's position goes with it
    assert state.is_done("A", window) and not state.is_done("B", window)


def test_state_stays_small_with_a_hundred_windows():
    """100 `created` windows, 8 read at a time: the state written after every page stays under 1 KB."""
    edges = [None, *range(1_700_000_000_000, 1_700_000_000_000 + 99 * 3_600_000, 3_600_000), None]
    windows = list(zip(edges, edges[1:], strict=False))
    state = SavedState(sync_started_at=T1)
    largest = 0
    for index, window in enumerate(windows):
        state.reached.setdefault("*", {})[window] = 10_000 + index * 100
        largest = max(largest, len(json.dumps(state.to_json(), separators=(",", ":"))))
        if index >= 7:  # the window started 8 windows ago closes
            state.mark_done("*", windows[index - 7])
    assert largest < 1_024


@pytest.mark.parametrize(
    "reached",
    [{"A": [[1, 2]]}, {"A": [[1, 2, None]]}, {"A": [[5, 2, 7]]}, {"A": [["x", None, 7]]}, {"A": [7]}],
)
def test_malformed_positions_are_a_config_error(reached):
    raw = {"state_version": 2, "sync": {"started_at": "2024-01-01T00:00:00Z", "finished": [], "reached": reached}}
    with pytest.raises(AirbyteTracedException) as caught:
        parse_saved_state(STREAM, raw)
    assert caught.value.failure_type == FailureType.config_error and STREAM in caught.value.message
