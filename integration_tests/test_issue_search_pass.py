"""One issue-search pass for every issue stream a read selects (issue 15, item 2), over real HTTP from the fake Jira:
the eleven issue streams together cost the search pages of `jira_issues` alone and return exactly the fake's records,
a stream read alone asks only for its own fields, and each stream's state stays its own on an incremental read."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from airbyte_cdk.test.state_builder import StateBuilder

from source_jira_octopus.jira.streams import JIRA_STREAMS
from source_jira_octopus.jira.streams.issues import JiraIssueSearch
from testkit.reading import PRIMARY_KEYS, primary_keys, read_streams, records_by_stream, stream_state
from testkit.sample_api_reads import add_history, jira_config

ISSUE_STREAMS = tuple(kind.name for kind in JIRA_STREAMS if issubclass(kind, JiraIssueSearch))
PAGE_SIZE = 7  # 120 issues: ~18 search pages per pass, so a repeated pass cannot hide in the rounding
PASS_GOAL = 1.1  # issue 15: the eleven streams read <= 1.1 x the search pages of jira_issues alone
JQL_BOUND = "updated >= "


@dataclass(frozen=True)
class SearchRequest:
    fields: tuple[str, ...]
    expand: str
    jql: str
    position: str  # nextPageToken (Cloud) or startAt (Data Center)

    @property
    def probe(self) -> bool:
        """The planner's `maxResults=1` looks at the earliest and the latest `created`, not a page of a window."""
        return self.fields == ("created",)

    @property
    def updated_from(self) -> str:
        return self.jql.split(JQL_BOUND, 1)[1].split(" ", 1)[0]


def search_requests(fake_api) -> list[SearchRequest]:
    found = []
    for request in fake_api.requests:
        if request.service != "jira":
            continue
        if request.path == "/rest/api/3/search/jql":
            body = request.json_body
            fields = tuple(body.get("fields") or ())
            found.append(SearchRequest(fields, body.get("expand", ""), body["jql"], str(body.get("nextPageToken"))))
        elif request.path == "/rest/api/2/search":
            fields = tuple((request.param("fields") or "").split(","))
            position = str(request.param("startAt"))
            found.append(SearchRequest(fields, request.param("expand") or "", request.param("jql") or "", position))
    return found


def pages(fake_api) -> list[SearchRequest]:
    return [request for request in search_requests(fake_api) if not request.probe]


def paged_config(fake_api, deployment):
    config = jira_config(fake_api, deployment)
    config["jira"]["page_size"] = PAGE_SIZE
    return config


def assert_exactly_the_fakes_records(fake_api, output, streams, deployment):
    by_stream = records_by_stream(output)
    for stream in streams:
        counts = primary_keys(by_stream[stream], PRIMARY_KEYS[stream])
        expected = {str(i) for i in fake_api.dataset.ids(stream, deployment=deployment)}
        assert expected, f"the fake has no {stream}: the comparison would prove nothing"
        assert set(counts) == expected, (
            f"{stream}: missing {sorted(expected - set(counts))[:5]}, extra {sorted(set(counts) - expected)[:5]}"
        )
        assert max(counts.values()) == 1, f"{stream}: duplicates"


@pytest.mark.slow  # 2 reads, one of the 11 streams with ~900 per-issue requests: 10-25 s
@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_the_eleven_issue_streams_read_one_search_pass_and_exactly_the_fakes_records(fake_api, deployment):
    config = paged_config(fake_api, deployment)
    alone = read_streams(config, ["jira_issues"])
    assert not alone.errors
    alone_pages = pages(fake_api)
    assert len(alone_pages) >= 15, "too few pages to tell one pass from several"

    fake_api.clear_requests()
    together = read_streams(config, ISSUE_STREAMS)
    assert not together.errors, [e.trace.error.message for e in together.errors]
    assert len(ISSUE_STREAMS) == 11
    sent = pages(fake_api)
    assert len(sent) <= PASS_GOAL * len(alone_pages), f"{len(sent)} search pages vs {len(alone_pages)} alone"
    assert len(set(sent)) == len(sent), "a search page was fetched twice"
    assert {(request.fields, request.expand) for request in sent} == {(("*all",), "changelog,transitions")}
    probes = [request for request in search_requests(fake_api) if request.probe]
    assert len(probes) == 2, "one plan for all (its earliest and latest `created`)"

    assert_exactly_the_fakes_records(fake_api, together, ISSUE_STREAMS, deployment)
    issues_alone = sorted(records_by_stream(alone)["jira_issues"], key=lambda record: record["id"])
    issues_together = sorted(records_by_stream(together)["jira_issues"], key=lambda record: record["id"])
    assert issues_together == issues_alone, "jira_issues read in the pass differs from jira_issues read alone"


@pytest.mark.slow  # 12 reads: 20-40 s
def test_every_member_returns_the_records_it_returns_read_alone(fake_api):
    """Each member reads its own body cut from the union page: the same records, field for field, as its own
    request gives it."""
    config = paged_config(fake_api, "cloud")
    together = records_by_stream(read_streams(config, ISSUE_STREAMS))
    for stream in ISSUE_STREAMS:
        alone = records_by_stream(read_streams(config, [stream]))[stream]
        key = PRIMARY_KEYS[stream]

        def pk(record, key=key):
            return [record[name] for name in ([key] if isinstance(key, str) else key)]

        assert alone, stream
        assert sorted(together[stream], key=pk) == sorted(alone, key=pk), f"{stream} differs from its read alone"


@pytest.mark.parametrize(
    "streams, fields, expand",
    [
        (["jira_issue_comments"], ("comment", "updated"), ""),
        (["jira_issue_changelogs"], ("updated",), "changelog"),
        (["jira_issue_watchers"], ("watches", "updated"), ""),  # updated: the issueUpdated cursor
        (["jira_issues", "octopus_spaces"], ("*all",), ""),  # no other issue stream: no pass
        (["jira_issue_comments", "jira_issue_worklogs"], ("comment", "updated", "worklog"), ""),
    ],
)
def test_a_stream_read_alone_asks_only_for_its_own_fields(fake_api, streams, fields, expand):
    output = read_streams(paged_config(fake_api, "cloud"), streams)
    assert not output.errors
    sent = pages(fake_api)
    assert sent and {(request.fields, request.expand) for request in sent} == {(fields, expand)}
    assert len(set(sent)) == len(sent)


def changed_since(dataset, kind, field, bound):
    return {
        str(entry["id"])
        for issue in dataset.jira_issues
        if parse(issue["fields"]["updated"]) >= bound
        for entry in dataset.children(issue["id"], kind)
        if parse(entry[field]) >= bound
    }


def parse(value):
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")


def site_cursor(state):
    assert state["state_version"] == 2 and "sync" not in state and set(state["partitions"]) == {"*"}, state
    return datetime.fromisoformat(state["partitions"]["*"]["cursor"])


INCREMENTAL = {  # stream -> (child kind, the entry field its increment is read on); None: the issue itself
    "jira_issues": None,
    "jira_issue_comments": ("comment", "updated"),
    "jira_issue_worklogs": ("worklog", "updated"),
    "jira_issue_changelogs": ("changelog", "created"),
    "jira_issue_field_history": ("changelog", "created"),
}


@pytest.mark.slow  # 2 reads of the 11 streams: 15-30 s
def test_an_incremental_read_after_edits_keeps_each_streams_state_and_shares_pages_where_bounds_agree(
    fake_api, frozen_clock
):
    config = paged_config(fake_api, "cloud")
    first = read_streams(config, ISSUE_STREAMS)
    assert not first.errors
    states = {stream: stream_state(first, stream) for stream in ISSUE_STREAMS}
    cursors = {stream: site_cursor(states[stream]) for stream in INCREMENTAL}
    assert len(set(cursors.values())) == 1, "members that read the same pages end on the same cursor"
    full_refresh = [stream for stream in ISSUE_STREAMS if stream not in INCREMENTAL]
    assert all("sync" not in states[stream] for stream in full_refresh), "a completed full refresh keeps no progress"

    frozen_clock.advance(timedelta(minutes=10))
    data = fake_api.dataset
    with_children = [issue for issue in data.issue_children if data.children(issue, "comment")]
    data.add_comment(with_children[0])
    data.add_worklog(with_children[1])
    add_history(data, with_children[2], frozen_clock.now())
    data.touch_issues([with_children[3]], frozen_clock.now())
    fake_api.clear_requests()
    builder = StateBuilder()
    for stream, value in states.items():
        builder = builder.with_stream_state(stream, dict(value))
    second = read_streams(config, ISSUE_STREAMS, state=builder.build())
    assert not second.errors

    by_stream = records_by_stream(second)
    cursor = next(iter(cursors.values()))
    touched = {issue["id"] for issue in data.jira_issues if parse(issue["fields"]["updated"]) >= cursor}
    assert touched == set(with_children[:4])
    assert {record["id"] for record in by_stream["jira_issues"]} == touched
    for stream in ("jira_issue_comments", "jira_issue_worklogs", "jira_issue_changelogs"):
        kind, field = INCREMENTAL[stream]
        expected = changed_since(data, kind, field, cursor)
        assert expected and {str(record["id"]) for record in by_stream[stream]} == expected, stream
    changelogs = changed_since(data, "changelog", "created", cursor)
    assert {record["changelogId"] for record in by_stream["jira_issue_field_history"]} == changelogs
    assert_exactly_the_fakes_records(fake_api, second, full_refresh, "cloud")  # full refresh: everything again
    for stream in INCREMENTAL:
        assert site_cursor(stream_state(second, stream)) > cursor, f"{stream}: the cursor did not move"
    assert all("sync" not in stream_state(second, stream) for stream in full_refresh)

    sent = pages(fake_api)
    assert len(set(sent)) == len(sent), "a search page was fetched twice"
    start = datetime.fromisoformat(config["jira"]["start_date"].replace("Z", "+00:00"))
    bounds = {str(int(moment.timestamp() * 1000)) for moment in (start, cursor)}
    assert {request.updated_from for request in sent} == bounds, "one pass per lower bound: start_date, the cursor"


@pytest.mark.slow  # 2 reads of the 11 streams: 15-30 s
def test_a_stream_that_failed_resumes_its_own_windows_while_the_others_share_theirs(fake_api):
    """jira_issue_watchers fails part-way (a 401 on one per-issue request): the others finish. The next read resumes
    watchers from its own saved windows and positions; the pages its state makes different are its own, every page
    is still fetched once, and together the two reads miss no watcher."""
    config = paged_config(fake_api, "cloud")
    watched = sorted(
        (issue for issue in fake_api.dataset.jira_issues if issue["fields"]["watches"]["watchCount"] > 0),
        key=lambda issue: int(issue["id"]),
    )
    fake_api.faults.add(rf"/rest/api/3/issue/{watched[len(watched) // 2]['id']}/watchers$", 401)
    first = read_streams(config, ISSUE_STREAMS)
    assert [e.trace.error.stream_descriptor.name for e in first.errors if e.trace.error.stream_descriptor] == [
        "jira_issue_watchers"
    ]
    states = {stream: stream_state(first, stream) for stream in ISSUE_STREAMS}
    assert "sync" in states["jira_issue_watchers"], "the failed stream saved its progress"
    others = [stream for stream in ISSUE_STREAMS if stream != "jira_issue_watchers"]
    assert all("sync" not in states[stream] for stream in others)

    fake_api.clear_requests()
    builder = StateBuilder()
    for stream, value in states.items():
        builder = builder.with_stream_state(stream, dict(value))
    second = read_streams(config, ISSUE_STREAMS, state=builder.build())
    assert not second.errors
    full_refresh = [stream for stream in others if stream not in INCREMENTAL]
    assert_exactly_the_fakes_records(fake_api, second, full_refresh, "cloud")
    watchers = primary_keys(
        records_by_stream(first)["jira_issue_watchers"] + records_by_stream(second)["jira_issue_watchers"],
        PRIMARY_KEYS["jira_issue_watchers"],
    )
    assert set(watchers) == fake_api.dataset.ids("jira_issue_watchers"), "a watcher was lost across the failure"
    assert sum(watchers.values()) < 2 * len(watchers), "the resumed read re-read everything"
    sent = pages(fake_api)
    assert len(set(sent)) == len(sent), "a search page was fetched twice"
