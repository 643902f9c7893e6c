"""The Snowflake cache of the main job: PyAirbyte's, with a load that cannot lose a batch file silently.

PyAirbyte 0.71.3 (`airbyte/_processors/sql/snowflake.py`, `_write_files_to_new_table`) uploads a stream's batch
files with `executor.map(upload_file, files)` and never reads the results, so a failed `PUT` raises nowhere and the
following `COPY INTO ... FILES = (...)` loads only the files that did arrive: a network blip drops rows without an
error. This processor loads the same way (PUT to the temporary table's stage, then one COPY) with two guards:

1. every upload is awaited; one that failed, or that Snowflake did not report as uploaded, fails the load with a
   message naming the stream and the file;
2. after the COPY, the rows in the freshly created temporary table are counted and compared with the records in
   the batch files (the records read for the stream); a mismatch fails the load naming the stream and both counts.

A failed load drops its temporary table and never reaches the merge into the stream's table, and the stream's state
is not saved: the next run reads the stream again from where the last complete load left it.
"""

from __future__ import annotations

import contextlib
import gzip
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

from airbyte._processors.sql.snowflake import MAX_UPLOAD_THREADS, SnowflakeSqlProcessor, SnowflakeTypeConverter
from airbyte.caches import SnowflakeCache
from sqlalchemy import text

from source_jira_octopus.warehouse.column_types import MixedTypesAsText

UNCHANGED = "the stream's table and saved state are unchanged: the next run reads it again from that state"
UPLOADED_STATUSES = frozenset({"UPLOADED", "SKIPPED"})  # SKIPPED: the same file is already in the stage


class SnowflakeLoadError(RuntimeError):
    """A stream's batch could not be loaded completely into Snowflake; one line naming the stream."""


class _SnowflakeColumnTypes(MixedTypesAsText, SnowflakeTypeConverter):
    """Snowflake's types (VARIANT for JSON); a property of several JSON types is text, without PyAirbyte's print."""


class GuardedSnowflakeProcessor(SnowflakeSqlProcessor):
    """Loads each batch through the temporary table's stage and fails loudly on a lost file or row."""

    type_converter_class = _SnowflakeColumnTypes

    def _write_files_to_new_table(self, files: list[Path], stream_name: str, batch_id: str) -> str:
        temp_table = self._create_table_for_loading(stream_name=stream_name, batch_id=batch_id)
        try:
            self._upload(files, stream_name, stage=f"@%{temp_table}")
            self._copy_into(temp_table, files, stream_name)
            self._check_rows_loaded(temp_table, files, stream_name)
        except BaseException:
            with contextlib.suppress(Exception):  # the load's own error is the one to report
                self._drop_temp_table(temp_table, if_exists=True)
            raise
        return temp_table

    def _upload(self, files: Sequence[Path], stream_name: str, stage: str) -> None:
        """PUT every file, in parallel as PyAirbyte does, and read every result: the first failure is raised."""
        with ThreadPoolExecutor(max_workers=MAX_UPLOAD_THREADS) as pool:
            futures = [(file, pool.submit(self._put, file, stage)) for file in files]
        failed = [(file, future.exception()) for file, future in futures if future.exception() is not None]
        if failed:
            file, error = failed[0]
            raise SnowflakeLoadError(
                f"Snowflake load of stream {stream_name} failed: batch file {file.name} was not uploaded "
                f"({len(failed)} of {len(files)} files failed; {UNCHANGED}). "
                f"Reason: {_reason(error)}"
            )

    def _put(self, file: Path, stage: str) -> None:
        """One PUT on its own connection (PyAirbyte's `_execute_sql` would drop the driver's error)."""
        path = str(file.absolute()).replace("\\", "\\\\")
        with self.get_sql_connection() as connection:
            rows = connection.execute(text(f"PUT 'file://{path}' {stage};")).mappings().all()
        statuses = [str(_lowercase_keys(row).get("status", "")) for row in rows]
        if not statuses or any(status.upper() not in UPLOADED_STATUSES for status in statuses):
            raise OSError(f"Snowflake answered the PUT of {file.name} with status {', '.join(statuses) or 'none'}")

    def _copy_into(self, temp_table: str, files: Sequence[Path], stream_name: str) -> None:
        """The COPY of PyAirbyte's processor: each JSON line's fields into the table's columns, named files only."""
        columns = [self._quote_identifier(column) for column in self._get_sql_column_definitions(stream_name)]
        file_names = ", ".join(f"'{file.name}'" for file in files)
        self._execute_sql(
            text(
                f"COPY INTO {temp_table} ({', '.join(columns)}) "
                f"FROM (SELECT {', '.join(f'$1:{column}' for column in columns)} FROM @%{temp_table}) "
                f"FILES = ( {file_names} ) "
                "FILE_FORMAT = ( TYPE = JSON, COMPRESSION = GZIP );"
            )
        )

    def _check_rows_loaded(self, temp_table: str, files: Sequence[Path], stream_name: str) -> None:
        records = sum(records_in(file) for file in files)
        rows = self.fetch_row_count(temp_table)
        if rows != records:
            raise SnowflakeLoadError(
                f"Snowflake load of stream {stream_name} is incomplete: {rows} rows were written but {records} "
                f"records were read ({len(files)} batch files; {UNCHANGED})."
            )


class WarehouseSnowflakeCache(SnowflakeCache):
    _sql_processor_class: ClassVar[type] = GuardedSnowflakeProcessor


def records_in(batch_file: Path) -> int:
    """PyAirbyte's batch files are gzipped JSON lines, one record per line."""
    with gzip.open(batch_file, "rb") as lines:
        return sum(1 for line in lines if line.strip())


def _lowercase_keys(row: Any) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in dict(row).items()}


def _reason(error: BaseException | None) -> str:
    """The driver's own message (SQLAlchemy wraps it in `.orig` and appends the statement), on one line."""
    driver_error = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(driver_error).splitlines() if line.strip()]
    return (lines[0] if lines else type(driver_error).__name__)[:300]
