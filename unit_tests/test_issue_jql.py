from datetime import UTC, datetime, timedelta, timezone

import pytest

from source_jira_octopus.jira.partitions import issue_jql
from source_jira_octopus.jira.streams.issues import jira_timestamp_to_rfc3339


@pytest.mark.parametrize(
    "when, project, window, expected",
    [
        (
            datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
            None,
            (None, None),
            "updated >= 1700000000000 ORDER BY id ASC",
        ),
        (datetime(1970, 1, 1, tzinfo=UTC), "ABC", (None, None), 'updated >= 0 AND project = "ABC" ORDER BY id ASC'),
        (
            datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC),
            "A",
            (5, 9),
            'updated >= 1700000000123 AND project = "A" AND created >= 5 AND created < 9 ORDER BY id ASC',
        ),
        (
            datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
            None,
            (None, 9),
            "updated >= 1700000000000 AND created < 9 ORDER BY id ASC",
        ),
        # a non-UTC datetime denotes the same instant: epoch ms are absolute
        (
            datetime(2023, 11, 15, 0, 13, 20, tzinfo=timezone(timedelta(hours=2))),
            None,
            (7, None),
            "updated >= 1700000000000 AND created >= 7 ORDER BY id ASC",
        ),
    ],
)
def test_jql_uses_epoch_milliseconds_only_a_lower_bound_on_updated_and_a_stable_order(when, project, window, expected):
    jql = issue_jql(when, project, window)
    assert jql == expected
    assert "updated <" not in jql and "updated ASC" not in jql


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-01-15T10:20:30.123+0000", "2024-01-15T10:20:30.123000+00:00"),
        ("2024-01-15T10:20:30.123-0530", "2024-01-15T10:20:30.123000-05:30"),
        ("2024-01-15T10:20:30+00:00", "2024-01-15T10:20:30+00:00"),
        (None, None),
        (1705314030123, 1705314030123),  # kept for the DateTimeNormaliser (epoch ms -> RFC 3339), not a crash
        ("yesterday-ish", "yesterday-ish"),
    ],
)
def test_jira_timestamps_become_rfc3339(value, expected):
    assert jira_timestamp_to_rfc3339(value) == expected
