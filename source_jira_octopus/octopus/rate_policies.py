"""Octopus Server 2026.3+ rate-limiting policies, read once per sync to pace requests under them.

`GET /api/ratelimitingpolicies` (one page; https://octopus.com/docs/api/rate-limiting):

    {"ItemType": "RateLimitingPolicy", "TotalResults": 3, "Items": [
      {"Id": "RateLimitingPolicies-2", "Name": "Authenticated Requests", "ScopeType": "Authenticated",
       "IsEnabled": true, "AuditMode": false, "RequestsPerMinute": 200, "BurstLimit": 200, "IsBuiltIn": true}, ...]}

A token bucket per user (and per HA node). The connector signs in with an API key, so the enabled, enforcing
"Authenticated" policy is the one that holds it (not Unauthenticated, not the AI-agent one). Older servers answer
404 (no policies: not paced); a key that may not read the settings answers 401/403 (logged, not paced: the server's
429 + Retry-After still hold every request).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.governor import RateGovernor
from source_jira_octopus.http.responses import json_body

POLICIES_PATH = "api/ratelimitingpolicies"
POLICIES_TAKE = 100  # not the user's page size: one page must hold every policy (a server has 3 built-in ones)
SAFETY = 0.9  # the server refills continuously; stay a little under it so clock skew never costs a 429
UNREADABLE = {
    404: "this Octopus Server has no rate-limiting policies (before 2026.3)",
    401: "the API key may not read the rate-limiting policies",
    403: "the API key may not read the rate-limiting policies",
}


def authenticated_policy(items: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The enabled, enforcing policy for signed-in (non-AI) users, if any."""
    for item in items:
        scope = f"{item.get('ScopeType') or ''} {item.get('Name') or ''}".lower()
        enforcing = item.get("IsEnabled") is True and not item.get("AuditMode")
        if enforcing and "authenticated" in scope and "unauthenticated" not in scope and "agent" not in scope:
            return item
    return None


def pace_from_policies(governor: RateGovernor, client: ServiceClient, logger: logging.Logger) -> None:
    try:
        response = client.send("GET", POLICIES_PATH, params={"take": POLICIES_TAKE})
    except AirbyteTracedException as error:
        logger.warning(f"Octopus: could not read the rate-limiting policies, not pacing: {error.message}")
        return
    if response.status_code in UNREADABLE:
        logger.info(f"Octopus: not pacing requests: {UNREADABLE[response.status_code]}.")
        return
    items = json_body(response).get("Items") or []
    policy = authenticated_policy([item for item in items if isinstance(item, Mapping)])
    per_minute = policy.get("RequestsPerMinute") if policy else None
    if not isinstance(per_minute, (int, float)) or per_minute <= 0:
        logger.info("Octopus: no enabled rate-limiting policy holds API-key requests; not pacing.")
        return
    burst = policy.get("BurstLimit") if policy else None
    governor.pace(
        SAFETY * per_minute / 60,
        # one token is left for the request sent before the policies were read
        burst=max(SAFETY * burst - 1, 1.0) if isinstance(burst, (int, float)) else 1.0,
        source=f"the server's policy '{policy.get('Name')}' ({per_minute:g}/min, burst {burst})" if policy else "",
    )
