"""Request-contract checker: does every request the connector sent agree with the vendors' API documents?

    contract = ApiContract.load()   # parses the vendored specs once per process (lru_cache); ~0.1 s
    problems = contract.check_all(recorded_requests)   # list[ContractViolation], empty when all agree

A request agrees when its path matches a documented path template, its method is documented there, every query
parameter name is declared for that operation, and every top-level key of a JSON body is a declared property of
the request schema. Documents: `jira_octopus_sample_api/api_specs/` (gzip copies of `../shared/api-specs`, see README).

Mapping rules (why in one line each):
- Jira: everything before the first `/rest/` segment is dropped: a Data Center context path (`/jira/rest/...`) and
  the OAuth gateway prefix (`/ex/jira/{cloudId}/rest/...`) are deployment details, not part of the API.
- Jira: `/rest/api/2/...` is checked as `/rest/api/3/...`: Cloud v2 and Data Center share v3's platform paths and
  parameters and no v2 document is vendored; the v3 document still lists deprecated `GET /rest/api/3/search`, so
  Data Center issue search validates.
- Jira: paths, query names and body keys are case-sensitive (Jersey routes and Jackson beans are).
- Templates: a `{placeholder}` stands for exactly one non-empty segment, and among matching templates the one with
  a literal segment furthest left wins (`/project/search` over `/project/{projectIdOrKey}`), as OpenAPI and the
  servers' routers rank them; the method is then looked up on that template only (a server answers 405 there).
- Octopus: everything before the first `/api` segment is dropped (a virtual-directory install); `/api/Spaces-1/...`
  matches the document's `/api/{baseSpaceId}/...`.
- Octopus: route literals, query names and body keys compare ignoring case, because ASP.NET routing, model binding
  and Json.NET do; nowhere else.
- Octopus: the `ApiKey` query parameter of the `APIKeyQuery` security scheme is accepted on every operation that
  lists that scheme, because security parameters are declared under `security`, not `parameters`.
- Octopus: the event and task list operations get query names from `spec_supplements.OCTOPUS_QUERY_SUPPLEMENT`,
  because the 2020.5 document omits them (known gap); the vendored file stays byte-identical to upstream.
- service "oauth": `/oauth/token` and `/oauth/token/accessible-resources` are checked against the small
  `spec_supplements.OAUTH_OPERATIONS` table, because Atlassian's OAuth endpoints are in no OpenAPI document.
- Only `in: query` parameters count as query names: path and header parameters are named in the document too, but
  sending one of them as a query parameter is still a mistake.
- Body keys: a schema that declares top-level properties is checked even when it says `additionalProperties:
  true`, because the check exists to catch misspelt keys; a schema declaring none (a map) accepts any key.
  allOf parts and oneOf/anyOf alternatives all contribute declared properties.
- Deprecated operations are accepted: deprecation is the vendor's plan, not a contract breach (see `/search`).
"""

from jira_octopus_sample_api.contract.api_contract import ApiContract, ServiceContract, ServiceRules
from jira_octopus_sample_api.contract.request_records import ContractViolation, SentRequest

__all__ = ["ApiContract", "ContractViolation", "SentRequest", "ServiceContract", "ServiceRules"]
