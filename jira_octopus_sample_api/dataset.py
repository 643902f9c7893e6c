"""FakeDataset: every record both fake APIs serve, generated from a seed and a size."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from jira_octopus_sample_api.clock import FakeClock, jira_time, parse_jira_time, to_epoch_ms
from jira_octopus_sample_api.jira.core import catalog as jira_catalog
from jira_octopus_sample_api.jira.core.children import ChildBuilder, ChildSpec, spent_seconds
from jira_octopus_sample_api.jira.core.generator import user_ref
from jira_octopus_sample_api.jira.core.issues import IssueFactory, set_time_tracking
from jira_octopus_sample_api.parts import DATASET_PARTS

DEFAULT_ANCHOR = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ISSUE_PROFILES = ("compact", "realistic")


class FakeDataset:
    """Records in the vendors' response shapes (Jira: Cloud REST v3; Octopus: 2020.5 Swagger).

    Every domain is a part (``parts.py``) that builds its records, knows its streams' ids and serves its routes.
    The two cores keep their records in attributes, because every other part reads them: the Jira core
    (``jira/core/part.py``) in ``jira_*``, the Octopus core (``octopus/core/part.py``) in ``octopus_*``; any other
    part keeps its records in ``parts[part.name]``.

    Derived sizes for ``size`` Jira issues (see ``jira/core/generator.py`` / ``octopus/core/records.py``):
    size 250 -> 6 Jira projects, 33 users (31 people + 2 apps), 3 Octopus spaces, 10 projects, 12 environments,
    19 machines, 95 releases, 158 deployments; size 10,000 -> 120 Jira projects, 1,252 users, 380 Octopus
    projects, 12 environments, 760 machines, 3,800 releases, 6,333 deployments. Jira statuses (6), priorities
    (5) and fields (54) are fixed. Every timestamp is at or before ``anchor`` (default
    2025-06-01T12:00Z, so the data does not move with the wall clock).

    Jira URLs start with ``JIRA_SITE`` (``https://fake-jira.invalid``); the server rewrites that prefix to its
    own base URL, and ``/rest/api/3/`` to ``/rest/api/2/`` on v2 endpoints, when it answers.
    Edit issues through ``touch_issues`` / ``add_issue`` / ``delete_issue`` / ``add_comment`` / ``add_worklog``
    (or replace whole values in a record's dicts); nested status/user/project objects are shared between issues.
    Issue children (``children(issue_id, kind)``, kinds comment / worklog / changelog) are rebuilt on demand from
    ``issue_children`` (see ``jira/core/children.py``); project versions and components are in ``jira_versions`` /
    ``jira_components`` by project id. ``ids()`` asks every part for a stream's primary keys.
    """

    JIRA_SITE = jira_catalog.JIRA_SITE

    def __init__(self, seed: int, size: int, anchor: datetime, issue_profile: str = "compact") -> None:
        if issue_profile not in ISSUE_PROFILES:
            raise ValueError(f"issue_profile must be one of {ISSUE_PROFILES}, got {issue_profile!r}")
        self.seed, self.size, self.anchor, self.issue_profile = seed, size, anchor, issue_profile
        self.clock = FakeClock()
        self.version = 0  # bumped by every edit method (and by the server after a hook); search caches key on it
        self.jira_issues: list[dict[str, Any]] = []
        self.jira_projects: list[dict[str, Any]] = []
        self.jira_users: list[dict[str, Any]] = []  # Cloud shape; Data Center twins in jira_dc_users
        self.jira_dc_users: dict[str, dict[str, Any]] = {}  # accountId -> DC user (key, name)
        self.jira_fields: list[dict[str, Any]] = []
        self.jira_statuses: list[dict[str, Any]] = []
        self.jira_priorities: list[dict[str, Any]] = []
        self.jira_issue_types: list[dict[str, Any]] = []
        self.jira_resolutions: list[dict[str, Any]] = []
        self.jira_versions: dict[str, list[dict[str, Any]]] = {}  # project id -> versions (Cloud v3 shape)
        self.jira_components: dict[str, list[dict[str, Any]]] = {}  # project id -> components
        self.issue_children: dict[str, ChildSpec] = {}  # issue id -> comments, worklogs, histories (compact)
        self.child_builder = ChildBuilder([], [])
        self.octopus_spaces: list[dict[str, Any]] = []
        self.octopus_projects: list[dict[str, Any]] = []
        self.octopus_environments: list[dict[str, Any]] = []
        self.octopus_releases: list[dict[str, Any]] = []
        self.octopus_deployments: list[dict[str, Any]] = []
        self.octopus_machines: list[dict[str, Any]] = []
        self._issue_positions: dict[str, int] = {}
        self._key_positions: dict[str, int] = {}
        self._worklog_changes: tuple[int, list[tuple[int, int]]] = (-1, [])
        self.created_ms: list[int] = []  # created of jira_issues[i], for the search's window scans
        self.created_ascending = True  # ids ascend with creation (false once an issue is added in the past)
        self.issue_factory: IssueFactory | None = None  # makes the issues (jira/core/records.py) and new ones
        self.parts: dict[str, Any] = {}  # part name -> that part's records (see part.py)
        # issue id -> (when ``touch_issues`` last edited it, in epoch ms; its `updated` before that edit), for a
        # search index that is eventually consistent (``ServerState.search_index_delay``)
        self.unindexed_edits: dict[str, tuple[int, str]] = {}

    @classmethod
    def generate(
        cls, seed: int = 42, size: int = 250, *, anchor: datetime | None = None, issue_profile: str = "compact"
    ) -> FakeDataset:
        """Build the dataset; same ``seed``, ``size``, ``anchor`` and profile give identical data.

        ``issue_profile="realistic"`` makes every issue ~11 KB of JSON with ``*all`` fields and
        ``expand=renderedFields,changelog`` (long ADF description, more custom fields; see ``jira_realistic``)."""
        gc_was_enabled = gc.isenabled()
        gc.disable()  # why: the cyclic GC rescanned the growing record graph over and over (2x slower)
        try:
            return cls._build(seed, size, anchor or DEFAULT_ANCHOR, issue_profile)
        finally:
            if gc_was_enabled:
                gc.enable()

    @classmethod
    def _build(cls, seed: int, size: int, anchor: datetime, issue_profile: str) -> FakeDataset:
        dataset = cls(seed, size, anchor, issue_profile)
        for part in DATASET_PARTS:  # the Jira and Octopus cores first: the other parts read their records
            part.build(dataset)
        return dataset

    # ---- look-ups -------------------------------------------------------------------------------------
    def ids(self, stream_name: str, deployment: str = "cloud") -> set[str]:
        """Primary keys a full read of the connector stream ``stream_name`` must return (asked of every part)."""
        for part in DATASET_PARTS:
            found = part.ids(self, stream_name, deployment)
            if found is not None:
                return found
        raise KeyError(f"unknown stream {stream_name!r}: no part of the sample API serves it")

    def issue(self, issue_id: str) -> dict[str, Any]:
        return self.jira_issues[self._issue_positions[str(issue_id)]]

    def octopus_records(self, kind: str, space_id: str) -> list[dict[str, Any]]:
        return [record for record in getattr(self, f"octopus_{kind}") if record["SpaceId"] == space_id]

    # ---- edits ----------------------------------------------------------------------------------------
    def touch_issues(self, issue_ids: Iterable[str], when: datetime | None = None) -> None:
        """Set ``fields.updated`` of these issues (default: the clock's now); issue order is unchanged."""
        edited_ms = to_epoch_ms(when or self.clock.now())
        stamp = jira_time(edited_ms)
        for issue_id in issue_ids:
            fields = self.issue(issue_id)["fields"]
            pending = self.unindexed_edits.get(str(issue_id))
            self.unindexed_edits[str(issue_id)] = (edited_ms, pending[1] if pending else fields["updated"])
            fields["updated"] = stamp
        self.version += 1

    def add_issue(
        self, project_key: str | None = None, *, summary: str | None = None, created: datetime | None = None
    ) -> dict[str, Any]:
        """Create an issue with the next id (created = updated = ``created`` or the clock's now)."""
        assert self.issue_factory is not None
        projects = self.issue_factory.projects
        project = projects[0] if project_key is None else next((p for p in projects if p["key"] == project_key), None)
        if project is None:
            raise KeyError(f"unknown Jira project {project_key!r}")
        moment = to_epoch_ms(created or self.clock.now())
        issue = self.issue_factory.create(project, moment, moment, summary)
        self.jira_issues.append(issue)
        self.reindex()
        return issue

    def delete_issue(self, issue_id: str) -> dict[str, Any]:
        issue = self.jira_issues.pop(self._issue_positions[str(issue_id)])
        self.issue_children.pop(issue["id"], None)
        self.reindex()
        return issue

    def issue_by_id_or_key(self, value: str) -> dict[str, Any] | None:
        position = self._issue_positions.get(value)
        if position is None:
            position = self._key_positions.get(value.upper())
        return None if position is None else self.jira_issues[position]

    def worklog_changes(self) -> list[tuple[int, int]]:
        """(updated epoch ms, worklog id) of every worklog, oldest first (cached until the next edit)."""
        if self._worklog_changes[0] != self.version:
            changes = [
                (parse_jira_time(w["updated"]), int(w["id"]))
                for issue_id, spec in self.issue_children.items()
                if spec.total("worklog")
                for w in self.children(issue_id, "worklog")
            ]
            self._worklog_changes = (self.version, sorted(changes))
        return self._worklog_changes[1]

    def children(self, issue_id: str, kind: str) -> list[dict[str, Any]]:
        """Every comment / worklog / changelog history (``kind``) of an issue, oldest first (v3 shape)."""
        return self.child_builder.entries(self.issue_children[str(issue_id)], kind)

    def add_comment(
        self, issue_id: str, text: str = "Added while the connector was reading.", when: datetime | None = None
    ) -> dict[str, Any]:
        """Add a comment (as Jira does, the issue's ``updated`` moves to the comment's time)."""
        spec, moment = self._child_edit(issue_id, when)
        entry = self.child_builder.comment(spec, moment, text, self._author())
        spec.add("comment", entry)
        self.touch_issues([issue_id], when)
        return entry

    def add_worklog(self, issue_id: str, seconds: int = 3600, when: datetime | None = None) -> dict[str, Any]:
        """Log work (bumps the issue's ``updated`` and its time-tracking fields)."""
        spec, moment = self._child_edit(issue_id, when)
        entry = self.child_builder.worklog(spec, moment, seconds, self._author())
        spec.add("worklog", entry)
        set_time_tracking(self.issue(issue_id)["fields"], spent_seconds(spec))
        self.touch_issues([issue_id], when)
        return entry

    def _child_edit(self, issue_id: str, when: datetime | None) -> tuple[ChildSpec, int]:
        self.issue(issue_id)  # KeyError for an unknown issue
        return self.issue_children[str(issue_id)], to_epoch_ms(when or self.clock.now())

    def _author(self) -> dict[str, Any]:
        return user_ref(next(u for u in self.jira_users if u["accountType"] == "atlassian"))

    def reindex(self) -> None:
        """Rebuild the issue look-ups after issues were added or removed (and bump ``version``)."""
        self.version += 1
        self._issue_positions = {issue["id"]: index for index, issue in enumerate(self.jira_issues)}
        self._key_positions = {issue["key"]: index for index, issue in enumerate(self.jira_issues)}
        self.created_ms = [self.issue_children[issue["id"]].created for issue in self.jira_issues]
        self.created_ascending = all(a <= b for a, b in zip(self.created_ms, self.created_ms[1:], strict=False))

    def project_by_id_or_key(self, value: str) -> dict[str, Any] | None:
        lowered = value.lower()
        for project in self.jira_projects:
            if project["id"] == value or project["key"].lower() == lowered or project["name"].lower() == lowered:
                return project
        return None
