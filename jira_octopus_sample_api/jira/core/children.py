"""Comments, worklogs and changelog histories of issues: a compact spec per issue, entries built on demand.

Storing every child as dicts made 100,000 issues cost minutes and gigabytes, so the dataset keeps one
``ChildSpec`` per issue (counts, a seed, the time span) and ``ChildBuilder`` rebuilds the same entries from
it whenever a response needs them; entries added by edits (``FakeDataset.add_comment``/``add_worklog``) are
kept as dicts in ``ChildSpec.added``. Entries are in Cloud REST v3 shape (ADF bodies), oldest first.

Ids: entry ``i`` of issue ``10001`` has id ``10001 * 1000 + i`` (each kind has its own id space, as in Jira),
so an id leads back to its issue (``worklog/list``). Counts: most issues have 0-1 comments (at most 4),
0-1 worklogs and 1-4 histories; a few percent have more than a search embeds (see ``OVERFLOW_*``);
never-edited issues have none (adding any child bumps ``updated`` in Jira).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from jira_octopus_sample_api.clock import jira_time
from jira_octopus_sample_api.jira.core.catalog import API3

CHILD_ID_FACTOR = 1000  # child ids are issue id * 1000 + index, so at most 999 children of a kind per issue
KINDS = ("comment", "worklog", "changelog")
# Share of edited issues whose children overflow the page a Cloud search embeds, and their count range.
OVERFLOW_SHARE = {"comment": 0.04, "worklog": 0.03, "changelog": 0.04}
OVERFLOW_RANGE = {"comment": (21, 90), "worklog": (21, 60), "changelog": (41, 160)}
_HISTORY_FIELDS = (  # (field, fieldtype, fieldId)
    ("status", "jira", "status"),
    ("assignee", "jira", "assignee"),
    ("priority", "jira", "priority"),
    ("labels", "jira", "labels"),
    ("summary", "jira", "summary"),
    ("Story point estimate", "custom", "customfield_10016"),
)
_RESOLVED_STATUSES = ("Done", "Closed")
_PHRASES = (
    "Looks good to me.",
    "Can you add a test for the edge case?",
    "Deployed to staging, please verify.",
    "Blocked until the upstream fix lands.",
    "Reproduced on the latest build.",
    "Closing as duplicate.",
)


@dataclass(slots=True)
class ChildSpec:
    """What is needed to rebuild one issue's children: counts, a seed and the issue's original time span."""

    issue_id: str
    seed: int
    created: int  # epoch ms of the issue's creation
    last: int  # epoch ms of the issue's ``updated`` at generation: generated children lie in [created, last]
    counts: dict[str, int]
    added: dict[str, list[dict[str, Any]]] | None = None  # kind -> entries added by edits (None: no edits)

    def total(self, kind: str) -> int:
        return self.counts[kind] + len(self.added_entries(kind))

    def added_entries(self, kind: str) -> list[dict[str, Any]]:
        return self.added.get(kind, []) if self.added else []

    def add(self, kind: str, entry: dict[str, Any]) -> None:
        if self.added is None:
            self.added = {}
        self.added.setdefault(kind, []).append(entry)

    def next_id(self, kind: str) -> str:
        index = self.total(kind)
        if index >= CHILD_ID_FACTOR:
            raise ValueError(f"issue {self.issue_id} already has {index} entries of kind {kind}")
        return str(int(self.issue_id) * CHILD_ID_FACTOR + index)


def draw_counts(rng: random.Random, edited: bool) -> dict[str, int]:
    """Children counts of a new issue: none unless edited; a skewed few, or an overflowing many.

    Equal counts share one (never mutated) dict: 100,000 issues have only a few hundred distinct ones."""
    if not edited:
        return _shared_counts(0, 0, 0)
    base = {
        "comment": int(rng.random() ** 3 * 5),
        "worklog": int(rng.random() * 1.7),
        "changelog": 1 + int(rng.random() ** 2 * 4),
    }
    for kind, share in OVERFLOW_SHARE.items():
        if rng.random() < share:
            low, high = OVERFLOW_RANGE[kind]
            base[kind] = low + int(rng.random() * (high - low + 1))
    return _shared_counts(base["comment"], base["worklog"], base["changelog"])


@cache
def _shared_counts(comments: int, worklogs: int, histories: int) -> dict[str, int]:
    return {"comment": comments, "worklog": worklogs, "changelog": histories}


def worklog_seconds(spec: ChildSpec, index: int) -> int:
    """Time spent of generated worklog ``index`` (cheap, so issues can sum it without building worklogs)."""
    return 3600 * (1 + (spec.seed // (index + 1)) % 8)


def spent_seconds(spec: ChildSpec) -> int:
    generated = sum(worklog_seconds(spec, i) for i in range(spec.counts["worklog"]))
    return generated + sum(w["timeSpentSeconds"] for w in spec.added_entries("worklog"))


class ChildBuilder:
    """Builds the entries of a ``ChildSpec`` (same spec, same entries) with authors from ``users``."""

    def __init__(self, users: list[dict[str, Any]], statuses: list[dict[str, Any]]) -> None:
        self.users, self.statuses = users, statuses

    def entries(self, spec: ChildSpec, kind: str) -> list[dict[str, Any]]:
        """Every entry of one kind, oldest first."""
        count = spec.counts[kind]
        generated: list[dict[str, Any]] = []
        if count:
            rng = random.Random(spec.seed * 4 + KINDS.index(kind))
            span = spec.last - spec.created
            times = sorted(spec.created + int(span * rng.random()) for _ in range(count))
            build = {"comment": self._comment, "worklog": self._worklog, "changelog": self._history}[kind]
            generated = [build(spec, index, moment, rng) for index, moment in enumerate(times)]
        return generated + spec.added_entries(kind)

    def comment(self, spec: ChildSpec, moment: int, text: str, author: dict[str, Any]) -> dict[str, Any]:
        cid = spec.next_id("comment")
        stamp = jira_time(moment)
        return {
            "self": f"{API3}/issue/{spec.issue_id}/comment/{cid}",
            "id": cid,
            "author": author,
            "body": adf_paragraphs([text]),
            "updateAuthor": author,
            "created": stamp,
            "updated": stamp,
            "jsdPublic": True,
        }

    def worklog(self, spec: ChildSpec, moment: int, seconds: int, author: dict[str, Any]) -> dict[str, Any]:
        wid = spec.next_id("worklog")
        stamp = jira_time(moment)
        return {
            "self": f"{API3}/issue/{spec.issue_id}/worklog/{wid}",
            "author": author,
            "updateAuthor": author,
            "comment": adf_paragraphs([f"Worked {seconds // 3600}h."]),
            "created": stamp,
            "updated": stamp,
            "started": stamp,
            "timeSpent": f"{seconds // 3600}h",
            "timeSpentSeconds": seconds,
            "id": wid,
            "issueId": spec.issue_id,
        }

    def _comment(self, spec: ChildSpec, index: int, moment: int, rng: random.Random) -> dict[str, Any]:
        cid, author = str(int(spec.issue_id) * CHILD_ID_FACTOR + index), self._user(rng)
        created, updated = jira_time(moment), jira_time(min(spec.last, moment + int(rng.random() * 3_600_000)))
        return {
            "self": f"{API3}/issue/{spec.issue_id}/comment/{cid}",
            "id": cid,
            "author": author,
            "body": adf_paragraphs([f"Comment {index + 1}: {_PHRASES[(spec.seed + index) % len(_PHRASES)]}"]),
            "updateAuthor": author,
            "created": created,
            "updated": updated if index % 5 == 4 else created,
            "jsdPublic": True,
        }

    def _worklog(self, spec: ChildSpec, index: int, moment: int, rng: random.Random) -> dict[str, Any]:
        wid, author = str(int(spec.issue_id) * CHILD_ID_FACTOR + index), self._user(rng)
        seconds = worklog_seconds(spec, index)
        stamp = jira_time(moment)
        started = jira_time(moment - seconds * 1000)
        return {
            "self": f"{API3}/issue/{spec.issue_id}/worklog/{wid}",
            "author": author,
            "updateAuthor": author,
            "comment": adf_paragraphs([f"Worked {seconds // 3600}h."]),
            "created": stamp,
            "updated": stamp,
            "started": started,
            "timeSpent": f"{seconds // 3600}h",
            "timeSpentSeconds": seconds,
            "id": wid,
            "issueId": spec.issue_id,
        }

    def _history(self, spec: ChildSpec, index: int, moment: int, rng: random.Random) -> dict[str, Any]:
        name, fieldtype, field_id = _HISTORY_FIELDS[int(rng.random() * len(_HISTORY_FIELDS))]
        item: dict[str, Any] = {"field": name, "fieldtype": fieldtype, "fieldId": field_id}
        if field_id == "status":
            old, new = self.statuses[index % len(self.statuses)], self.statuses[(index + 1) % len(self.statuses)]
            item.update({"from": old["id"], "fromString": old["name"], "to": new["id"], "toString": new["name"]})
        elif field_id == "assignee":
            old, new = self._user(rng), self._user(rng)
            item.update(
                {
                    "from": old["accountId"],
                    "fromString": old["displayName"],
                    "to": new["accountId"],
                    "toString": new["displayName"],
                }
            )
        else:
            # why: text changes have no from/to ids; the spec types them as strings, so they are left out
            item.update({"fromString": f"old {name.lower()} {index}", "toString": f"new {name.lower()} {index + 1}"})
        return {
            "id": str(int(spec.issue_id) * CHILD_ID_FACTOR + index),
            "author": self._user(rng),
            "created": jira_time(moment),
            "items": [item, *_resolution_items(item)],
        }

    def _user(self, rng: random.Random) -> dict[str, Any]:
        return self.users[int(rng.random() * len(self.users))]


def _resolution_items(status_item: dict[str, Any]) -> list[dict[str, Any]]:
    """Moving an issue to Done or Closed sets its resolution in the same history entry (two items), as Jira does.
    why no from/fromString: Jira sends null there, which the spec's string type refuses (as for text changes)."""
    if status_item["fieldId"] != "status" or status_item.get("toString") not in _RESOLVED_STATUSES:
        return []
    return [
        {
            "field": "resolution",
            "fieldtype": "jira",
            "fieldId": "resolution",
            "to": "10000",
            "toString": "Done",
        }
    ]


def adf_paragraphs(texts: list[str]) -> dict[str, Any]:
    """Atlassian Document Format with one paragraph per text (Cloud v3 rich-text fields)."""
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]} for text in texts],
    }
