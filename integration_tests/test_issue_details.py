"""Issue details over real HTTP from the fake Jira, Cloud and Data Center: no per-issue request where the search could
answer (the complaint about source-jira's 10-48 h syncs is per-issue requests), property values, full field
history and its increments. That every detail record arrives once, stamped with its issue's key, is checked with
every other stream by the full-read matrix (`test_full_read.py`)."""

import re
from datetime import timedelta

import pytest

from testkit.reading import (
    read_streams,
    records_by_stream,
    state_for,
    stream_state,
)
from testkit.sample_api_reads import SEARCH_SETTLES, add_history, config_with_page_size, jira_config

PER_ISSUE = re.compile(
    r"/rest/api/[23]/issue/(?P<issue>[^/]+)/(?P<what>watchers|votes|remotelink|properties)(?P<key>/.+)?$"
)


def per_issue_requests(server):
    found = []
    for request in server.requests:
        match = PER_ISSUE.search(request.path)
        if match:
            found.append((match["what"], match["issue"], match["key"]))
    return found


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_only_issues_with_watchers_or_votes_cost_a_request_and_embedded_streams_cost_none(fake_api, deployment):
    fake_api.jira_deployment = deployment
    dataset = fake_api.dataset
    output = read_streams(config_with_page_size(fake_api, None), ["jira_issue_transitions", "jira_issue_links"])
    assert not output.errors and records_by_stream(output)["jira_issue_transitions"]
    assert per_issue_requests(fake_api) == []
    fake_api.clear_requests()
    output = read_streams(config_with_page_size(fake_api, None), ["jira_issue_watchers", "jira_issue_votes"])
    assert not output.errors
    sent = per_issue_requests(fake_api)
    watched = {i["id"] for i in dataset.jira_issues if i["fields"]["watches"]["watchCount"] > 0}
    voted = {i["id"] for i in dataset.jira_issues if i["fields"]["votes"]["votes"] > 0}
    assert 0 < len(voted) < len(watched) < len(dataset.jira_issues)
    assert sorted(issue for what, issue, _ in sent if what == "watchers") == sorted(watched)
    assert sorted(issue for what, issue, _ in sent if what == "votes") == sorted(voted)


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_properties_cost_one_listing_per_issue_then_bulk_values_on_cloud_or_one_per_key(fake_api, deployment):
    fake_api.jira_deployment = deployment
    dataset = fake_api.dataset
    output = read_streams(config_with_page_size(fake_api, None), ["jira_issue_properties"])
    assert not output.errors
    sent = per_issue_requests(fake_api)
    stored = dataset.parts["issue_details"].properties
    assert sorted(issue for _, issue, key in sent if key is None) == sorted(i["id"] for i in dataset.jira_issues)
    per_key = sorted((issue, key) for _, issue, key in sent if key)
    bulk = [r.json_body for r in fake_api.requests if r.path.endswith("/issue/bulkfetch")]
    if deployment == "cloud":
        assert per_key == [] and bulk
        assert all(len(b["issueIdsOrKeys"]) <= 100 and len(b["properties"]) <= 5 for b in bulk)
        asked = {(issue, key) for b in bulk for issue in b["issueIdsOrKeys"] for key in b["properties"]}
        assert asked >= {(i, k) for i, values in stored.items() for k in values}
        # only issues that hold one of the requested keys are asked for, and each at most once per key group
        assert all(set(stored[i]) & set(b["properties"]) for b in bulk for i in b["issueIdsOrKeys"])
        groups = [(tuple(b["properties"]), i) for b in bulk for i in b["issueIdsOrKeys"]]
        assert len(groups) == len(set(groups))
    else:
        assert bulk == [] and per_key == sorted((i, f"/{k}") for i, values in stored.items() for k in values)
    values = {(r["issueId"], r["key"]): r["value"] for r in records_by_stream(output)["jira_issue_properties"]}
    assert values == {(issue, key): value for issue, entries in stored.items() for key, value in entries.items()}


def test_field_history_rows_carry_every_item_of_the_full_changelog(fake_api):
    """Cloud embeds 40 histories: issues with more come from changelog/bulkfetch, never a capped page."""
    dataset = fake_api.dataset
    long_issues = [i for i, spec in dataset.issue_children.items() if spec.total("changelog") > 40]
    assert long_issues, "no issue has more history than the search embeds: the test would prove nothing"
    output = read_streams(config_with_page_size(fake_api, None), ["jira_issue_field_history"])
    assert not output.errors
    rows = {r["id"]: r for r in records_by_stream(output)["jira_issue_field_history"]}
    for issue_id in long_issues:
        for history in dataset.children(issue_id, "changelog"):
            for index, item in enumerate(history["items"]):
                row = rows[f"{history['id']}:{index}"]
                assert (row["issueId"], row["changelogId"], row["fieldId"], row["field"]) == (
                    issue_id,
                    history["id"],
                    item["fieldId"],
                    item["field"],
                )
                assert (row.get("fromString"), row.get("toString")) == (item.get("fromString"), item.get("toString"))
                assert row["author"]["accountId"] == history["author"]["accountId"]
    assert any(len(h["items"]) > 1 for i in dataset.issue_children for h in dataset.children(i, "changelog"))
    assert any("/changelog/bulkfetch" in r.path for r in fake_api.requests)


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_field_history_incremental_reads_only_the_new_changes(fake_api, frozen_clock, deployment):
    """A second read returns the items of the histories created since the first, including one in an issue whose
    history overflows what the search embeds, and nothing of an issue that was only touched."""
    stream, data = "jira_issue_field_history", fake_api.dataset
    config = jira_config(fake_api, deployment)
    first = read_streams(config, [stream])
    assert not first.errors and records_by_stream(first)[stream]
    state = stream_state(first, stream)
    frozen_clock.advance(timedelta(minutes=10))
    busy = max(data.issue_children, key=lambda i: len(data.children(i, "changelog")))
    quiet = next(i for i in data.issue_children if data.children(i, "changelog") and i != busy)
    added = add_history(data, busy, frozen_clock.now())
    data.touch_issues([quiet], frozen_clock.now())
    frozen_clock.advance(SEARCH_SETTLES)  # Cloud reads an edit once it is older than the search lag
    second = read_streams(config, [stream], state=state_for(stream, state))
    assert not second.errors
    rows = records_by_stream(second)[stream]
    assert [(r["id"], r["issueId"], r["fieldId"], r["toString"]) for r in rows] == [
        (f"{added['id']}:0", busy, "labels", "edited")
    ]
