"""Octopus kinds listed once per space (`GET /api/{space_id}/<collection>`), each record stamped with its SpaceId.

Project-scoped kinds (channels, runbooks, deployment processes) are read from the space-level collection, not
once per project: the 2020.5 Swagger serves `/api/{baseSpaceId}/channels`, `/runbooks` and
`/deploymentprocesses` for the whole space, and every record already carries its `ProjectId`.
Secrets (accounts, certificates, feeds, sensitive property values) are dropped by the Octopus base
(`octopus/secrets.py`) before any record leaves.
"""

from __future__ import annotations

from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams.core import OctopusSpaceStream


class OctopusProjectGroups(OctopusSpaceStream):
    name = "octopus_project_groups"
    kind = "project_groups"
    path_template = "{space_id}/projectgroups"


class OctopusLifecycles(OctopusSpaceStream):
    name = "octopus_lifecycles"
    kind = "lifecycles"
    path_template = "{space_id}/lifecycles"


class OctopusChannels(OctopusSpaceStream):
    name = "octopus_channels"
    kind = "channels"
    path_template = "{space_id}/channels"


class OctopusTenants(OctopusSpaceStream):
    name = "octopus_tenants"
    kind = "tenants"
    path_template = "{space_id}/tenants"


class OctopusWorkerPools(OctopusSpaceStream):
    name = "octopus_worker_pools"
    kind = "worker_pools"
    path_template = "{space_id}/workerpools"


class OctopusWorkers(OctopusSpaceStream):
    name = "octopus_workers"
    kind = "workers"
    path_template = "{space_id}/workers"


class OctopusFeeds(OctopusSpaceStream):
    name = "octopus_feeds"
    kind = "feeds"
    path_template = "{space_id}/feeds"
    primary_key = ["SpaceId", "Id"]  # every space has its built-in feeds under the same ids (`feeds-builtin`)


class OctopusRunbooks(OctopusSpaceStream):
    name = "octopus_runbooks"
    kind = "runbooks"
    path_template = "{space_id}/runbooks"


class OctopusLibraryVariableSets(OctopusSpaceStream):
    name = "octopus_library_variable_sets"
    kind = "library_variable_sets"
    path_template = "{space_id}/libraryvariablesets"


class OctopusAccounts(OctopusSpaceStream):
    name = "octopus_accounts"
    kind = "accounts"
    path_template = "{space_id}/accounts"


class OctopusCertificates(OctopusSpaceStream):
    name = "octopus_certificates"
    kind = "certificates"
    path_template = "{space_id}/certificates"


class OctopusDeploymentProcesses(OctopusSpaceStream):
    name = "octopus_deployment_processes"
    kind = "deployment_processes"
    path_template = "{space_id}/deploymentprocesses"


class OctopusInterruptions(OctopusSpaceStream):
    name = "octopus_interruptions"
    kind = "interruptions"
    path_template = "{space_id}/interruptions"


class OctopusArtifacts(OctopusSpaceStream):
    name = "octopus_artifacts"
    kind = "artifacts"
    path_template = "{space_id}/artifacts"


STREAMS: tuple[type[OctopusStream], ...] = (
    OctopusProjectGroups,
    OctopusLifecycles,
    OctopusChannels,
    OctopusTenants,
    OctopusWorkerPools,
    OctopusWorkers,
    OctopusFeeds,
    OctopusRunbooks,
    OctopusLibraryVariableSets,
    OctopusAccounts,
    OctopusCertificates,
    OctopusDeploymentProcesses,
    OctopusInterruptions,
    OctopusArtifacts,
)
