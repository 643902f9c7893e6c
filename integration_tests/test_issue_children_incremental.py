"""Incremental jira_issue_comments / _worklogs / _changelogs over real HTTP, Cloud and Data Center: the first read is
every child of the fake, a second read returns only what changed, and overflow costs what the dataset implies."""

import math
import re
from datetime import datetime, timedelta

import pytest

from jira_octopus_sample_api.jira.core.issue_view import CLOUD_EMBEDDED
from testkit.reading import read_streams, records_by_stream, state_for, stream_state
from testkit.sample_api_reads import SEARCH_SETTLES, add_history, jira_config

DEPLOYMENTS = ["cloud", "data_center"]
KINDS = {
    "jira_issue_comments": ("comment", "updated"),
    "jira_issue_worklogs": ("worklog", "updated"),
    "jira_issue_changelogs": ("changelog", "created"),
}
BULK_ISSUES = BULK_HISTORIES = 1000  # Jira Cloud's changelog/bulkfetch limits


def parse(value):
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")


def ids_of(output, stream):
    found = [str(record["id"]) for record in records_by_stream(output)[stream]]
    assert len(found) == len(set(found)), f"{stream}: duplicates"
    return sorted(found)


def overflowing(fake_api, kind):
    """Issues whose children of this kind do not fit in the page a search embeds (Data Center embeds all)."""
    if fake_api.jira_deployment != "cloud":
        return set()
    dataset = fake_api.dataset
    return {
        issue_id for issue_id in dataset.issue_children if len(dataset.children(issue_id, kind)) > CLOUD_EMBEDDED[kind]
    }


def child_requests(fake_api, pattern):
    return [r for r in fake_api.requests if r.service == "jira" and re.fullmatch(pattern, r.path)]


def changed_since(fake_api, kind, field, bound):
    dataset = fake_api.dataset
    return sorted(
        str(entry["id"])
        for issue in dataset.jira_issues
        if parse(issue["fields"]["updated"]) >= bound
        for entry in dataset.children(issue["id"], kind)
        if parse(entry[field]) >= bound
    )


def site_cursor(state):
    assert state["state_version"] == 2 and "sync" not in state and set(state["partitions"]) == {"*"}, state
    return datetime.fromisoformat(state["partitions"]["*"]["cursor"])


@pytest.mark.parametrize("deployment", DEPLOYMENTS)
@pytest.mark.parametrize("stream", list(KINDS))
def test_first_read_returns_every_child_and_second_read_only_the_changed(fake_api, frozen_clock, deployment, stream):
    kind, field = KINDS[stream]
    config = jira_config(fake_api, deployment)
    first = read_streams(config, streams=[stream])
    assert not first.errors
    assert ids_of(first, stream) == sorted(fake_api.dataset.ids(stream, deployment))
    state = stream_state(first, stream)
    cursor = site_cursor(state)
    data = fake_api.dataset
    records = records_by_stream(first)[stream]
    by_issue = {str(r["id"]): (r["issueId"], r["issueKey"]) for r in records}
    owner = next(i for i in data.issue_children if data.children(i, kind))
    assert {by_issue[str(e["id"])] for e in data.children(owner, kind)} == {(owner, data.issue(owner)["key"])}

    frozen_clock.advance(timedelta(minutes=10))
    busy = sorted(data.issue_children, key=lambda i: -len(data.children(i, kind)))[:2]
    assert deployment != "cloud" or set(busy) <= overflowing(fake_api, kind), "edit issues read through the overflow"
    quiet = next(i for i in data.issue_children if data.children(i, kind) and i not in busy)
    new = {
        "comment": lambda i: data.add_comment(i),
        "worklog": lambda i: data.add_worklog(i),
        "changelog": lambda i: add_history(data, i, frozen_clock.now()),
    }[kind]
    added = sorted(str(new(issue_id)["id"]) for issue_id in busy)
    data.touch_issues([quiet], frozen_clock.now())  # changed issue, unchanged children
    frozen_clock.advance(SEARCH_SETTLES)  # Cloud reads an edit once it is older than the search lag
    second = read_streams(config, streams=[stream], state=state_for(stream, state))
    assert not second.errors
    expected = changed_since(fake_api, kind, field, cursor)  # lookback_window_minutes is 0
    assert set(added) <= set(expected)
    assert ids_of(second, stream) == expected
    assert not {str(e["id"]) for e in data.children(quiet, kind)} & set(expected), "old children of a touched issue"
    assert site_cursor(stream_state(second, stream)) > cursor


@pytest.mark.parametrize("deployment", DEPLOYMENTS)
@pytest.mark.parametrize("stream,path", [("jira_issue_comments", "comment"), ("jira_issue_worklogs", "worklog")])
def test_overflowing_issues_cost_exactly_one_request_each(fake_api, deployment, stream, path):
    kind = KINDS[stream][0]
    output = read_streams(jira_config(fake_api, deployment), streams=[stream])
    assert not output.errors
    expected = overflowing(fake_api, kind)
    if deployment == "cloud":
        assert expected, "the dataset must have issues whose children overflow the embedded page"
    sent = [
        re.fullmatch(r"/rest/api/[23]/issue/(\d+)/\w+", r.path).group(1)
        for r in child_requests(fake_api, rf"/rest/api/[23]/issue/\d+/{path}")
    ]
    assert sorted(sent) == sorted(expected)


def test_cloud_changelogs_use_bulkfetch_per_search_page(fake_api):
    stream = "jira_issue_changelogs"
    output = read_streams(jira_config(fake_api, "cloud"), streams=[stream])
    assert not output.errors
    assert not child_requests(fake_api, r"/rest/api/[23]/issue/\d+(/changelog)?"), "no per-issue changelog request"
    expected = overflowing(fake_api, "changelog")
    assert expected
    bulk = [r.json_body for r in child_requests(fake_api, r"/rest/api/3/changelog/bulkfetch")]
    firsts = [body for body in bulk if "nextPageToken" not in body]
    assert all(len(body["issueIdsOrKeys"]) <= BULK_ISSUES for body in firsts)
    assert sorted(i for body in firsts for i in body["issueIdsOrKeys"]) == sorted(expected)
    search_pages = [
        r for r in child_requests(fake_api, r"/rest/api/3/search/jql") if r.json_body.get("fields") != ["created"]
    ]
    assert len(firsts) <= sum(1 for r in search_pages if r.status == 200), "at most one bulk group per search page"
    histories = [sum(len(fake_api.dataset.children(i, "changelog")) for i in body["issueIdsOrKeys"]) for body in firsts]
    assert len(bulk) == sum(max(1, math.ceil(count / BULK_HISTORIES)) for count in histories)


def test_data_center_embeds_every_changelog_history(fake_api):
    output = read_streams(jira_config(fake_api, "data_center"), streams=["jira_issue_changelogs"])
    assert not output.errors
    assert ids_of(output, "jira_issue_changelogs") == sorted(
        fake_api.dataset.ids("jira_issue_changelogs", "data_center")
    )
    assert not child_requests(fake_api, r"/rest/api/2/issue/\d+") and not child_requests(
        fake_api, r"/rest/api/2/changelog/bulkfetch"
    )
