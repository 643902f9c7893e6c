"""Deterministic Octopus Deploy records (2020.5 Swagger shapes), scoped to three spaces.

Per space with weight w (Spaces-1 "Default" 1.0, Spaces-2 "Platform Engineering" 0.6, Spaces-3 "Mobile Apps"
0.3) and n = size: projects ``max(2, round(n/50*w))``, environments 5/4/3, machines ``max(2, round(n/25*w))``,
releases ``max(1, round(n/5*w))``, deployments ``max(1, round(n/3*w))``. Ids are global per kind
(``Projects-7``), as on a real server. Release ``Assembled`` and deployment ``Created`` follow the id order
except every 7th release / 5th deployment, dated before its predecessor, so "newest first" must sort by date.
"""

from __future__ import annotations

import random
from typing import Any

from jira_octopus_sample_api.clock import octopus_time

SPACES = (("Spaces-1", "Default", 1.0), ("Spaces-2", "Platform Engineering", 0.6), ("Spaces-3", "Mobile Apps", 0.3))
ENVIRONMENT_NAMES = ("Development", "Test", "Staging", "Production", "Sandbox")
PROJECT_NAMES = (
    "Web Storefront",
    "Orders Service",
    "Payments API",
    "Search Indexer",
    "Billing Worker",
    "Identity Service",
    "Notification Hub",
    "Reporting",
    "Mobile Backend",
    "Data Pipeline",
)
ROLES = ("web-server", "app-server", "db-server", "worker", "k8s-cluster")
SPAN_MS = 365 * 24 * 3600 * 1000


def build_octopus(rng: random.Random, size: int, anchor_ms: int) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("spaces", "projects", "environments", "machines", "releases", "deployments")
    }
    for space_index, (space_id, name, weight) in enumerate(SPACES):
        data["spaces"].append(_space(space_id, name, space_index == 0))
        envs = [
            _environment(len(data["environments"]) + i + 1, space_id, env_name, i)
            for i, env_name in enumerate(ENVIRONMENT_NAMES[: 5 - space_index])
        ]
        data["environments"].extend(envs)
        projects = [
            _project(rng, len(data["projects"]) + i + 1, space_id, anchor_ms)
            for i in range(max(2, round(size / 50 * weight)))
        ]
        data["projects"].extend(projects)
        first_machine = len(data["machines"]) + 1  # read once: extend() sees the list grow
        data["machines"].extend(
            [_machine(rng, first_machine + i, space_id, envs) for i in range(max(2, round(size / 25 * weight)))]
        )
        releases = _releases(rng, data, space_id, projects, max(1, round(size / 5 * weight)), anchor_ms)
        _deployments(rng, data, space_id, releases, envs, max(1, round(size / 3 * weight)), anchor_ms)
    return data


def _links(space_id: str, kind: str, record_id: str, **extra: str) -> dict[str, str]:
    links = {"Self": f"/api/{space_id}/{kind}/{record_id}", "Web": f"/app#/{space_id}/{kind}/{record_id}"}
    links.update(extra)
    return links


def _space(space_id: str, name: str, is_default: bool) -> dict[str, Any]:
    return {
        "Id": space_id,
        "Name": name,
        "Description": f"{name} space",
        "IsDefault": is_default,
        "TaskQueueStopped": False,
        "SpaceManagersTeams": ["teams-administrators", f"teams-spacemanagers-{space_id}"],
        "SpaceManagersTeamMembers": [],
        "Links": {
            "Self": f"/api/spaces/{space_id}",
            "SpaceHome": f"/api/{space_id}",
            "Web": f"/app#/spaces/{space_id}",
            "Logo": f"/api/spaces/{space_id}/logo",
        },
    }


def _environment(number: int, space_id: str, name: str, sort_order: int) -> dict[str, Any]:
    env_id = f"Environments-{number}"
    return {
        "Id": env_id,
        "SpaceId": space_id,
        "Name": name,
        "Description": f"{name} environment",
        "SortOrder": sort_order,
        "UseGuidedFailure": name == "Production",
        "AllowDynamicInfrastructure": True,
        "ExtensionSettings": [],
        "Links": _links(space_id, "environments", env_id),
    }


def _project(rng: random.Random, number: int, space_id: str, anchor_ms: int) -> dict[str, Any]:
    project_id = f"Projects-{number}"
    base = PROJECT_NAMES[(number - 1) % len(PROJECT_NAMES)]
    name = base if number <= len(PROJECT_NAMES) else f"{base} {number}"
    return {
        "Id": project_id,
        "SpaceId": space_id,
        "Name": name,
        "Slug": name.lower().replace(" ", "-"),
        "Description": f"Deploys {name}.",
        "VariableSetId": f"variableset-{project_id}",
        "DeploymentProcessId": f"deploymentprocess-{project_id}",
        "DiscreteChannelRelease": False,
        "IncludedLibraryVariableSetIds": [],
        "DefaultToSkipIfAlreadyInstalled": False,
        "TenantedDeploymentMode": "Untenanted",
        "DefaultGuidedFailureMode": "EnvironmentDefault",
        "VersioningStrategy": {"Template": "#{Octopus.Version.LastMajor}.#{Octopus.Version.NextMinor}"},
        "ReleaseCreationStrategy": {},
        "Templates": [],
        "AutoDeployReleaseOverrides": [],
        "IsDisabled": number % 11 == 0,
        "ProjectGroupId": f"ProjectGroups-{1 + number % 3}",
        "LifecycleId": "Lifecycles-1",
        "AutoCreateRelease": False,
        "IsVersionControlled": False,
        "ProjectConnectivityPolicy": {
            "SkipMachineBehavior": "None",
            "TargetRoles": [],
            "AllowDeploymentsToNoTargets": False,
            "ExcludeUnhealthyTargets": False,
        },
        "ExtensionSettings": [],
        "LastModifiedBy": "admin",
        "LastModifiedOn": octopus_time(anchor_ms - rng.randrange(SPAN_MS)),
        "Links": _links(
            space_id,
            "projects",
            project_id,
            Releases=f"/api/{space_id}/projects/{project_id}/releases{{/version}}{{?skip,take,searchByVersion}}",
        ),
    }


def tentacle(rng: random.Random, host: str, endpoint_id: str, problem: tuple[str, str] | None = None) -> dict[str, Any]:
    """The fields deployment targets (machines) and workers share: a listening Tentacle on Linux, healthy unless
    ``problem`` gives its (HealthStatus, StatusSummary)."""
    health, summary = problem or (
        "Healthy",
        "Octopus was able to successfully establish a connection with this machine.",
    )
    return {
        "Thumbprint": f"{rng.getrandbits(160):040X}",
        "Uri": f"https://{host}.internal:10933/",
        "IsDisabled": False,
        "MachinePolicyId": "MachinePolicies-1",
        "HealthStatus": health,
        "HasLatestCalamari": True,
        "IsInProcess": False,
        "Status": "Offline" if problem else "Online",
        "StatusSummary": summary,
        "Endpoint": {"CommunicationStyle": "TentaclePassive", "Id": endpoint_id, "Links": {}},
        "OperatingSystem": "Linux",
        "ShellName": "Bash",
        "ShellVersion": "5.1.16",
    }


def _machine(rng: random.Random, number: int, space_id: str, envs: list[dict[str, Any]]) -> dict[str, Any]:
    machine_id = f"Machines-{number}"
    healthy = rng.random() < 0.8
    return {
        "Id": machine_id,
        "SpaceId": space_id,
        "Name": f"{ROLES[number % len(ROLES)]}-{number:03d}",
        "EnvironmentIds": sorted({rng.choice(envs)["Id"] for _ in range(2)}),
        "Roles": [ROLES[number % len(ROLES)]],
        "TenantedDeploymentParticipation": "Untenanted",
        "TenantIds": [],
        "TenantTags": [],
        **tentacle(
            rng,
            f"{ROLES[number % len(ROLES)]}-{number:03d}",
            f"Endpoint-{number}",
            None if healthy else ("Unhealthy", "There was a problem communicating with this machine."),
        ),
        "Links": {
            "Self": f"/api/{space_id}/machines/{machine_id}",
            "Web": f"/app#/{space_id}/infrastructure/machines/{machine_id}/settings",
        },
    }


def _releases(
    rng: random.Random,
    data: dict[str, list[dict[str, Any]]],
    space_id: str,
    projects: list[dict[str, Any]],
    count: int,
    anchor_ms: int,
) -> list[tuple[dict[str, Any], int]]:
    releases, step = [], SPAN_MS // count
    for index in range(count):
        number, project = len(data["releases"]) + 1, projects[index % len(projects)]
        release_id = f"Releases-{number}"
        jitter = -rng.randrange(step, 2 * step) if index % 7 == 3 else rng.randrange(step // 4 + 1)
        assembled = min(anchor_ms - SPAN_MS + index * step + jitter, anchor_ms - 1000)
        release = {
            "Id": release_id,
            "SpaceId": space_id,
            "ProjectId": project["Id"],
            "Version": f"1.{index // 10}.{index % 10}",
            "ChannelId": f"Channels-{project['Id'].split('-')[1]}",
            "ReleaseNotes": f"Release {index}.",
            "ProjectDeploymentProcessSnapshotId": f"deploymentprocess-{project['Id']}-s-{index}",
            "IgnoreChannelRules": False,
            "BuildInformation": [],
            "Assembled": octopus_time(assembled),
            "LibraryVariableSetSnapshotIds": [],
            "SelectedPackages": [],
            "ProjectVariableSetSnapshotId": f"variableset-{project['Id']}-s-{index}",
            "Links": _links(space_id, "releases", release_id, Project=f"/api/{space_id}/projects/{project['Id']}"),
        }
        releases.append((release, assembled))
        data["releases"].append(release)
    return releases


def _deployments(
    rng: random.Random,
    data: dict[str, list[dict[str, Any]]],
    space_id: str,
    releases: list[tuple[dict[str, Any], int]],
    envs: list[dict[str, Any]],
    count: int,
    anchor_ms: int,
) -> None:
    """Each deployment deploys a release of its time (never before the release was assembled)."""
    step = SPAN_MS // count
    for index in range(count):
        number = len(data["deployments"]) + 1
        release, assembled = releases[min(index * len(releases) // count, len(releases) - 1)]
        deployment_id = f"Deployments-{number}"
        env = envs[index % len(envs)]
        jitter = -rng.randrange(step, 2 * step) if index % 5 == 2 else rng.randrange(step // 4 + 1)
        created = min(max(anchor_ms - SPAN_MS + index * step + jitter, assembled + 60_000), anchor_ms - 500)
        data["deployments"].append(
            {
                "Id": deployment_id,
                "SpaceId": space_id,
                "ReleaseId": release["Id"],
                "ChannelId": release["ChannelId"],
                "DeploymentProcessId": release["ProjectDeploymentProcessSnapshotId"],
                "Changes": [],
                "EnvironmentId": env["Id"],
                "ForcePackageDownload": False,
                "ForcePackageRedeployment": False,
                "SkipActions": [],
                "SpecificMachineIds": [],
                "ExcludedMachineIds": [],
                "TaskId": f"ServerTasks-{10000 + number}",
                "ProjectId": release["ProjectId"],
                "UseGuidedFailure": False,
                "FormValues": {},
                "Name": f"Deploy to {env['Name']}",
                "Created": octopus_time(created),
                "DeployedBy": "octo-deployer",
                "DeployedById": "Users-7",
                "FailureEncountered": rng.random() < 0.1,
                "DeployedToMachineIds": [],
                "Comments": "",
                "Links": _links(
                    space_id,
                    "deployments",
                    deployment_id,
                    Release=f"/api/{space_id}/releases/{release['Id']}",
                    Task=f"/api/tasks/ServerTasks-{10000 + number}",
                ),
            }
        )
