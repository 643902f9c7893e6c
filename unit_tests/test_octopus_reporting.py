"""The reporting feed's XML parser and row shape, the work-item rows of a release, the window's time format:
table-driven over sample documents (well-formed, empty, hostile, malformed)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from source_jira_octopus.http.responses import MalformedResponseError
from source_jira_octopus.octopus.reporting import UnsafeXmlError, deployment_row, parse_deployments
from source_jira_octopus.octopus.windows import octopus_query_time
from source_jira_octopus.octopus.work_items import work_item_rows


@pytest.mark.parametrize(
    "document, expected",
    [
        (b"<Deployments/>", []),
        (b"<?xml version='1.0'?><Deployments>\n  </Deployments>", []),
        (
            b"<Deployments><Deployment><DeploymentId>D-1</DeploymentId><TenantId /><TenantName></TenantName>"
            b"<ProjectName> Orders &amp; Billing </ProjectName></Deployment>"
            b"<Deployment><DeploymentId>D-2</DeploymentId></Deployment></Deployments>",
            [
                {"DeploymentId": "D-1", "TenantId": None, "TenantName": None, "ProjectName": "Orders & Billing"},
                {"DeploymentId": "D-2"},
            ],
        ),
        (
            "<Deployments><Deployment><ProjectName>Zürich</ProjectName></Deployment></Deployments>".encode(),
            [{"ProjectName": "Zürich"}],
        ),
    ],
    ids=["self-closing", "whitespace", "two deployments", "utf-8"],
)
def test_parse_deployments(document, expected):
    assert parse_deployments(document) == expected


@pytest.mark.parametrize(
    "document, error, words",
    [
        (b'<!DOCTYPE d [<!ENTITY a "x">]><Deployments>&a;</Deployments>', UnsafeXmlError, "DOCTYPE"),
        (b'<!DOCTYPE Deployments SYSTEM "http://evil.invalid/x.dtd"><Deployments/>', UnsafeXmlError, "DOCTYPE"),
        (b"<html><body>Sign in</body></html>", MalformedResponseError, "expected a <Deployments>"),
        (b"<Deployments><Deployment>", MalformedResponseError, "not well-formed"),
        (b'{"Items": []}', MalformedResponseError, "not well-formed"),
        (b"", MalformedResponseError, "not well-formed"),
    ],
    ids=["internal entity", "external DTD", "html", "truncated", "json", "empty"],
)
def test_hostile_or_wrong_documents_are_refused(document, error, words):
    with pytest.raises(error, match=words):
        parse_deployments(document)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"CompletedTime": "2025-05-30T10:20:30", "DurationSeconds": "42"}, ("2025-05-30T10:20:30.000+00:00", 42)),
        (
            {"CompletedTime": "2025-05-30T12:20:30+02:00", "DurationSeconds": None},
            ("2025-05-30T10:20:30.000+00:00", None),
        ),
        ({"CompletedTime": "2025-05-30T10:20:30.5Z", "DurationSeconds": "-1"}, ("2025-05-30T10:20:30.500+00:00", -1)),
        ({"CompletedTime": "yesterday", "DurationSeconds": "about 3"}, ("yesterday", "about 3")),
        ({"CompletedTime": None}, (None, None)),
    ],
    ids=["no offset is UTC", "offset", "fraction", "kept as sent", "missing"],
)
def test_deployment_row_types_times_and_duration(raw, expected):
    row = deployment_row(raw)
    assert (row["CompletedTime"], row["DurationSeconds"]) == expected
    assert row["StartTime"] is None


@pytest.mark.parametrize(
    "value, text",
    [
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), "2026-11-23T12:00:00.000+00:00"),
        (
            datetime(2026, 11, 23, 14, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
            "2026-11-23T12:00:00.123+00:00",
        ),
    ],
)
def test_window_bounds_are_sent_in_utc_with_their_offset(value, text):
    assert octopus_query_time(value) == text


@pytest.mark.parametrize(
    "release, keys",
    [
        ({"Id": "R-1"}, []),
        ({"Id": "R-1", "BuildInformation": None}, []),
        ({"Id": "R-1", "BuildInformation": [{"PackageId": "a", "Version": "1", "WorkItems": None}]}, []),
        (
            {
                "Id": "R-1",
                "BuildInformation": ["odd", {"PackageId": "a", "Version": "1", "WorkItems": [{"Id": "X-1"}, 7]}],
            },
            [("R-1", "a", "1", "X-1")],
        ),
        (
            {
                "Id": "R-2",
                "BuildInformation": [
                    {"PackageId": "a", "Version": "1", "WorkItems": [{"Id": "X-1"}]},
                    {"PackageId": "b", "Version": "2", "WorkItems": [{"Id": "X-1"}, {"Id": "X-2"}]},
                ],
            },
            [("R-2", "a", "1", "X-1"), ("R-2", "b", "2", "X-1"), ("R-2", "b", "2", "X-2")],
        ),
    ],
    ids=["no build information", "null", "no work items", "odd entries skipped", "same issue in two packages"],
)
def test_work_item_rows_are_keyed_by_release_package_version_and_item(release, keys):
    rows = list(work_item_rows(release))
    assert [(r["ReleaseId"], r["PackageId"], r["PackageVersion"], r["Id"]) for r in rows] == keys
