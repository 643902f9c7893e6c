"""Can this API key manage Octopus subscriptions (webhooks) in every space we read?"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from source_jira_octopus.http.client import ServiceClient

SUBSCRIPTION_PERMISSIONS = ("SubscriptionView", "SubscriptionCreate", "SubscriptionEdit")


def missing_subscription_permissions(
    probe: ServiceClient, user: dict[str, Any], space_ids: Iterable[str]
) -> dict[str, list[str]]:
    """`GET /api/users/{id}/permissions` -> {"SpacePermissions": {"SubscriptionView": [{"SpaceId": "Spaces-1", ...}]}}
    Returns each space's missing permissions (an empty list: all granted)."""
    permissions = probe.get(f"api/users/{user['Id']}/permissions")
    granted = permissions.get("SpacePermissions") or {}
    return {
        space_id: [name for name in SUBSCRIPTION_PERMISSIONS if not _granted_in(granted.get(name), space_id)]
        for space_id in space_ids
    }


def subscription_permission_problems(user: dict[str, Any], missing_by_space: dict[str, list[str]]) -> list[str]:
    problems = []
    for space_id, missing in missing_by_space.items():
        if missing:
            problems.append(
                f"Octopus: user {user.get('Username') or user['Id']} lacks {', '.join(missing)} in space {space_id}; "
                "webhook subscriptions need them. In Octopus, open Configuration > Teams, and add the user (or its "
                f"service account) to a team whose user role includes them (e.g. 'Space manager') scoped to {space_id}."
            )
    return problems


def _granted_in(restrictions: Any, space_id: str) -> bool:
    return any(restriction.get("SpaceId") in (space_id, None) for restriction in restrictions or [])
