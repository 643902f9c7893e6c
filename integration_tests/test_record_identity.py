"""The CPU work on the record path (issue 15, item 5) changes no record: a read of realistic issues over real HTTP
from the sample API writes, byte for byte, the `jira_issues` rows that the earlier, straightforward code writes
from the issues as the server sends them. That code is kept here as the reference: the per-record date-time walk
of http/record_shape.py and the field-column copy of jira/field_columns.py as they were before the change."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import jira_session
from source_jira_octopus.http.record_shape import ITEMS, Tree, date_time_tree
from source_jira_octopus.jira.field_columns import FieldColumns
from source_jira_octopus.jira.streams.issues import issue_row_keys
from testkit.reading import read_streams

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_COMPACT_OFFSET = re.compile(r"^(.*[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(\d{2})$")


def reference_rewrite(node: Any, tree: Tree) -> Any:
    """The normaliser before issue 15: every node of the tree visited, two regexes per date."""
    if not tree:
        if node is None or (isinstance(node, str) and _RFC3339.match(node)):
            return node
        if isinstance(node, str):
            compact = _COMPACT_OFFSET.match(node)
            return f"{compact[1]}{compact[2]}:{compact[3]}" if compact else node
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            seconds = node / 1000 if abs(node) >= 100_000_000_000 else node
            return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="milliseconds")
        return node
    if isinstance(node, list) and ITEMS in tree:
        return [reference_rewrite(item, tree[ITEMS]) for item in node]
    if not isinstance(node, Mapping):
        return node
    changed = {
        step: reference_rewrite(node[step], subtree) for step, subtree in tree.items() if step != ITEMS and step in node
    }
    return {**node, **{step: new for step, new in changed.items() if new is not node[step]}}


def reference_values(columns: FieldColumns, fields: Mapping[str, Any]) -> dict[str, Any]:
    """FieldColumns.values before issue 15: every field of the site checked for every issue."""
    return {
        column: fields[field_id]
        for field_id, column in columns.columns.items()
        if field_id in fields and column in columns.schemas
    }


def without_top_level_nulls(row: Mapping[str, Any]) -> dict[str, Any]:
    """The CDK's message serializer (serpyco-rs, omit_none) leaves out a record's top-level nulls; nested ones stay."""
    return {key: value for key, value in row.items() if value is not None}


def issues_as_served(server: FakeApiServer) -> list[dict[str, Any]]:
    session, issues, token = jira_session(server), [], None
    while True:
        body = {"jql": "updated >= 0 ORDER BY id ASC", "fields": ["*all"], "maxResults": 100}
        page = session.post(
            server.base_url + "/rest/api/3/search/jql", json=body | ({"nextPageToken": token} if token else {})
        ).json()
        issues += page["issues"]
        token = page.get("nextPageToken")
        if not token:
            return issues


def test_a_read_of_realistic_issues_writes_the_rows_the_earlier_code_writes() -> None:
    with FakeApiServer(seed=3, size=300, issue_profile="realistic", port=0) as server:
        output = read_streams(server.connector_config(), ["jira_issues"], incremental=False)
        served = issues_as_served(server)
        site_fields = jira_session(server).get(server.base_url + "/rest/api/3/field").json()
    assert not output.errors, [e.trace.error.message for e in output.errors]
    static_schema = ResourceSchemaLoader("source_jira_octopus").get_schema("jira_issues")
    columns = FieldColumns.build(site_fields, static_schema)  # as jira_issues builds them (issues.py)
    tree = date_time_tree(columns.schema(static_schema))
    assert columns.schemas and "fields" in tree, "no field columns or no dates: the comparison would prove little"
    expected = {
        issue["id"]: orjson.dumps(
            without_top_level_nulls(
                reference_rewrite(
                    {**issue, **reference_values(columns, issue["fields"]), **issue_row_keys(issue)}, tree
                )
            )
        )
        for issue in served
    }
    rows = {row["id"]: orjson.dumps(row) for row in (message.record.data for message in output.records)}
    assert len(served) > 100 and rows.keys() == expected.keys()
    assert b"+0000" in orjson.dumps(served)  # Jira's compact offsets: the normaliser had work to do
    different = [issue_id for issue_id in expected if rows[issue_id] != expected[issue_id]]
    assert not different, f"{len(different)} of {len(rows)} rows differ, e.g. {different[:3]}"
