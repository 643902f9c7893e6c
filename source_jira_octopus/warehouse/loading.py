"""Run the connector through PyAirbyte into a cache (DuckDB or Snowflake): every discovered stream, incremental
where the connector supports it, deduplicated on each stream's primary key.

The connector runs as this environment's own `source-jira-octopus` executable (`local_executable`), offline:
no registry look-up, no telemetry, nothing installed at run time (see this package's __init__).
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, TextIO

import airbyte as ab
from airbyte.shared.catalog_providers import CatalogProvider
from airbyte_protocol.models import SyncMode

from source_jira_octopus.warehouse.progress import StreamProgress

SOURCE_NAME = "source-jira-octopus"


@dataclass(frozen=True)
class LoadResult:
    streams: list[str]  # as discovered from the connector, in its order
    records_read: dict[str, int]  # per stream, this run
    incremental_streams: list[str]  # streams that resumed from saved state
    seconds: float


def connector_executable() -> Path:
    """The console script next to this interpreter (the project's .venv), else the one on PATH."""
    beside = Path(sys.executable).with_name(SOURCE_NAME)
    if beside.exists():
        return beside
    found = shutil.which(SOURCE_NAME)
    if not found:
        raise SystemExit(f"{SOURCE_NAME} is not installed in this environment: run `bash .ci/bootstrap` first.")
    return Path(found)


def connector_source(config: Mapping[str, Any], executable: Optional[Path] = None) -> Any:
    """A PyAirbyte Source with every stream the connector discovers selected (never a hand-written list)."""
    source = ab.get_source(SOURCE_NAME, config=dict(config), local_executable=executable or connector_executable())
    source.select_all_streams()
    return source


def load(source: Any, cache: Any, *, full_refresh: bool = False, out: TextIO = sys.stderr,
         live: Optional[bool] = None) -> LoadResult:
    """One sync. "auto" merges streams with a primary key (one row per record), appends or replaces the rest;
    full_refresh rebuilds every table instead."""
    streams = source.get_selected_streams()
    progress = StreamProgress(source=source, cache=cache, streams=streams, out=out, live=live)
    state_provider = None if full_refresh else cache.get_state_provider(source_name=source.name)
    resumed = sorted(set(state_provider.known_stream_names) & _incremental(source)) if state_provider else []
    started = time.monotonic()
    try:
        # Source.read() does exactly this, but builds its own progress display; the one-level-down call lets us
        # pass ours. Pinned airbyte==0.71.3; integration_tests/test_warehouse_load.py runs this path end to end.
        source._read_to_cache(  # noqa: SLF001
            cache=cache,
            catalog_provider=CatalogProvider(source.get_configured_catalog(force_full_refresh=full_refresh)),
            stream_names=streams,
            state_provider=state_provider,
            state_writer=cache.get_state_writer(source_name=source.name),
            write_strategy="replace" if full_refresh else "auto",
            force_full_refresh=full_refresh,
            progress_tracker=progress,
        )
    except Exception as error:
        progress.log_failure(exception=error)
        raise
    progress.log_success()
    cache.close()  # releases the DuckDB file lock; queries afterwards reconnect
    counts = {stream: progress.stream_read_counts.get(stream, 0) for stream in streams}
    return LoadResult(streams, counts, resumed, time.monotonic() - started)


def _incremental(source: Any) -> set[str]:
    return {stream.name for stream in source.discovered_catalog.streams
            if SyncMode.incremental in (stream.supported_sync_modes or [])}
