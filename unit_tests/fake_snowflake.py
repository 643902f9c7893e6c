"""A fake Snowflake service behind the real driver, for the Snowflake load tests.

Only the snowflake-connector's network calls are replaced (`SnowflakeRestful.fetch`, which posts login and query
requests and returns the parsed JSON answer, and the login's probes of the cloud metadata services); the connector,
snowflake-sqlalchemy, SQLAlchemy and PyAirbyte's processor run unchanged. The service answers:
- PUT as Snowflake does for a stage on the local file system (`LOCAL_FS`, the location type the connector's own file
  transfer supports), so the driver's file transfer really copies each batch file into `stage_root/<table>/`;
- COPY INTO ... FILES = (...) by loading the named files found in that folder, one row per JSON line; a named file
  that never arrived is skipped, which is the behaviour that made PyAirbyte's unchecked uploads lose rows;
- SELECT COUNT(*) with the rows loaded into the table, any other SELECT (PyAirbyte's state and catalog tables) with
  no rows; the dialect's set-up queries with fixed values; anything else (CREATE, DROP, ALTER SESSION) with
  Snowflake's one-row status.
`failing_upload` makes one file's upload fail the way a dropped connection does: nothing of it reaches the stage.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from snowflake.connector.auth import _auth as snowflake_auth
from snowflake.connector.connection import SnowflakeConnection
from snowflake.connector.local_storage_client import SnowflakeLocalStorageClient
from snowflake.connector.network import SnowflakeRestful

DATABASE, SCHEMA = "ANALYTICS", "JIRA_OCTOPUS"
_PUT = re.compile(r"PUT 'file://(?P<path>.+?)' @%(?P<table>\S+?);?$", re.S)
_COPY = re.compile(r"COPY INTO (?P<table>\S+)\s.*FILES = \( (?P<files>.*?) \)", re.S)
_CREATE = re.compile(r"CREATE TABLE (?P<table>\S+)", re.I)
_COUNT = re.compile(r"SELECT COUNT\(\*\) AS row_count FROM (?P<table>\S+)", re.I)


class FakeSnowflake:
    def __init__(self, stage_root: Path) -> None:
        self.stage_root = stage_root
        self.statements: list[str] = []
        self.rows: dict[str, int] = {}  # table name (unquoted, no schema) -> rows loaded

    def fetch(self, _rest: SnowflakeRestful, method: str, full_url: str, _headers: Any, data: Any = None, **_: Any):
        if "/session/v1/login-request" in full_url:
            return _success(token="session-token", masterToken="master-token", sessionId=1, parameters=[])
        if "/queries/v1/query-request" in full_url:
            sql = json.loads(data)["sqlText"].strip()
            self.statements.append(sql)
            return _success(queryId=f"query-{len(self.statements)}", queryResultFormat="json", **self._answer(sql))
        return _success()  # session close, telemetry

    def staged_files(self, table: str) -> list[str]:
        folder = self.stage_root / table
        return sorted(os.listdir(folder)) if folder.exists() else []

    def _answer(self, sql: str) -> dict[str, Any]:
        if put := _PUT.match(sql):
            stage = self.stage_root / _name(put["table"])
            stage.mkdir(parents=True, exist_ok=True)
            return {
                "command": "UPLOAD",
                "src_locations": [put["path"]],
                "stageInfo": {"locationType": "LOCAL_FS", "location": str(stage), "creds": {}},
                "parallel": 1,
                "autoCompress": True,
                "sourceCompression": "auto_detect",
                "overwrite": False,
            }
        if copy := _COPY.match(sql):
            return self._copy(_name(copy["table"]), re.findall(r"'([^']+)'", copy["files"]))
        if create := _CREATE.match(sql):
            self.rows[_name(create["table"])] = 0
        if count := _COUNT.match(sql):
            return _rows(["ROW_COUNT"], [[str(self.rows[_name(count["table"])])]])
        if sql.lower().startswith("select current_database(), current_schema()"):
            return _rows(["CURRENT_DATABASE()", "CURRENT_SCHEMA()"], [[DATABASE, SCHEMA]])
        if sql.lower().startswith("select current_version()"):
            return _rows(["CURRENT_VERSION()"], [["9.1.0"]])
        if "get_schema_names" in sql:
            return _rows(["created_on", "name"], [["2026-12-07 00:00:00", SCHEMA]])
        if sql.upper().startswith("SELECT"):
            return _rows(re.findall(r" AS (\w+)", sql) or ["value"], [])  # any other table is empty
        return _rows(["status"], [["Statement executed successfully."]])

    def _copy(self, table: str, file_names: list[str]) -> dict[str, Any]:
        loaded = []
        for file_name in file_names:
            staged = self.stage_root / table / file_name
            if staged.exists():
                with gzip.open(staged, "rb") as lines:
                    count = sum(1 for line in lines if line.strip())
                loaded.append([file_name, "LOADED", str(count), str(count)])
        self.rows[table] = self.rows.get(table, 0) + sum(int(row[3]) for row in loaded)
        return _rows(["file", "status", "rows_parsed", "rows_loaded"], loaded)


@contextmanager
def fake_snowflake(stage_root: Path) -> Iterator[FakeSnowflake]:
    service = FakeSnowflake(stage_root)
    with (
        mock.patch.object(
            SnowflakeRestful, "fetch", lambda rest, *args, **kwargs: service.fetch(rest, *args, **kwargs)
        ),
        # Each login also probes the cloud metadata services (169.254.169.254, metadata.google.internal; 6 threads,
        # 0.2 s timeouts) to report the platform: off the loopback, and seconds per test on a loaded machine.
        mock.patch.object(snowflake_auth, "detect_platforms", lambda *args, **kwargs: []),
    ):
        try:
            yield service
        finally:
            # A driver connection still open (a test that failed half-way) would close its session later, over the
            # network: close every one now, while the fake answers.
            for connection in [o for o in gc.get_objects() if isinstance(o, SnowflakeConnection)]:
                connection.close()


@contextmanager
def failing_upload(file_name: str) -> Iterator[None]:
    real_upload = SnowflakeLocalStorageClient._upload_chunk

    def upload(client: SnowflakeLocalStorageClient, chunk_id: int, chunk: bytes) -> None:
        if os.path.basename(client.data_file) == file_name:
            os.remove(client.full_dst_file_name)  # the local client pre-allocates it; a cloud stage has nothing
            raise ConnectionResetError(104, "Connection reset by peer")
        real_upload(client, chunk_id, chunk)

    with mock.patch.object(SnowflakeLocalStorageClient, "_upload_chunk", upload):
        yield


def _name(qualified: str) -> str:
    return qualified.split(".")[-1].strip('"')


def _success(**data: Any) -> dict[str, Any]:
    return {"success": True, "code": None, "message": None, "data": data}


def _rows(columns: list[str], rowset: list[list[str]]) -> dict[str, Any]:
    rowtype = [
        {"name": name, "type": "text", "length": 1000, "precision": None, "scale": None, "nullable": True}
        for name in columns
    ]
    return {"rowtype": rowtype, "rowset": rowset, "total": len(rowset), "returned": len(rowset)}
