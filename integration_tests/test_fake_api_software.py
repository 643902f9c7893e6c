"""The fake's Jira Software Cloud lists (`/rest/software/1.0`, token-paged), its switch that withdraws them (404/410),
its eventually consistent search index, and its gateway-form `self` URLs on Cloud."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from jira_octopus_sample_api import FakeApiServer, FakeClock
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.contract.agile_document import AGILE_DOCUMENT, AGILE_PREFIX, SOFTWARE_PREFIX
from jira_octopus_sample_api.jira.agile.records import backlog_issues, board_issues
from jira_octopus_sample_api.spec_validation import jira_schema_validator, schema_errors
from testkit.contract_guard import contract_violations

_URN = "urn:fake-api:jira-software"
ALL_FIELDS = {"fields": "summary,updated,sprint,epic,flagged"}


@pytest.fixture
def server(frozen_clock: FakeClock) -> Iterator[FakeApiServer]:
    with FakeApiServer(size=250, clock=frozen_clock) as running:
        yield running
        assert not contract_violations(list(running.requests))


def validator(template: str) -> Draft4Validator:
    schema = AGILE_DOCUMENT["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    registry = Registry().with_resource(_URN, Resource(contents=AGILE_DOCUMENT, specification=DRAFT4))
    return Draft4Validator({"$ref": f"{_URN}{schema['$ref']}"}, registry=registry)


def get(server: FakeApiServer, path: str, query: dict[str, str] | None = None) -> Any:
    session = jira_session(server, "api_token" if server.jira_deployment == "cloud" else "personal_access_token")
    return session.get(server.base_url + path, params=query or {})


def walk(server: FakeApiServer, path: str, query: dict[str, str]) -> list[dict[str, Any]]:
    """Every page of a Software list, checking each body against the document and the token protocol."""
    template = re.sub(r"^/(board|sprint)/\d+/", lambda m: f"/{m.group(1)}/{{{m.group(1)}Id}}/", path)
    issues: list[dict[str, Any]] = []
    token = None
    for _ in range(100):
        response = get(server, SOFTWARE_PREFIX + path, {**query, **({"nextPageToken": token} if token else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        assert not schema_errors(validator(SOFTWARE_PREFIX + template), body)
        assert "startAt" not in body and "total" not in body
        issues.extend(body["issues"])
        if body["isLast"]:
            assert "nextPageToken" not in body
            return issues
        token = body["nextPageToken"]
    raise AssertionError("the token never reached the last page")


def agile_ids(server: FakeApiServer, path: str) -> list[str]:
    """The same list from Agile 1.0, paged by startAt (at most 50 a page)."""
    ids: list[str] = []
    while True:
        query = {"maxResults": "50", "startAt": str(len(ids)), "jql": "ORDER BY id ASC"}
        body = get(server, AGILE_PREFIX + path, query).json()
        ids.extend(issue["id"] for issue in body["issues"])
        if not body["issues"] or len(ids) >= body["total"]:
            return ids


@pytest.mark.parametrize("path", ["/board/1/issue", "/board/2/issue", "/sprint/3/issue"])
def test_software_lists_page_by_token_over_the_agile_lists_issues(server, path):
    server.jira_deployment = "cloud"
    walked = walk(server, path, {"maxResults": "3", "jql": "ORDER BY id ASC", **ALL_FIELDS})
    ids = [issue["id"] for issue in walked]
    assert len(ids) > 3 and ids == agile_ids(server, path)  # several pages, each issue once, in the JQL's order
    assert all({"sprint", "epic", "flagged", "updated"} <= set(issue["fields"]) for issue in walked)


def test_software_lists_serve_up_to_five_thousand_a_page_and_refuse_a_foreign_token(server):
    server.jira_deployment = "cloud"
    body = get(server, SOFTWARE_PREFIX + "/board/1/issue", {"maxResults": "100000"}).json()
    assert body["isLast"] and len(body["issues"]) == len(agile_ids(server, "/board/1/issue"))
    first = get(server, SOFTWARE_PREFIX + "/board/1/issue", {"maxResults": "1", "jql": "ORDER BY id ASC"}).json()
    foreign = get(server, SOFTWARE_PREFIX + "/board/1/issue", {"nextPageToken": first["nextPageToken"], "jql": ""})
    assert foreign.status_code == 400 and not schema_errors(jira_schema_validator("ErrorCollection"), foreign.json())


@pytest.mark.parametrize("status", [404, 410])
def test_the_software_lists_can_be_withdrawn_while_agile_still_answers(server, status):
    server.jira_deployment = "cloud"
    server.jira_software_api_status = status
    for path in ("/board/1/issue", "/sprint/3/issue", "/board/1/backlog"):
        response = get(server, SOFTWARE_PREFIX + path)
        assert response.status_code == status
        assert not schema_errors(jira_schema_validator("ErrorCollection"), response.json())
        assert get(server, AGILE_PREFIX + path).status_code == (404 if path.endswith("backlog") else 200)


def test_data_center_has_no_software_lists(server):
    server.jira_deployment = "data_center"
    assert get(server, SOFTWARE_PREFIX + "/board/1/issue").status_code == 404
    assert get(server, AGILE_PREFIX + "/board/1/issue").status_code == 200


def test_an_edit_reaches_the_search_index_only_after_the_delay(server, frozen_clock):
    server.jira_deployment = "cloud"
    server.jira_search_index_delay = timedelta(seconds=30)
    records = server.dataset.parts["agile"]
    board = records.boards[0]
    assert board["type"] == "scrum"
    issue = board_issues(server.dataset, records, board)[2]
    before = issue["fields"]["updated"]
    frozen_clock.advance(timedelta(minutes=1))
    server.dataset.touch_issues([issue["id"]])
    edited_ms = to_epoch_ms(frozen_clock.now())
    jql = f"updated >= {edited_ms} ORDER BY id ASC"

    def search() -> list[str]:
        session = jira_session(server, "api_token")
        found = session.post(f"{server.base_url}/rest/api/3/search/jql", json={"jql": jql, "fields": ["updated"]})
        return [i["id"] for i in found.json()["issues"]]

    def on_board() -> list[dict[str, Any]]:
        return walk(server, f"/board/{board['id']}/issue", {"jql": jql, "fields": "updated"})

    frozen_clock.advance(timedelta(seconds=29))
    assert search() == [] and on_board() == []
    assert issue["fields"]["updated"] != before  # the record changed; only the index lags
    frozen_clock.advance(timedelta(seconds=2))
    assert search() == [issue["id"]] and [i["id"] for i in on_board()] == [issue["id"]]


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_cloud_bodies_carry_gateway_form_self_urls(server, deployment):
    server.jira_deployment = deployment
    version = 3 if deployment == "cloud" else 2
    issue = get(server, f"/rest/api/{version}/issue/{server.dataset.jira_issues[0]['id']}").json()
    boards = get(server, AGILE_PREFIX + "/board").json()
    status = get(server, f"/rest/api/{version}/status").json()[0]
    selfs = [issue["self"], issue["fields"]["project"]["self"], boards["values"][0]["self"], status["self"]]
    gateway = f"https://api.atlassian.com/ex/jira/{server.credentials.oauth_cloud_id}/rest/"
    if deployment == "cloud":
        assert all(url.startswith(gateway) for url in selfs), selfs
        assert status["iconUrl"].startswith(server.base_url)  # other links stay on the site
    else:
        assert all(url.startswith(f"{server.base_url}/rest/") for url in selfs), selfs


def test_a_backlog_is_listed_by_rank_from_software_on_cloud_and_from_agile_on_data_center(server):
    records = server.dataset.parts["agile"]
    board = next(b for b in records.boards if b["type"] == "scrum")
    path = f"/board/{board['id']}/backlog"
    expected = [issue["id"] for issue in backlog_issues(server.dataset, records, board)]
    ranks = [issue["fields"]["customfield_10019"] for issue in backlog_issues(server.dataset, records, board)]
    assert len(expected) > 3 and ranks == sorted(ranks)  # no JQL order: Jira's rank order, not id DESC
    server.jira_deployment = "cloud"
    walked = walk(server, path, {"maxResults": "2", "fields": "sprint,status"})
    assert [issue["id"] for issue in walked] == expected  # several pages of 2, each issue once
    assert all(issue["fields"]["sprint"] is None for issue in walked)  # in no active or future sprint
    assert all(issue["fields"]["status"]["statusCategory"]["key"] != "done" for issue in walked)
    server.jira_deployment = "data_center"
    body = get(server, AGILE_PREFIX + path, {"maxResults": "50"}).json()
    assert [issue["id"] for issue in body["issues"]] == expected and body["total"] == len(expected)
