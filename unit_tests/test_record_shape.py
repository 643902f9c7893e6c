"""The one Jira date fix: the skeleton's DateTimeNormaliser writes every date-time the schema declares as RFC 3339,
so the issue rows (`jira_issues`, board and sprint issues) and the issue children copy Jira's dates as sent."""

from typing import Any

import pytest

from source_jira_octopus.http.record_shape import DateTimeNormaliser
from source_jira_octopus.jira.streams.issues import issue_row_keys

ROW_SCHEMA = {
    "type": "object",
    "properties": {
        "created": {"type": ["null", "string"], "format": "date-time"},
        "updated": {"type": ["null", "string"], "format": "date-time"},
        "fields": {"type": "object", "properties": {"created": {"type": "string", "format": "date-time"}}},
    },
}


def normaliser(reports: list[tuple[str, str, Any]]) -> DateTimeNormaliser:
    return DateTimeNormaliser(ROW_SCHEMA, lambda path, what, example: reports.append((path, what, example)))


@pytest.mark.parametrize(
    "value, expected, reported",
    [
        ("2024-01-15T10:20:30.123+0000", "2024-01-15T10:20:30.123+00:00", False),
        ("2024-01-15T10:20:30.123-0530", "2024-01-15T10:20:30.123-05:30", False),
        ("2024-01-15T10:20:30+0100", "2024-01-15T10:20:30+01:00", False),
        ("2024-01-15T10:20:30+00:00", "2024-01-15T10:20:30+00:00", False),
        (None, None, False),
        (1705314030123, "2024-01-15T10:20:30.123+00:00", True),  # epoch milliseconds, said once
        ("yesterday-ish", "yesterday-ish", True),  # kept as sent, said once
    ],
)
def test_jira_dates_become_rfc3339_and_other_shapes_are_kept_and_reported(value, expected, reported):
    reports: list[tuple[str, str, Any]] = []
    assert normaliser(reports).normalise({"created": value})["created"] == expected
    assert bool(reports) is reported


def test_an_issue_row_lifts_project_and_dates_out_of_fields_and_the_normaliser_fixes_the_offset():
    issue = {
        "id": "10001",
        "fields": {"project": {"id": "100", "key": "ED"}, "created": "2024-01-15T10:20:30.123+0000", "updated": None},
    }
    row = normaliser([]).normalise({**issue, **issue_row_keys(issue)})
    assert row["projectId"] == "100" and row["projectKey"] == "ED"
    assert row["created"] == row["fields"]["created"] == "2024-01-15T10:20:30.123+00:00"
    assert row["updated"] is None


@pytest.mark.parametrize("fields", [None, "ED-1", ["a"], {"project": "ED"}])
def test_an_issue_row_of_another_shape_gets_empty_keys_not_an_error(fields):
    assert issue_row_keys({"id": "1", "fields": fields}) == {
        "projectId": None,
        "projectKey": None,
        "created": None,
        "updated": None,
    }
