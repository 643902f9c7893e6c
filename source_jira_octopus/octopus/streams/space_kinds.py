"""Octopus kinds listed once per space (`GET /api/{space_id}/<collection>`), each record stamped with its SpaceId:
one row per kind, `space_kind(kind, path segment)` (stream `octopus_<kind>`, schema `octopus_<kind>.json`).

Project-scoped kinds (channels, runbooks, deployment processes) are read from the space-level collection, not
once per project: the 2020.5 Swagger serves `/api/{baseSpaceId}/channels`, `/runbooks` and
`/deploymentprocesses` for the whole space, and every record already carries its `ProjectId`.
Secrets (accounts, certificates, feeds, sensitive property values) are dropped by the Octopus base
(`octopus/secrets.py`) before any record leaves.
"""

from __future__ import annotations

from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams.core import space_kind

STREAMS: tuple[type[OctopusStream], ...] = (
    space_kind("project_groups", "projectgroups"),
    space_kind("lifecycles", "lifecycles"),
    space_kind("channels", "channels"),
    space_kind("tenants", "tenants"),
    space_kind("worker_pools", "workerpools"),
    space_kind("workers", "workers"),
    # every space has its built-in feeds under the same ids (`feeds-builtin`)
    space_kind("feeds", "feeds", primary_key=["SpaceId", "Id"]),
    space_kind("runbooks", "runbooks"),
    space_kind("library_variable_sets", "libraryvariablesets"),
    space_kind("accounts", "accounts"),
    space_kind("certificates", "certificates"),
    space_kind("deployment_processes", "deploymentprocesses"),
    space_kind("interruptions", "interruptions"),
    space_kind("artifacts", "artifacts"),
    space_kind("tag_sets", "tagsets"),
    space_kind("machine_policies", "machinepolicies", vendor_resource="MachinePolicyResource"),
)
