"""The Octopus collections whose records a part of the sample API builds by hand, by path segment: the core kinds,
the configuration kinds of the ``octopus_kinds`` part, the ``simple_kinds.py`` rows, the server-wide kinds, and the
segments other parts answer. Every other collection the vendor's Swagger pages is served from its component
(``documented_kinds.py``)."""

from __future__ import annotations

from jira_octopus_sample_api.octopus.kinds.deployment_freezes import FILTERS as FREEZE_FILTERS
from jira_octopus_sample_api.octopus.kinds.deployment_freezes import PATH as FREEZES_PATH
from jira_octopus_sample_api.octopus.kinds.simple_kinds import SIMPLE_KINDS

HAND_BUILT_COLLECTIONS: dict[str, tuple[str, str, str | None, str, str]] = {
    # path segment: (dataset kind, ItemType, required permission or None, sort, template filters)
    "projects": ("projects", "Project", "ProjectView", "name", "ids,partialName,clone,clonedFromProjectId"),
    "environments": ("environments", "Environment", "EnvironmentView", "sort_order", "ids,partialName"),
    "releases": ("releases", "Release", "ReleaseView", "assembled", "ids,ignoreChannelRules"),
    "deployments": (
        "deployments",
        "Deployment",
        "DeploymentView",
        "created",
        "ids,projects,environments,tenants,channels,taskState,partialName",
    ),
    "machines": (
        "machines",
        "DeploymentTarget",
        "MachineView",
        "name",
        "name,ids,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags,environmentIds",
    ),
    # issue 9 (records in the octopus_kinds part; filters from the 2020.5 servers' link templates)
    "projectgroups": ("project_groups", "ProjectGroup", "ProjectGroupView", "name", "ids,partialName"),
    "lifecycles": ("lifecycles", "Lifecycle", "LifecycleView", "name", "ids,partialName"),
    "channels": ("channels", "Channel", "ProjectView", "id", "ids,partialName"),
    "tenants": ("tenants", "Tenant", "TenantView", "name", "projectId,name,tags,ids,clone,partialName"),
    "workerpools": ("worker_pools", "WorkerPool", "WorkerView", "sort_order", "name,ids,partialName"),
    "workers": ("workers", "Worker", "WorkerView", "name", "name,ids,partialName,isDisabled,healthStatuses"),
    "feeds": ("feeds", "Feed", "FeedView", "name", "ids,partialName,feedType,name"),
    "runbooks": ("runbooks", "Runbook", "RunbookView", "name", "ids,partialName,clone,projectIds"),
    "libraryvariablesets": (
        "library_variable_sets",
        "LibraryVariableSet",
        "LibraryVariableSetView",
        "name",
        "ids,partialName,contentType",
    ),
    "accounts": ("accounts", "Account", "AccountView", "name", "ids,partialName,accountType"),
    "certificates": ("certificates", "Certificate", "CertificateView", "name", "ids,partialName,archived,tenant"),
    "deploymentprocesses": ("deployment_processes", "DeploymentProcess", "ProcessView", "id", "ids"),
    "interruptions": ("interruptions", "Interruption", "InterruptionView", "created", "pendingOnly,ids,regarding"),
    "artifacts": ("artifacts", "Artifact", "ArtifactView", "created", "ids,partialName,regarding,order"),
    **{k.segment: (k.kind, k.item_type, k.permission, k.sort, k.filters) for k in SIMPLE_KINDS},
}
HAND_BUILT_SYSTEM_KINDS = {  # path segment: (kind, ItemType, link template filters)
    "users": ("users", "User", "skip,take,ids,filter"),
    "teams": ("teams", "Team", "skip,take,ids,partialName,spaces,includeSystem"),
    "userroles": ("user_roles", "UserRole", "skip,take,ids,partialName"),
    FREEZES_PATH: ("deployment_freezes", "DeploymentFreeze", FREEZE_FILTERS),
}
# Answered by the routes of other parts: the core's spaces, the activity part's tasks, events and runbook runs, the
# webhooks part's subscriptions.
SERVED_ELSEWHERE = frozenset({"spaces", "tasks", "events", "runbookRuns", "subscriptions"})
HAND_SERVED_SEGMENTS = frozenset({*HAND_BUILT_COLLECTIONS, *HAND_BUILT_SYSTEM_KINDS, *SERVED_ELSEWHERE})
