"""Jira's admin webhook REST API (`/rest/webhooks/1.0/webhook`), which the Jira Cloud platform document leaves out
(research notes §4.4, 4.5: "The platform spec does not include /rest/webhooks/1.0/webhook").

Written from Atlassian's pages "Webhooks" (Jira Cloud platform, "Registering a webhook via the Jira REST API" and
"Secure admin webhooks") and "Webhooks" (Jira Data Center/Server 8-10, "Registering a webhook via the REST API"):
`GET`/`POST /rest/webhooks/1.0/webhook` and `GET`/`PUT`/`DELETE /rest/webhooks/1.0/webhook/{id}`; no query
parameters; the body of POST/PUT is `{name, url, events, filters: {"issue-related-events-section": JQL},
excludeBody, secret}` (`enabled` on PUT re-enables a webhook Jira disabled).
"""

from __future__ import annotations

from jira_octopus_sample_api.contract.operations import JsonBodyContract, Operation

_BODY = JsonBodyContract(frozenset({"name", "url", "events", "filters", "excludeBody", "secret", "enabled"}), True)
_COLLECTION, _ITEM = "/rest/webhooks/1.0/webhook", "/rest/webhooks/1.0/webhook/{webhookId}"
JIRA_ADMIN_WEBHOOK_OPERATIONS: tuple[Operation, ...] = (
    Operation("GET", _COLLECTION, frozenset()),
    Operation("POST", _COLLECTION, frozenset(), _BODY),
    Operation("GET", _ITEM, frozenset()),
    Operation("PUT", _ITEM, frozenset(), _BODY),
    Operation("DELETE", _ITEM, frozenset()),
)
