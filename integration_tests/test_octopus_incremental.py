"""Incremental octopus_deployments / octopus_releases over real HTTP against the fake: per-space state, the
newest-first stop at the space's cursor minus the 10-minute lookback, the spaces filter and the per-space cap."""

from datetime import timedelta

import pytest

from jira_octopus_sample_api.octopus.core.edits import add_deployment
from testkit.reading import read_streams, records_by_stream, state_for, stream_state
from testkit.sample_api_reads import (
    INCREMENTAL_LOOKBACK,
    OCTOPUS_PAGE_SIZE,
    octopus_config,
    octopus_cursors,
    parse_octopus_time,
    space_ids,
)

CURSOR_FIELDS = {"octopus_deployments": "Created", "octopus_releases": "Assembled"}


def ids_of(output, stream):
    return sorted(record["Id"] for record in records_by_stream(output)[stream])


def newest_first(fake_api, kind, space):
    """The list as the server serves it: cursor field descending, then Id descending."""
    field = CURSOR_FIELDS[f"octopus_{kind}"]
    return sorted(fake_api.dataset.octopus_records(kind, space), key=lambda r: (r[field], r["Id"]), reverse=True)


def list_requests(fake_api, kind, space):
    return [r for r in fake_api.requests if r.service == "octopus" and r.path == f"/api/{space}/{kind}"]


@pytest.mark.parametrize("stream", list(CURSOR_FIELDS))
def test_first_read_returns_every_record_and_saves_one_cursor_per_space(fake_api, frozen_clock, stream):
    output = read_streams(octopus_config(fake_api), streams=[stream])
    assert not output.errors
    assert ids_of(output, stream) == sorted(fake_api.dataset.ids(stream))
    saved = octopus_cursors(stream_state(output, stream))
    assert sorted(saved) == space_ids(fake_api)
    assert all(
        frozen_clock.now() - timedelta(minutes=2) <= cursor <= frozen_clock.now() for cursor in saved.values()
    ), saved


def test_second_read_returns_new_deployments_and_lookback_from_the_first_pages_only(fake_api, frozen_clock):
    stream, kind = "octopus_deployments", "deployments"
    spaces = space_ids(fake_api)
    target = spaces[0]
    # Already there at the first read: one inside the lookback before its cursor, one older than the lookback.
    add_deployment(fake_api.dataset, target, frozen_clock.now() - timedelta(minutes=5))
    add_deployment(fake_api.dataset, target, frozen_clock.now() - INCREMENTAL_LOOKBACK - timedelta(minutes=5))
    config = octopus_config(fake_api)
    first = read_streams(config, streams=[stream])
    assert ids_of(first, stream) == sorted(fake_api.dataset.ids(stream))
    state = stream_state(first, stream)

    frozen_clock.advance(timedelta(minutes=10))
    added = {add_deployment(fake_api.dataset, target)["Id"] for _ in range(3)}
    fake_api.clear_requests()
    second = read_streams(config, streams=[stream], state=state_for(stream, state))
    assert not second.errors

    bounds = {space: cursor - INCREMENTAL_LOOKBACK for space, cursor in octopus_cursors(state).items()}
    expected = sorted(
        r["Id"]
        for space in spaces
        for r in fake_api.dataset.octopus_records(kind, space)
        if parse_octopus_time(r["Created"]) >= bounds[space]
    )
    assert added <= set(expected) and len(expected) > len(added), (
        "the data must have one deployment inside the lookback"
    )
    assert ids_of(second, stream) == expected
    for space in spaces:
        listing = newest_first(fake_api, kind, space)
        first_older = next(i for i, r in enumerate(listing) if parse_octopus_time(r["Created"]) < bounds[space])
        sent = list_requests(fake_api, kind, space)
        assert len(sent) == first_older // OCTOPUS_PAGE_SIZE + 1 < -(-len(listing) // OCTOPUS_PAGE_SIZE), (
            space,
            len(sent),
        )
        assert [int(r.param("skip")) for r in sent] == [OCTOPUS_PAGE_SIZE * page for page in range(len(sent))]
    assert min(octopus_cursors(stream_state(second, stream)).values()) > max(octopus_cursors(state).values())


def test_releases_second_read_without_changes_returns_only_the_lookback(fake_api, frozen_clock):
    stream = "octopus_releases"
    config = octopus_config(fake_api)
    state = stream_state(read_streams(config, streams=[stream]), stream)
    frozen_clock.advance(timedelta(minutes=10))
    fake_api.clear_requests()
    second = read_streams(config, streams=[stream], state=state_for(stream, state))
    bounds = {space: cursor - INCREMENTAL_LOOKBACK for space, cursor in octopus_cursors(state).items()}
    expected = sorted(
        r["Id"] for r in fake_api.dataset.octopus_releases if parse_octopus_time(r["Assembled"]) >= bounds[r["SpaceId"]]
    )
    assert not second.errors and ids_of(second, stream) == expected
    assert all(len(list_requests(fake_api, "releases", space)) == 1 for space in space_ids(fake_api))


@pytest.mark.parametrize("stream", list(CURSOR_FIELDS))
def test_spaces_filter_limits_the_partitions(fake_api, stream):
    kept = space_ids(fake_api)[1]
    output = read_streams(octopus_config(fake_api, spaces=[kept]), streams=[stream])
    assert not output.errors
    kind = stream.removeprefix("octopus_")
    assert ids_of(output, stream) == sorted(r["Id"] for r in fake_api.dataset.octopus_records(kind, kept))
    assert sorted(octopus_cursors(stream_state(output, stream))) == [kept]
    others = [space for space in space_ids(fake_api) if space != kept]
    assert not any(list_requests(fake_api, kind, space) for space in others)


@pytest.mark.parametrize("stream", list(CURSOR_FIELDS))
def test_cap_applies_exactly_per_space_and_warns_with_stream_space_and_cap(fake_api, stream):
    kind = stream.removeprefix("octopus_")
    counts = {space: len(fake_api.dataset.octopus_records(kind, space)) for space in space_ids(fake_api)}
    cap = min(counts.values()) + 1  # below the bigger spaces, above the smallest one
    output = read_streams(octopus_config(fake_api, max_items_per_kind={kind: cap}), streams=[stream])
    assert not output.errors
    records = records_by_stream(output)[stream]
    for space, count in counts.items():
        listing = [r["Id"] for r in newest_first(fake_api, kind, space)]
        got = sorted(r["Id"] for r in records if r["SpaceId"] == space)
        assert got == sorted(listing[:cap]), space
        warned = [
            log.log.message
            for log in output.logs
            if log.log.level.value == "WARN"
            and stream in log.log.message
            and f"/api/{space}/{kind}" in log.log.message
            and f"max_items_per_kind.{kind} = {cap}" in log.log.message
        ]
        assert len(warned) == (1 if count > cap else 0), (space, warned)
