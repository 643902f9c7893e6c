"""The page store of the one issue-search pass (http/shared_pages.py), with real threads and real `requests`
responses: one fetch per key while its readers ask, a page dropped once its readers took it, a byte bound that falls
back to fetching, a failed fetch that each waiter retries on its own, and a response object per taker."""

import logging
import threading
import time

import pytest
import requests

from source_jira_octopus.http.responses import json_body
from source_jira_octopus.http.shared_pages import SharedPages
from source_jira_octopus.jira.search_pass import IssueSearchPass, requested_view, union_expand, union_fields
from source_jira_octopus.jira.streams.issue_children_embedded import JiraIssueChangelogs, JiraIssueComments
from source_jira_octopus.jira.streams.issue_children_per_issue import JiraIssueWatchers
from source_jira_octopus.jira.streams.issues import JiraIssues


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


def test_readers_asking_at_once_share_one_fetch_and_the_page_is_dropped_after_the_last():
    pages, server = SharedPages(), Server()
    gate, got = threading.Event(), []
    fetch = server.fetch("page-1", gate)
    in_flight = threading.Event()

    def leading_fetch():
        in_flight.set()
        return fetch()

    def reader(send):
        got.append(pages.take("page-1", 3, send)[1])

    threads = [threading.Thread(target=reader, args=(leading_fetch,))]
    threads[0].start()
    assert in_flight.wait(5)
    threads += [threading.Thread(target=reader, args=(fetch,)) for _ in range(2)]
    for thread in threads[1:]:
        thread.start()
    time.sleep(0.1)  # the two others ask while the first request is in flight (had they come after, same outcome)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert server.fetches == ["page-1"]
    assert len(got) == 3 and len({id(response) for response in got}) == 3
    assert {json_body(response)["key"] for response in got} == {"page-1"}
    assert len(pages) == 0 and pages.held_bytes == 0 and pages.stats.shared == 2


def test_a_page_is_kept_until_every_expected_reader_took_it():
    pages, server = SharedPages(), Server()
    pages.take("page-1", 2, server.fetch("page-1"))
    assert len(pages) == 1 and pages.held_bytes > 100
    pages.take("page-1", 2, server.fetch("page-1"))
    assert server.fetches == ["page-1"] and len(pages) == 0 and pages.held_bytes == 0
    pages.take("page-1", 2, server.fetch("page-1"))  # a reader nobody counted asks again: it fetches
    assert server.fetches == ["page-1", "page-1"]


def test_past_the_byte_bound_a_page_is_not_kept_and_each_later_reader_fetches_it():
    server = Server(size=1000)
    pages = SharedPages(max_bytes=1500)
    for key in ("page-1", "page-2"):
        pages.take(key, 3, server.fetch(key))
    assert len(pages) == 1 and pages.stats.not_kept == 1 and pages.stats.peak_bytes <= 1500
    for _ in range(2):
        for key in ("page-1", "page-2"):
            pages.take(key, 3, server.fetch(key))
    # page-2 never fitted beside page-1 (held for its third reader): each later reader fetched it itself
    assert server.fetches == ["page-1", "page-2", "page-2", "page-2"]
    assert pages.stats.not_kept == 2 and pages.stats.shared == 2
    assert len(pages) == 0 and pages.held_bytes == 0


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
            pages.take("page-1", 2, failing)
        except ConnectionError as error:
            errors.append(error)

    first = threading.Thread(target=leader)
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=lambda: got.append(pages.take("page-1", 2, server.fetch("page-1"))))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert len(errors) == 1 and len(got) == 1 and server.fetches == ["page-1"]
    assert len(pages) == 0


def test_each_taker_parses_its_own_copy():
    pages, server = SharedPages(), Server()
    _, mine = pages.take("page-1", 2, server.fetch("page-1"))
    json_body(mine)["key"] = "edited by the first stream"
    _, theirs = pages.take("page-1", 2, server.fetch("page-1"))
    assert json_body(theirs)["key"] == "page-1" and theirs.content is mine.content


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
    issue = {"id": "1", "fields": {}, "changelog": {"histories": []}, "transitions": [], "renderedFields": {}}
    assert requested_view(issue, "renderedFields", "changelog,renderedFields,transitions") == {
        "id": "1",
        "fields": {},
        "renderedFields": {},
    }
    assert requested_view(issue, "changelog", "changelog") is issue
