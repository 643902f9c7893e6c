"""Can these credentials manage Jira webhooks? Admin webhooks (/rest/webhooks/1.0/webhook) need the global
ADMINISTER permission; OAuth 2.0 apps register dynamic webhooks (/rest/api/3/webhook) and need a scope instead.
"""

from __future__ import annotations

from typing import Any

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.jira.site import JiraSite

ADMINISTER = "ADMINISTER"
WEBHOOK_SCOPE = "manage:jira-webhook"


def admin_webhook_problem(probe: ServiceClient, site: JiraSite, user: str) -> str | None:
    """`GET mypermissions?permissions=ADMINISTER` -> {"permissions": {"ADMINISTER": {"havePermission": false, ...}}}"""
    body = probe.get(f"rest/api/{site.api_version}/mypermissions", {"permissions": ADMINISTER})
    permission = (body.get("permissions") or {}).get(ADMINISTER) or {}
    if permission.get("havePermission"):
        return None
    return (
        f"Jira: {user} lacks the global permission 'Administer Jira' ({ADMINISTER}) on {site.site_url}, which "
        "admin webhooks need. A Jira administrator can grant it under Settings > System > Global permissions "
        "(add the user's group to 'Administer Jira')."
    )


def oauth_webhook_problem(resources: Any, cloud_id: str) -> str | None:
    """`GET https://api.atlassian.com/oauth/token/accessible-resources` -> [{"id", "url", "scopes": [...]}]"""
    site = next((r for r in resources or [] if str(r.get("id")) == cloud_id), None)
    scopes = set((site or {}).get("scopes") or [])
    if WEBHOOK_SCOPE in scopes:
        return None
    return (
        f"Jira OAuth 2.0: the app's token for site {cloud_id} lacks the scope '{WEBHOOK_SCOPE}', which dynamic "
        f"webhooks (/rest/api/3/webhook) need (granted: {', '.join(sorted(scopes)) or 'none'}). Add the scope to "
        "the app in the Atlassian developer console and re-authorise the connection."
    )
