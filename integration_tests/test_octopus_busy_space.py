"""A space of 2,000 deployments (``add_busy_space``, kept out of the default dataset): a full read returns every
one, and an incremental read after 10 new deployments costs one list request at page size 100, not the 20 pages of
the whole list, returning exactly the new ones plus what the lookback re-reads."""

from datetime import timedelta

import pytest

from jira_octopus_sample_api import FakeApiServer, FakeDataset
from jira_octopus_sample_api.octopus.activity.edits import add_busy_space
from jira_octopus_sample_api.octopus.core.edits import add_deployment
from testkit.contract_guard import contract_violations
from testkit.reading import read_streams, records_by_stream, state_for, stream_state
from testkit.sample_api_reads import (
    INCREMENTAL_LOOKBACK,
    octopus_cursors,
    parse_octopus_time,
)

BUSY = 2000
STREAM = "octopus_deployments"


@pytest.fixture
def busy(frozen_clock):
    dataset = FakeDataset.generate(7, 120, anchor=frozen_clock.now() - timedelta(days=1))
    dataset.clock = frozen_clock
    space = add_busy_space(dataset, BUSY)
    with FakeApiServer(dataset, clock=frozen_clock) as server:
        yield server, space
        sent = list(server.requests)
    assert not contract_violations(sent)


def test_the_busy_space_dwarfs_the_others(busy):
    server, space = busy
    spaces = server.dataset.octopus_spaces
    sizes = {s["Id"]: len(server.dataset.octopus_records("deployments", s["Id"])) for s in spaces}
    assert sizes[space] == BUSY and 50 * min(sizes.values()) < BUSY


def test_incremental_read_after_ten_new_deployments_reads_one_page(busy, frozen_clock):
    server, space = busy
    config = server.connector_config(jira=None, octopus={"page_size": 100, "spaces": [space]})
    config.pop("jira", None)
    first = read_streams(config, [STREAM])
    assert not first.errors
    in_space = server.dataset.octopus_records("deployments", space)
    assert {r["Id"] for r in records_by_stream(first)[STREAM]} == {d["Id"] for d in in_space}
    state = stream_state(first, STREAM)

    frozen_clock.advance(timedelta(hours=1))
    added = {add_deployment(server.dataset, space)["Id"] for _ in range(10)}
    server.clear_requests()
    second = read_streams(config, [STREAM], state=state_for(STREAM, state))
    assert not second.errors
    bound = octopus_cursors(state)[space] - INCREMENTAL_LOOKBACK
    expected = {
        d["Id"]
        for d in server.dataset.octopus_records("deployments", space)
        if parse_octopus_time(d["Created"]) >= bound
    }
    assert added < expected and len(expected) < 100  # the new ones and what the lookback re-reads
    assert {r["Id"] for r in records_by_stream(second)[STREAM]} == expected
    listing = [r for r in server.requests if r.path == f"/api/{space}/deployments"]
    assert [(r.param("skip"), r.param("take")) for r in listing] == [("0", "100")]
