"""The request-contract checker: CONTRACT.md's requests pass, each kind of mistake fails with a precise reason."""

from __future__ import annotations

import pytest

from jira_octopus_sample_api.contract import ApiContract, ContractViolation, SentRequest
from jira_octopus_sample_api.contract.operations import Operation, PathRouter

JIRA_DOC = "Jira Cloud platform REST v3 document"
OCTOPUS_DOC = "Octopus 2020.5 Swagger document"
CLOUD_ID = "5a1b2c3d-0000-4444-8888-123456789abc"
SEARCH_JQL_BODY = {"jql": 'updated >= 0 AND project in ("A") ORDER BY id ASC', "maxResults": 100, "fields": ["*all"]}
REFRESH_BODY = {"grant_type": "refresh_token", "client_id": "c", "client_secret": "s", "refresh_token": "r"}


def request(service: str, method: str, path: str, *names: str, body: object = None) -> SentRequest:
    return SentRequest(service=service, method=method, path=path, query_names=frozenset(names), json_body=body)


@pytest.fixture(scope="module")
def contract() -> ApiContract:
    return ApiContract.load()


# Relative to the Cloud base `/rest/api/3` (bare, and behind the OAuth gateway `/ex/jira/{cloudId}`).
CLOUD_REQUESTS = [
    ("GET", "project/search", ("startAt", "maxResults", "expand"), None),
    ("GET", "users/search", ("startAt", "maxResults"), None),
    ("GET", "field", (), None),
    ("GET", "status", (), None),
    ("GET", "priority/search", ("startAt", "maxResults"), None),
    ("POST", "search/jql", (), SEARCH_JQL_BODY),
    ("POST", "search/jql", (), {**SEARCH_JQL_BODY, "nextPageToken": "CAEaAggD"}),
    ("GET", "myself", (), None),
    ("GET", "serverInfo", (), None),
    ("GET", "mypermissions", ("permissions",), None),
]
# Relative to the Data Center base `/rest/api/2` (bare, and under a context path `/jira`).
DATA_CENTER_REQUESTS = [
    ("GET", "project", ("expand",), None),
    ("GET", "user/search", ("username", "startAt", "maxResults"), None),
    ("GET", "field", (), None),
    ("GET", "status", (), None),
    ("GET", "priority", (), None),
    ("GET", "search", ("jql", "startAt", "maxResults", "fields"), None),
    ("GET", "myself", (), None),
    ("GET", "serverInfo", (), None),
    ("GET", "mypermissions", ("permissions",), None),
]
# Relative to `{server_url}/api` (bare, and under a virtual directory `/octopus`).
OCTOPUS_REQUESTS = [
    ("GET", "spaces", ("skip", "take")),
    *[
        ("GET", f"Spaces-1/{kind}", ("skip", "take"))
        for kind in ("projects", "environments", "releases", "deployments", "machines")
    ],
    ("GET", "Spaces-22/deployments", ("skip", "take")),
    ("GET", "users/me", ()),
    ("GET", "users/Users-1/permissions", ()),
    ("GET", "Spaces-1/users/Users-1/permissions", ()),
    ("GET", "Spaces-1/subscriptions", ("skip", "take")),
]

VALID = [
    *[
        pytest.param(
            request("jira", method, f"{prefix}/rest/api/3/{path}", *names, body=body),
            id=f"cloud{prefix}-{method}-{path}",
        )
        for prefix in ("", f"/ex/jira/{CLOUD_ID}")
        for method, path, names, body in CLOUD_REQUESTS
    ],
    *[
        pytest.param(
            request("jira", method, f"{prefix}/rest/api/2/{path}", *names, body=body), id=f"dc{prefix}-{method}-{path}"
        )
        for prefix in ("", "/jira")
        for method, path, names, body in DATA_CENTER_REQUESTS
    ],
    *[
        pytest.param(request("octopus", method, f"{prefix}/api/{path}", *names), id=f"octopus{prefix}-{method}-{path}")
        for prefix in ("", "/octopus")
        for method, path, names in OCTOPUS_REQUESTS
    ],
    pytest.param(request("jira", "GET", "/rest/api/2/serverInfo"), id="cloud-probe-serverInfo-v2"),
    pytest.param(request("jira", "POST", "/rest/api/3/field", body={"name": "Team", "type": "t"}), id="POST-field"),
    pytest.param(request("jira", "GET", "/rest/api/3/project/A%20B/version", "startAt"), id="percent-encoded-key"),
    pytest.param(request("oauth", "POST", "/oauth/token", body=REFRESH_BODY), id="oauth-refresh"),
    pytest.param(request("oauth", "GET", "/oauth/token/accessible-resources"), id="oauth-accessible-resources"),
    pytest.param(request("octopus", "GET", "/api/Spaces-1/projects", "Skip", "TAKE"), id="octopus-name-case"),
    pytest.param(request("octopus", "GET", "/API/spaces", "skip"), id="octopus-route-case"),
    pytest.param(request("octopus", "GET", "/api/Spaces-1/deployments", "apikey"), id="octopus-apikey-lower"),
    pytest.param(request("octopus", "GET", "/api/users/me", "ApiKey"), id="octopus-apikey-declared-case"),
    pytest.param(
        request("octopus", "GET", "/api/events", "fromAutoId", "take", "skip"), id="octopus-events-supplement"
    ),
    pytest.param(request("octopus", "GET", "/api/Spaces-1/events", "from", "to"), id="octopus-space-events-supplement"),
    pytest.param(request("octopus", "GET", "/api/tasks", "states", "fromCompletedDate"), id="octopus-tasks-supplement"),
    pytest.param(
        request(
            "octopus",
            "POST",
            "/api/subscriptions",
            body={"Name": "n", "SpaceId": "Spaces-1", "eventNotificationSubscription": {}},
        ),
        id="octopus-body-key-case",
    ),
]


@pytest.mark.parametrize("sent", VALID)
def test_documented_requests_pass(contract: ApiContract, sent: SentRequest) -> None:
    assert contract.check(sent) == []


INVALID = [
    pytest.param(
        request("jira", "GET", "/rest/api/3/no-such-resource"),
        f"no path template in the {JIRA_DOC} matches /rest/api/3/no-such-resource",
        id="jira-unknown-path",
    ),
    pytest.param(
        request("jira", "GET", "/jira/rest/api/2/no-such-resource"),
        f"no path template in the {JIRA_DOC} matches /rest/api/3/no-such-resource",
        id="dc-unknown-path",
    ),
    pytest.param(
        request("jira", "GET", "/rest/api/3/field/"),
        f"no path template in the {JIRA_DOC} matches /rest/api/3/field/",
        id="jira-trailing-slash",
    ),
    pytest.param(
        request("jira", "GET", "/rest/api/3/project//version"),
        f"no path template in the {JIRA_DOC} matches /rest/api/3/project//version",
        id="empty-placeholder",
    ),
    pytest.param(
        request("jira", "GET", "/jira/secure/Dashboard.jspa"),
        f"path is not under /rest/, where every path of the {JIRA_DOC} starts",
        id="jira-outside-rest",
    ),
    pytest.param(
        request("jira", "DELETE", "/rest/api/3/serverInfo"),
        "method DELETE is not documented for /rest/api/3/serverInfo (documented: GET)",
        id="jira-wrong-method",
    ),
    pytest.param(
        request("jira", "PUT", "/rest/api/3/field", body={"name": "x"}),
        "method PUT is not documented for /rest/api/3/field (documented: GET, POST)",
        id="jira-put-field",
    ),
    pytest.param(
        request("jira", "GET", "/rest/api/3/project/search", "startAt", "foo"),
        "query parameter 'foo' is not declared for GET /rest/api/3/project/search",
        id="jira-unknown-query",
    ),
    pytest.param(
        request("jira", "GET", "/rest/api/3/users/search", "StartAt"),
        "query parameter 'StartAt' is not declared for GET /rest/api/3/users/search",
        id="jira-query-case",
    ),
    pytest.param(
        request("jira", "GET", "/rest/api/3/project/KEY/version", "projectIdOrKey"),
        "query parameter 'projectIdOrKey' is not declared for GET /rest/api/3/project/{projectIdOrKey}/version",
        id="jira-path-param-as-query",
    ),
    pytest.param(
        request(
            "jira",
            "POST",
            "/rest/atlassian-connect/1/migration/workflow/rule/search",
            "Atlassian-Transfer-Id",
            body={"expand": "transition"},
        ),
        "query parameter 'Atlassian-Transfer-Id' is not declared for "
        "POST /rest/atlassian-connect/1/migration/workflow/rule/search",
        id="jira-header-param-as-query",
    ),
    pytest.param(
        request("jira", "POST", "/rest/api/3/search/jql", body={**SEARCH_JQL_BODY, "startAt": 0}),
        "body property 'startAt' is not declared for POST /rest/api/3/search/jql",
        id="jql-unknown-body-key",
    ),
    pytest.param(
        request("jira", "POST", "/rest/api/3/search/jql", body={"JQL": "x"}),
        "body property 'JQL' is not declared for POST /rest/api/3/search/jql",
        id="jql-body-key-case",
    ),
    pytest.param(
        request("jira", "POST", "/rest/api/3/search/jql"),
        "POST /rest/api/3/search/jql requires a JSON request body",
        id="jql-missing-body",
    ),
    pytest.param(
        request("jira", "POST", "/rest/api/3/search/jql", body=["jql"]),
        "POST /rest/api/3/search/jql documents a JSON object body, got a list",
        id="jql-array-body",
    ),
    pytest.param(
        request("jira", "GET", "/rest/api/3/serverInfo", body={}),
        "GET /rest/api/3/serverInfo documents no JSON request body",
        id="jira-body-on-get",
    ),
    pytest.param(
        request("jira", "GET", "/rest/api/3/project/KEY", "startAt"),
        "query parameter 'startAt' is not declared for GET /rest/api/3/project/{projectIdOrKey}",
        id="jira-template-used-when-no-literal",
    ),
    pytest.param(
        request("octopus", "GET", "/api/Spaces-1/deployments", "skip", "take", "fromDate"),
        "query parameter 'fromDate' is not declared for GET /api/{baseSpaceId}/deployments",
        id="octopus-unknown-query",
    ),
    pytest.param(
        request("octopus", "GET", "/api/Spaces-1/projects", "baseSpaceId"),
        "query parameter 'baseSpaceId' is not declared for GET /api/{baseSpaceId}/projects",
        id="octopus-path-param-as-query",
    ),
    pytest.param(
        request("octopus", "GET", "/api", "apikey"),
        "query parameter 'apikey' is not declared for GET /api",
        id="octopus-apikey-on-anonymous-root",
    ),
    pytest.param(
        request("octopus", "GET", "/api/events", "fromAutoId", "sort"),
        "query parameter 'sort' is not declared for GET /api/events",
        id="octopus-supplement-is-closed",
    ),
    pytest.param(
        request("octopus", "GET", "/api/Spaces-1/no-such-kind"),
        f"no path template in the {OCTOPUS_DOC} matches /api/Spaces-1/no-such-kind",
        id="octopus-unknown-path",
    ),
    pytest.param(
        request("octopus", "GET", "/octopus/app"),
        f"path is not under /api/, where every path of the {OCTOPUS_DOC} starts",
        id="octopus-outside-api",
    ),
    pytest.param(
        request("octopus", "DELETE", "/api/users/me"),
        "method DELETE is not documented for /api/users/me (documented: GET)",
        id="octopus-wrong-method",
    ),
    pytest.param(
        request("octopus", "POST", "/api/subscriptions", body={"Name": "n", "WebhookURI": "u"}),
        "body property 'WebhookURI' is not declared for POST /api/subscriptions",
        id="octopus-unknown-body-key",
    ),
    pytest.param(
        request("oauth", "POST", "/oauth/token", body={**REFRESH_BODY, "code": "c"}),
        "body property 'code' is not declared for POST /oauth/token",
        id="oauth-unknown-body-key",
    ),
    pytest.param(
        request("oauth", "GET", "/oauth/token"),
        "method GET is not documented for /oauth/token (documented: POST)",
        id="oauth-wrong-method",
    ),
    pytest.param(
        request("oauth", "GET", "/oauth/token/accessible-resources", "cloudId"),
        "query parameter 'cloudId' is not declared for GET /oauth/token/accessible-resources",
        id="oauth-unknown-query",
    ),
    pytest.param(
        request("oauth", "POST", "/oauth/authorize"),
        "no path template in the Atlassian OAuth 2.0 (3LO) table matches /oauth/authorize",
        id="oauth-unknown-path",
    ),
]


@pytest.mark.parametrize(("sent", "reason"), INVALID)
def test_each_mistake_is_reported_with_a_precise_reason(contract: ApiContract, sent: SentRequest, reason: str) -> None:
    assert contract.check(sent) == [ContractViolation(sent.service, sent.method, sent.path, reason)]


@pytest.mark.parametrize(
    ("service", "path", "template"),
    [
        ("jira", "/rest/api/3/project/search", "/rest/api/3/project/search"),
        ("jira", "/rest/api/3/project/KEY", "/rest/api/3/project/{projectIdOrKey}"),
        ("jira", "/rest/api/3/project/type/accessible", "/rest/api/3/project/type/accessible"),
        ("octopus", "/api/users/me", "/api/users/me"),
        ("octopus", "/api/users/Users-1", "/api/users/{id}"),
        ("octopus", "/api/spaces", "/api/spaces"),
        ("octopus", "/api/Spaces-1", "/api/{spaceId}"),
    ],
)
def test_literal_segments_beat_placeholders(contract: ApiContract, service: str, path: str, template: str) -> None:
    found = contract.services[service].router.match(path)
    assert found is not None and found.template == template


@pytest.mark.parametrize(
    ("templates", "path", "expected"),
    [
        (["/user/{accountId}", "/user/search"], "/user/search", "/user/search"),
        (["/user/search", "/user/{accountId}"], "/user/search", "/user/search"),
        (["/a/{x}/c", "/a/b/{y}"], "/a/b/c", "/a/b/{y}"),
        (["/a/{x}/c", "/a/b/{y}"], "/a/z/c", "/a/{x}/c"),
        (["/a/{x}"], "/a/b/c", None),
    ],
)
def test_router_ranks_leftmost_literal_first(templates: list[str], path: str, expected: str | None) -> None:
    router = PathRouter([Operation("GET", template, frozenset()) for template in templates], case_insensitive=False)
    found = router.match(path)
    assert (found.template if found else None) == expected


def test_check_all_reports_each_distinct_request_shape_once(contract: ApiContract) -> None:
    requests = [
        request("jira", "GET", "/rest/api/3/project/A/version", "startAt", "foo"),
        request("jira", "GET", "/rest/api/3/project/B/version", "foo", "startAt"),  # same template and names
        request("jira", "GET", "/rest/api/3/project/B/version", "bar"),  # other names: reported again
        request("jira", "GET", "/rest/api/3/field"),
        request("jira", "GET", "/rest/api/3/field"),
        request("octopus", "GET", "/api/Spaces-1/machines", "skip", "Bogus"),
        request("octopus", "GET", "/api/Spaces-2/machines", "Skip", "bogus"),  # Octopus names fold case
    ]
    assert [(problem.path, problem.reason) for problem in contract.check_all(requests)] == [
        (
            "/rest/api/3/project/A/version",
            "query parameter 'foo' is not declared for GET /rest/api/3/project/{projectIdOrKey}/version",
        ),
        (
            "/rest/api/3/project/B/version",
            "query parameter 'bar' is not declared for GET /rest/api/3/project/{projectIdOrKey}/version",
        ),
        ("/api/Spaces-1/machines", "query parameter 'Bogus' is not declared for GET /api/{baseSpaceId}/machines"),
    ]


def test_unknown_service_is_a_programming_error(contract: ApiContract) -> None:
    with pytest.raises(ValueError, match="unknown service 'confluence'"):
        contract.check(request("confluence", "GET", "/wiki/rest/api/space"))


def test_data_center_only_user_search_parameters_are_allowed_on_v2_paths_only():
    contract = ApiContract.load()
    dc = SentRequest(
        "jira",
        "GET",
        "/jira/rest/api/2/user/search",
        frozenset({"username", "includeInactive", "startAt", "maxResults"}),
    )
    cloud = SentRequest("jira", "GET", "/rest/api/3/user/search", frozenset({"username", "includeInactive"}))
    assert contract.check(dc) == []
    assert [v.reason for v in contract.check(cloud)] == [
        "query parameter 'includeInactive' is not declared for GET /rest/api/3/user/search"
    ]


AGILE_ISSUE_QUERY = ("startAt", "maxResults", "jql", "fields")


@pytest.mark.parametrize("prefix", ["", "/jira", f"/ex/jira/{CLOUD_ID}"])
@pytest.mark.parametrize(
    "path, names",
    [
        ("board", ("startAt", "maxResults")),
        ("board/84/configuration", ()),
        ("board/84/sprint", ("startAt", "maxResults")),
        ("board/84/epic", ("startAt", "maxResults")),
        ("board/84/issue", AGILE_ISSUE_QUERY),
        ("sprint/37/issue", AGILE_ISSUE_QUERY),
    ],
)
def test_agile_requests_agree_with_the_transcribed_agile_operations(contract, prefix, path, names):
    assert contract.check(request("jira", "GET", f"{prefix}/rest/agile/1.0/{path}", *names)) == []


def test_agile_mistakes_are_named(contract):
    assert contract.check(request("jira", "GET", "/rest/agile/1.0/board/84/sprint", "jql")) == [
        ContractViolation(
            "jira",
            "GET",
            "/rest/agile/1.0/board/84/sprint",
            "query parameter 'jql' is not declared for GET /rest/agile/1.0/board/{boardId}/sprint",
        )
    ]
    assert contract.check(request("jira", "POST", "/rest/agile/1.0/board/84/issue"))[0].reason.startswith(
        "method POST is not documented"
    )
    assert "no path template" in contract.check(request("jira", "GET", "/rest/agile/1.0/board/84/version"))[0].reason
    assert not contract.check(request("jira", "GET", "/rest/agile/1.0/board/84/backlog", "startAt"))
    assert not contract.check(request("jira", "GET", "/rest/software/1.0/board/84/backlog", "nextPageToken"))
    assert (
        "startAt" in contract.check(request("jira", "GET", "/rest/software/1.0/board/84/backlog", "startAt"))[0].reason
    )
