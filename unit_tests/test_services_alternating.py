"""The read starts the two services' streams in turns, so each service's governor paces its own streams side by side
with the other's instead of after them (source.services_alternating)."""

from __future__ import annotations

from source_jira_octopus.source import services_alternating
from testkit.reading import JIRA_STREAMS, OCTOPUS_STREAMS, catalog


def names(configured_catalog) -> list[str]:
    return [configured.stream.name for configured in configured_catalog.streams]


def test_jira_and_octopus_streams_take_turns_each_in_the_catalogs_order():
    jira, octopus = list(JIRA_STREAMS[:5]), list(OCTOPUS_STREAMS[:3])
    ordered = names(services_alternating(catalog(jira + octopus)))
    assert ordered == [jira[0], octopus[0], jira[1], octopus[1], jira[2], octopus[2], jira[3], jira[4]]


def test_every_stream_is_kept_with_its_sync_mode():
    full = catalog(JIRA_STREAMS + OCTOPUS_STREAMS)
    ordered = services_alternating(full)
    assert sorted(names(ordered)) == sorted(names(full))
    modes = {c.stream.name: c.sync_mode for c in full.streams}
    assert all(c.sync_mode == modes[c.stream.name] for c in ordered.streams)


def test_a_catalog_of_one_service_is_read_in_its_own_order():
    octopus = list(reversed(OCTOPUS_STREAMS))
    assert names(services_alternating(catalog(octopus))) == octopus
