"""Fake Jira: paging envelopes, search semantics (Cloud token / DC offset), deployments and auth."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests

from jira_octopus_sample_api import FakeApiServer, FakeClock
from jira_octopus_sample_api.clients import jira_session
from jira_octopus_sample_api.clock import parse_jira_time

REMOVED = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration "
    "guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)
UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."


@pytest.fixture
def server() -> Iterator[FakeApiServer]:
    with FakeApiServer(size=250) as running:
        yield running


@pytest.fixture
def jira(server: FakeApiServer) -> requests.Session:
    return jira_session(server)


def token_pages(server: FakeApiServer, session: requests.Session, body: dict, limit: int = 500) -> list[dict]:
    """Every page of a Cloud /search/jql read, following nextPageToken until it is absent."""
    pages, token = [], None
    for _ in range(limit):
        page_body = dict(body, **({"nextPageToken": token} if token else {}))
        response = session.post(server.base_url + "/rest/api/3/search/jql", json=page_body)
        assert response.status_code == 200, response.text
        pages.append(response.json())
        token = pages[-1].get("nextPageToken")
        if token is None:
            return pages
    raise AssertionError("token paging did not stop")


def offset_pages(
    server: FakeApiServer, session: requests.Session, path: str, page_size: int, params: dict | None = None
) -> list[dict]:
    pages, start = [], 0
    while True:
        response = session.get(
            server.base_url + path, params={**(params or {}), "startAt": start, "maxResults": page_size}
        )
        assert response.status_code == 200, response.text
        pages.append(response.json())
        start += page_size
        if pages[-1].get("isLast", start >= pages[-1].get("total", 0)):
            return pages


# ---- paging envelopes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page_size", [1, 2, 5, 50, 100, 250])
def test_project_search_pages_cover_every_project_once(
    server: FakeApiServer, jira: requests.Session, page_size: int
) -> None:
    pages = offset_pages(server, jira, "/rest/api/3/project/search", page_size)
    ids = [p["id"] for page in pages for p in page["values"]]
    assert sorted(ids) == sorted(server.dataset.ids("jira_projects"))
    assert all(page["total"] == len(ids) for page in pages)
    assert [("nextPage" in page) for page in pages] == [True] * (len(pages) - 1) + [False]
    assert pages[0]["maxResults"] == min(page_size, 100)


def test_project_search_caps_max_results_at_100(server: FakeApiServer, jira: requests.Session) -> None:
    """120 projects: copies of one added to the small dataset (a dataset with 120 of its own is size 8,000)."""
    projects = server.dataset.jira_projects
    projects += [{**projects[0], "id": str(90000 + n), "key": f"ZZ{n}"} for n in range(120 - len(projects))]
    body = jira.get(server.base_url + "/rest/api/3/project/search", params={"maxResults": 500}).json()
    assert (body["maxResults"], len(body["values"]), body["total"], body["isLast"]) == (100, 100, 120, False)


@pytest.mark.parametrize("page_size", [1, 7, 33, 1000])
def test_users_search_plain_array_pages_until_short_page(
    server: FakeApiServer, jira: requests.Session, page_size: int
) -> None:
    seen, start = [], 0
    while True:
        page = jira.get(
            server.base_url + "/rest/api/3/users/search", params={"startAt": start, "maxResults": page_size}
        ).json()
        assert isinstance(page, list)
        seen += [user["accountId"] for user in page]
        start += page_size
        if len(page) < page_size:
            break
    assert len(seen) == len(set(seen))
    assert set(seen) == server.dataset.ids("jira_users")


def test_users_search_defaults_to_50_and_caps_at_1000(server: FakeApiServer, jira: requests.Session) -> None:
    """1,200 users: copies of one added to the small dataset (a dataset with 1,000+ of its own is size 8,000+)."""
    users = server.dataset.jira_users
    users += [{**users[0], "accountId": f"extra-{n}"} for n in range(1200 - len(users))]
    default = jira.get(server.base_url + "/rest/api/3/users/search").json()
    capped = jira.get(server.base_url + "/rest/api/3/users/search", params={"maxResults": 5000}).json()
    assert (len(default), len(capped)) == (50, 1000)


@pytest.mark.parametrize("page_size", [1, 2, 3, 50])
def test_priority_search_is_a_page_bean(server: FakeApiServer, jira: requests.Session, page_size: int) -> None:
    pages = offset_pages(server, jira, "/rest/api/3/priority/search", page_size)
    assert [p["id"] for page in pages for p in page["values"]] == ["1", "2", "3", "4", "5"]


# ---- Cloud token search ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page_size", [1, 7, 50, 100, 250])
def test_token_search_reads_every_issue_once_in_id_order(
    server: FakeApiServer, jira: requests.Session, page_size: int
) -> None:
    pages = token_pages(
        server, jira, {"jql": "updated >= 0 ORDER BY id ASC", "maxResults": page_size, "fields": ["*all"]}
    )
    ids = [issue["id"] for page in pages for issue in page["issues"]]
    assert ids == sorted(server.dataset.ids("jira_issues"), key=int)
    assert [page["isLast"] for page in pages] == [False] * (len(pages) - 1) + [True]
    assert all("total" not in page and "startAt" not in page for page in pages)


def test_token_search_caps_full_field_pages_at_100_and_id_pages_at_5000(
    server: FakeApiServer, jira: requests.Session
) -> None:
    full = jira.post(
        server.base_url + "/rest/api/3/search/jql", json={"jql": "updated >= 0", "maxResults": 1000, "fields": ["*all"]}
    ).json()
    ids = jira.post(server.base_url + "/rest/api/3/search/jql", json={"jql": "updated >= 0", "maxResults": 1000}).json()
    assert (len(full["issues"]), len(ids["issues"]), ids["isLast"]) == (100, 250, True)


def test_token_search_returns_ids_only_by_default(server: FakeApiServer, jira: requests.Session) -> None:
    body = jira.get(server.base_url + "/rest/api/3/search/jql", params={"jql": "project = WEB"}).json()
    assert body["issues"] and all(issue.keys() == {"id"} for issue in body["issues"])


@pytest.mark.parametrize(
    ("fields", "present", "absent"),
    [
        (["summary", "status"], {"summary", "status"}, {"comment", "updated"}),
        (["*navigable"], {"summary", "updated", "description"}, {"comment", "worklog"}),
        (["*all", "-comment"], {"worklog", "summary"}, {"comment"}),
        (["-description"], {"summary"}, {"description", "comment"}),
    ],
)
def test_token_search_field_selection(
    server: FakeApiServer, jira: requests.Session, fields: list[str], present: set[str], absent: set[str]
) -> None:
    issue = jira.post(server.base_url + "/rest/api/3/search/jql", json={"jql": "id = 10001", "fields": fields}).json()[
        "issues"
    ][0]
    assert present <= issue["fields"].keys() and not absent & issue["fields"].keys()
    gateway = f"https://api.atlassian.com/ex/jira/{server.credentials.oauth_cloud_id}"  # Cloud's `self` since 2026-07
    assert issue["key"] == "PLAT-1" and issue["self"] == f"{gateway}/rest/api/3/issue/10001"


def test_token_search_filters_by_updated_and_projects(server: FakeApiServer, jira: requests.Session) -> None:
    bound = sorted(parse_jira_time(i["fields"]["updated"]) for i in server.dataset.jira_issues)[150]
    jql = f'updated >= {bound} AND project in ("PLAT", "WEB") ORDER BY id ASC'
    pages = token_pages(server, jira, {"jql": jql, "maxResults": 10, "fields": ["updated", "project"]})
    got = [issue["id"] for page in pages for issue in page["issues"]]
    expected = [
        i["id"]
        for i in server.dataset.jira_issues
        if parse_jira_time(i["fields"]["updated"]) >= bound and i["fields"]["project"]["key"] in ("PLAT", "WEB")
    ]
    assert got == expected and 10 < len(got) < 100


@pytest.mark.parametrize(
    ("order", "sort_key"),
    [
        ("ORDER BY updated ASC", lambda i: (parse_jira_time(i["fields"]["updated"]), int(i["id"]))),
        ("ORDER BY created DESC", lambda i: (-parse_jira_time(i["fields"]["created"]), int(i["id"]))),
        ("ORDER BY id DESC", lambda i: -int(i["id"])),
        ("", lambda i: -int(i["id"])),
    ],
)
def test_token_search_orders_results(server: FakeApiServer, jira: requests.Session, order: str, sort_key) -> None:  # type: ignore[no-untyped-def]
    pages = token_pages(server, jira, {"jql": f"updated >= 0 {order}", "maxResults": 30, "fields": ["updated"]})
    got = [issue["id"] for page in pages for issue in page["issues"]]
    assert got == [i["id"] for i in sorted(server.dataset.jira_issues, key=sort_key)]


def test_unbounded_jql_is_refused(server: FakeApiServer, jira: requests.Session) -> None:
    for jql in ("", "ORDER BY id ASC", "order by key desc"):
        response = jira.post(server.base_url + "/rest/api/3/search/jql", json={"jql": jql})
        assert (response.status_code, response.json()["errorMessages"]) == (400, [UNBOUNDED])


@pytest.mark.parametrize("token", ["garbage!!", "eyJ4IjoxfQ", base64.urlsafe_b64encode(b"[1,2]").decode()])
def test_garbled_page_token_is_a_400(server: FakeApiServer, jira: requests.Session, token: str) -> None:
    response = jira.post(
        server.base_url + "/rest/api/3/search/jql", json={"jql": "updated >= 0", "nextPageToken": token}
    )
    assert response.status_code == 400 and response.json()["errorMessages"]


def test_page_token_is_bound_to_its_query_and_expires_after_seven_days() -> None:
    clock = FakeClock()
    with FakeApiServer(clock=clock) as server:
        session, url = jira_session(server), server.base_url + "/rest/api/3/search/jql"
        token = session.post(url, json={"jql": "updated >= 0", "maxResults": 5}).json()["nextPageToken"]
        other_query = session.post(url, json={"jql": "updated >= 1", "nextPageToken": token})
        same_query = session.post(url, json={"jql": "updated >= 0", "nextPageToken": token})
        clock.advance(timedelta(days=8))
        expired = session.post(url, json={"jql": "updated >= 0", "nextPageToken": token})
    assert (other_query.status_code, same_query.status_code, expired.status_code) == (400, 200, 400)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"jql": "updated >= 0", "startAt": 50}, 'Unrecognized field "startAt"'),
        ({"jql": "updated >= 0", "expand": ["names"]}, "Cannot deserialize"),
        ({"jql": "updated >= 0", "maxResults": "10"}, "Cannot deserialize"),
        ({"jql": 'updated >= "yesterday"'}, "Date value 'yesterday'"),
        ({"jql": "project = NOPE"}, "The value 'NOPE' does not exist for the field 'project'."),
        ({"jql": "summary ~ bug"}, "reserved JQL character"),
        ({"jql": "updated >= 0 ORDER BY rank"}, "Not able to sort using field 'rank'."),
    ],
)
def test_bad_search_requests_are_400s(server: FakeApiServer, jira: requests.Session, body: dict, message: str) -> None:
    response = jira.post(server.base_url + "/rest/api/3/search/jql", json=body)
    assert response.status_code == 400
    assert message in response.json()["errorMessages"][0]


def test_issue_edited_mid_read_is_neither_skipped_nor_repeated_with_id_order(
    server: FakeApiServer, jira: requests.Session
) -> None:
    touched = [server.dataset.jira_issues[3]["id"], server.dataset.jira_issues[200]["id"]]
    server.add_hook("/search/jql$", lambda dataset, _: dataset.touch_issues(touched), after_nth=2)
    pages = token_pages(server, jira, {"jql": "updated >= 0 ORDER BY id ASC", "maxResults": 20})
    ids = [issue["id"] for page in pages for issue in page["issues"]]
    assert sorted(ids, key=int) == ids and len(ids) == 250 == len(set(ids))


def test_issue_edited_mid_read_moves_to_the_end_with_updated_order(
    server: FakeApiServer, jira: requests.Session
) -> None:
    oldest = min(server.dataset.jira_issues, key=lambda i: (parse_jira_time(i["fields"]["updated"]), int(i["id"])))
    newest_first_page = {"jql": "updated >= 0 ORDER BY updated ASC", "maxResults": 20}
    server.add_hook("/search/jql$", lambda dataset, _: dataset.touch_issues([oldest["id"]]), after_nth=1)
    pages = token_pages(server, jira, newest_first_page)
    ids = [issue["id"] for page in pages for issue in page["issues"]]
    assert ids[0] == oldest["id"] and ids[-1] == oldest["id"]  # read twice: duplicates, never losses
    assert len(ids) == 251


# ---- removed endpoints, deployments ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/rest/api/3/search"),
        ("POST", "/rest/api/3/search"),
        ("GET", "/rest/api/2/search"),
        ("POST", "/rest/api/2/search"),
    ],
)
def test_cloud_old_search_is_gone(server: FakeApiServer, jira: requests.Session, method: str, path: str) -> None:
    response = jira.request(method, server.base_url + path, params={"jql": "project = PLAT"}, json={"jql": "x"})
    assert (response.status_code, response.json()) == (410, {"errorMessages": [REMOVED]})


@pytest.mark.parametrize("resource", ["project", "field", "status", "priority", "myself", "serverInfo", "search"])
def test_data_center_has_no_v3(server: FakeApiServer, jira: requests.Session, resource: str) -> None:
    server.jira_deployment = "data_center"
    assert jira.get(f"{server.base_url}/rest/api/3/{resource}").status_code == 404
    assert jira.get(f"{server.base_url}/rest/api/2/{resource}").status_code == 200


@pytest.mark.parametrize("resource", ["project/search", "users/search", "priority/search", "search/jql"])
def test_data_center_lacks_cloud_only_endpoints(server: FakeApiServer, jira: requests.Session, resource: str) -> None:
    server.jira_deployment = "data_center"
    assert jira.get(f"{server.base_url}/rest/api/2/{resource}", params={"jql": "id > 0"}).status_code == 404


def test_server_info_reports_the_deployment_and_clock(server: FakeApiServer) -> None:
    clock_now = server.clock.now()
    cloud = requests.get(server.base_url + "/rest/api/2/serverInfo").json()  # anonymous access is allowed
    server.jira_deployment = "data_center"
    dc = requests.get(server.base_url + "/rest/api/2/serverInfo").json()
    assert (cloud["deploymentType"], dc["deploymentType"]) == ("Cloud", "DataCenter")
    assert abs(parse_jira_time(cloud["serverTime"]) / 1000 - clock_now.timestamp()) < 5


@pytest.mark.parametrize("page_size", [1, 13, 100, 1000])
def test_data_center_offset_search_pages_cover_every_issue(server: FakeApiServer, page_size: int) -> None:
    server.jira_deployment = "data_center"
    pages = offset_pages(
        server,
        jira_session(server, "password"),
        "/rest/api/2/search",
        page_size,
        {"jql": "updated >= 0 ORDER BY id ASC", "fields": "*all"},
    )
    ids = [issue["id"] for page in pages for issue in page["issues"]]
    assert ids == sorted(server.dataset.ids("jira_issues"), key=int)
    assert {page["total"] for page in pages} == {250}
    issue = pages[0]["issues"][0]["fields"]
    assert isinstance(issue["description"], (str, type(None))) and "accountId" not in (issue["reporter"] or {})


def test_data_center_offsets_follow_the_live_result_list(server: FakeApiServer) -> None:
    """An issue deleted mid-read shifts later offsets: the next issue is skipped, as on a real server."""
    server.jira_deployment = "data_center"
    deleted, shifted_past = server.dataset.jira_issues[0]["id"], server.dataset.jira_issues[10]["id"]
    server.add_hook(r"/rest/api/2/search$", lambda dataset, _: dataset.delete_issue(deleted))
    pages = offset_pages(
        server, jira_session(server, "personal_access_token"), "/rest/api/2/search", 10, {"jql": "ORDER BY id ASC"}
    )
    ids = [issue["id"] for page in pages for issue in page["issues"]]
    assert deleted in ids and shifted_past not in ids and len(ids) == 249


def test_data_center_user_search_needs_username_and_hides_inactive_users(server: FakeApiServer) -> None:
    server.jira_deployment = "data_center"
    session, url = jira_session(server, "password"), server.base_url + "/rest/api/2/user/search"
    missing = session.get(url)
    active = session.get(url, params={"username": ".", "maxResults": 1000}).json()
    everyone = session.get(url, params={"username": ".", "maxResults": 1000, "includeInactive": "true"}).json()
    assert missing.status_code == 400
    assert {u["key"] for u in everyone} == server.dataset.ids("jira_users", deployment="data_center")
    assert len(active) < len(everyone) and all(u["active"] for u in active)
    assert all("accountId" not in u and u["name"] for u in everyone)


def test_v3_descriptions_are_adf_and_v2_descriptions_are_text(server: FakeApiServer, jira: requests.Session) -> None:
    issue_id = next(i["id"] for i in server.dataset.jira_issues if i["fields"]["description"])
    body = {"jql": f"id = {issue_id}", "fields": ["description", "comment"]}
    v3 = jira.post(server.base_url + "/rest/api/3/search/jql", json=body).json()["issues"][0]
    v2 = jira.post(server.base_url + "/rest/api/2/search/jql", json=body).json()["issues"][0]
    assert v3["fields"]["description"]["type"] == "doc"
    assert v2["fields"]["description"].startswith("Steps to reproduce")
    assert v2["self"].endswith(f"/rest/api/2/issue/{issue_id}")


# ---- auth ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("auth_type", ["api_token", "password", "personal_access_token", "oauth2"])
def test_every_credential_type_is_accepted(server: FakeApiServer, auth_type: str) -> None:
    assert jira_session(server, auth_type).get(server.base_url + "/rest/api/3/myself").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic " + base64.b64encode(b"fake.integration@example.com:wrong").decode()},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Token abc"},
    ],
)
def test_bad_jira_credentials_get_401(server: FakeApiServer, headers: dict[str, str]) -> None:
    response = requests.get(server.base_url + "/rest/api/3/project/search", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "errorMessages": ["You are not authenticated. Authentication required to perform this operation."],
        "errors": {},
    }


def test_my_permissions_reflects_jira_admin_switch(server: FakeApiServer, jira: requests.Session) -> None:
    url = server.base_url + "/rest/api/3/mypermissions?permissions=ADMINISTER"
    assert jira.get(url).json()["permissions"]["ADMINISTER"]["havePermission"] is True
    server.jira_admin = False
    assert jira.get(url).json()["permissions"]["ADMINISTER"]["havePermission"] is False
    assert jira.get(server.base_url + "/rest/api/3/mypermissions").status_code == 400


def test_oauth_refresh_rotates_tokens_and_gateway_serves_the_cloud_api(server: FakeApiServer) -> None:
    c = server.credentials
    grant = {
        "grant_type": "refresh_token",
        "client_id": c.oauth_client_id,
        "client_secret": c.oauth_client_secret,
        "refresh_token": c.oauth_refresh_token,
    }
    first = requests.post(server.base_url + "/oauth/token", json=grant)
    reused = requests.post(server.base_url + "/oauth/token", json=grant)
    wrong_client = requests.post(server.base_url + "/oauth/token", json=dict(grant, client_secret="nope"))
    access = first.json()["access_token"]
    auth = {"Authorization": f"Bearer {access}"}
    resources = requests.get(server.base_url + "/oauth/token/accessible-resources", headers=auth).json()
    gateway = f"{server.base_url}/ex/jira/{resources[0]['id']}/rest/api/3"
    project = requests.get(gateway + "/project/search", headers=auth).json()["values"][0]
    assert (
        first.status_code == 200
        and first.json()["refresh_token"] == server.oauth_refresh_token != c.oauth_refresh_token
    )
    assert (reused.status_code, reused.json()["error"]) == (403, "invalid_grant")
    assert wrong_client.status_code == 401
    assert project["self"].startswith(f"https://api.atlassian.com/ex/jira/{resources[0]['id']}/rest/api/3/project/")
    assert requests.get(f"{server.base_url}/ex/jira/unknown-cloud/rest/api/3/myself", headers=auth).status_code == 404
    assert requests.get(gateway + "/myself", auth=(c.jira_email, c.jira_api_token)).status_code == 401
    server.expire_oauth_access_tokens()
    assert requests.get(gateway + "/myself", headers=auth).status_code == 401


def test_refreshed_oauth_access_token_expires_after_an_hour() -> None:
    clock = FakeClock()
    with FakeApiServer(clock=clock) as server:
        c = server.credentials
        token = requests.post(
            server.base_url + "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "client_id": c.oauth_client_id,
                "client_secret": c.oauth_client_secret,
                "refresh_token": c.oauth_refresh_token,
            },
        ).json()["access_token"]
        url, auth = server.base_url + "/rest/api/3/myself", {"Authorization": f"Bearer {token}"}
        before = requests.get(url, headers=auth).status_code
        clock.advance(timedelta(minutes=61))
        after = requests.get(url, headers=auth).status_code
    assert (before, after) == (200, 401)


def test_context_path_in_base_url_is_served(server: FakeApiServer, jira: requests.Session) -> None:
    body = jira.get(server.base_url + "/jira/rest/api/2/project").json()
    assert body[0]["self"] == f"https://api.atlassian.com/ex/jira/{server.credentials.oauth_cloud_id}" + (
        f"/rest/api/2/project/{body[0]['id']}"  # Cloud writes `self` in gateway form
    )
    assert body[0]["avatarUrls"]["48x48"].startswith(server.base_url + "/jira/")  # other links keep the path


def test_unknown_jira_resource_is_a_404_error_collection(server: FakeApiServer, jira: requests.Session) -> None:
    response = jira.get(server.base_url + "/rest/api/3/nope")
    assert response.status_code == 404 and response.json()["errorMessages"]
    assert json.loads(response.text)["errors"] == {}
