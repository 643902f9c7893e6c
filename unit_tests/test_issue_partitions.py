import json
import logging
import math
import random
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import requests
from airbyte_cdk.models import AirbyteMessageSerializer
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import InMemoryMessageRepository
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import parse_config
from source_jira_octopus.http.budget import per_second_budget
from source_jira_octopus.http.checkpoints import NullCheckpoint
from source_jira_octopus.http.parents import ParentDirectory
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.jira.auth import NoAuthentication
from source_jira_octopus.jira.base import JiraContext
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING
from source_jira_octopus.jira.partitions import (
    epoch_ms,
    issue_jql,
    last_issue_id,
    remaining,
    split,
    window_count,
)
from source_jira_octopus.jira.site import CLOUD, DATA_CENTER, JiraSite
from source_jira_octopus.jira.streams.issues import JiraIssues
from source_jira_octopus.state.checkpoint import PartitionCheckpoint
from source_jira_octopus.state.saved import parse_saved_state

LOGGER = logging.getLogger("test")
START = datetime(2026, 1, 1, tzinfo=UTC)
EARLIEST = "2026-02-01T00:00:00.000+0000"
EARLIEST_MS = epoch_ms(datetime(2026, 2, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "done, expected",
    [
        ([], [(None, None)]),
        ([(None, None)], []),
        ([(None, 100)], [(100, None)]),
        ([(100, None)], [(None, 100)]),
        ([(None, 100), (100, None)], []),
        ([(100, None), (None, 100)], []),
        ([(200, 300), (None, 100), (100, 200), (300, None)], []),
        ([(100, 200), (50, 150)], [(None, 50), (200, None)]),  # overlapping and unsorted
        ([(300, 400), (100, 200)], [(None, 100), (200, 300), (400, None)]),
        ([(0, 1000), (10, 20)], [(None, 0), (1000, None)]),  # nested
        ([(100, 200), (100, 200)], [(None, 100), (200, None)]),  # the same window saved twice
        ([(500, None), (None, 100)], [(100, 500)]),  # open-ended on both sides
    ],
)
def test_remaining(done, expected):
    assert remaining(done) == expected


@pytest.mark.parametrize(
    "gap, boundaries, expected",
    [
        ((None, None), [], [(None, None)]),
        ((None, None), [10, 20], [(None, 10), (10, 20), (20, None)]),
        ((100, 200), [50, 100, 150, 200, 250], [(100, 150), (150, 200)]),  # only boundaries strictly inside
        ((100, None), [50, 99], [(100, None)]),
        ((None, 100), [100, 150], [(None, 100)]),
        ((None, 100), [5], [(None, 5), (5, 100)]),
    ],
)
def test_split(gap, boundaries, expected):
    assert split(gap, boundaries) == expected


@pytest.mark.parametrize(
    "issues, page_size, workers, expected",
    [
        (None, 100, 8, 8),  # unknown count: one window per worker
        (None, 100, 1, 1),
        (0, 100, 8, 1),
        (1, 100, 8, 1),  # never more windows than pages
        (350, 100, 8, 4),
        (800, 100, 8, 8),
        (10_000, 100, 8, 8),  # 100 pages: the workers decide
        (1_000_000, 100, 8, 200),  # 10,000 pages: one window per 50 pages
        (1_000_001, 100, 8, 201),
        (1_000_000, 100, 400, 400),
    ],
)
def test_window_count(issues, page_size, workers, expected):
    count = window_count(issues, page_size, workers)
    assert count == expected
    if issues is not None:
        assert 1 <= count <= max(1, math.ceil(issues / page_size))


def covers(window, point):
    low, high = window
    return (low is None or low <= point) and (high is None or point < high)


@pytest.mark.parametrize("seed", range(40))
def test_remaining_and_split_tile_the_gaps_exactly(seed):
    rng = random.Random(seed)
    done = []
    for _ in range(rng.randint(0, 6)):
        low, high = sorted(rng.sample(range(0, 1000), 2))
        done.append((None if rng.random() < 0.15 else low, None if rng.random() < 0.15 else high))
    boundaries = sorted(set(rng.sample(range(-50, 1050), rng.randint(0, 12))))
    windows = [window for gap in remaining(done) for window in split(gap, boundaries)]
    for low, high in windows:
        assert low is None or high is None or low < high
    for point in [-(10**12), *range(-60, 1061), 10**12]:
        in_done = any(covers(window, point) for window in done)
        assert sum(covers(window, point) for window in windows) == (0 if in_done else 1), (point, done, windows)


class StubClient:
    """Records every probe; answers by path (and by the JQL's project) with canned bodies."""

    def __init__(self, bodies, failing=()):
        self.bodies, self.failing, self.calls, self._lock = bodies, set(failing), [], threading.Lock()

    def _answer(self, method, path, payload):
        with self._lock:
            self.calls.append((method, path, payload))
        if path in self.failing:
            raise AirbyteTracedException(message=f"Jira API error: POST {path} returned HTTP 404.")
        answer = self.bodies[path]
        return answer(payload) if callable(answer) else answer

    def get(self, path, params=None):
        return self._answer("GET", path, params)

    def post(self, path, body):
        return self._answer("POST", path, body)

    def send(self, method, path, params=None, body=None):
        """The Cloud probe asks for the whole response (its `Date` places the search's end bound); none is sent."""
        response = requests.Response()
        response.status_code, response._content = 200, json.dumps(self._answer(method, path, body)).encode()
        response.headers["Content-Type"] = "application/json"
        return response


def by_project(answers):
    return lambda payload: next(body for key, body in answers.items() if f'project = "{key}"' in payload["jql"])


def jira_context(client, deployment=CLOUD, projects=("A", "B"), workers=4, lookback=60, search_lag=0):
    raw = {
        "jira": {
            "base_url": "https://acme.atlassian.net",
            "deployment": deployment,
            "projects": list(projects),
            "credentials": {"auth_type": "api_token", "email": "me@example.com", "api_token": "t"},
            "start_date": START.isoformat(),
            "lookback_window_minutes": lookback,
            "page_size": 50,
            "search_lag_minutes": search_lag,  # the end bound's own tests: unit_tests/test_search_end.py
        }
    }
    config = parse_config(raw).jira
    settings = HttpSettings("Jira", JIRA_ERROR_MAPPING, NoAuthentication(), per_second_budget(50), 30)
    site = JiraSite(deployment, config.base_url)
    return JiraContext(settings, config.page_size, ParentDirectory(), config, site, client, workers, LOGGER)


def issues_stream(context, cursor=None):
    """`jira_issues` built with its checkpoint (a null one when none is given), as a read builds it."""
    return JiraIssues(replace(context, checkpoints=lambda name: NullCheckpoint() if cursor is None else cursor))


def checkpoint(raw, incremental=True):
    return PartitionCheckpoint(
        "jira_issues",
        parse_saved_state("jira_issues", raw),
        incremental,
        lambda m: None,
        InMemoryMessageRepository(),
        ConnectorStateManager(),
    )


def windows_of(slices, partition):
    return [(s["window_from"], s["window_to"]) for s in slices if s["partition"] == partition]


def assert_tiles_the_line(windows):
    assert windows[0][0] is None and windows[-1][1] is None
    assert all(windows[i][1] == windows[i + 1][0] for i in range(len(windows) - 1))


def test_cloud_probes_search_jql_and_approximate_count_per_project():
    issue = {"issues": [{"id": "1", "fields": {"created": EARLIEST}}]}
    client = StubClient(
        {
            "rest/api/3/search/jql": by_project({"A": issue, "B": {"issues": []}}),
            "rest/api/3/search/approximate-count": by_project({"A": {"count": 10_000}, "B": {"count": 0}}),
        }
    )
    slices = issues_stream(jira_context(client)).partitions()
    searches = [payload for method, path, payload in client.calls if path == "rest/api/3/search/jql"]
    counts = [payload for method, path, payload in client.calls if path.endswith("approximate-count")]
    assert {method for method, _, _ in client.calls} == {"POST"}
    assert len(searches) == 4 and len(counts) == 2  # the earliest and the latest `created` of each key
    assert sorted(payload["jql"].rsplit(" ", 1)[1] for payload in searches) == ["ASC", "ASC", "DESC", "DESC"]
    for payload in searches:
        assert " ORDER BY created " in payload["jql"] and "ORDER BY id" not in payload["jql"]
        assert payload["maxResults"] == 1 and payload["fields"] == ["created"]
    for payload in counts:
        assert "ORDER BY" not in payload["jql"] and f"updated >= {epoch_ms(START)}" in payload["jql"]
    a_windows = windows_of(slices, "A")
    assert len(a_windows) == 4  # 10,000 issues / 50 per page = 200 pages -> max(4 workers, 200 / 50)
    assert_tiles_the_line(a_windows)
    assert a_windows[0][1] > EARLIEST_MS
    assert windows_of(slices, "B") == [(None, None)]  # no issues: one open window
    for stream_slice in slices:
        project = stream_slice["partition"]
        window = (stream_slice["window_from"], stream_slice["window_to"])
        assert stream_slice["jql"] == issue_jql(START, project, window)


def test_data_center_probes_the_legacy_search_and_uses_its_total():
    client = StubClient({"rest/api/2/search": {"total": 120, "issues": [{"id": "1", "fields": {"created": EARLIEST}}]}})
    slices = issues_stream(jira_context(client, DATA_CENTER, projects=("A",))).partitions()
    assert len(client.calls) == 2
    for order in ("ASC", "DESC"):  # the earliest and the latest `created`
        (params,) = [params for _, _, params in client.calls if params["jql"].endswith(order)]
        assert params["jql"] == f'updated >= {epoch_ms(START)} AND project = "A" ORDER BY created {order}'
        assert params["fields"] == "created" and params["maxResults"] == 1 and params["startAt"] == 0
    assert {(method, path) for method, path, _ in client.calls} == {("GET", "rest/api/2/search")}
    assert len(windows_of(slices, "A")) == 3  # 120 issues at 50 a page: 3 pages, fewer than the 4 workers


@pytest.mark.parametrize("deployment", [CLOUD, DATA_CENTER])
def test_windows_divide_the_span_from_the_earliest_to_the_latest_created_not_to_now(deployment):
    """Issues created over 30 days that ended long ago: every window holds some of them (to now, most would not)."""
    latest_ms = EARLIEST_MS + 30 * 86_400_000

    def probe(payload):
        created = "2026-03-03T00:00:00.000+0000" if payload["jql"].endswith("DESC") else EARLIEST
        return {"total": 10_000, "issues": [{"id": "1", "fields": {"created": created}}]}

    path = "rest/api/3/search/jql" if deployment == CLOUD else "rest/api/2/search"
    client = StubClient({path: probe, "rest/api/3/search/approximate-count": {"count": 10_000}})
    windows = windows_of(issues_stream(jira_context(client, deployment, projects=("A",))).partitions(), "A")
    assert_tiles_the_line(windows)
    inner = [bound for window in windows[1:] for bound in window if bound is not None]
    assert len(windows) == 4 and min(inner) > EARLIEST_MS and max(inner) <= latest_ms
    widths = [high - low for low, high in windows[1:-1]]
    assert max(widths) - min(widths) <= 1 and abs(windows[0][1] - EARLIEST_MS - widths[0]) <= 1


def test_failing_approximate_count_falls_back_to_one_window_per_worker():
    client = StubClient(
        {"rest/api/3/search/jql": {"issues": [{"id": "1", "fields": {"created": EARLIEST}}]}},
        failing={"rest/api/3/search/approximate-count"},
    )
    slices = issues_stream(jira_context(client, projects=(), workers=6)).partitions()
    windows = windows_of(slices, "*")
    assert len(windows) == 6
    assert_tiles_the_line(windows)
    assert all("project" not in s["jql"] for s in slices)  # the site-wide partition has no project clause


@pytest.mark.parametrize(
    "saved_cursor, expected_from",
    [
        (None, START),
        (START + timedelta(days=2), START + timedelta(days=2) - timedelta(minutes=60)),
        (START + timedelta(minutes=30), START),  # the lookback never reaches before start_date
        (START - timedelta(days=30), START),
    ],
)
def test_slices_read_from_the_saved_cursor_minus_lookback_but_not_before_start_date(saved_cursor, expected_from):
    raw = {"state_version": 2, "partitions": {"A": {"cursor": saved_cursor.isoformat()}}} if saved_cursor else None
    client = StubClient({"rest/api/3/search/jql": {"issues": []}, "rest/api/3/search/approximate-count": {"count": 0}})
    stream = issues_stream(jira_context(client, projects=("A", "B")), checkpoint(raw))
    slices = stream.partitions()
    assert stream.updated_from({"partition": "A"}) == expected_from
    assert stream.updated_from({"partition": "B"}) == START
    by_partition = {s["partition"]: s for s in slices}
    assert by_partition["A"]["jql"] == issue_jql(expected_from, "A", (None, None))
    probes_of_a = [payload["jql"] for _, _, payload in client.calls if 'project = "A"' in payload["jql"]]
    assert len(probes_of_a) == 3 and all(f"updated >= {epoch_ms(expected_from)} " in jql for jql in probes_of_a)


def test_full_refresh_ignores_the_saved_cursor():
    raw = {"state_version": 2, "partitions": {"A": {"cursor": (START + timedelta(days=9)).isoformat()}}}
    client = StubClient({"rest/api/3/search/jql": {"issues": []}, "rest/api/3/search/approximate-count": {"count": 0}})
    stream = issues_stream(jira_context(client, projects=("A",)), checkpoint(raw, incremental=False))
    assert stream.lower_bound("A") == START
    assert stream.updated_from({"partition": "A"}) is None  # no lower bound on `updated` at all
    assert all(f"updated >= {epoch_ms(START)} " in s["jql"] for s in stream.partitions())


def test_resumed_plan_only_covers_what_the_saved_windows_do_not():
    raw = {
        "state_version": 2,
        "sync": {"started_at": "2026-03-01T00:00:00Z", "finished": [], "done": {"A": [[None, EARLIEST_MS + 1000]]}},
    }
    issue = {"issues": [{"id": "1", "fields": {"created": EARLIEST}}]}
    client = StubClient({"rest/api/3/search/jql": issue, "rest/api/3/search/approximate-count": {"count": 10_000}})
    slices = issues_stream(jira_context(client, projects=("A",)), checkpoint(raw)).partitions()
    windows = windows_of(slices, "A")
    assert windows[0][0] == EARLIEST_MS + 1000 and windows[-1][1] is None
    assert all(windows[i][1] == windows[i + 1][0] for i in range(len(windows) - 1))


class Closed:
    """A partition as the engine closes it."""

    def __init__(self, stream_slice):
        self._slice = stream_slice

    def to_slice(self):
        return self._slice

    def stream_name(self):
        return "jira_issues"


def state_of(message):
    return AirbyteMessageSerializer.dump(message)["state"]["stream"]["stream_state"]


def test_resumed_sync_moves_the_cursor_of_a_partition_that_has_nothing_left():
    old = (START + timedelta(days=3)).isoformat()
    issue = {"issues": [{"id": "1", "fields": {"created": EARLIEST}}]}
    client = StubClient({"rest/api/3/search/jql": issue, "rest/api/3/search/approximate-count": {"count": 10_000}})
    emitted, repository = [], InMemoryMessageRepository()

    def run(raw):
        cursor = PartitionCheckpoint(
            "jira_issues",
            parse_saved_state("jira_issues", raw),
            True,
            emitted.append,
            repository,
            ConnectorStateManager(),
        )
        return cursor, cursor.track(issues_stream(jira_context(client), cursor).partitions())

    first, generator = run({"state_version": 2, "partitions": {"A": {"cursor": old}, "B": {"cursor": old}}})
    for stream_slice in [next(generator) for _ in range(4)]:  # A's four windows close while B's are still queued ...
        first.close_partition(Closed(stream_slice))
    progress = state_of(emitted[-1])  # ... and the sync is killed
    assert progress["sync"]["finished"] == [] and progress["sync"]["done"]["A"] == [[None, None]]  # 4, merged
    resumed, generator = run(progress)
    rest = list(generator)
    assert {s["partition"] for s in rest} == {"B"}
    for stream_slice in rest:
        resumed.close_partition(Closed(stream_slice))
    resumed.ensure_at_least_one_state_emitted()
    (final,) = [state_of(message) for message in repository.consume_queue()]
    started = progress["sync"]["started_at"]
    assert final == {"state_version": 2, "partitions": {"A": {"cursor": started}, "B": {"cursor": started}}}


def test_a_partly_read_window_keeps_its_bounds_and_resumes_after_its_last_issue():
    partly = [EARLIEST_MS + 1000, EARLIEST_MS + 5000]
    raw = {
        "state_version": 2,
        "sync": {
            "started_at": "2026-03-01T00:00:00Z",
            "finished": [],
            "done": {"A": [[None, EARLIEST_MS + 1000]]},
            "reached": {"A": [[*partly, 10_467]]},
        },
    }
    issue = {"issues": [{"id": "1", "fields": {"created": EARLIEST}}]}
    client = StubClient({"rest/api/3/search/jql": issue, "rest/api/3/search/approximate-count": {"count": 10_000}})
    slices = issues_stream(jira_context(client, projects=("A",)), checkpoint(raw)).partitions()
    windows = windows_of(slices, "A")
    assert windows[0] == tuple(partly) and windows[0][0] == EARLIEST_MS + 1000  # not re-split by today's plan
    assert windows[-1][1] is None and all(windows[i][1] == windows[i + 1][0] for i in range(len(windows) - 1))
    (resumed,) = [s for s in slices if "resume_after" in s]
    assert resumed["resume_after"] == 10_467
    assert resumed["jql"] == issue_jql(START, "A", tuple(partly), 10_467)
    assert resumed["jql"].endswith(f"created < {partly[1]} AND id > 10467 ORDER BY id ASC")


@pytest.mark.parametrize(
    "issues, expected",
    [
        ([{"id": "10"}, {"id": "12"}], 12),
        ([{"id": "12"}, {"id": "9"}], 12),
        ([{"id": 7}], 7),
        ([], None),  # an empty page has no position (paging ends there anyway)
        ([{"id": "ABC-1"}], None),  # not a number: progress is saved when the window closes
        ([{"key": "ABC-1"}], None),
        ([{"id": True}], None),
    ],
)
def test_last_issue_id(issues, expected):
    assert last_issue_id(issues) == expected
