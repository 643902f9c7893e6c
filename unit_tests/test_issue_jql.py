from datetime import UTC, datetime, timedelta, timezone

import pytest

from source_jira_octopus.jira.partitions import issue_jql


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
