"""A full read of every stream while the fake answers a share of requests with 429/503/500/502 or resets the
connection: every record arrives exactly once and the final state is complete. Up to eight faults in a row hit
the same request, more than the CDK's old count of five retries allowed: the retry budget is time (10 minutes),
and the faults announce `Retry-After: 0` so the read takes seconds. What it measures is that no fault loses or
repeats data."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.faults import CONNECTION_RESET
from testkit.reading import (
    ALL_STREAMS,
    INCREMENTAL_STREAMS,
    PRIMARY_KEYS,
    primary_keys,
    read_streams,
    records_by_stream,
)

pytestmark = pytest.mark.slow  # full reads under injected faults and their backoff

FAULTS = (
    (429, "Rate limit exceeded."),
    (503, "Service Unavailable"),
    (500, "Internal server error"),
    (502, "Bad Gateway"),
    (CONNECTION_RESET, ""),
)
MAX_FAULTS_IN_A_ROW = 8


def flaky(rate: float, injected: Counter, longest: Counter) -> object:
    """Faults at `rate`, and the first request of the read meets a full streak (longer than 5 retries allowed)."""
    rng, in_a_row, streak = random.Random(11), Counter(), set()

    def take(request: RecordedRequest) -> ApiResponse | None:
        key = f"{request.method} {request.path} {sorted(request.query.items())} {json.dumps(request.json_body, sort_keys=True)}"
        if not streak:
            streak.add(key)
        if in_a_row[key] >= MAX_FAULTS_IN_A_ROW or (key not in streak and rng.random() >= rate):
            in_a_row[key] = 0
            return None
        in_a_row[key] += 1
        longest[key] = max(longest[key], in_a_row[key])
        status, text = rng.choice(FAULTS)
        injected[status] += 1
        return ApiResponse(status, {"errorMessages": [text], "ErrorMessage": text}, {"Retry-After": "0"})

    return take


@pytest.mark.parametrize("rate", [0.1, 0.3])
def test_every_record_arrives_once_under_injected_faults(fake_api, rate):
    injected: Counter = Counter()
    longest: Counter = Counter()
    fake_api.faults.take = flaky(rate, injected, longest)
    config = fake_api.connector_config(jira={"page_size": 25}, octopus={"page_size": 25})
    output = read_streams(config)
    assert not output.errors, [e.trace.error.message for e in output.errors]
    by_stream = records_by_stream(output)
    for stream in ALL_STREAMS:
        key = "accountId" if stream == "jira_users" else PRIMARY_KEYS[stream]  # a list for a composite key
        counts = primary_keys(by_stream[stream], key)
        expected = {str(i) for i in fake_api.dataset.ids(stream)}
        assert set(counts) == expected, f"{stream}: missing {sorted(expected - set(counts))[:5]}"
        assert max(counts.values()) == 1, f"{stream}: duplicates"
    for stream in INCREMENTAL_STREAMS:
        state = [m for m in output.state_messages if m.state.stream.stream_descriptor.name == stream][-1]
        assert "sync" not in state.state.stream.stream_state.__dict__, f"{stream} left an unfinished sync behind"
    faulted = sum(injected.values())
    print(f"rate {rate}: {faulted} faults injected ({dict(injected)}) over {len(fake_api.requests)} requests; 0 lost")
    assert faulted >= 10 and faulted / len(fake_api.requests) > rate / 2, "the test must actually inject faults"
    assert injected[CONNECTION_RESET] > 0 and max(longest.values()) > 5, "resets and streaks longer than 5 retries"
