"""Deterministic Octopus space-scoped configuration records in the 2020.5 Swagger shapes: project groups,
lifecycles, channels, tenants, worker pools, workers, feeds and runbooks.

Sizes per space follow the core generator's weights w (1.0 / 0.6 / 0.3) with n = dataset size: tenants
``round(n/25*w)`` (none below 1), workers ``max(1, round(n/50*w))``, project groups ``1 + round(n/100*w)``,
lifecycles ``2 + round(n/250*w)``; one default channel per project (its id is the one the core releases use,
``Channels-<project number>``) plus a hotfix channel for every third project; a runbook for every second project.
The smallest space has a single worker pool and only the built-in feeds. Ids are global per kind, except the
built-in feeds, which every space has under the same ids (as on a real server: ``feeds-builtin``).
"""

from __future__ import annotations

import random
from typing import Any

from jira_octopus_sample_api.clock import octopus_time
from jira_octopus_sample_api.octopus.core.records import tentacle
from jira_octopus_sample_api.octopus.kinds.secrets import SecretBook

SPAN_MS = 365 * 24 * 3600 * 1000
Record = dict[str, Any]


def links(space_id: str, segment: str, record_id: str, web: str | None = None) -> dict[str, str]:
    return {"Self": f"/api/{space_id}/{segment}/{record_id}", "Web": f"/app#/{space_id}/{web or segment}/{record_id}"}


def modified(rng: random.Random, anchor_ms: int) -> dict[str, str]:
    return {
        "LastModifiedBy": rng.choice(("admin", "octo-deployer", "jsmith")),
        "LastModifiedOn": octopus_time(anchor_ms - rng.randrange(SPAN_MS)),
    }


_UNAVAILABLE = ("Unavailable", "The machine was unavailable at the last health check.")


class SpaceKindBuilder:
    """Builds one space's records into ``records`` (kind -> list), numbering ids across spaces."""

    def __init__(
        self, rng: random.Random, size: int, anchor_ms: int, records: dict[str, list[Record]], secrets: SecretBook
    ) -> None:
        self.rng, self.size, self.anchor_ms, self.records, self.secrets = rng, size, anchor_ms, records, secrets

    def _next(self, kind: str, prefix: str) -> str:
        return f"{prefix}-{len(self.records[kind]) + 1}"

    def _add(self, kind: str, record: Record) -> Record:
        self.records[kind].append(record)
        return record

    def project_groups(self, space_id: str, weight: float, environments: list[Record]) -> list[Record]:
        names = ["Default Project Group", "Customer Facing", "Back Office", "Platform", "Data", "Mobile"]
        count = 1 + round(self.size / 100 * weight)
        groups = []
        for index in range(count):
            group_id = self._next("project_groups", "ProjectGroups")
            name = names[index % len(names)] if index < len(names) else f"{names[index % len(names)]} {index}"
            groups.append(
                self._add(
                    "project_groups",
                    {
                        "Id": group_id,
                        "SpaceId": space_id,
                        "Name": name,
                        "Description": "" if index == 0 else f"Projects of the {name} teams.",
                        "EnvironmentIds": [e["Id"] for e in environments[: 1 + index % len(environments)]],
                        **modified(self.rng, self.anchor_ms),
                        "Links": {
                            **links(space_id, "projectgroups", group_id),
                            "Projects": f"/api/{space_id}/projectgroups/{group_id}/projects{{?skip,take}}",
                        },
                    },
                )
            )
        return groups

    def lifecycles(self, space_id: str, weight: float, environments: list[Record]) -> list[Record]:
        count = 2 + round(self.size / 250 * weight)
        made = []
        for index in range(count):
            lifecycle_id = self._next("lifecycles", "Lifecycles")
            phases = environments if index == 0 else environments[-2:]
            made.append(
                self._add(
                    "lifecycles",
                    {
                        "Id": lifecycle_id,
                        "SpaceId": space_id,
                        "Name": "Default Lifecycle" if index == 0 else f"Hotfix {index}",
                        "Description": "" if index == 0 else "Straight to the last environments.",
                        "ReleaseRetentionPolicy": _retention(30 if index else 0, "Days", index == 0),
                        "TentacleRetentionPolicy": _retention(3, "Items", False),
                        "Phases": [self._phase(lifecycle_id, env, i) for i, env in enumerate(phases)],
                        **modified(self.rng, self.anchor_ms),
                        "Links": {
                            **links(space_id, "lifecycles", lifecycle_id, "library/lifecycles"),
                            "Preview": f"/api/{space_id}/lifecycles/{lifecycle_id}/preview",
                            "Projects": f"/api/{space_id}/lifecycles/{lifecycle_id}/projects",
                        },
                    },
                )
            )
        return made

    def _phase(self, lifecycle_id: str, environment: Record, index: int) -> Record:
        return {
            "Id": f"{lifecycle_id.lower()}-phase-{index}",
            "Name": environment["Name"],
            "AutomaticDeploymentTargets": [environment["Id"]] if index == 0 else [],
            "OptionalDeploymentTargets": [] if index == 0 else [environment["Id"]],
            "MinimumEnvironmentsBeforePromotion": 0,
            "IsOptionalPhase": environment["Name"] == "Sandbox",
        }

    def channels(self, space_id: str, projects: list[Record], lifecycles: list[Record], first_hotfix: int) -> int:
        """The default channel of every project (``Channels-<project number>``), then the hotfix channels."""
        hotfix = first_hotfix
        for index, project in enumerate(projects):
            number = project["Id"].split("-")[1]
            self._add("channels", self._channel(space_id, f"Channels-{number}", project, "Default", None, True))
            if index % 3 == 0:
                hotfix += 1
                channel = self._channel(space_id, f"Channels-{hotfix}", project, "Hotfix", lifecycles[-1]["Id"], False)
                channel["Rules"] = [
                    {
                        "Id": f"rule-{hotfix}",
                        "VersionRange": "[1.0,2.0)",
                        "Tag": "^hotfix",
                        "ActionPackages": [{"DeploymentAction": "Deploy", "PackageReference": ""}],
                        "Links": {},
                    }
                ]
                self._add("channels", channel)
        return hotfix

    def _channel(
        self, space_id: str, channel_id: str, project: Record, name: str, lifecycle: str | None, default: bool
    ) -> Record:
        channel = {
            "Id": channel_id,
            "SpaceId": space_id,
            "ProjectId": project["Id"],
            "Name": name,
            "Description": "" if default else "Patches that skip the early environments.",
            "IsDefault": default,
            "Rules": [],
            "TenantTags": [],
            **modified(self.rng, self.anchor_ms),
            "Links": {
                **links(space_id, "channels", channel_id, f"projects/{project['Id']}/deployments/channels"),
                "Project": f"/api/{space_id}/projects/{project['Id']}",
                "Releases": f"/api/{space_id}/channels/{channel_id}/releases{{?skip,take,searchByVersion}}",
            },
        }
        if lifecycle is not None:  # without its own lifecycle a channel follows its project's
            channel["LifecycleId"] = lifecycle
        return channel

    def tenants(self, space_id: str, weight: float, projects: list[Record], environments: list[Record]) -> None:
        regions = ("EMEA", "APAC", "Americas")
        for index in range(round(self.size / 25 * weight)):
            tenant_id = self._next("tenants", "Tenants")
            chosen = projects[index % len(projects) :: 3] or projects[:1]
            self._add(
                "tenants",
                {
                    "Id": tenant_id,
                    "SpaceId": space_id,
                    "Name": f"Customer {tenant_id.split('-')[1]}",
                    "Description": f"Hosted customer in {regions[index % 3]}.",
                    "TenantTags": [f"Region/{regions[index % 3]}", "Tier/Gold" if index % 4 == 0 else "Tier/Standard"],
                    "ProjectEnvironments": {p["Id"]: [e["Id"] for e in environments[-2:]] for p in chosen},
                    **modified(self.rng, self.anchor_ms),
                    "Links": {
                        **links(space_id, "tenants", tenant_id),
                        "Variables": f"/api/{space_id}/tenants/{tenant_id}/variables",
                        "Logo": f"/api/{space_id}/tenants/{tenant_id}/logo",
                    },
                },
            )

    def worker_pools(self, space_id: str, smallest: bool) -> list[Record]:
        kinds = [("Default Worker Pool", "StaticWorkerPool")] + (
            [] if smallest else [("Hosted Ubuntu", "DynamicWorkerPool")]
        )
        made = []
        for index, (name, pool_type) in enumerate(kinds):
            pool_id = self._next("worker_pools", "WorkerPools")
            made.append(
                self._add(
                    "worker_pools",
                    {
                        "Id": pool_id,
                        "SpaceId": space_id,
                        "Name": name,
                        "Description": "",
                        "IsDefault": index == 0,
                        "SortOrder": index,
                        "WorkerPoolType": pool_type,
                        "CanAddWorkers": pool_type == "StaticWorkerPool",
                        **modified(self.rng, self.anchor_ms),
                        "Links": {
                            **links(space_id, "workerpools", pool_id, "infrastructure/workerpools"),
                            "Workers": f"/api/{space_id}/workerpools/{pool_id}/workers{{?skip,take}}",
                        },
                    },
                )
            )
        return made

    def workers(self, space_id: str, weight: float, pools: list[Record]) -> None:
        static = [p["Id"] for p in pools if p["WorkerPoolType"] == "StaticWorkerPool"]
        for _ in range(max(1, round(self.size / 50 * weight))):
            worker_id = self._next("workers", "Workers")
            number = int(worker_id.split("-")[1])
            healthy = self.rng.random() < 0.85
            self._add(
                "workers",
                {
                    "Id": worker_id,
                    "SpaceId": space_id,
                    "Name": f"worker-{number:03d}",
                    "WorkerPoolIds": static,
                    **tentacle(
                        self.rng, f"worker-{number:03d}", f"Endpoint-W{number}", None if healthy else _UNAVAILABLE
                    ),
                    **modified(self.rng, self.anchor_ms),
                    "Links": links(space_id, "workers", worker_id, "infrastructure/workers"),
                },
            )

    def feeds(self, space_id: str, smallest: bool) -> None:
        """The two built-in feeds of every space, then external feeds with credentials (bigger spaces only)."""
        self._add(
            "feeds",
            self._feed(
                space_id,
                "feeds-builtin",
                "Octopus Server (built-in)",
                "BuiltIn",
                {"DeleteUnreleasedPackagesAfterDays": 30, "IsBuiltInRepoSyncEnabled": False},
            ),
        )
        self._add(
            "feeds",
            self._feed(space_id, "feeds-builtin-releases", "Octopus Server Releases (built-in)", "OctopusProject", {}),
        )
        if smallest:
            return
        number = sum(1 for f in self.records["feeds"] if f["Id"].startswith("Feeds-")) + 1001
        for offset, (name, feed_type) in enumerate(
            (
                ("NuGet.org mirror", "NuGet"),
                ("Docker registry", "Docker"),
                ("AWS ECR", "AwsElasticContainerRegistry"),
                ("Maven Central", "Maven"),
            )
        ):
            feed_id = f"Feeds-{number + offset}"
            self._add("feeds", self._feed(space_id, feed_id, name, feed_type, self._feed_details(feed_type, feed_id)))

    def _feed_details(self, feed_type: str, feed_id: str) -> Record:
        if feed_type == "AwsElasticContainerRegistry":
            return {
                "AccessKey": f"AKIA{self.rng.getrandbits(64):016X}",
                "SecretKey": self.secrets.sensitive(feed_id),
                "Region": "eu-west-1",
            }
        uri = {
            "NuGet": "https://nuget.internal/v3/index.json",
            "Docker": "https://registry.internal",
            "Maven": "https://repo.maven.apache.org/maven2/",
        }[feed_type]
        details: Record = {
            "FeedUri": uri,
            "Username": "feed-reader",
            "Password": self.secrets.sensitive(feed_id),
            "DownloadAttempts": 5,
            "DownloadRetryBackoffSeconds": 10,
        }
        if feed_type == "NuGet":
            details["EnhancedMode"] = False
        if feed_type == "Docker":
            details.update({"ApiVersion": "v2", "RegistryPath": "team/apps"})
        return details

    def _feed(self, space_id: str, feed_id: str, name: str, feed_type: str, details: Record) -> Record:
        locations = ["Server", "ExecutionTarget"] if feed_type in ("BuiltIn", "NuGet", "Maven") else ["NotAcquired"]
        return {
            "Id": feed_id,
            "SpaceId": space_id,
            "Name": name,
            "FeedType": feed_type,
            "PackageAcquisitionLocationOptions": locations,
            **details,
            **modified(self.rng, self.anchor_ms),
            "Links": {
                **links(space_id, "feeds", feed_id, "library/feeds"),
                "SearchPackagesTemplate": f"/api/{space_id}/feeds/{feed_id}/packages/search{{?term,skip,take}}",
            },
        }

    def runbooks(self, space_id: str, projects: list[Record], environments: list[Record]) -> None:
        names = ("Restart service", "Rotate logs", "Restore database", "Failover")
        for index, project in enumerate(projects[::2]):
            runbook_id = self._next("runbooks", "Runbooks")
            self._add(
                "runbooks",
                {
                    "Id": runbook_id,
                    "SpaceId": space_id,
                    "ProjectId": project["Id"],
                    "Name": names[index % len(names)],
                    "Description": f"Operations runbook for {project['Name']}.",
                    "RunbookProcessId": f"RunbookProcess-{runbook_id}",
                    "PublishedRunbookSnapshotId": f"RunbookSnapshots-{runbook_id.split('-')[1]}"
                    if index % 2 == 0
                    else "",
                    "MultiTenancyMode": "Untenanted",
                    "EnvironmentScope": "Specified" if index % 2 else "All",
                    "Environments": [environments[-1]["Id"]] if index % 2 else [],
                    "DefaultGuidedFailureMode": "EnvironmentDefault",
                    "RunRetentionPolicy": {"QuantityToKeep": 100, "ShouldKeepForever": False},
                    "ConnectivityPolicy": {
                        "AllowDeploymentsToNoTargets": True,
                        "ExcludeUnhealthyTargets": False,
                        "SkipMachineBehavior": "None",
                        "TargetRoles": [],
                    },
                    **modified(self.rng, self.anchor_ms),
                    "Links": {
                        **links(space_id, "runbooks", runbook_id, f"projects/{project['Id']}/operations/runbooks"),
                        "Project": f"/api/{space_id}/projects/{project['Id']}",
                    },
                },
            )


def _retention(quantity: int, unit: str, forever: bool) -> Record:
    return {"QuantityToKeep": quantity, "Unit": unit, "ShouldKeepForever": forever}
