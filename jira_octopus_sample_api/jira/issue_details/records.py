"""Watchers, voters, remote links, properties and links between issues, generated per issue from the seed.

Shares (fixed, as seen on working Jira sites): every issue has 0-4 watchers (its reporter watches it from the start,
as Jira does, unless they stopped), about 15% have votes (1-3 voters), 20% remote links (1-3: Confluence pages,
web links), 25% properties (1-2 keys of apps), 15% a link to an earlier issue. Counts embedded in the issue
(`fields.watches.watchCount`, `fields.votes.votes`) and `fields.issuelinks` are set to agree with the lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.jira.core.catalog import API3, JIRA_SITE

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset

LINK_TYPES = (  # Jira Cloud's default issue link types: (id, name, inward, outward)
    ("10000", "Blocks", "is blocked by", "blocks"),
    ("10001", "Cloners", "is cloned by", "clones"),
    ("10002", "Duplicate", "is duplicated by", "duplicates"),
    ("10003", "Relates", "relates to", "relates to"),
)
PROPERTY_KEYS = ("com.acme.deploy-state", "sla.timer", "com.atlassian.jira.issue:devsummary")
FIRST_REMOTE_LINK_ID, FIRST_ISSUE_LINK_ID = 10_000, 20_000


@dataclass
class IssueDetails:
    """Per issue id: watcher and voter account ids, remote links, properties; issue links live in the issues."""

    watchers: dict[str, list[str]] = field(default_factory=dict)
    voters: dict[str, list[str]] = field(default_factory=dict)
    remote_links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # accountId -> the user as embedded (Cloud)


def details_of(dataset: FakeDataset) -> IssueDetails:
    return dataset.parts["issue_details"]


def watcher_ids(dataset: FakeDataset, issue: dict[str, Any]) -> list[str]:
    """An issue created after generation is watched by its reporter (its watchCount says 1), as in Jira."""
    stored = details_of(dataset).watchers.get(issue["id"])
    if stored is not None:
        return stored
    reporter = (issue["fields"].get("reporter") or {}).get("accountId")
    return [reporter] if reporter and issue["fields"]["watches"]["watchCount"] else []


def voter_ids(dataset: FakeDataset, issue: dict[str, Any]) -> list[str]:
    return details_of(dataset).voters.get(issue["id"], [])


def build_details(seed: int, issues: list[dict[str, Any]], account_ids: list[str]) -> IssueDetails:
    rng = random.Random(f"issue-details-{seed}")
    details = IssueDetails()
    next_remote = FIRST_REMOTE_LINK_ID
    for position, issue in enumerate(issues):
        issue_id, fields = issue["id"], issue["fields"]
        reporter = (fields.get("reporter") or {}).get("accountId")
        watchers = _people(rng, account_ids, int(rng.random() * 4), first=reporter if rng.random() < 0.8 else None)
        details.watchers[issue_id] = watchers
        watches = {"self": f"{API3}/issue/{issue['key']}/watchers", "watchCount": len(watchers), "isWatching": False}
        fields["watches"] = watches
        voters = _people(rng, account_ids, 1 + int(rng.random() * 3)) if rng.random() < 0.15 else []
        details.voters[issue_id] = voters
        fields["votes"] = {"self": f"{API3}/issue/{issue['key']}/votes", "votes": len(voters), "hasVoted": False}
        if rng.random() < 0.2:
            count = 1 + int(rng.random() * 3)
            details.remote_links[issue_id] = [_remote_link(issue, next_remote + n, n) for n in range(count)]
            next_remote += count
        if rng.random() < 0.25:
            keys = PROPERTY_KEYS[: 1 + int(rng.random() * 2)] if rng.random() < 0.5 else PROPERTY_KEYS[1:]
            details.properties[issue_id] = {key: _property_value(key, rng) for key in keys}
        if position and rng.random() < 0.15:
            _link(issues[int(rng.random() * position)], issue, LINK_TYPES[int(rng.random() * 4)], position)
    return details


def _people(rng: random.Random, account_ids: list[str], count: int, first: str | None = None) -> list[str]:
    chosen = [first] if first else []
    for _ in range(count):
        candidate = account_ids[int(rng.random() * len(account_ids))]
        if candidate not in chosen:
            chosen.append(candidate)
    return chosen


def _remote_link(issue: dict[str, Any], link_id: int, index: int) -> dict[str, Any]:
    confluence = index % 2 == 0
    page = (
        f"{JIRA_SITE}/wiki/pages/viewpage.action?pageId={link_id}" if confluence else f"https://docs.acme.io/{link_id}"
    )
    return {
        "id": link_id,
        "self": f"{API3}/issue/{issue['id']}/remotelink/{link_id}",
        "globalId": f"appId=5e8c7e1a&pageId={link_id}" if confluence else f"system=https://docs.acme.io&id={link_id}",
        "application": {"type": "com.atlassian.confluence", "name": "Confluence"} if confluence else {},
        "relationship": "Wiki Page" if confluence else "links to",
        "object": {
            "url": page,
            "title": f"Runbook for {issue['key']}" if confluence else f"Design note {link_id}",
            "summary": "Steps for the on-call engineer.",
            "icon": {"url16x16": f"{JIRA_SITE}/wiki/favicon.ico", "title": "Page"},
            "status": {"resolved": False, "icon": {}},
        },
    }


def _property_value(key: str, rng: random.Random) -> Any:
    if key == "sla.timer":
        return {"remainingMinutes": int(rng.random() * 480), "breached": rng.random() < 0.1}
    if key == "com.acme.deploy-state":
        return {"environment": ("staging", "production")[int(rng.random() * 2)], "build": int(rng.random() * 9999)}
    return {"pullRequests": int(rng.random() * 4), "commits": int(rng.random() * 20)}


def _link(outward_of: dict[str, Any], inward_of: dict[str, Any], link_type: tuple[str, ...], number: int) -> None:
    """`outward_of` <type.outward> `inward_of` ("A blocks B"): A carries the link with `outwardIssue` B, B carries it
    with `inwardIssue` A, each with the other end's summary, status, priority and type."""
    type_id, name, inward, outward = link_type
    link_id = str(FIRST_ISSUE_LINK_ID + number)
    kind = {
        "id": type_id,
        "name": name,
        "inward": inward,
        "outward": outward,
        "self": f"{API3}/issueLinkType/{type_id}",
    }
    base = {"id": link_id, "self": f"{API3}/issueLink/{link_id}", "type": kind}
    outward_of["fields"]["issuelinks"] = [
        *outward_of["fields"]["issuelinks"],
        {**base, "outwardIssue": _ref(inward_of)},
    ]
    inward_of["fields"]["issuelinks"] = [*inward_of["fields"]["issuelinks"], {**base, "inwardIssue": _ref(outward_of)}]


def _ref(issue: dict[str, Any]) -> dict[str, Any]:
    fields = issue["fields"]
    return {
        "id": issue["id"],
        "key": issue["key"],
        "self": issue["self"],
        "fields": {name: fields[name] for name in ("summary", "status", "priority", "issuetype")},
    }
