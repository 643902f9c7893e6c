"""Payloads written by others replayed through the streams' parse path: Atlassian's documented response examples
(the `example` of each operation in the Jira Cloud OpenAPI document), then the same examples bent into the odd
shapes real sites send (numbers for dates, strings for objects, nulls). No crash, no stream ending with 0 records,
and every record valid against its schema with `format: date-time` checked as RFC 3339.

The Octopus Swagger document carries no response examples (0 `example` keys), so Octopus is covered by the
shape cases only.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime
from typing import Any

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader
from airbyte_cdk.test.mock_http import HttpMocker
from jsonschema import Draft7Validator, FormatChecker

from jira_octopus_sample_api.contract.spec_documents import JIRA_SPEC_FILE, read_spec
from testkit.mock_server import (
    JIRA,
    JIRA_CLOUD,
    OCTOPUS,
    OCTOPUS_CONFIG,
    Mocks,
    mock_cloud_probes,
    mock_fields,
    run,
)

SPEC = read_spec(JIRA_SPEC_FILE)  # the vendored copy of the Jira Cloud OpenAPI document
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time")(lambda value: not isinstance(value, str) or bool(RFC3339.match(value) and _iso(value)))
SEARCH_BODY = {"jql": "updated >= 0 ORDER BY id ASC", "maxResults": 2}
PROJECT_EXPAND = "description,lead,issueTypes,url,projectKeys,insight"


def _iso(value: str) -> bool:
    return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00")) is not None


def example(path: str, method: str = "get") -> Any:
    return json.loads(SPEC["paths"][path][method]["responses"]["200"]["content"]["application/json"]["example"])


def schema_errors(stream: str, records: list[dict[str, Any]]) -> list[str]:
    schema = ResourceSchemaLoader("source_jira_octopus").get_schema(stream)
    validator = Draft7Validator(schema, format_checker=FORMATS)
    return [f"{list(e.absolute_path)}: {e.message}" for record in records for e in validator.iter_errors(record)]


def read_issue_search(stream: str, issues: list[Any], fields: list[str], expand: str | None = None):
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        if stream == "jira_issues":
            mock_fields(mocker, JIRA, 3)
        mock_cloud_probes(mocker, 0, {"id": "1", "fields": {"created": "2020-01-01T00:00:00.000+0000"}}, len(issues))
        body = {**SEARCH_BODY, "fields": fields, **({"expand": expand} if expand else {})}
        mocks.post(f"{JIRA}/rest/api/3/search/jql", body, {"issues": issues, "isLast": True})
        return run({"jira": JIRA_CLOUD}, stream, SyncMode.incremental)


def documented_issues() -> list[dict[str, Any]]:
    return example("/rest/api/3/search/jql", "post")["issues"]


def embedded(kind: str, page: dict[str, Any]) -> list[dict[str, Any]]:
    """The documented child page, embedded in an issue the way issue search returns it."""
    issue: dict[str, Any] = {"id": "10002", "key": "ED-1", "fields": {"updated": "2024-01-01T00:00:00.000+0000"}}
    if kind == "changelog":
        issue["changelog"] = {"histories": page["values"], "total": len(page["values"]), "startAt": 0}
    else:
        issue["fields"][kind] = {**page, "total": len(page[f"{kind}s"])}
    return [issue]


def read_children(stream: str, issues: list[Any]):
    kind = {"jira_issue_comments": "comment", "jira_issue_worklogs": "worklog"}.get(stream)
    fields, expand = ([kind, "updated"], None) if kind else (["updated"], "changelog")
    return read_issue_search(stream, issues, fields, expand)


CHILD_EXAMPLES = {
    "jira_issue_comments": ("comment", "/rest/api/3/issue/{issueIdOrKey}/comment"),
    "jira_issue_worklogs": ("worklog", "/rest/api/3/issue/{issueIdOrKey}/worklog"),
    "jira_issue_changelogs": ("changelog", "/rest/api/3/issue/{issueIdOrKey}/changelog"),
}


def test_documented_issue_search_example_reads_schema_valid_issues() -> None:
    output = read_issue_search("jira_issues", documented_issues(), ["*all"])
    records = [r.record.data for r in output.records]
    assert not output.errors and len(records) == len(documented_issues()) >= 1
    assert not schema_errors("jira_issues", records)


@pytest.mark.parametrize("stream", list(CHILD_EXAMPLES))
def test_documented_child_examples_read_schema_valid_entries(stream: str) -> None:
    kind, path = CHILD_EXAMPLES[stream]
    output = read_children(stream, embedded(kind, example(path)))
    records = [r.record.data for r in output.records]
    assert not output.errors and records
    assert not schema_errors(stream, records)


def test_documented_project_search_example_reads_schema_valid_projects() -> None:
    page = {**example("/rest/api/3/project/search"), "isLast": True}
    with HttpMocker() as mocker:
        Mocks(mocker).get(
            f"{JIRA}/rest/api/3/project/search", {"startAt": "0", "maxResults": "2", "expand": PROJECT_EXPAND}, page
        )
        output = run({"jira": JIRA_CLOUD}, "jira_projects")
    records = [r.record.data for r in output.records]
    assert not output.errors and len(records) == len(page["values"])
    assert not schema_errors("jira_projects", records)


def bent_issues() -> list[Any]:
    """The documented issue, then the shapes the issue says crashed or slipped through."""
    issue = documented_issues()[0]
    numeric = copy.deepcopy(issue)
    numeric["fields"]["updated"] = 1654817371871  # epoch ms, as Airbyte's recorded fixtures carry
    numeric["fields"]["created"] = 1654817371.871  # epoch seconds with a fraction
    jira_offsets = copy.deepcopy(issue)
    jira_offsets["fields"].update(created="2022-06-09T16:29:31.871-0700", resolutiondate="2022-06-10T01:00:00.000+0000")
    return [
        {**numeric, "id": "1"},
        {**jira_offsets, "id": "2"},
        {"id": "3", "key": "ED-3", "fields": "not an object"},
        {"id": "4", "key": "ED-4", "fields": {"project": ["ED"], "updated": None, "created": "yesterday"}},
        {"id": "5", "key": "ED-5"},
        "a string where an issue belongs",
        {"id": "6", "key": "ED-6", "fields": {"updated": True, "comment": "none", "worklog": {"worklogs": "x"}}},
    ]


def test_bent_issue_shapes_never_crash_and_are_reported_once(caplog: pytest.LogCaptureFixture) -> None:
    output = read_issue_search("jira_issues", bent_issues() * 3, ["*all"])  # three pages' worth of each
    records = {r.record.data["id"]: r.record.data for r in output.records}
    assert not output.errors and sorted(records) == ["1", "2", "3", "4", "5", "6"]
    assert records["1"]["updated"] == "2022-06-09T23:29:31.871+00:00" == records["1"]["fields"]["updated"]
    assert records["1"]["fields"]["created"] == "2022-06-09T23:29:31.871+00:00"
    assert records["2"]["fields"]["created"] == "2022-06-09T16:29:31.871-07:00"
    assert records["2"]["fields"]["resolutiondate"] == "2022-06-10T01:00:00.000+00:00"
    assert records["3"]["fields"] == "not an object" and records["3"].get("projectId") is None
    assert records["4"]["fields"]["created"] == "yesterday"  # kept as sent, reported
    warnings = _warnings(output)
    assert sum("fields.created is a date-time that is not RFC 3339" in w for w in warnings) == 1
    assert sum("record is not a JSON object, skipped" in w for w in warnings) == 1
    assert sum("fields.updated is a number (epoch time)" in w for w in warnings) == 1


def _warnings(output: Any) -> list[str]:
    return [m.log.message for m in output.logs if m.log.level.name == "WARN"]


@pytest.mark.parametrize("stream", list(CHILD_EXAMPLES))
def test_bent_child_shapes_never_crash(stream: str) -> None:
    kind, path = CHILD_EXAMPLES[stream]
    good = embedded(kind, example(path))
    entries = good[0]["changelog"]["histories"] if kind == "changelog" else good[0]["fields"][kind][f"{kind}s"]
    entries[0] = {**entries[0], "author": None, "created": 1654817371871, "updated": "2022-06-09T16:29:31.871-0700"}
    entries.append("an entry that is a string")
    odd = [{"id": "7", "fields": "x", "changelog": ["x"]}, 42]
    output = read_children(stream, good + odd)
    records = [r.record.data for r in output.records]
    assert not output.errors and len(records) == len(entries) - 1
    assert records[0]["created"] == "2022-06-09T23:29:31.871+00:00"
    assert not schema_errors(stream, records)


def test_bent_octopus_shapes_never_crash() -> None:
    items = [
        {"Id": "Spaces-1", "Name": "Default", "LastModifiedOn": 1654817371871},
        {"Id": "Spaces-2", "Name": "Two", "LastModifiedOn": "2022-06-09T16:29:31.871+00:00", "Links": "x"},
        ["not", "a", "space"],
    ]
    with HttpMocker() as mocker:
        body = {"Items": items, "TotalResults": 3, "ItemsPerPage": 2}
        Mocks(mocker).get(f"{OCTOPUS}/api/spaces", {"skip": "0", "take": "2"}, body)
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_spaces")
    records = [r.record.data for r in output.records]
    assert not output.errors and [r["Id"] for r in records] == ["Spaces-1", "Spaces-2"]
    assert records[0]["LastModifiedOn"] == "2022-06-09T23:29:31.871+00:00"
    assert not schema_errors("octopus_spaces", records[:1])  # Spaces-2 keeps its odd `Links` as sent
