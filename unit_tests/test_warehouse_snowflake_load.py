"""The main job's Snowflake load cannot lose a batch file silently: a failed upload fails the load naming the stream
and the file, and rows that never reached the table fail it naming the stream and both counts.

The real driver, snowflake-sqlalchemy and PyAirbyte's processor run; only the driver's network call is replaced by
the fake service in fake_snowflake.py, and the driver's own file transfer copies the batch files into its stage.
"""

from __future__ import annotations

import contextlib
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from airbyte._processors.sql.snowflake import SnowflakeConfig, SnowflakeSqlProcessor
from airbyte.shared.catalog_providers import CatalogProvider
from airbyte_protocol.models import (
    AirbyteStream,
    ConfiguredAirbyteCatalog,
    ConfiguredAirbyteStream,
    DestinationSyncMode,
    SyncMode,
)

from source_jira_octopus.warehouse import snowflake
from source_jira_octopus.warehouse.snowflake_load import (
    GuardedSnowflakeProcessor,
    SnowflakeLoadError,
    WarehouseSnowflakeCache,
)
from unit_tests.fake_snowflake import FakeSnowflake, failing_upload, fake_snowflake

STREAM = "jira_issues"
BATCH_ID = "01JEX6Q3YV7ZJ4M8D2K5N9P1RT"
RECORDS_PER_FILE = 5
SETTINGS = snowflake.parse_settings(
    {
        "account": "myorg-myaccount",
        "username": "AIRBYTE_LOADER",
        "warehouse": "COMPUTE_WH",
        "database": "ANALYTICS",
        "role": "AIRBYTE_ROLE",
        "password": "Pa55-word-never-shown",
    }
)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[FakeSnowflake]:
    with fake_snowflake(tmp_path / "stages") as fake:
        yield fake


@pytest.fixture
def batch_files(tmp_path: Path) -> list[Path]:
    """Three batch files as PyAirbyte writes them: gzipped JSON lines, one record per line."""
    files = []
    for number in range(3):
        path = tmp_path / "batches" / f"{STREAM}_{number}.jsonl.gz"
        path.parent.mkdir(exist_ok=True)
        with gzip.open(path, "wt") as lines:
            for index in range(RECORDS_PER_FILE):
                lines.write(json.dumps({"id": f"{number}-{index}", "_airbyte_raw_id": f"raw-{number}-{index}"}) + "\n")
        files.append(path)
    return files


def _processor(processor_class: type[SnowflakeSqlProcessor], tmp_path: Path) -> SnowflakeSqlProcessor:
    stream = AirbyteStream(
        name=STREAM,
        json_schema={"type": "object", "properties": {"id": {"type": "string"}}},
        supported_sync_modes=[SyncMode.full_refresh],
    )
    catalog = ConfiguredAirbyteCatalog(
        streams=[
            ConfiguredAirbyteStream(
                stream=stream, sync_mode=SyncMode.full_refresh, destination_sync_mode=DestinationSyncMode.overwrite
            )
        ]
    )
    return processor_class(
        sql_config=SnowflakeConfig(**SETTINGS.cache_arguments()),
        catalog_provider=CatalogProvider(catalog),
        temp_dir=tmp_path / "writer",
        temp_file_cleanup=False,
    )


@pytest.fixture
def guarded(service: FakeSnowflake, tmp_path: Path) -> Iterator[SnowflakeSqlProcessor]:
    processor = _processor(GuardedSnowflakeProcessor, tmp_path)
    yield processor
    processor.sql_config.dispose_engine()  # closes the driver's session while its network call is still the fake


def _copies(service: FakeSnowflake) -> list[str]:
    return [sql for sql in service.statements if sql.startswith("COPY INTO")]


def _dropped(service: FakeSnowflake) -> list[str]:
    prefix = "DROP TABLE IF EXISTS"
    return [sql.removeprefix(prefix).split(".")[-1].strip('" ') for sql in service.statements if sql.startswith(prefix)]


def test_a_complete_load_puts_every_file_and_copies_every_record(service, guarded, batch_files):
    table = guarded._write_files_to_new_table(batch_files, STREAM, BATCH_ID)
    assert service.staged_files(table) == [file.name for file in batch_files]
    assert service.rows[table] == 3 * RECORDS_PER_FILE
    [copy] = _copies(service)
    assert all(f"'{file.name}'" in copy for file in batch_files)


def test_a_failed_upload_fails_the_load_naming_the_stream_and_the_file(service, guarded, batch_files):
    lost = batch_files[1].name
    with failing_upload(lost), pytest.raises(SnowflakeLoadError) as raised:
        guarded._write_files_to_new_table(batch_files, STREAM, BATCH_ID)
    message = str(raised.value)
    assert f"Snowflake load of stream {STREAM} failed: batch file {lost} was not uploaded" in message
    assert "1 of 3 files failed" in message and "Connection reset by peer" in message and "\n" not in message
    assert _copies(service) == [], "nothing is copied from a stage that misses a file"
    assert _dropped(service) == [f"{STREAM}_{BATCH_ID[:6]}{BATCH_ID[-3:]}".lower()], "the temporary table is dropped"


def test_pyairbyte_alone_loads_what_arrived_and_raises_nothing(service, batch_files, tmp_path):
    """Why the guard exists: PyAirbyte 0.71.3's processor with the same failed upload. When this test fails,
    PyAirbyte has started reading its upload results and the guard may be revisited."""
    stock = _processor(SnowflakeSqlProcessor, tmp_path)
    try:
        with failing_upload(batch_files[1].name):
            table = stock._write_files_to_new_table(batch_files, STREAM, BATCH_ID)
    finally:
        stock.sql_config.dispose_engine()
    assert service.rows[table] == 2 * RECORDS_PER_FILE


class _UncheckedUploads(GuardedSnowflakeProcessor):
    """The guarded processor with PyAirbyte's upload loop, which drops the results of `executor.map`."""

    def _upload(self, files, stream_name, stage):
        for file in files:
            with contextlib.suppress(Exception):  # what an unread future does with its exception
                self._put(file, stage)


def test_rows_missing_after_the_copy_fail_the_load_naming_the_stream_and_both_counts(service, batch_files, tmp_path):
    processor = _processor(_UncheckedUploads, tmp_path)
    try:
        with failing_upload(batch_files[2].name), pytest.raises(SnowflakeLoadError) as raised:
            processor._write_files_to_new_table(batch_files, STREAM, BATCH_ID)
    finally:
        processor.sql_config.dispose_engine()
    message = str(raised.value)
    assert f"Snowflake load of stream {STREAM} is incomplete: 10 rows were written but 15 records were read" in message
    assert len(_copies(service)) == 1 and len(_dropped(service)) == 1


def test_the_main_job_opens_the_guarded_cache(service):
    cache = snowflake.open_snowflake_cache(SETTINGS)
    try:
        assert isinstance(cache, WarehouseSnowflakeCache) and isinstance(cache.processor, GuardedSnowflakeProcessor)
        assert (
            cache._sql_processor_class is GuardedSnowflakeProcessor
        )  # what each sync's record processor is built from
    finally:
        cache.close()
