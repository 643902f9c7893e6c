"""The page store of the one issue-search pass (http/shared_pages.py), with real threads and real `requests`
responses: one fetch per key while its readers ask, a page dropped once its readers took it, a byte bound that falls
back to fetching, a failed fetch that each waiter retries on its own, and a response object per taker."""

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
import pytest
import requests

from source_jira_octopus.http import shared_pages
from source_jira_octopus.http.checkpoints import NullCheckpoint
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.shared_pages import SharedPages
from source_jira_octopus.jira.partitions import JQL, key_plan, slice_for
from source_jira_octopus.jira.search_pass import IssueSearchPass, requested_view, union_expand, union_fields
from source_jira_octopus.jira.streams.issue_children_embedded import JiraIssueChangelogs, JiraIssueComments
from source_jira_octopus.jira.streams.issue_children_per_issue import JiraIssueWatchers
from source_jira_octopus.jira.streams.issues import JiraIssues
from source_jira_octopus.state.saved import SITE_WIDE


class Server:
    """Counts fetches; each answers a JSON page of `size` bytes (roughly) naming its key."""

    def __init__(self, size: int = 100) -> None:
        self.fetches: list[str] = []
        self.size = size
        self._lock = threading.Lock()

    def fetch(self, key: str, gate: threading.Event | None = None):
        def send():
            if gate is not None:
                assert gate.wait(5), "the other readers never asked"
            with self._lock:
                self.fetches.append(key)
            response = requests.Response()
            response.status_code = 200
            response._content = b'{"key": "%s", "pad": "%s"}' % (key.encode(), b"x" * self.size)
            response.request = requests.Request("POST", f"https://jira.test/{key}").prepare()
            return response.request, response

        return send


def split(response, readers):
    """Each reader's body: the page's key and the reader's name, padded to the page's size."""
    key = json_body(response)["key"]
    return {
        reader: b'{"key": "%s", "for": "%s", "pad": "%s"}' % (key.encode(), reader.encode(), b"x" * 90)
        for reader in readers
    }


READERS = frozenset({"a", "b", "c"})


def test_readers_asking_at_once_share_one_fetch_and_each_gets_its_own_body():
    pages, server = SharedPages(), Server()
    gate, got = threading.Event(), {}
    fetch = server.fetch("page-1", gate)
    in_flight = threading.Event()

    def leading_fetch():
        in_flight.set()
        return fetch()

    def reader(name, send):
        got[name] = pages.take("page-1", name, READERS, send, split)[1]

    threads = [threading.Thread(target=reader, args=("a", leading_fetch))]
    threads[0].start()
    assert in_flight.wait(5)
    threads += [threading.Thread(target=reader, args=(name, fetch)) for name in ("b", "c")]
    for thread in threads[1:]:
        thread.start()
    time.sleep(0.1)  # the two others ask while the first request is in flight (had they come after, same outcome)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert server.fetches == ["page-1"]
    assert "for" not in json_body(got["a"]), "the leader reads the page as it came"
    assert {name: json_body(got[name])["for"] for name in ("b", "c")} == {"b": "b", "c": "c"}
    assert {json_body(response)["key"] for response in got.values()} == {"page-1"}
    assert len(pages) == 0 and pages.held_bytes == 0 and pages.stats.shared == 2


def test_a_body_is_kept_until_its_reader_took_it_and_a_reader_not_named_fetches_on_its_own():
    pages, server = SharedPages(), Server()
    pages.take("page-1", "a", frozenset({"a", "b"}), server.fetch("page-1"), split)
    assert len(pages) == 1 and 0 < pages.held_bytes < 200
    pages.take("page-1", "x", frozenset({"a", "b"}), server.fetch("page-1"), split)  # not named: its own request
    assert server.fetches == ["page-1", "page-1"] and len(pages) == 1
    _, response = pages.take("page-1", "b", frozenset({"a", "b"}), server.fetch("page-1"), split)
    assert json_body(response)["for"] == "b"
    assert server.fetches == ["page-1", "page-1"] and len(pages) == 0 and pages.held_bytes == 0


def test_past_the_byte_bound_a_page_is_not_kept_and_its_later_readers_fetch_it():
    server = Server()
    pages = SharedPages(max_bytes=300)  # the two bodies of one page (~130 bytes each), not of two
    for key in ("page-1", "page-2"):
        pages.take(key, "a", READERS, server.fetch(key), split)
    assert len(pages) == 1 and pages.stats.not_kept == 1 and pages.stats.peak_bytes <= 300
    for name in ("b", "c"):
        for key in ("page-1", "page-2"):
            pages.take(key, name, READERS, server.fetch(key), split)
    # page-2 did not fit beside page-1: b fetched it again and kept it for c (page-1 had gone by then)
    assert server.fetches == ["page-1", "page-2", "page-2"]
    assert len(pages) == 0 and pages.held_bytes == 0 and pages.stats.shared == 3


def test_a_failed_fetch_is_nobodys_page_each_waiter_sends_its_own_request():
    pages, server = SharedPages(), Server()
    started, release = threading.Event(), threading.Event()

    def failing():
        started.set()
        assert release.wait(5)
        raise ConnectionError("reset")

    errors, got = [], []

    def leader():
        try:
            pages.take("page-1", "a", READERS, failing, split)
        except ConnectionError as error:
            errors.append(error)

    first = threading.Thread(target=leader)
    first.start()
    assert started.wait(5)
    second = threading.Thread(
        target=lambda: got.append(pages.take("page-1", "b", READERS, server.fetch("page-1"), split))
    )
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert len(errors) == 1 and len(got) == 1 and server.fetches == ["page-1"]


def test_each_body_is_a_response_of_its_own():
    pages, server = SharedPages(), Server()
    _, first = pages.take("page-1", "a", READERS, server.fetch("page-1"), split)
    _, second = pages.take("page-1", "b", READERS, server.fetch("page-1"), split)
    _, third = pages.take("page-1", "c", READERS, server.fetch("page-1"), split)
    json_body(second)["key"] = "edited by b"
    assert json_body(third)["key"] == "page-1" and json_body(first)["key"] == "page-1"
    assert second.request is third.request and second.headers == first.headers


def test_the_pass_asks_for_the_union_of_its_members_fields_and_expands():
    assert union_fields([JiraIssueComments, JiraIssueWatchers]) == ("comment", "updated", "watches")
    assert union_fields([JiraIssueComments, JiraIssues]) == ("*all",)
    assert union_expand([JiraIssueComments, JiraIssueChangelogs, JiraIssueWatchers]) == "changelog"


@pytest.mark.parametrize(
    "selected, members",
    [
        (None, None),  # discover, check: no catalog
        ({"jira_issues", "jira_projects"}, None),  # one issue-search stream: it asks for its own fields
        ({"jira_issues", "jira_issue_comments"}, {"jira_issues", "jira_issue_comments"}),
    ],
)
def test_a_pass_exists_only_for_two_or_more_selected_issue_search_streams(selected, members):
    found = IssueSearchPass.for_read([JiraIssues, JiraIssueComments, JiraIssueWatchers], selected, logging.getLogger())
    assert (found.names if found else None) == members


def test_an_issue_keeps_only_what_its_own_request_would_have_had():
    issue = {"id": "1", "fields": {"a": 1, "b": 2}, "changelog": {"histories": []}, "transitions": [], "names": {}}
    assert requested_view(issue, "names", "changelog,names,transitions") == {
        "id": "1",
        "fields": {"a": 1, "b": 2},
        "names": {},
    }
    assert requested_view(issue, "", "changelog", ("b", "missing")) == {
        "id": "1",
        "fields": {"b": 2},
        "transitions": [],
        "names": {},
    }
    assert requested_view(issue, "changelog", "changelog") is issue


def test_readers_with_the_same_needs_hold_one_body():
    pages, server = SharedPages(), Server()

    def same_body(response, readers):
        body = b'{"key": "shared"}'
        return dict.fromkeys(readers, body)

    pages.take("page-1", "a", READERS, server.fetch("page-1"), same_body)
    assert pages.held_bytes == len(b'{"key": "shared"}')
    pages.take("page-1", "b", READERS, server.fetch("page-1"), same_body)
    assert pages.held_bytes == len(b'{"key": "shared"}'), "c still needs the bytes b took"
    pages.take("page-1", "c", READERS, server.fetch("page-1"), same_body)
    assert pages.held_bytes == 0 and server.fetches == ["page-1"]


def test_a_withdrawn_reader_leaves_no_body_of_its_group_and_no_later_page_is_cut_for_it():
    pages, server = SharedPages(), Server()
    for key in ("w1-page-1", "w1-page-2"):
        pages.take(key, "a", READERS, server.fetch(key), split, group="window-1")
    pages.take("w2-page-1", "a", READERS, server.fetch("w2-page-1"), split, group="window-2")
    held = pages.held_bytes
    pages.withdraw("b", "window-1")  # b's partition of window 1 ended (say, failed): its two bodies go
    assert 0 < pages.held_bytes < held and len(pages) == 3
    pages.take("w1-page-1", "c", READERS, server.fetch("w1-page-1"), split, group="window-1")
    assert len(pages) == 2, "w1-page-1 went with its last reader's body"
    pages.withdraw("c")  # c will ask for nothing more: w1-page-2 had only c's body left; w2-page-1 keeps b's
    assert len(pages) == 1
    _, response = pages.take("w2-page-1", "b", READERS, server.fetch("w2-page-1"), split, group="window-2")
    assert json_body(response)["for"] == "b"
    assert len(pages) == 0 and pages.held_bytes == 0
    assert server.fetches == ["w1-page-1", "w1-page-2", "w2-page-1"]


def test_a_reader_withdrawn_while_its_page_is_in_flight_gets_no_body_cut():
    pages, server = SharedPages(), Server()
    gate = threading.Event()
    leader = threading.Thread(
        target=lambda: pages.take("page-1", "a", READERS, server.fetch("page-1", gate), split, group="w")
    )
    leader.start()
    time.sleep(0.1)  # a's request is in flight
    pages.withdraw("b", "w")
    gate.set()
    leader.join(5)
    assert len(pages) == 1
    pages.take("page-1", "b", READERS, server.fetch("page-1"), split, group="w")  # withdrawn: its own request
    pages.take("page-1", "c", READERS, server.fetch("page-1"), split, group="w")
    assert server.fetches == ["page-1", "page-1"] and len(pages) == 0 and pages.held_bytes == 0


class HookedEvent(threading.Event):
    """A flight's `done` that runs the test's `after_wait` in a waiter's thread once it is set, before the waiter
    looks at the flight: what another thread might do in that instant."""

    after_wait: list = []

    def wait(self, timeout=None):
        done = super().wait(timeout)
        while HookedEvent.after_wait:
            HookedEvent.after_wait.pop()()
        return done


@dataclass
class HookedFlight(shared_pages._Flight):
    done: threading.Event = field(default_factory=HookedEvent)


def test_a_reader_that_fetched_a_page_not_kept_is_not_counted_for_the_next_flight_of_it(monkeypatch):
    """b waits for page-2, which does not fit; before b looks, c asks for page-2 and (room made) keeps it for the
    readers still to come. b, which then fetches page-2 on its own, must not be one of them, or its body would stay
    held to the end of the read."""
    monkeypatch.setattr(shared_pages, "_Flight", HookedFlight)
    server = Server()
    pages = SharedPages(max_bytes=300)
    pages.take("page-1", "a", READERS, server.fetch("page-1"), split)  # holds b's and c's bodies: ~260 bytes
    gate, in_flight = threading.Event(), threading.Event()
    fetch = server.fetch("page-2", gate)

    def leading_fetch():
        in_flight.set()
        return fetch()

    def meanwhile():  # in b's thread, after a's flight is done and before b looks at it
        for name in ("b", "c"):
            pages.take("page-1", name, READERS, server.fetch("page-1"), split)
        pages.take("page-2", "c", READERS, server.fetch("page-2"), split)
        assert len(pages) == 1, "c kept page-2 for the readers still to come"

    leading = threading.Thread(target=lambda: pages.take("page-2", "a", READERS, leading_fetch, split))
    leading.start()
    assert in_flight.wait(5)
    HookedEvent.after_wait.append(meanwhile)
    waiter = threading.Thread(target=lambda: pages.take("page-2", "b", READERS, server.fetch("page-2"), split))
    waiter.start()
    time.sleep(0.1)  # b waits on a's flight
    gate.set()
    leading.join(5)
    waiter.join(5)
    assert not HookedEvent.after_wait and pages.stats.not_kept == 1
    assert server.fetches == ["page-1", "page-2", "page-2", "page-2"]  # a's, c's, b's own
    assert pages.held_bytes == 0 and len(pages) == 0


class Member:
    """What the pass asks of a member: its name, its lower bound and its checkpoint (nothing saved)."""

    def __init__(self, name, start):
        self.name, self.start, self.checkpoint = name, start, NullCheckpoint()

    def lower_bound(self, key):
        return self.start


class SearchServer:
    """A client whose every search request answers one page of two issues."""

    def __init__(self):
        self.sent = 0

    def send_request(self, **kwargs):
        self.sent += 1
        response = requests.Response()
        response.status_code = 200
        issues = [{"id": str(i), "fields": {"comment": {"comments": []}, "watches": {"watchCount": i}}} for i in (1, 2)]
        response._content = orjson.dumps({"issues": issues, "isLast": True})
        response.request = requests.Request("POST", "https://jira.test/rest/api/3/search/jql").prepare()
        return response.request, response


def test_a_member_whose_partition_ended_leaves_no_page_held_for_it():
    """jira_issues leads the window's page; watchers' partition of that window fails before it asks: its body goes
    at once, not at the end of the read; comments still takes its own."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    search = IssueSearchPass([JiraIssues, JiraIssueComments, JiraIssueWatchers], logging.getLogger())
    members = {name: Member(name, start) for name in ("jira_issues", "jira_issue_comments", "jira_issue_watchers")}
    assert all(search.join(member) for member in members.values())
    assert search.boundaries(SITE_WIDE, start, lambda: ([], None)) == ([], None)  # one window: the whole site
    server = SearchServer()
    jql = slice_for(key_plan(SITE_WIDE, start, NullCheckpoint(), []), (None, None))[JQL]
    request = {"http_method": "POST", "url": "https://jira.test/rest/api/3/search/jql", "json": {"jql": jql}}

    search.client_for(server, members["jira_issues"]).send_request(**request)
    assert len(search.pages) == 1 and search.readers(jql) == set(members)
    held = search.pages.held_bytes
    search.partition_done(members["jira_issue_watchers"], jql)
    assert 0 < search.pages.held_bytes < held and search.readers(jql) == {"jira_issues", "jira_issue_comments"}
    _, response = search.client_for(server, members["jira_issue_comments"]).send_request(**request)
    assert [issue["fields"] for issue in json_body(response)["issues"]] == [{"comment": {"comments": []}}] * 2
    assert server.sent == 1 and len(search.pages) == 0 and search.pages.held_bytes == 0


def test_a_page_cut_for_nobody_is_the_leaders_and_each_other_reader_fetches_its_own():
    """An error answer (`bodies` cuts nothing from it) or a body `split` cannot read: the leader reads the response
    as it came, and no one else is handed it."""
    server = Server()

    def not_json(response, readers):
        raise ValueError("not JSON")

    for name, cut in (("error", lambda response, readers: {}), ("not-json", not_json)):
        pages = SharedPages()
        _, response = pages.take(name, "a", READERS, server.fetch(name), cut)
        assert json_body(response)["key"] == name and len(pages) == 0 and pages.held_bytes == 0
        pages.take(name, "b", READERS, server.fetch(name), split)  # its own request, whose page it keeps for c
        _, response = pages.take(name, "c", READERS, server.fetch(name), split)
        assert json_body(response)["for"] == "c" and len(pages) == 0
    assert server.fetches == ["error", "error", "not-json", "not-json"]


def test_an_error_answer_of_the_pass_is_handed_to_no_other_member():
    response = requests.Response()
    response.status_code = 503
    response._content = b'{"issues": []}'
    search = IssueSearchPass([JiraIssues, JiraIssueComments], logging.getLogger())
    assert search.bodies(response, frozenset({"jira_issue_comments"})) == {}
    response.status_code = 200
    assert set(search.bodies(response, frozenset({"jira_issue_comments"}))) == {"jira_issue_comments"}
