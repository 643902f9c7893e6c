"""Administration streams over real HTTP against the fake: audit records read incrementally (exactly what was added,
including during a read), and a sync without 'Administer Jira' that skips the admin-only streams and reads the rest."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jira_octopus_sample_api.jira.administration.part import PART
from source_jira_octopus.jira.streams import administration, administration_system
from testkit.reading import (
    PRIMARY_KEYS,
    primary_keys,
    read_streams,
    records_by_stream,
    state_for,
    stream_state,
    streams_on,
)

AUDIT = "jira_audit_records"
ADMINISTRATION = [kind.name for kind in (*administration.STREAMS, *administration_system.STREAMS)]
ADMIN_ONLY = {
    kind.name
    for kind in (*administration.STREAMS, *administration_system.STREAMS)
    if issubclass(kind, administration.JiraAdminStream)
}


def audit_config(fake_api):
    return fake_api.connector_config(jira={"page_size": 7}, octopus=None)


def audit_ids(output):
    return sorted(int(record["id"]) for record in records_by_stream(output)[AUDIT])


def test_incremental_audit_reads_return_exactly_the_records_added_since(fake_api, frozen_clock):
    config = audit_config(fake_api)
    before = sorted(record["id"] for record in PART.records(fake_api.dataset).audit_records)
    added_during: list[int] = []

    def audit_events_mid_read(dataset, request):
        frozen_clock.advance(timedelta(minutes=1))
        added_during.extend(PART.add_audit_record(dataset)["id"] for _ in range(3))

    fake_api.add_hook(r"/rest/api/3/auditing/record", audit_events_mid_read, after_nth=1)
    first = read_streams(config, [AUDIT])
    assert not first.errors and audit_ids(first) == before, "events after the fixed `to` wait for the next sync"
    assert len(before) > 7 and len(added_during) == 3

    frozen_clock.advance(timedelta(minutes=5))
    second = read_streams(config, [AUDIT], state=state_for(AUDIT, stream_state(first, AUDIT)))
    assert audit_ids(second) == added_during

    frozen_clock.advance(timedelta(minutes=5))
    later = PART.add_audit_record(fake_api.dataset)["id"]
    frozen_clock.advance(timedelta(minutes=5))
    third = read_streams(config, [AUDIT], state=state_for(AUDIT, stream_state(second, AUDIT)))
    assert audit_ids(third) == [later]


def test_audit_requests_carry_a_fixed_window_that_the_next_sync_continues(fake_api, frozen_clock):
    config = audit_config(fake_api)
    first = read_streams(config, [AUDIT])
    windows = {
        (r.param("from"), r.param("to")) for r in fake_api.drain_requests() if r.path.endswith("auditing/record")
    }
    assert len(windows) == 1, "every page of one sync asks for the same window"
    ((_, first_to),) = windows
    frozen_clock.advance(timedelta(hours=1))
    read_streams(config, [AUDIT], state=state_for(AUDIT, stream_state(first, AUDIT)))
    windows = {(r.param("from"), r.param("to")) for r in fake_api.requests if r.path.endswith("auditing/record")}
    assert [low for low, _ in windows] == [first_to], "the next sync starts where this one's upper bound was"


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_without_administer_the_admin_streams_are_skipped_and_the_rest_read(fake_api, deployment):
    fake_api.jira_deployment, fake_api.jira_admin = deployment, False
    streams = [name for name in ADMINISTRATION if name in streams_on(deployment)]
    output = read_streams(fake_api.connector_config(jira={"page_size": 7}, octopus=None), streams)
    assert not output.errors, [e.trace.error.message for e in output.errors]
    by_stream = records_by_stream(output)
    for name in streams:
        expected = set() if name in ADMIN_ONLY else {str(i) for i in fake_api.dataset.ids(name, deployment)}
        assert set(primary_keys(by_stream[name], PRIMARY_KEYS[name])) == expected, name
    skipped = [m.log.message for m in output.logs if "skipped: the Jira user lacks" in m.log.message]
    assert sorted(message.split(":")[0] for message in skipped) == sorted(ADMIN_ONLY & set(streams))
    assert all("'Administer Jira' (ADMINISTER)" in message for message in skipped)
    admin_paths = (
        "workflow",
        "statuses/search",
        "timetracking",
        "applicationrole",
        "application-properties",
        "auditing",
    )
    assert not [r.path for r in fake_api.requests if any(p in r.path for p in admin_paths)], (
        "no refused request is sent"
    )
