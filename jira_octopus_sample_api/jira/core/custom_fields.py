"""Values of the custom fields ``jira_catalog`` lists beyond the first seven: one of every field type Jira has
(date-time, user, option, arrays of users and strings, rich text, number), a second field named "Customer" and one
named "Key" (so the connector's column naming meets both kinds of collision).

why a hash of the issue id and no ``random.Random``: drawing from the issue factory's generator would change every
issue generated after these fields were added (and the tests built on those issues); the values repeat per id.
"""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.clock import jira_time
from jira_octopus_sample_api.jira.core.catalog import API3

USER_FIELDS = ("customfield_10042",)  # a user (Data Center renders it with key/name)
USER_LIST_FIELDS = ("customfield_10044", "customfield_10052")  # lists of users
_SEVERITIES = [
    {"self": f"{API3}/customFieldOption/{10200 + n}", "value": name, "id": str(10200 + n)}
    for n, name in enumerate(("Critical", "Major", "Minor"))
]
_CUSTOMERS = [
    {"self": f"{API3}/customFieldOption/{10300 + n}", "value": name, "id": str(10300 + n)}
    for n, name in enumerate(("Acme Corp", "Globex", "Initech"))
]
_TAGS = (["enterprise"], ["enterprise", "priority-support"], ["trial"])


def typed_custom_fields(issue_id: str, key: str, created_ms: int, users: list[dict[str, Any]]) -> dict[str, Any]:
    bits = (int(issue_id) * 2654435761) & 0xFFFFFFFF
    some = bits % 4 != 0  # three issues in four carry values, the rest nulls
    notes = {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": f"Rollout notes for {key}."}]}],
    }
    return {
        "customfield_10041": jira_time(created_ms + 86_400_000 * (bits % 30 + 1)) if some else None,
        "customfield_10042": users[bits % len(users)] if some else None,
        "customfield_10043": _SEVERITIES[bits % 3] if some else None,
        "customfield_10044": [users[(bits >> 3) % len(users)], users[(bits >> 7) % len(users)]] if some else None,
        "customfield_10045": _TAGS[(bits >> 2) % 3] if some else None,
        "customfield_10046": notes if some else None,
        "customfield_10047": _CUSTOMERS[(bits >> 4) % 3] if some else None,
        "customfield_10048": f"LEGACY-{bits % 10_000}" if some else None,
        "customfield_10049": (bits % 40) / 2 if some else None,
    }
