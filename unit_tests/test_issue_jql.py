from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from source_jira_octopus.jira.streams.issues import build_issue_jql, jira_timestamp_to_rfc3339, updated_lower_bound

START = datetime(2020, 1, 1, tzinfo=timezone.utc)


def jira_config(lookback_minutes=0, start=START, projects=()):
    return SimpleNamespace(start_date=start, lookback_window=timedelta(minutes=lookback_minutes), projects=projects)


@pytest.mark.parametrize(
    "when, projects, expected",
    [
        (datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc), (), "updated >= 1700000000000 ORDER BY id ASC"),
        (datetime(1970, 1, 1, tzinfo=timezone.utc), ("ABC",), 'updated >= 0 AND project in ("ABC") ORDER BY id ASC'),
        (datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=timezone.utc), ("A", "B"), 'updated >= 1700000000123 AND project in ("A", "B") ORDER BY id ASC'),
        # a non-UTC datetime denotes the same instant: epoch ms are absolute
        (datetime(2023, 11, 15, 0, 13, 20, tzinfo=timezone(timedelta(hours=2))), (), "updated >= 1700000000000 ORDER BY id ASC"),
    ],
)
def test_jql_uses_epoch_milliseconds_a_lower_bound_only_and_a_stable_order(when, projects, expected):
    jql = build_issue_jql(when, projects)
    assert jql == expected
    assert "<" not in jql and "updated ASC" not in jql


@pytest.mark.parametrize(
    "state, lookback, expected",
    [
        (None, 0, START),
        ({}, 0, START),
        ({"updated": "2024-02-12T18:00:00.000+00:00"}, 0, datetime(2024, 2, 12, 18, tzinfo=timezone.utc)),
        ({"updated": "2024-02-12T18:00:00.000+00:00"}, 30, datetime(2024, 2, 12, 17, 30, tzinfo=timezone.utc)),
        # Airbyte source-jira's state shape (offset without colon) resumes at the same instant
        ({"updated": "2024-02-12T10:00:00-0800"}, 0, datetime(2024, 2, 12, 18, tzinfo=timezone.utc)),
        # never earlier than start_date
        ({"updated": "2019-06-01T00:00:00Z"}, 0, START),
    ],
)
def test_lower_bound_from_state(state, lookback, expected):
    assert updated_lower_bound(state, jira_config(lookback)) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-01-15T10:20:30.123+0000", "2024-01-15T10:20:30.123000+00:00"),
        ("2024-01-15T10:20:30.123-0530", "2024-01-15T10:20:30.123000-05:30"),
        ("2024-01-15T10:20:30+00:00", "2024-01-15T10:20:30+00:00"),
        (None, None),
    ],
)
def test_jira_timestamps_become_rfc3339(value, expected):
    assert jira_timestamp_to_rfc3339(value) == expected
