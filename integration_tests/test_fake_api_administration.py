"""Fake Jira administration endpoints: vendor-valid bodies, paging that covers every record at page size 7 on both
flavours, the admin-only 403s, Data Center renderings and the audit log's from/to window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jira_octopus_sample_api import FakeApiServer
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.jira.administration.part import PART
from jira_octopus_sample_api.spec_validation import jira_response_validator, schema_errors

# resource -> (documented path, query); answers validated against the Cloud v3 document
CLOUD_ONLY = {
    "filter/search": {"expand": "description,owner,jql,sharePermissions,editPermissions,favourite,favouritedCount"},
    "dashboard/search": {"expand": "description,owner,sharePermissions,editPermissions,isWritable"},
    "workflows/search": {"expand": "values.transitions", "orderBy": "name"},
    "workflowscheme": {},
    "statuses/search": {},
}
UNPAGED = {
    "filter/favourite": {},
    "permissions": {},
    "permissionscheme": {"expand": "all"},
    "workflow": {},
    "configuration/timetracking/list": {},
    "applicationrole": {},
    "application-properties": {},
    "avatar/project/system": {},
    "auditing/record": {},
}
ADMIN_ONLY = (
    "workflows/search",
    "workflow",
    "workflowscheme",
    "statuses/search",
    "configuration/timetracking/list",
    "applicationrole",
    "application-properties",
    "auditing/record",
)


@pytest.fixture(scope="module")
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(seed=7, size=120) as running:
        yield running


def get(server: FakeApiServer, resource: str, version: int = 3, status: int = 200, **params: Any) -> Any:
    auth = "api_token" if server.jira_deployment == "cloud" else "personal_access_token"
    response = jira_session(server, auth).get(f"{server.base_url}/rest/api/{version}/{resource}", params=params)
    assert response.status_code == status, response.text
    return response.json()


def documented(resource: str) -> str:
    return "/rest/api/3/avatar/{type}/system" if resource.startswith("avatar/") else f"/rest/api/3/{resource}"


@pytest.mark.parametrize("resource", sorted(CLOUD_ONLY))
def test_cloud_pages_at_size_7_are_vendor_valid_and_cover_every_record(server, resource):
    server.jira_deployment = "cloud"
    whole = get(server, resource, maxResults=1000, **CLOUD_ONLY[resource])
    found, start = [], 0
    while True:
        page = get(server, resource, startAt=start, maxResults=7, **CLOUD_ONLY[resource])
        assert not schema_errors(jira_response_validator(documented(resource)), page)
        found += page["values"]
        start += 7
        if page["isLast"]:
            break
    assert found == whole["values"] and len(found) > 7 and page["total"] == len(found)


@pytest.mark.parametrize("resource", sorted(UNPAGED))
def test_cloud_unpaged_answers_are_vendor_valid(server, resource):
    server.jira_deployment = "cloud"
    body = get(server, resource, **UNPAGED[resource])
    assert body and not schema_errors(jira_response_validator(documented(resource)), body)


def test_data_center_dashboards_page_in_the_legacy_envelope(server):
    server.jira_deployment = "data_center"
    try:
        found, start = [], 0
        while True:
            page = get(server, "dashboard", version=2, startAt=start, maxResults=7)
            assert not schema_errors(jira_response_validator("/rest/api/3/dashboard"), page)
            found += [d["id"] for d in page["dashboards"]]
            start += 7
            if "next" not in page:
                break
        assert found == [d["id"] for d in PART.records(server.dataset).dashboards] and len(found) > 7
        get(server, "dashboard/search", version=2, status=404)
    finally:
        server.jira_deployment = "cloud"


def test_data_center_filters_carry_key_and_name_users(server):
    server.jira_deployment = "data_center"
    try:
        favourites = get(server, "filter/favourite", version=2)
        assert favourites and all("key" in f["owner"] and "accountId" not in f["owner"] for f in favourites)
        users = [s["user"] for f in favourites for s in f["sharePermissions"] if s["type"] == "user"]
        assert users and all("key" in u and "name" in u for u in users)
        assert {f["id"] for f in favourites} == {
            f["id"] for f in PART.records(server.dataset).filters if f["favourite"]
        }
        assert get(server, "workflow", version=2)[0]["name"] == "jira"
        get(server, "avatar/priority/system", version=2, status=404)
    finally:
        server.jira_deployment = "cloud"


@pytest.mark.parametrize("resource", ADMIN_ONLY)
def test_admin_endpoints_answer_403_without_administer(server, resource):
    server.jira_admin = False
    try:
        body = get(server, resource, status=403)
        assert body["errorMessages"] and "Administrator" in body["errorMessages"][0]
    finally:
        server.jira_admin = True


def test_audit_window_is_inclusive_newest_first_and_paged_by_offset(server):
    every = PART.records(server.dataset).audit_records
    low, high = every[10]["created"], every[19]["created"]
    window = {"from": iso(low), "to": iso(high)}
    found, offset = [], 0
    while True:
        page = get(server, "auditing/record", offset=offset, limit=3, **window)
        found += page["records"]
        offset += 3
        if offset >= page["total"]:
            break
    assert [r["id"] for r in found] == [r["id"] for r in reversed(every[10:20])]
    get(server, "auditing/record", status=400, **{"from": "yesterday"})


def iso(jira_time: str) -> str:
    """`2025-06-01T12:00:00.000+0000` -> `2025-06-01T12:00:00.000Z` (what the connector sends)."""
    return jira_time.replace("+0000", "Z")
