"""The main job's progress display: a live per-stream table on a terminal, plain lines when piped; both fed by
PyAirbyte's own record tally from real Airbyte protocol messages."""

from __future__ import annotations

import io
import re

from airbyte_protocol.models import (
    AirbyteMessage,
    AirbyteRecordMessage,
    AirbyteStreamStatus,
    AirbyteStreamStatusTraceMessage,
    AirbyteTraceMessage,
    StreamDescriptor,
    TraceType,
    Type,
)

import source_jira_octopus.warehouse  # noqa: F401  (offline mode before PyAirbyte is imported)
from source_jira_octopus.warehouse.progress import StreamProgress

STREAMS = ["jira_issues", "octopus_deployments"]


def _status(stream: str, status: AirbyteStreamStatus) -> AirbyteMessage:
    trace = AirbyteTraceMessage(
        type=TraceType.STREAM_STATUS,
        emitted_at=0,
        stream_status=AirbyteStreamStatusTraceMessage(stream_descriptor=StreamDescriptor(name=stream), status=status),
    )
    return AirbyteMessage(type=Type.TRACE, trace=trace)


def _record(stream: str, n: int) -> AirbyteMessage:
    return AirbyteMessage(
        type=Type.RECORD, record=AirbyteRecordMessage(stream=stream, data={"id": str(n)}, emitted_at=0)
    )


def _sync(progress: StreamProgress) -> None:
    messages = [
        _status("jira_issues", AirbyteStreamStatus.STARTED),
        *(_record("jira_issues", n) for n in range(7)),
        _status("jira_issues", AirbyteStreamStatus.COMPLETE),
        _status("octopus_deployments", AirbyteStreamStatus.STARTED),
        _record("octopus_deployments", 1),
        _status("octopus_deployments", AirbyteStreamStatus.COMPLETE),
    ]
    for _ in progress.tally_records_read(messages):
        pass
    progress.log_success()


def test_piped_progress_is_one_plain_line_per_stream_event():
    out = io.StringIO()
    progress = StreamProgress(source=None, cache=None, streams=STREAMS, out=out, live=False)
    _sync(progress)
    lines = out.getvalue().splitlines()
    assert [re.sub(r"^\[\s*[\d.]+ s\] ", "", line) for line in lines if "reading" in line] == [
        "jira_issues: reading",
        "octopus_deployments: reading",
    ]
    assert any(re.fullmatch(r"\[\s*[\d.]+ s\] jira_issues: 7 records read in [\d.]+ s", line) for line in lines)
    assert any(re.fullmatch(r"\[\s*[\d.]+ s\] octopus_deployments: 1 records read in [\d.]+ s", line) for line in lines)
    assert "\x1b[" not in out.getvalue() and "{" not in out.getvalue()


def test_terminal_progress_is_a_live_table_that_ends_with_every_stream_done():
    out = io.StringIO()
    progress = StreamProgress(source=None, cache=None, streams=STREAMS, out=out, live=True)
    _sync(progress)
    final = out.getvalue().split("Syncing 2 streams")[-1]
    assert re.search(r"jira_issues\s*│\s*7\s*│\s*[\d.]+ s\s*│\s*done", final), final
    assert re.search(r"octopus_deployments\s*│\s*1\s*│\s*[\d.]+ s\s*│\s*done", final), final
    assert "records read in" not in out.getvalue(), "no plain lines under the live table"
