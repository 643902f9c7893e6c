"""Local fake Jira (Cloud and Data Center), Octopus Deploy and Atlassian OAuth server for integration tests.

    from jira_octopus_sample_api import FakeApiServer
    with FakeApiServer(size=250) as server:          # 127.0.0.1, any free port
        config = server.connector_config()           # full connector config with working credentials
        server.faults.add(r"/search/jql$", 429, headers={"Retry-After": "1"})
        server.add_hook(r"/search/jql$", lambda data, request: data.touch_issues(["10005"]), after_nth=2)
        server.add_hook(r"/search/jql$", lambda data, request: data.add_comment("10005"))  # bumps updated
        server.serving_seconds(r"/search/jql$")      # the fake's own time (latency excluded)

    FakeApiServer(size=5000, tls=True, latency_seconds=0.3, issue_profile="realistic", legacy_search=True)
    # HTTPS with server.ca_pem (connector_config() carries it), ~11 KB issues, Cloud's removed /search served

Jira: ``/rest/api/{2,3}`` (Cloud) or ``/rest/api/2`` (Data Center) for project(/search), users/search,
user/search, field, status, priority(/search), myself, serverInfo, mypermissions, search/jql (Cloud, token
paging) and search (DC offsets; Cloud 410), issue/{id} and its comment, worklog, changelog (Cloud) pages,
changelog/bulkfetch, worklog/updated, worklog/list (Cloud), project/{key}/version(s), component(s); also
behind a context path (``/jira/rest/...``) and the OAuth gateway (``/ex/jira/{cloudId}/rest/...``).
Atlassian OAuth: ``POST /oauth/token``, ``GET /oauth/token/accessible-resources``. Octopus: ``/api``,
spaces, ``/api/{SpaceId}/{projects,environments,releases,deployments,machines}`` (+ ``/{id}``, ``/all``),
users/me and permissions.
Layout: every domain is a part (``part.py``'s ``DatasetPart``: build its records, the ids a full read must return,
its routes), listed in ``parts.py`` with the Jira and Octopus cores first; a domain folder (``jira/<domain>/``,
``octopus/<domain>/``) holds ``part.py``, its records and its routes. ``paging.py`` builds every paging envelope,
``jira/api.py`` / ``octopus/api.py`` authenticate and dispatch to the parts' routes, ``server.py`` serves them.
Run standalone: ``python -m jira_octopus_sample_api --port 8765 --size 250`` (``--help``: --tls, --latency,
--issue-profile, --legacy-search, --write-config, --write-ca, --control).
"""

from jira_octopus_sample_api.clock import FakeClock
from jira_octopus_sample_api.credentials import FakeCredentials
from jira_octopus_sample_api.dataset import FakeDataset
from jira_octopus_sample_api.exchange import RecordedRequest
from jira_octopus_sample_api.server import FakeApiServer

__all__ = ["FakeApiServer", "FakeDataset", "FakeCredentials", "FakeClock", "RecordedRequest"]
