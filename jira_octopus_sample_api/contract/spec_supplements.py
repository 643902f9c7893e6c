"""What the vendored documents leave out, written down here instead of editing the vendored files.

1. OCTOPUS_QUERY_SUPPLEMENT: the Octopus 2020.5 Swagger document declares no query parameters for the event and
   task lists (a known gap, research notes §3.3 "Spec gap"). The names below are the notes' table (§3.3, taken
   from the servers' own `/api` root link templates), plus `skip`/`take` ("all accept skip and take") and
   `description`, which the `Tasks` link template of a 2023.1 server's `/api` root also lists.
2. OAUTH_OPERATIONS: Atlassian's OAuth 2.0 (3LO) endpoints are not in the Jira platform document.
3. JIRA_DATA_CENTER_QUERY_SUPPLEMENT: Data Center (REST v2) requests are checked against the Cloud v3 document;
   the few DC-only query names the connector sends are listed here and allowed only on `/rest/api/2/` paths.
4. AGILE_OPERATIONS: the Jira Software Agile REST API 1.0 (`/rest/agile/1.0`) is in no vendored document; the
   operations we use are transcribed in `agile_document.py` and checked like the platform's.
"""

from __future__ import annotations

from jira_octopus_sample_api.contract.agile_document import AGILE_DOCUMENT
from jira_octopus_sample_api.contract.operations import JsonBodyContract, Operation
from jira_octopus_sample_api.contract.spec_documents import SpecDocument

# --- SUPPLEMENT (not in octopus-deploy.swagger.json): query names of the event and task list operations ---------
_PAGING = frozenset({"skip", "take"})
OCTOPUS_EVENT_LIST_QUERY_NAMES: frozenset[str] = _PAGING | frozenset(
    {
        "regarding",
        "regardingAny",
        "user",
        "users",
        "projects",
        "projectGroups",
        "environments",
        "eventGroups",
        "eventCategories",
        "eventAgents",
        "tags",
        "tenants",
        "from",
        "to",
        "internal",
        "fromAutoId",
        "toAutoId",
        "documentTypes",
        "asCsv",
        "ids",
        "spaces",
        "includeSystem",
        "excludeDifference",
    }
)
OCTOPUS_TASK_LIST_QUERY_NAMES: frozenset[str] = _PAGING | frozenset(
    {
        "active",
        "environment",
        "tenant",
        "runbook",
        "project",
        "name",
        "node",
        "running",
        "states",
        "hasPendingInterruptions",
        "hasWarningsOrErrors",
        "ids",
        "partialName",
        "spaces",
        "includeSystem",
        "description",
        # Date filters of servers newer than 2020.5 (notes §3.3: "newer servers add"):
        "fromCompletedDate",
        "toCompletedDate",
        "fromQueueDate",
        "toQueueDate",
        "fromStartDate",
        "toStartDate",
    }
)
# Octopus API reference (octopus.com/docs/api/reporting.md, "Get an XML report of deployments") and the build
# information list's link template (`{?packageId,filter,latest,skip,take}`); the 2020.5 document declares neither.
OCTOPUS_REPORTING_QUERY_NAMES = frozenset(
    {"projectId", "environmentId", "fromCompletedTime", "toCompletedTime", "fromStartTime", "toStartTime"}
)
OCTOPUS_BUILD_INFORMATION_QUERY_NAMES = _PAGING | frozenset({"packageId", "filter", "latest"})
OCTOPUS_QUERY_SUPPLEMENT: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/api/{baseSpaceId}/reporting/deployments/xml"): OCTOPUS_REPORTING_QUERY_NAMES,
    ("GET", "/api/{baseSpaceId}/build-information"): OCTOPUS_BUILD_INFORMATION_QUERY_NAMES,
    ("GET", "/api/events"): OCTOPUS_EVENT_LIST_QUERY_NAMES,
    ("GET", "/api/{baseSpaceId}/events"): OCTOPUS_EVENT_LIST_QUERY_NAMES,
    ("GET", "/api/tasks"): OCTOPUS_TASK_LIST_QUERY_NAMES,
    ("GET", "/api/{baseSpaceId}/tasks"): OCTOPUS_TASK_LIST_QUERY_NAMES,
}
# --- END SUPPLEMENT ------------------------------------------------------------------------------------------------

# --- SUPPLEMENT (Jira Data Center REST v2, not in the Cloud document) ----------------------------------------------
# Jira Server/Data Center REST API reference, GET /rest/api/2/user/search: username, startAt, maxResults,
# includeActive, includeInactive. Keyed by the v3 template the v2 path is checked against.
JIRA_DATA_CENTER_QUERY_SUPPLEMENT: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/rest/api/3/user/search"): frozenset({"includeActive", "includeInactive"}),
}
DATA_CENTER_PATH_MARKER = "/rest/api/2/"
# --- END SUPPLEMENT ------------------------------------------------------------------------------------------------

# --- SUPPLEMENT (Jira Software Agile REST API 1.0, see agile_document.py) -------------------------------------------
AGILE_OPERATIONS: tuple[Operation, ...] = tuple(SpecDocument(AGILE_DOCUMENT).operations())
# --- END SUPPLEMENT ------------------------------------------------------------------------------------------------

# Atlassian OAuth 2.0 (3LO), https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens/ (token
# refresh: POST https://auth.atlassian.com/oauth/token with JSON {grant_type: "refresh_token", client_id,
# client_secret, refresh_token}) and https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
# (GET https://api.atlassian.com/oauth/token/accessible-resources, bearer token, no parameters). The
# authorization-code exchange (`code`, `redirect_uri`) is left out on purpose: the connector only refreshes.
OAUTH_REFRESH_BODY_KEYS = frozenset({"grant_type", "client_id", "client_secret", "refresh_token"})
OAUTH_OPERATIONS: tuple[Operation, ...] = (
    Operation("POST", "/oauth/token", frozenset(), JsonBodyContract(OAUTH_REFRESH_BODY_KEYS, required=True)),
    Operation("GET", "/oauth/token/accessible-resources", frozenset()),
)


def supplement_query_names(
    operations: list[Operation], supplement: dict[tuple[str, str], frozenset[str]]
) -> list[Operation]:
    """Adds the supplement's names; a supplement entry naming no documented operation is an error, not a no-op."""
    by_key = {(operation.method, operation.template): operation for operation in operations}
    missing = sorted(f"{method} {template}" for method, template in supplement if (method, template) not in by_key)
    if missing:
        raise KeyError(f"supplement names operations the document lacks: {', '.join(missing)}")
    return [
        operation.with_extra_query_names(supplement.get((operation.method, operation.template), ()))
        for operation in operations
    ]
