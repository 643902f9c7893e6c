"""Property-based tests (hypothesis) of every paginator and of the JQL builder, over arbitrary server behaviour.

Each paginator is driven the way the stream skeleton drives it (request -> records -> RepeatedPageGuard ->
next_page) against generated servers: honest ones, ones that lie about `total`/`TotalResults`, ones that ignore
the position, ones that answer random pages from a finite pool and random tokens. Paging must end within a
bounded number of pages, never emit a record twice, lose nothing from an honest server, and fail only with a
PaginationLoopError naming the URL.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from source_jira_octopus.http.paging import PaginationLoopError, RepeatedPageGuard
from source_jira_octopus.http.responses import MalformedResponseError, json_body
from source_jira_octopus.jira.paginators import (
    JiraArrayPaginator,
    JiraOffsetPaginator,
    JiraTokenPaginator,
    JiraUnpagedArrayPaginator,
)
from source_jira_octopus.jira.partitions import issue_jql, remaining, split, window_count
from source_jira_octopus.octopus.paginators import OctopusSkipTakePaginator, PageRules

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
URL = "https://acme.atlassian.net/rest/api/3/thing"
Server = Callable[[dict[str, Any], int], Any]  # (sent position, page number) -> body


def respond(method: str, position: dict[str, Any], body: Any) -> requests.Response:
    if method == "POST":
        request = requests.Request("POST", URL, json=position).prepare()
    else:
        request = requests.Request("GET", URL, params=position).prepare()
    response = requests.Response()
    response.status_code, response._content, response.request = 200, json.dumps(body).encode(), request
    response.headers["Content-Type"] = "application/json"
    return response


def drive(
    paginator: Any, server: Server, size: int, limit: int, method: str = "GET", rules: PageRules | None = None
) -> tuple[list[Any], int]:
    """Pages until the paginator stops; returns the emitted ids and the number of pages requested."""
    guard, position, emitted = RepeatedPageGuard("id"), paginator.first_page(size), []
    for page_number in range(1, limit + 1):
        response = respond(method, position, server(position, page_number))
        page = paginator.page(response, rules) if rules else paginator.records(json_body(response))
        emitted += [r["id"] for r in guard.fresh("p", response, page)]
        position = paginator.next_page(response)
        if position is None:
            return emitted, page_number
    raise AssertionError(f"{type(paginator).__name__} requested more than {limit} pages")


def run_safely(
    paginator: Any, server: Server, size: int, limit: int, method: str = "GET", rules: PageRules | None = None
) -> list[Any] | None:
    """The emitted ids, or None when paging stopped with a clear loop error."""
    try:
        emitted, _ = drive(paginator, server, size, limit, method, rules)
    except PaginationLoopError as error:
        assert "acme.atlassian.net/rest/api/3/thing" in str(error)
        return None
    assert len(emitted) == len(set(emitted)), "a record was emitted twice"
    return emitted


behaviours = st.sampled_from(["honest", "ignores_position", "random_pages"])
pool_sizes = st.integers(min_value=0, max_value=40)
page_sizes = st.integers(min_value=1, max_value=7)


def pool_server(kind: str, pool: int, size: int, draws: list[list[int]], envelope: Callable[..., Any]) -> Server:
    records = [{"id": f"r{i}"} for i in range(pool)]

    def serve(position: dict[str, Any], page_number: int) -> Any:
        start = int(position.get("startAt", position.get("skip", 0)))
        if kind == "honest":
            page = records[start : start + size]
        elif kind == "ignores_position":
            page = records[:size]
        else:
            page = [records[i % pool] for i in draws[page_number - 1]] if pool and page_number <= len(draws) else []
        return envelope(page, start, page_number)

    return serve


@EXAMPLES
@given(
    behaviours,
    pool_sizes,
    page_sizes,
    st.lists(st.lists(st.integers(0, 99), max_size=7), max_size=60),
    st.sampled_from(["none", "true", "lie_high"]),
    st.booleans(),
)
def test_offset_paginator_ends_and_never_repeats(kind, pool, size, draws, total, is_last) -> None:
    def envelope(page: list[Any], start: int, _: int) -> dict[str, Any]:
        body: dict[str, Any] = {"startAt": start, "maxResults": size, "values": page}
        if total != "none":
            body["total"] = pool if total == "true" else pool * 10 + 5
        if is_last:
            body["isLast"] = start + len(page) >= pool
        return body

    emitted = run_safely(JiraOffsetPaginator("values"), pool_server(kind, pool, size, draws, envelope), size, pool + 2)
    if kind == "honest":
        assert emitted is not None and sorted(emitted) == sorted(f"r{i}" for i in range(pool))


@EXAMPLES
@given(behaviours, pool_sizes, page_sizes, st.lists(st.lists(st.integers(0, 99), max_size=7), max_size=60))
def test_array_paginator_ends_and_never_repeats(kind, pool, size, draws) -> None:
    server = pool_server(kind, pool, size, draws, lambda page, start, n: page)
    emitted = run_safely(JiraArrayPaginator(), server, size, pool + 2)
    if kind == "honest":
        assert emitted is not None and sorted(emitted) == sorted(f"r{i}" for i in range(pool))


@EXAMPLES
@given(
    behaviours,
    pool_sizes,
    page_sizes,
    st.lists(st.lists(st.integers(0, 99), max_size=7), max_size=60),
    st.sampled_from(["none", "true", "lie_high"]),
    st.booleans(),
    st.integers(0, 40),
)
def test_octopus_skip_take_ends_never_repeats_and_honours_rules(kind, pool, size, draws, total, links, cap) -> None:
    def envelope(page: list[Any], start: int, _: int) -> dict[str, Any]:
        body: dict[str, Any] = {"Items": page, "ItemsPerPage": size}
        if total != "none":
            body["TotalResults"] = pool if total == "true" else pool * 10 + 5
        if links:
            body["Links"] = {"Self": "x", **({"Page.Next": "y"} if start + len(page) < pool else {})}
        return body

    server = pool_server(kind, pool, size, draws, envelope)
    emitted = run_safely(OctopusSkipTakePaginator(), server, size, pool + 2, rules=PageRules(cap=cap))
    if kind == "honest" and total != "lie_high":
        expected = pool if not cap else min(cap, pool)
        assert emitted is not None and sorted(emitted) == sorted(f"r{i}" for i in range(expected))
    if emitted is not None and cap:
        assert len(emitted) <= cap


@EXAMPLES
@given(
    st.integers(0, 30),
    page_sizes,
    st.sampled_from(["honest", "repeats_token", "random_tokens"]),
    st.lists(st.sampled_from(["a", "b", "c", None]), max_size=40),
    st.booleans(),
)
def test_token_paginator_ends_and_never_repeats(pool, size, kind, tokens, ignore_token) -> None:
    records = [{"id": f"r{i}"} for i in range(pool)]

    def serve(position: dict[str, Any], page_number: int) -> dict[str, Any]:
        start = 0 if ignore_token else (page_number - 1) * size
        page = records[start : start + size]
        if kind == "honest":
            token = f"t{page_number}" if start + size < pool else None
        elif kind == "repeats_token":
            token = position.get("nextPageToken") or "t1"
        else:
            token = tokens[page_number - 1] if page_number <= len(tokens) else None
        return {"issues": page, **({"nextPageToken": token} if token else {"isLast": True})}

    emitted = run_safely(JiraTokenPaginator("issues"), serve, size, pool + 3, method="POST")
    if kind == "honest" and not ignore_token:
        assert emitted is not None and sorted(emitted) == sorted(r["id"] for r in records)


@EXAMPLES
@given(st.lists(st.fixed_dictionaries({"id": st.text(max_size=3)}), max_size=20))
def test_single_page_paginator_asks_once(records) -> None:
    emitted, pages = drive(JiraUnpagedArrayPaginator(), lambda position, n: records, 100, 1)
    assert pages == 1 and sorted(emitted) == sorted({r["id"] for r in records})


@pytest.mark.parametrize(
    "paginator, body, named",
    [
        (
            JiraOffsetPaginator("values"),
            {"values": [{"id": "1"}], "startAt": "x"},
            "acme.atlassian.net/rest/api/3/thing",
        ),
        (JiraOffsetPaginator("values"), {"values": [{"id": "1"}], "total": None, "startAt": [1]}, "`startAt`"),
        (JiraOffsetPaginator("values"), ["not", "an", "envelope"], "a `values` list, got list"),
        (JiraTokenPaginator("issues"), {"issues": {"id": "1"}}, "`issues` to be a list, got dict"),
        (JiraArrayPaginator(), {"values": []}, "a JSON array of records, got dict"),
        (OctopusSkipTakePaginator(), {"Items": [{"Id": "1"}], "TotalResults": "many"}, "`TotalResults` = 'many'"),
        (OctopusSkipTakePaginator(), "Items", "a `Items` list, got str"),
    ],
)
def test_nonsense_envelopes_fail_clearly(paginator: Any, body: Any, named: str) -> None:
    """A body in no documented shape is a MalformedResponseError saying what was expected, never an AttributeError;
    a paging number that is none names the request."""
    response = respond("GET", paginator.first_page(2), body)
    with pytest.raises(MalformedResponseError, match=re.escape(named)):
        paginator.records(json_body(response))
        paginator.next_page(response)


moments = st.datetimes(datetime(1970, 1, 2), datetime(2100, 1, 1), timezones=st.just(UTC))
bounds = st.one_of(st.none(), st.integers(0, 4_102_444_800_000))
windows = st.tuples(bounds, bounds).filter(lambda w: w[0] is None or w[1] is None or w[0] < w[1])


@EXAMPLES
@given(moments, st.one_of(st.none(), st.from_regex(r"[A-Z][A-Z0-9]{0,9}", fullmatch=True)), windows)
def test_issue_jql_has_one_lower_bound_in_epoch_ms_and_a_stable_order(moment, project, window) -> None:
    jql = issue_jql(moment, project, window)
    assert jql.count("updated >= ") == 1 and "updated <" not in jql and "updated >" not in jql.replace(">=", "")
    assert f"updated >= {int(moment.timestamp() * 1000)} " in jql
    assert jql.endswith(" ORDER BY id ASC") and jql.count("ORDER BY") == 1
    for clause, value in (("created >= ", window[0]), ("created < ", window[1])):
        assert (f"{clause}{value}" in jql) if value is not None else (clause not in jql)


@EXAMPLES
@given(st.lists(windows, max_size=8), st.lists(st.integers(-10, 4_102_444_800_000), max_size=12))
def test_remaining_and_split_tile_the_gaps_exactly(done, boundaries) -> None:
    gaps = remaining(list(done))
    low = lambda b: -math.inf if b is None else b  # noqa: E731
    high = lambda b: math.inf if b is None else b  # noqa: E731
    for point in [*boundaries, 0, 1_700_000_000_000, *(b for w in done for b in w if b is not None)]:
        covered = any(low(a) <= point < high(b) for a, b in done)
        in_gap = sum(low(a) <= point < high(b) for a, b in gaps)
        assert in_gap == (0 if covered else 1), point
    for gap in gaps:
        pieces = split(gap, sorted(set(boundaries)))
        assert pieces[0][0] == gap[0] and pieces[-1][1] == gap[1]
        assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
        assert all(low(a) < high(b) for a, b in pieces)


@EXAMPLES
@given(st.one_of(st.none(), st.integers(0, 10_000_000)), st.integers(1, 100), st.integers(1, 40))
def test_window_count_keeps_workers_busy_and_never_exceeds_pages(issues, page_size, workers) -> None:
    count = window_count(issues, page_size, workers)
    assert count >= 1
    if issues is None:
        assert count == workers
    else:
        assert count <= max(1, math.ceil(issues / page_size))


def test_one_epoch_millisecond_is_not_lost_between_windows() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(milliseconds=1)
    assert "updated >= 1704067200001 " in issue_jql(moment, None, (None, None))
