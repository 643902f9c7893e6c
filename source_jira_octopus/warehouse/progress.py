"""Per-stream progress while a sync runs: a live table on a terminal, plain timestamped lines when piped.

PyAirbyte's own tracker counts records per stream but shows one aggregate Markdown block (or nothing when piped);
this subclass keeps its counting and replaces only what it displays.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Optional, TextIO

from airbyte.progress import ProgressStyle, ProgressTracker
from rich.console import Console
from rich.live import Live
from rich.table import Table

PLAIN_UPDATE_SECONDS = 5.0  # piped output: one line per stream that moved, at most this often


class StreamProgress(ProgressTracker):
    """Records and elapsed time per stream; `live=None` picks a live table exactly when `out` is a terminal."""

    def __init__(self, *, source: Any, cache: Any, streams: list[str], out: TextIO = sys.stderr,
                 live: Optional[bool] = None) -> None:
        self._out = out
        self._streams = list(streams)
        self._live_wanted = out.isatty() if live is None else live
        self._live: Optional[Live] = None
        self._printed_counts: dict[str, int] = {}
        self._last_plain_print = 0.0
        self._stopped = False
        super().__init__(ProgressStyle.NONE, source=source, cache=cache, destination=None, expected_streams=streams)

    # ---- hooks PyAirbyte calls -----------------------------------------------------------------------------
    def _update_display(self, *, force_refresh: bool = False) -> None:
        if self._live_wanted:
            self._show_live()
        elif force_refresh or time.monotonic() - self._last_plain_print >= PLAIN_UPDATE_SECONDS:
            self._print_moved_streams()

    def log_stream_start(self, stream_name: str) -> None:
        is_new = stream_name not in self.stream_read_start_times
        super().log_stream_start(stream_name)
        if is_new and not self._live_wanted:
            self._line(f"{stream_name}: reading")

    def _log_stream_read_end(self, stream_name: str) -> None:
        super()._log_stream_read_end(stream_name)
        if not self._live_wanted:
            count = self.stream_read_counts.get(stream_name, 0)
            self._printed_counts[stream_name] = count
            self._line(f"{stream_name}: {count:,} records read in {self._stream_seconds(stream_name):.1f} s")
        self._update_display(force_refresh=True)

    def log_success(self) -> None:
        """Keeps PyAirbyte's timing bookkeeping and its stats file, without its console summary."""
        self.end_time = self.end_time or time.time()
        self._update_display(force_refresh=True)
        self.stop()
        self._log_read_metrics()

    def log_failure(self, exception: Exception) -> None:
        self.stop()
        super().log_failure(exception)

    def stop(self) -> None:
        self._stopped = True
        if self._live is not None:
            self._live.update(self._table(), refresh=True)
            self._live.stop()
            self._live = None

    # ---- rendering ------------------------------------------------------------------------------------------
    def _show_live(self) -> None:
        if self._stopped:
            return
        if self._live is None:
            self._live = Live(self._table(), console=Console(file=self._out), refresh_per_second=4, transient=False)
            self._live.start()
        else:
            self._live.update(self._table())

    def _table(self) -> Table:
        table = Table(title=f"Syncing {len(self._streams)} streams", title_justify="left")
        for column, justify in (("stream", "left"), ("records", "right"), ("elapsed", "right"), ("", "left")):
            table.add_column(column, justify=justify)
        for stream in self._streams:
            table.add_row(stream, f"{self.stream_read_counts.get(stream, 0):,}",
                          f"{self._stream_seconds(stream):.1f} s" if stream in self.stream_read_start_times else "",
                          self._bar(stream))
        return table

    def _bar(self, stream: str) -> str:
        if stream in self.stream_read_end_times:
            return "[green]done[/green]"
        if stream not in self.stream_read_start_times:
            return "[dim]waiting[/dim]"
        return "[yellow]" + "#" * (int(self._stream_seconds(stream) * 2) % 20 + 1) + "[/yellow]"

    def _print_moved_streams(self) -> None:
        self._last_plain_print = time.monotonic()
        for stream in self._streams:
            count = self.stream_read_counts.get(stream, 0)
            if stream in self.stream_read_end_times or count == self._printed_counts.get(stream, 0):
                continue
            self._printed_counts[stream] = count
            self._line(f"{stream}: {count:,} records so far ({self._stream_seconds(stream):.1f} s)")

    def _stream_seconds(self, stream: str) -> float:
        started = self.stream_read_start_times.get(stream)
        if started is None:
            return 0.0
        return self.stream_read_end_times.get(stream, time.time()) - started

    def _line(self, text: str) -> None:
        print(f"[{time.time() - self.start_time:6.1f} s] {text}", file=self._out, flush=True)
