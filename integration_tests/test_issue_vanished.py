"""An issue deleted while a child stream reads it, over real HTTP against the fake Jira: the issue is deleted right after
the search page that lists it is served, so the child's own request for that issue answers 404. The stream skips the
issue, completes, returns every record of the other issues, and says so in one WARN (jira/issue_fetch.py)."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from airbyte_cdk.models import Level

from jira_octopus_sample_api.jira.core.issue_view import CLOUD_EMBEDDED
from testkit.reading import PRIMARY_KEYS, primary_keys, read_streams, records_by_stream
from testkit.sample_api_reads import jira_config

# With one project of fewer issues than a page, the planner makes one window: search requests 1 and 2 are its probes
# (the earliest and the latest `created`), 3 the page listing every issue of the project.
SEARCH = r"/rest/api/[23]/search(/jql)?$"
LISTING_PAGE = 3
PAGE_SIZE = 100
CHILD_KINDS = {"jira_issue_comments": "comment", "jira_issue_worklogs": "worklog"}
Issue = dict[str, Any]


def overflows(kind: str) -> Callable[[Any, Issue], bool]:
    """Cloud embeds the first 20 comments / worklogs: only an issue with more costs a request of its own."""
    return lambda data, issue: len(data.children(issue["id"], kind)) > CLOUD_EMBEDDED[kind]


CASES = [
    pytest.param("jira_issue_comments", "cloud", "comment", overflows("comment"), id="comments-overflow"),
    pytest.param("jira_issue_worklogs", "cloud", "worklog", overflows("worklog"), id="worklogs-overflow"),
    pytest.param(
        "jira_issue_watchers",
        "cloud",
        "watchers",
        lambda data, i: i["fields"]["watches"]["watchCount"] > 0,
        id="watchers",
    ),
    pytest.param(
        "jira_issue_votes", "data_center", "votes", lambda data, i: i["fields"]["votes"]["votes"] > 0, id="votes"
    ),
    pytest.param("jira_issue_remote_links", "cloud", "remotelink", lambda data, i: True, id="remote-links"),
    pytest.param("jira_issue_properties", "cloud", "properties", lambda data, i: True, id="properties-cloud"),
    pytest.param("jira_issue_properties", "data_center", "properties", lambda data, i: True, id="properties-dc"),
]


def expected_keys(data: Any, stream: str, deployment: str, issues: list[Issue]) -> set[str]:
    """The fake's primary keys of `stream` for these issues only."""
    ids = {issue["id"] for issue in issues}
    if stream in CHILD_KINDS:
        return {str(entry["id"]) for issue_id in ids for entry in data.children(issue_id, CHILD_KINDS[stream])}
    if stream == "jira_issue_remote_links":
        links = data.parts["issue_details"].remote_links
        return {str(link["id"]) for issue_id in ids for link in links.get(issue_id, [])}
    return {key for key in data.ids(stream, deployment=deployment) if key.split("|")[0] in ids}


@pytest.mark.parametrize("stream, deployment, resource, needs_request", CASES)
def test_an_issue_deleted_during_the_read_is_skipped_and_said_once(
    fake_api, stream, deployment, resource, needs_request
):
    data = fake_api.dataset
    config = jira_config(fake_api, deployment)
    candidates = [issue for issue in data.jira_issues if needs_request(data, issue)]
    assert candidates, f"no issue makes {stream} send a request of its own: the test would prove nothing"
    project = candidates[0]["fields"]["project"]["key"]
    in_project = [issue for issue in data.jira_issues if issue["fields"]["project"]["key"] == project]
    assert len(in_project) < PAGE_SIZE
    gone = min((i for i in candidates if i["fields"]["project"]["key"] == project), key=lambda i: int(i["id"]))["id"]
    config["jira"].update(projects=[project], page_size=PAGE_SIZE)
    fake_api.add_hook(SEARCH, lambda dataset, request: dataset.delete_issue(gone), after_nth=LISTING_PAGE)

    output = read_streams(config, [stream])

    assert not output.errors, [e.trace.error.message for e in output.errors]
    asked = [r.status for r in fake_api.requests if re.search(rf"/issue/{gone}/{resource}$", r.path)]
    assert asked == [404], f"issue {gone} must vanish between its search page and its own request: {asked}"
    records = records_by_stream(output)[stream]
    assert gone not in {record["issueId"] for record in records}
    remaining = [issue for issue in in_project if issue["id"] != gone]
    expected = expected_keys(data, stream, deployment, remaining)
    counts = primary_keys(records, PRIMARY_KEYS[stream])
    assert expected, f"the other issues of {project} have no {stream}: the comparison would prove nothing"
    assert set(counts) == expected and max(counts.values()) == 1
    warnings = [m.log.message for m in output.logs if m.log.level == Level.WARN]
    skipped = [message for message in warnings if message.startswith(f"{stream}: skipped")]
    assert len(skipped) == 1, warnings
    assert f"{stream}: skipped 1 issue ({gone})" in skipped[0] and "404" in skipped[0]
