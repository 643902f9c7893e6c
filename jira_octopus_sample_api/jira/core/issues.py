"""Builds Jira issues (Cloud REST v3 shape, ``*all`` fields) quickly and deterministically.

Nested reference objects (status, priority, issue type, project, users) and empty values (``[]`` of
components, versions, links, ...; zero time tracking) are shared between issues to keep generation fast and
100,000 issues near 500 MB: replace them rather than mutating them in place.
"""

from __future__ import annotations

import random
from typing import Any

from jira_octopus_sample_api.clock import jira_time
from jira_octopus_sample_api.jira.core.catalog import API3
from jira_octopus_sample_api.jira.core.children import ChildSpec, draw_counts, spent_seconds
from jira_octopus_sample_api.jira.core.custom_fields import typed_custom_fields
from jira_octopus_sample_api.jira.core.generator import (
    FIRST_ISSUE_ID,
    LABELS,
    NOUNS,
    QUALIFIERS,
    SPAN_MS,
    VERBS,
    adf,
    pick,
    project_ref,
    user_ref,
)

ISSUE_EXPAND = (
    "operations,versionedRepresentations,editmeta,changelog,customfield_10010.requestTypePractice,renderedFields"
)
# status index -> is the issue resolved (Done, Closed)
_RESOLVED_STATUS = {4, 5}
SPRINT_MS = 14 * 24 * 3600 * 1000
# why: 100,000 issues held ~40 MB of identical empty values; these are shared, so replace them, never mutate
_NONE: list[Any] = []
_NO_TIME: dict[str, Any] = {}
_NO_PROGRESS = {"progress": 0, "total": 0}


class IssueFactory:
    """Creates issues from the catalog; keeps per-project key counters and each issue's ``ChildSpec``."""

    def __init__(self, rng: random.Random, catalog: dict[str, list[dict[str, Any]]]) -> None:
        self.rng = rng
        self.statuses = catalog["statuses"]
        self.priorities = catalog["priorities"]
        self.issue_types = [t for t in catalog["issue_types"] if t["hierarchyLevel"] >= 0]
        self.resolutions = catalog["resolutions"]
        self.projects = [project_ref(p) for p in catalog["projects"]]
        self.users = [user_ref(u) for u in catalog["users"] if u["accountType"] == "atlassian"]
        self.next_id = FIRST_ISSUE_ID
        self.next_number = {p["key"]: 1 for p in self.projects}
        self.child_specs: dict[str, ChildSpec] = {}  # issue id -> its comments, worklogs and histories
        self._sprints: dict[tuple[str, int], dict[str, Any]] = {}

    def generate(self, size: int, anchor_ms: int) -> list[dict[str, Any]]:
        start, step = anchor_ms - SPAN_MS, SPAN_MS // max(size, 1)
        issues = []
        for index in range(size):
            created = start + index * step + self.rng.randrange(max(step // 2, 1))
            updated = self._updated(created, anchor_ms)
            project = self.projects[self._project_index(index)]
            issues.append(self.create(project, created, updated))
        return issues

    def _updated(self, created: int, anchor_ms: int) -> int:
        roll = self.rng.random()
        if roll < 0.2:
            return created
        if roll > 0.95:
            return anchor_ms - self.rng.randrange(3 * 24 * 3600 * 1000)
        return created + int((anchor_ms - created) * self.rng.random() ** 3)

    def _project_index(self, index: int) -> int:
        """Skewed: the first projects get most issues, every project gets some."""
        count = len(self.projects)
        return index % count if index < count * 2 else min(int(self.rng.random() ** 2 * count), count - 1)

    def create(self, project: dict[str, Any], created: int, updated: int, summary: str | None = None) -> dict[str, Any]:
        issue_id, number = str(self.next_id), self.next_number[project["key"]]
        self.next_id += 1
        self.next_number[project["key"]] = number + 1
        key = f"{project['key']}-{number}"
        status_index = int(self.rng.random() * len(self.statuses))
        fields = self._base_fields(key, project, created, updated, status_index)
        if summary:
            fields["summary"] = summary
        self._add_resolution(fields, status_index)
        self._add_custom_fields(fields, project, created)
        fields.update(typed_custom_fields(issue_id, key, created, self.users))
        self._add_activity(fields, issue_id, created, updated)
        return {
            "expand": ISSUE_EXPAND,
            "id": issue_id,
            "self": f"{API3}/issue/{issue_id}",
            "key": key,
            "fields": fields,
        }

    def _base_fields(
        self, key: str, project: dict[str, Any], created: int, updated: int, status_index: int
    ) -> dict[str, Any]:
        rng = self.rng
        reporter = pick(rng, self.users)
        return {
            "summary": f"{pick(rng, VERBS)} {pick(rng, NOUNS)} {pick(rng, QUALIFIERS)}".strip(),
            "issuetype": pick(rng, self.issue_types),
            "project": project,
            "status": self.statuses[status_index],
            "priority": pick(rng, self.priorities),
            "assignee": pick(rng, self.users) if rng.random() < 0.8 else None,
            "reporter": reporter,
            "creator": reporter,
            "created": jira_time(created),
            "updated": jira_time(updated),
            "statuscategorychangedate": jira_time(created + (updated - created) // 2),
            "description": adf(f"Steps to reproduce for {key}.") if rng.random() < 0.7 else None,
            "labels": sorted({pick(rng, LABELS) for _ in range(int(rng.random() * 3))}),
            "duedate": None,
            "lastViewed": None,
            "environment": None,
            "security": None,
            "components": _NONE,
            "fixVersions": _NONE,
            "versions": _NONE,
            "issuelinks": _NONE,
            "subtasks": _NONE,
            "attachment": _NONE,
            "workratio": -1,
            "timeestimate": None,
            "timeoriginalestimate": None,
            "aggregatetimeestimate": None,
            "aggregatetimeoriginalestimate": None,
            "watches": {"self": f"{API3}/issue/{key}/watchers", "watchCount": 1, "isWatching": False},
            "votes": {"self": f"{API3}/issue/{key}/votes", "votes": 0, "hasVoted": False},
        }

    def _add_resolution(self, fields: dict[str, Any], status_index: int) -> None:
        resolved = status_index in _RESOLVED_STATUS
        fields["resolution"] = self.resolutions[status_index % 2] if resolved else None
        fields["resolutiondate"] = fields["updated"] if resolved else None

    def _add_custom_fields(self, fields: dict[str, Any], project: dict[str, Any], created: int) -> None:
        rng = self.rng
        fields["customfield_10014"] = None  # Epic Link and Parent Link: set for an epic's issues by the agile part
        fields["customfield_10018"] = None
        fields["customfield_10015"] = fields["created"][:10] if rng.random() < 0.3 else None
        fields["customfield_10016"] = pick(rng, (1.0, 2.0, 3.0, 5.0, 8.0)) if rng.random() < 0.6 else None
        fields["customfield_10019"] = f"0|i{self.next_id:05x}:"
        fields["customfield_10020"] = [self._sprint(project, created)] if rng.random() < 0.5 else None
        fields["customfield_10021"] = (
            [{"self": f"{API3}/customFieldOption/10019", "value": "Impediment", "id": "10019"}]
            if rng.random() < 0.05
            else None
        )
        fields["customfield_10040"] = f"ACME-{rng.randrange(1000)}" if rng.random() < 0.2 else None

    def _sprint(self, project: dict[str, Any], created: int) -> dict[str, Any]:
        """Two-week sprints per project, shared by the issues created in them (as in Jira)."""
        number = created // SPRINT_MS
        key = (project["id"], number)
        if key not in self._sprints:
            self._sprints[key] = {
                "id": len(self._sprints) + 1,
                "name": f"{project['key']} Sprint {number % 1000}",
                "state": "closed",
                "boardId": int(project["id"]) - 9999,
                "goal": "",
                "startDate": f"{jira_time(number * SPRINT_MS)[:10]}T09:00:00.000Z",
                "endDate": f"{jira_time((number + 1) * SPRINT_MS)[:10]}T17:00:00.000Z",
            }
        return self._sprints[key]

    def _add_activity(self, fields: dict[str, Any], issue_id: str, created: int, updated: int) -> None:
        """Children live in a compact ``ChildSpec`` (see ``jira_children``); only their time sums are fields."""
        counts = draw_counts(self.rng, edited=updated != created)
        spec = ChildSpec(issue_id, self.rng.getrandbits(31), created, updated, counts)
        self.child_specs[issue_id] = spec
        set_time_tracking(fields, spent_seconds(spec))


def set_time_tracking(fields: dict[str, Any], spent: int) -> None:
    """The time-tracking fields Jira derives from an issue's worklogs (replaced, never edited in place)."""
    fields["timespent"] = fields["aggregatetimespent"] = spent or None
    fields["timetracking"] = {"timeSpent": f"{spent // 3600}h", "timeSpentSeconds": spent} if spent else _NO_TIME
    progress = {"progress": spent, "total": spent} if spent else _NO_PROGRESS
    fields["progress"], fields["aggregateprogress"] = progress, dict(progress) if spent else _NO_PROGRESS
