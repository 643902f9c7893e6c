"""The main job's load path: the real connector executable, run by real PyAirbyte over real HTTP against the fake
API, into a real DuckDB file. Every discovered stream lands with real column types and exactly the fake's rows;
a second load reads only what changed and updates those rows in place."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import pytest

from jira_octopus_sample_api import FakeApiServer, FakeClock
from source_jira_octopus.warehouse.duckdb_cache import duckdb_cache
from source_jira_octopus.warehouse.loading import connector_source, load
from testkit.contract_guard import contract_violations
from testkit.reading import INCREMENTAL_STREAMS, read_streams, records_by_stream
from testkit.sample_api_reads import SEARCH_SETTLES

pytestmark = pytest.mark.slow  # PyAirbyte loads into DuckDB

FROZEN_AT = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
# An instant written with a +02:00 offset, as Jira Data Center answers in the server's zone.
OFFSET_ISSUE_UPDATED = ("2025-05-30T14:30:00.000+0200", datetime(2025, 5, 30, 12, 30, tzinfo=UTC))
SQL_TYPES = {
    "integer": "BIGINT",
    "number": "DECIMAL(38,9)",
    "boolean": "BOOLEAN",
    "object": "JSON",
    "array": "JSON",
    "string": "VARCHAR",
}
LOOKS_LIKE_A_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    clock = FakeClock(FROZEN_AT)
    with FakeApiServer(seed=5, size=80, clock=clock) as fake:
        yield fake
        requests = list(fake.requests)
    violations = contract_violations(requests)
    assert not violations, "requests that disagree with the vendor OpenAPI documents:\n" + "\n".join(violations)


@pytest.fixture(scope="module")
def first_load(server, tmp_path_factory):
    issue_id = sorted(server.dataset.ids("jira_issues"), key=int)[0]
    server.dataset.issue(issue_id)["fields"]["updated"] = OFFSET_ISSUE_UPDATED[0]
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    source = connector_source(server.connector_config())
    progress = io.StringIO()
    result = load(source, duckdb_cache(path), out=progress, live=False)
    return {"path": path, "source": source, "result": result, "progress": progress.getvalue(), "issue_id": issue_id}


def _connect(path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def _column_types(path, table: str) -> dict[str, str]:
    with _connect(path) as db:
        rows = db.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    return dict(rows)


def _expected_sql_type(prop: dict[str, Any]) -> str:
    kinds = [
        kind
        for kind in (prop.get("type") if isinstance(prop.get("type"), list) else [prop.get("type")])
        if kind != "null"
    ]
    if prop.get("format") == "date-time":
        return "TIMESTAMP WITH TIME ZONE"
    if prop.get("format") == "date":
        return "DATE"
    if prop.get("airbyte_type") == "integer":
        return "BIGINT"
    if len(kinds) == 1:
        return SQL_TYPES[kinds[0]]
    return "JSON" if "properties" in prop or "$ref" in prop else "VARCHAR"


def _discovered(source) -> dict[str, Any]:
    return {stream.name: stream for stream in source.discovered_catalog.streams}


def test_the_job_loads_exactly_the_streams_the_connector_discovers(first_load):
    discovered = list(_discovered(first_load["source"]))
    assert discovered and first_load["result"].streams == discovered
    with _connect(first_load["path"]) as db:
        tables = {row[0] for row in db.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert set(discovered) <= tables


def test_row_counts_equal_a_direct_connector_read_of_the_fake(first_load, server):
    direct = records_by_stream(read_streams(server.connector_config(), streams=first_load["result"].streams))
    with _connect(first_load["path"]) as db:
        for name, stream in _discovered(first_load["source"]).items():
            keys = [path[0] for path in stream.source_defined_primary_key]  # several for a composite key
            expected = {"|".join(str(record[key]) for key in keys) for record in direct[name]}
            joined = ", ".join(f'CAST("{key.lower()}" AS VARCHAR)' for key in keys)
            rows = db.execute(f"SELECT count(*), count(DISTINCT concat_ws('|', {joined})) FROM {name}").fetchone()
            assert expected and rows == (len(expected), len(expected)), name
            assert first_load["result"].records_read[name] == len(direct[name]), name
    for name in ("jira_issues", "octopus_deployments", "jira_projects"):
        assert len({str(r["id" if name.startswith("jira") else "Id"]) for r in direct[name]}) == len(
            server.dataset.ids(name)
        )


def test_every_top_level_column_has_the_type_its_schema_declares(first_load):
    for name, stream in _discovered(first_load["source"]).items():
        actual = _column_types(first_load["path"], name)
        for prop_name, prop in stream.json_schema["properties"].items():
            assert actual[prop_name.lower()] == _expected_sql_type(prop), (name, prop_name, prop)


def test_key_columns_are_typed_for_queries(first_load):
    issues, deployments = (_column_types(first_load["path"], t) for t in ("jira_issues", "octopus_deployments"))
    assert (issues["updated"], issues["created"], issues["fields"]) == ("TIMESTAMP WITH TIME ZONE",) * 2 + ("JSON",)
    assert (deployments["created"], deployments["failureencountered"]) == ("TIMESTAMP WITH TIME ZONE", "BOOLEAN")
    assert _column_types(first_load["path"], "octopus_environments")["sortorder"] == "BIGINT"
    assert _column_types(first_load["path"], "jira_priorities")["avatarid"] == "BIGINT"


def test_no_text_column_holds_timestamps_and_json_columns_hold_objects_or_arrays(first_load):
    """Catches a schema that forgot `format: date-time` (the column would be VARCHAR full of timestamps)."""
    with _connect(first_load["path"]) as db:
        for name in first_load["result"].streams:
            for column, sql_type in _column_types(first_load["path"], name).items():
                if column.startswith("_airbyte"):
                    continue
                values = [
                    row[0]
                    for row in db.execute(
                        f'SELECT "{column}" FROM {name} WHERE "{column}" IS NOT NULL LIMIT 50'
                    ).fetchall()
                ]
                if sql_type == "VARCHAR":
                    assert not any(LOOKS_LIKE_A_TIMESTAMP.match(v) for v in values), (name, column, values[:3])
                if sql_type == "JSON":
                    assert all(v.lstrip()[:1] in ("{", "[") for v in values), (name, column, values[:3])


def test_timestamps_keep_their_instant_whatever_the_offset(first_load):
    with _connect(first_load["path"]) as db:
        [updated] = db.execute("SELECT updated FROM jira_issues WHERE id = ?", [first_load["issue_id"]]).fetchone()
    assert updated == OFFSET_ISSUE_UPDATED[1]


def test_piped_progress_names_every_stream_with_its_record_count(first_load):
    lines = first_load["progress"].splitlines()
    assert lines and not any(line.lstrip().startswith("{") or "\x1b[" in line for line in lines)
    for name, count in first_load["result"].records_read.items():
        assert any(
            line.endswith(f"] {name}: {count:,} records read in " + line.rsplit(" in ", 1)[-1]) for line in lines
        ), (name, count)


def test_a_second_load_reads_only_changed_issues_and_updates_their_rows(first_load, server):
    path, before = first_load["path"], _issue_rows(first_load["path"])
    server.clock.advance(timedelta(minutes=10))
    edited = sorted(before, key=int)[5:7]
    edited_at = server.clock.now()
    server.dataset.touch_issues(edited, edited_at)
    added = server.dataset.add_issue(summary="Created between two syncs")
    server.clock.advance(SEARCH_SETTLES)  # Cloud reads an edit once it is older than the search lag
    server.clear_requests()
    result = load(connector_source(server.connector_config()), duckdb_cache(path), out=io.StringIO(), live=False)

    assert result.incremental_streams == sorted(INCREMENTAL_STREAMS)  # every incremental stream resumed
    assert result.records_read["jira_issues"] == 3
    after = _issue_rows(path)
    assert set(after) == set(before) | {added["id"]}, "rows are merged on the primary key, never duplicated"
    for issue_id in edited:
        assert after[issue_id] == edited_at.replace(microsecond=0) > before[issue_id]
    assert {k: v for k, v in after.items() if k not in edited and k != added["id"]} == {
        k: v for k, v in before.items() if k not in edited
    }
    searches = [r for r in server.requests if re.search(r"/rest/api/\d/search(/jql)?$", r.path)]
    census = [r for r in searches if (r.json_body or {}).get("fields") == ["key"] or r.param("fields") == "key"]
    searches = [r for r in searches if r not in census]  # the id census (jira_issue_census) is a full read each sync
    assert searches and all("updated >= " in f"{r.json_body}{r.query}" for r in searches)


def _issue_rows(path) -> dict[str, datetime]:
    with _connect(path) as db:
        rows = db.execute("SELECT id, updated, count(*) OVER (PARTITION BY id) FROM jira_issues").fetchall()
    assert all(row[2] == 1 for row in rows), "duplicate issue rows"
    return {row[0]: row[1] for row in rows}
