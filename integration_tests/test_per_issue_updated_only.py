"""`jira.per_issue_children_updated_only` over real HTTP against the fake Jira: discover offers the four per-issue
streams incrementally only with the option; a first sync asks every issue, a second only the issues updated since the
first began, and a sync `per_issue_children_full_reread_days` after the last full re-read asks every issue again."""

import re
from datetime import datetime, timedelta

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import discover, read

from source_jira_octopus import SourceJiraOctopus
from testkit.reading import PRIMARY_KEYS, primary_keys, records_by_stream, state_for, stream_state
from testkit.sample_api_reads import jira_config

STREAMS = ("jira_issue_watchers", "jira_issue_votes", "jira_issue_remote_links", "jira_issue_properties")
ASKED = re.compile(r"/rest/api/[23]/issue/(?P<issue>\d+)/(?P<what>watchers|votes|remotelink|properties)$")
EVERY_DAYS = 3


def option_config(fake_api, deployment="cloud", on=True):
    config = jira_config(fake_api, deployment)
    config["jira"].update(per_issue_children_updated_only=on, per_issue_children_full_reread_days=EVERY_DAYS)
    return config


def incremental_read(config, state=None):
    builder = CatalogBuilder()
    for stream in STREAMS:
        builder.with_stream(stream, SyncMode.incremental)
    return read(SourceJiraOctopus(config, state), config, builder.build(), state)


def asked(fake_api):
    """resource -> the issues asked for it (watchers, votes, remotelink, properties: the key listing)."""
    found: dict[str, set[str]] = {}
    for request in fake_api.requests:
        match = ASKED.search(request.path)
        if match:
            found.setdefault(match["what"], set()).add(match["issue"])
    return found


def states_of(output):
    return {stream: stream_state(output, stream) for stream in STREAMS}


def as_state_messages(states):
    return [message for stream, value in states.items() for message in state_for(stream, value)]


def read_clean(config, state=None):
    output = incremental_read(config, state)
    assert not output.errors, [e.trace.error.message for e in output.errors]
    return output


@pytest.mark.parametrize("on", [False, True])
def test_discover_offers_incremental_on_issue_updated_only_with_the_option(fake_api, on):
    catalog = discover(SourceJiraOctopus(), option_config(fake_api, on=on)).catalog.catalog
    for stream in (s for s in catalog.streams if s.name in STREAMS):
        modes = {mode.value for mode in stream.supported_sync_modes}
        assert modes == ({"full_refresh", "incremental"} if on else {"full_refresh"}), stream.name
        assert (stream.default_cursor_field or []) == (["issueUpdated"] if on else []), stream.name
        assert "issueUpdated" in stream.json_schema["properties"]


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_a_second_sync_asks_only_the_issues_updated_since_the_first(fake_api, frozen_clock, deployment):
    data = fake_api.dataset
    config = option_config(fake_api, deployment)
    first = read_clean(config)
    records = records_by_stream(first)
    for stream in STREAMS:
        assert set(primary_keys(records[stream], PRIMARY_KEYS[stream])) == data.ids(stream, deployment), stream
    every_issue = {issue["id"] for issue in data.jira_issues}
    assert asked(fake_api)["remotelink"] == every_issue == asked(fake_api)["properties"]
    states = states_of(first)
    assert all(state["full_read_at"] and "sync" not in state for state in states.values()), states

    frozen_clock.advance(timedelta(minutes=10))
    linked = data.parts["issue_details"].remote_links
    touched = sorted(i for i in linked if linked[i] and data.issue(i)["fields"]["watches"]["watchCount"] > 0)[:2]
    data.touch_issues(touched, frozen_clock.now())
    fake_api.clear_requests()
    second = read_clean(config, as_state_messages(states))

    sent = asked(fake_api)
    assert sent["remotelink"] == set(touched) == sent["properties"] == sent["watchers"]
    assert sent.get("votes", set()) <= set(touched)
    again = records_by_stream(second)
    assert {r["issueId"] for stream in STREAMS for r in again[stream]} == set(touched)
    links = {str(link["id"]) for issue in touched for link in linked[issue]}
    assert {r["remoteLinkId"] for r in again["jira_issue_remote_links"]} == links
    assert all(r["issueUpdated"].startswith(frozen_clock.now().strftime("%Y-%m-%dT%H:%M")) for r in again[STREAMS[2]])
    for stream, state in states_of(second).items():
        assert state["full_read_at"] == states[stream]["full_read_at"], "an updated-only sync is no full re-read"
        assert state["partitions"]["*"]["cursor"] > states[stream]["partitions"]["*"]["cursor"]


@pytest.mark.parametrize("days_ago, reads_all", [(EVERY_DAYS - 0.1, False), (EVERY_DAYS + 0.1, True)])
def test_a_sync_the_configured_days_after_the_last_full_re_read_asks_every_issue(fake_api, days_ago, reads_all):
    data = fake_api.dataset
    config = option_config(fake_api)
    states = states_of(read_clean(config))
    moved_back = {}
    for stream, state in states.items():
        last = datetime.fromisoformat(state["full_read_at"]) - timedelta(days=days_ago)
        moved_back[stream] = {**state, "full_read_at": last.isoformat(timespec="milliseconds")}
    fake_api.clear_requests()

    output = read_clean(config, as_state_messages(moved_back))

    every_issue = {issue["id"] for issue in data.jira_issues}
    assert asked(fake_api).get("remotelink", set()) == (every_issue if reads_all else set())
    records = records_by_stream(output)
    for stream in STREAMS:
        expected = data.ids(stream, "cloud") if reads_all else set()
        assert set(primary_keys(records[stream], PRIMARY_KEYS[stream])) == expected, stream
        new_last = states_of(output)[stream]["full_read_at"]
        assert (new_last > moved_back[stream]["full_read_at"]) == reads_all
