"""The Jira core's records: users, projects, statuses, priorities, fields, issue types, resolutions, issues (with
the specs their comments, worklogs and changelogs are rebuilt from) and project versions and components.

They live in ``FakeDataset`` attributes (``jira_issues``, ``jira_users``, ...) rather than in ``dataset.parts``:
every other part reads them, and the dataset's edit methods (``touch_issues``, ``add_issue``, ...) change them.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.jira.core import catalog
from jira_octopus_sample_api.jira.core.children import ChildBuilder
from jira_octopus_sample_api.jira.core.generator import build_projects, build_users, dc_user
from jira_octopus_sample_api.jira.core.issues import IssueFactory
from jira_octopus_sample_api.jira.core.project_children import build_components, build_versions
from jira_octopus_sample_api.jira.core.realistic import REALISTIC_FIELDS

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset


def build_jira_core(dataset: FakeDataset) -> None:
    """Fill the dataset's ``jira_*`` attributes (deterministic from ``seed``, ``size`` and ``issue_profile``)."""
    seed, size, anchor_ms = dataset.seed, dataset.size, to_epoch_ms(dataset.anchor)
    rng = random.Random(f"jira-{seed}")
    dataset.jira_statuses = catalog.build_statuses()
    dataset.jira_priorities = catalog.build_priorities()
    dataset.jira_fields = catalog.build_fields(REALISTIC_FIELDS if dataset.issue_profile == "realistic" else [])
    dataset.jira_issue_types = catalog.build_issue_types()
    dataset.jira_resolutions = catalog.build_resolutions()
    dataset.jira_users = build_users(rng, size)
    dataset.jira_dc_users = {
        u["accountId"]: dc_user(u, i) for i, u in enumerate(dataset.jira_users) if u["accountType"] == "atlassian"
    }
    dataset.jira_projects = build_projects(rng, size, dataset.jira_users, dataset.jira_issue_types)
    factory = IssueFactory(
        rng,
        {
            "statuses": dataset.jira_statuses,
            "priorities": dataset.jira_priorities,
            "issue_types": dataset.jira_issue_types,
            "resolutions": dataset.jira_resolutions,
            "projects": dataset.jira_projects,
            "users": dataset.jira_users,
        },
    )
    dataset.issue_factory = factory
    dataset.jira_issues = factory.generate(size, anchor_ms)
    dataset.issue_children = factory.child_specs
    dataset.child_builder = ChildBuilder(factory.users, dataset.jira_statuses)
    dataset.reindex()
    project_rng = random.Random(f"jira-projects-{seed}")
    for index, project in enumerate(dataset.jira_projects):
        dataset.jira_versions[project["id"]] = build_versions(project_rng, project, index, size, anchor_ms)
        dataset.jira_components[project["id"]] = build_components(project_rng, project, index, dataset.jira_users)
