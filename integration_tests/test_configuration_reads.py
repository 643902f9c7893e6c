"""Reads of the configuration streams over real HTTP from the fake Jira: parents read once and shared, children
carrying their parents, and a sync account without "Administer Jira" reading everything it may see."""

from collections import Counter

import pytest

from source_jira_octopus.jira.streams import configuration
from source_jira_octopus.jira.streams.configuration import OPTION_FIELD_TYPES
from testkit.reading import read_streams, records_by_stream, streams_on

CONFIGURATION = [kind.name for kind in configuration.STREAMS]
ADMIN_ONLY = sorted(kind.name for kind in configuration.STREAMS if 403 in kind.ignored_statuses)


def jira_paths(fake_api):
    """Request paths after /rest/api/{v}/, one entry per request."""
    return Counter(r.path.split("/rest/api/", 1)[1][2:] for r in fake_api.requests if "/rest/api/" in r.path)


def test_screens_and_tabs_are_read_once_as_parents_of_tab_fields(fake_api):
    output = read_streams(fake_api.connector_config(), ["jira_screen_tab_fields"])
    assert not output.errors
    records = fake_api.dataset.parts["configuration"]
    paths = jira_paths(fake_api)
    assert paths["screens"] == -(-len(records.screens) // 100)  # one page at the default page size of 100
    assert all(paths[f"screens/{screen['id']}/tabs"] == 1 for screen in records.screens)
    tab_paths = [f"screens/{sid}/tabs/{tab['id']}/fields" for sid, tabs in records.tabs.items() for tab in tabs]
    assert all(paths[path] == 1 for path in tab_paths) and len(tab_paths) > len(records.screens)
    emitted = {
        (r["screenId"], r["tabId"], r["id"]): r["name"] for r in records_by_stream(output)["jira_screen_tab_fields"]
    }
    expected = {
        (str(sid), str(tab["id"]), field["id"]): field["name"]
        for sid, tabs in records.tabs.items()
        for tab in tabs
        for field in records.tab_fields[tab["id"]]
    }
    assert emitted == expected
    assert len({key[2] for key in emitted}) < len(emitted), "no field sits on two tabs: the composite key is untested"


def test_contexts_and_options_ask_only_for_custom_and_option_fields(fake_api):
    output = read_streams(
        fake_api.connector_config(), ["jira_issue_custom_field_contexts", "jira_issue_custom_field_options"]
    )
    assert not output.errors
    by_stream, records = records_by_stream(output), fake_api.dataset.parts["configuration"]
    custom = [f["id"] for f in fake_api.dataset.jira_fields if f.get("custom")]
    paths = jira_paths(fake_api)
    assert paths["field"] == 1  # the field list, shared by both streams
    asked = {path.split("/")[1] for path in paths if path.endswith("/context")}
    assert asked == set(custom)
    contexts = {(r["id"], r["fieldId"]) for r in by_stream["jira_issue_custom_field_contexts"]}
    assert contexts == {(c["id"], fid) for fid, found in records.contexts.items() for c in found}
    option_fields = {
        f["id"] for f in fake_api.dataset.jira_fields if (f.get("schema") or {}).get("custom") in OPTION_FIELD_TYPES
    }
    assert "customfield_10021" in option_fields and len(option_fields) < len(custom)
    field_of_context = {c["id"]: fid for fid, found in records.contexts.items() for c in found}
    option_paths = {path for path in paths if path.endswith("/option")}
    assert option_paths == {
        f"field/{fid}/context/{c['id']}/option" for fid in option_fields for c in records.contexts.get(fid, ())
    }
    options = {(r["id"], r["fieldId"], r["contextId"]) for r in by_stream["jira_issue_custom_field_options"]}
    assert options == {
        (o["id"], field_of_context[cid], cid)
        for cid, found in records.options.items()
        if field_of_context.get(cid) in option_fields
        for o in found
    }
    flagged = {o["id"] for issue in fake_api.dataset.jira_issues for o in issue["fields"]["customfield_10021"] or ()}
    assert flagged and flagged <= {option_id for option_id, _, _ in options}, "issues carry options the stream lacks"


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_a_user_without_administer_jira_reads_the_rest_and_is_told_what_was_skipped(fake_api, deployment):
    fake_api.jira_deployment, fake_api.jira_admin = deployment, False
    streams = [name for name in streams_on(deployment) if name in CONFIGURATION]
    output = read_streams(fake_api.connector_config(), streams)
    assert not output.errors, [e.trace.error.message for e in output.errors]
    by_stream = records_by_stream(output)
    for stream in streams:
        if stream in ADMIN_ONLY:
            assert not by_stream[stream], stream
        else:
            assert len(by_stream[stream]) == len(fake_api.dataset.ids(stream, deployment)), stream
    skipped = [m.log.message for m in output.logs if "skipped GET" in m.log.message and "HTTP 403" in m.log.message]
    assert skipped and all("'Administer Jira' global permission" in message for message in skipped)
    assert not any("/tabs" in r.path for r in fake_api.requests), "tabs were asked for screens the user cannot see"
