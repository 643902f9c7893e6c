"""What `register`, `unregister` and `list` report: one row per webhook or subscription, and what was done to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CREATED, UPDATED, UNCHANGED, DELETED, REFRESHED, LISTED = "created", "updated", "unchanged", "deleted", "refreshed", "-"


@dataclass(frozen=True)
class Hook:
    """One webhook (Jira) or subscription (Octopus) as the API lists it."""

    service: str  # "Jira" | "Octopus"
    kind: str  # "admin webhook" | "dynamic webhook" | "subscription"
    scope: str  # the Jira site, or the Octopus space id
    id: str
    name: str
    url: str
    ours: bool
    detail: str = ""  # events / filter / expiry, short


@dataclass(frozen=True)
class Change:
    action: str
    hook: Hook
    reason: str = ""  # why it was updated: which settings were stale


COLUMNS = ("service", "kind", "scope", "id", "name", "url", "ours", "action", "detail")


def table(changes: Sequence[Change]) -> str:
    """A plain-text table, widths fitted to the content (what `webhooks list` prints)."""
    rows = [COLUMNS] + [
        (
            c.hook.service,
            c.hook.kind,
            c.hook.scope,
            c.hook.id,
            c.hook.name,
            c.hook.url,
            "yes" if c.hook.ours else "no",
            c.action,
            "; ".join(part for part in (c.reason, c.hook.detail) if part),
        )
        for c in changes
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join([lines[0], "  ".join("-" * width for width in widths), *lines[1:]])
