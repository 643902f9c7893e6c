"""Deterministic Octopus activity records (2020.5 Swagger shapes) for one space at a time.

Per space: a server task per deployment (its ``TaskId``) and per runbook run, a health check every tenth
deployment; audit events for each release (``ReleaseCreated``) and deployment (``DeploymentQueued`` and, once its
task finished, ``DeploymentSucceeded`` / ``DeploymentFailed``); runbook runs (Spaces-1 ``n/12``, Spaces-2 ``n/40``,
Spaces-3 none: the sizes differ a lot); one build information record per release package, whose ``WorkItems`` are
real Jira issue keys of the core dataset, copied into the release's ``BuildInformation`` (1 release in 5 has no work
items, 1 in 8 ships a second package naming some of the same issues).

Task ``Arguments`` stay empty (the Swagger types their values as objects; a deployment names its task by ``TaskId``).
Task outcomes follow the deployment (``FailureEncountered`` -> Failed; every 17th Canceled); the newest deployment
of Spaces-1 is still Executing, so a first read sees a running task.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jira_octopus_sample_api.clock import from_epoch_ms, octopus_time, to_epoch_ms

RUNBOOK_RUNS_PER_SIZE = {"Spaces-1": 12, "Spaces-2": 40}  # n / divisor runbook runs; other spaces have none
RUNBOOK_TASK_BASE, HEALTH_TASK_BASE = 500_000, 800_000


@dataclass
class ActivityRecords:
    tasks: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    runbook_runs: list[dict[str, Any]] = field(default_factory=list)
    build_information: list[dict[str, Any]] = field(default_factory=list)
    tasks_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    # SpaceId null: sign-ins, backups, retention (`system_records.py`), served only to `includeSystem=true`
    system_events: list[dict[str, Any]] = field(default_factory=list)
    system_tasks: list[dict[str, Any]] = field(default_factory=list)

    def add_task(self, task: dict[str, Any]) -> dict[str, Any]:
        self.tasks.append(task)
        self.tasks_by_id[task["Id"]] = task
        return task

    def in_space(self, kind: str, space_id: str) -> list[dict[str, Any]]:
        return [record for record in getattr(self, kind) if record.get("SpaceId") == space_id]


def parse_ms(text: str) -> int:
    return to_epoch_ms(datetime.fromisoformat(text))


def build_space(records: ActivityRecords, dataset: Any, space_id: str, rng: random.Random, newest_runs: bool) -> None:
    """Everything this part serves for one space, from the core records already in it."""
    anchor_ms = to_epoch_ms(dataset.anchor)
    for release in dataset.octopus_records("releases", space_id):
        _build_information(records, dataset, release, rng)
        records.events.append(_event(records, space_id, "ReleaseCreated", release["Assembled"], [release["Id"]]))
    deployments = sorted(dataset.octopus_records("deployments", space_id), key=lambda d: (d["Created"], d["Id"]))
    for index, deployment in enumerate(deployments):
        running = newest_runs and index == len(deployments) - 1
        task = records.add_task(deployment_task(deployment, rng, anchor_ms, running, index))
        records.events.append(deployment_event(records, deployment, "DeploymentQueued", deployment["Created"]))
        if task["CompletedTime"]:
            records.events.append(deployment_event(records, deployment, outcome_category(task), task["CompletedTime"]))
        if index % 10 == 9:
            queued = min(parse_ms(deployment["Created"]) + 3_600_000, anchor_ms - 60_000)
            records.add_task(_health_task(records, space_id, queued, anchor_ms))
    divisor = RUNBOOK_RUNS_PER_SIZE.get(space_id)
    if divisor:
        _runbook_runs(records, dataset, space_id, rng, max(1, round(dataset.size / divisor)), anchor_ms)


def outcome_category(task: dict[str, Any]) -> str:
    return "DeploymentSucceeded" if task["State"] == "Success" else "DeploymentFailed"


def deployment_task(
    deployment: dict[str, Any], rng: random.Random, anchor_ms: int, running: bool, index: int
) -> dict[str, Any]:
    created = parse_ms(deployment["Created"])
    started = created + rng.randrange(2_000, 30_000)
    task = new_task(deployment["TaskId"], deployment["SpaceId"], "Deploy", deployment["Name"], created)
    if running:
        task.update(State="Executing", StartTime=octopus_time(started), HasBeenPickedUpByProcessor=True)
        return task
    state = "Failed" if deployment["FailureEncountered"] else ("Canceled" if index % 17 == 16 else "Success")
    return complete_task(task, state, min(started + rng.randrange(20_000, 600_000), anchor_ms), started)


def new_task(task_id: str, space_id: str | None, name: str, description: str, queued_ms: int) -> dict[str, Any]:
    """A queued TaskResource (no start, no completion yet)."""
    queued = octopus_time(queued_ms)
    return {
        "Id": task_id,
        "SpaceId": space_id,
        "Name": name,
        "Description": description,
        "Arguments": {},
        "State": "Queued",
        "Completed": None,
        "QueueTime": queued,
        "QueueTimeExpiry": None,
        "StartTime": None,
        "LastUpdatedTime": queued,
        "CompletedTime": None,
        "ServerNode": "octopus-node-1",
        "Duration": None,
        "ErrorMessage": "",
        "HasBeenPickedUpByProcessor": False,
        "IsCompleted": False,
        "FinishedSuccessfully": False,
        "HasPendingInterruptions": False,
        "CanRerun": False,
        "HasWarningsOrErrors": False,
        "Links": {"Self": f"/api/tasks/{task_id}", "Web": f"/app#/{space_id}/tasks/{task_id}"},
    }


def complete_task(task: dict[str, Any], state: str, completed_ms: int, started_ms: int | None = None) -> dict[str, Any]:
    """The task as Octopus reports it once it finished (Success, Failed, Canceled or TimedOut)."""
    if started_ms is None:
        started_ms = parse_ms(task["StartTime"]) if task["StartTime"] else completed_ms
    seconds = max(0, (completed_ms - started_ms) // 1000)
    completed = octopus_time(completed_ms)
    task.update(
        State=state,
        StartTime=octopus_time(started_ms),
        CompletedTime=completed,
        LastUpdatedTime=completed,
        Completed=from_epoch_ms(completed_ms).strftime("%A, %d %B %Y %H:%M"),
        Duration=f"{seconds // 60} minutes" if seconds >= 60 else f"{seconds} seconds",
        ErrorMessage="" if state == "Success" else f"The deployment {state.lower()}.",
        HasBeenPickedUpByProcessor=True,
        IsCompleted=True,
        FinishedSuccessfully=state == "Success",
        CanRerun=state != "Success",
        HasWarningsOrErrors=state == "Failed",
    )
    return task


def _health_task(records: ActivityRecords, space_id: str, queued_ms: int, anchor_ms: int) -> dict[str, Any]:
    number = HEALTH_TASK_BASE + len(records.tasks)
    task = new_task(f"ServerTasks-{number}", space_id, "Health", "Check deployment target health", queued_ms)
    return complete_task(task, "Success", min(queued_ms + 45_000, anchor_ms), min(queued_ms + 1_000, anchor_ms))


def _event(records: ActivityRecords, space_id: str, category: str, occurred: str, related: list[str]) -> dict[str, Any]:
    event_id = f"Events-{len(records.events) + 1}"
    return {
        "Id": event_id,
        "SpaceId": space_id,
        "Category": category,
        "UserId": "Users-7",
        "Username": "octo-deployer",
        "IsService": False,
        "IdentityEstablishedWith": "API key",
        "UserAgent": "OctopusClient-dotnet/11.0",
        "RelatedDocumentIds": related,
        "Occurred": occurred,
        "Message": f"{category} for {related[0]}",
        "MessageHtml": f"{category} for <a href='#/{space_id}/{related[0]}'>{related[0]}</a>",
        "MessageReferences": [{"ReferencedDocumentId": related[0], "StartIndex": len(category) + 5, "Length": 3}],
        "Comments": None,
        "Details": None,
        "ChangeDetails": {"DocumentContext": None, "Differences": None},
        "Links": {"Self": f"/api/events/{event_id}"},
    }


def deployment_event(records: ActivityRecords, deployment: dict[str, Any], category: str, when: str) -> dict[str, Any]:
    related = [deployment["Id"], deployment["ProjectId"], deployment["EnvironmentId"], deployment["TaskId"]]
    return _event(records, deployment["SpaceId"], category, when, related)


def _build_information(records: ActivityRecords, dataset: Any, release: dict[str, Any], rng: random.Random) -> None:
    project = next((p for p in dataset.octopus_projects if p["Id"] == release["ProjectId"]), None)
    package = (project["Slug"] if project else "app").replace("-", ".")
    issues = (
        []
        if rng.random() < 0.2
        else rng.sample(dataset.jira_issues, k=min(rng.randint(1, 3), len(dataset.jira_issues)))
    )
    packages = [(package, issues)]
    if rng.random() < 0.125 and issues:
        packages.append((f"{package}.web", issues[:1]))
    release["BuildInformation"] = []
    for package_id, linked in packages:
        record = _build_record(records, release, package_id, linked, rng)
        records.build_information.append(record)
        release["BuildInformation"].append(
            {key: record[key] for key in RELEASE_BUILD_KEYS} | {"Version": record["Version"]}
        )


RELEASE_BUILD_KEYS = (
    "PackageId",
    "BuildEnvironment",
    "BuildNumber",
    "BuildUrl",
    "Branch",
    "VcsType",
    "VcsRoot",
    "VcsCommitNumber",
    "VcsCommitUrl",
    "IssueTrackerName",
    "WorkItems",
    "Commits",
)


def _build_record(
    records: ActivityRecords, release: dict[str, Any], package_id: str, issues: list[dict[str, Any]], rng: random.Random
) -> dict[str, Any]:
    number = len(records.build_information) + 1
    commit = f"{rng.getrandbits(160):040x}"
    repository = f"https://git.example.com/{package_id}"
    return {
        "Id": f"BuildInformation-{number}",
        "PackageId": package_id,
        "Version": release["Version"],
        "BuildEnvironment": "GitHub Actions",
        "BuildNumber": str(1000 + number),
        "BuildUrl": f"https://ci.example.com/{package_id}/{1000 + number}",
        "Branch": "main",
        "VcsType": "Git",
        "VcsRoot": f"{repository}.git",
        "VcsCommitNumber": commit,
        "VcsCommitUrl": f"{repository}/commit/{commit}",
        "IssueTrackerName": "Jira",
        "WorkItems": [
            {
                "Id": issue["key"],
                "Source": "Jira",
                "LinkUrl": f"https://fake-jira.invalid/browse/{issue['key']}",
                "Description": issue["fields"]["summary"],
            }
            for issue in issues
        ],
        "Commits": [
            {
                "Id": commit,
                "LinkUrl": f"{repository}/commit/{commit}",
                "Comment": f"{issue['key']} {issue['fields']['summary']}",
            }
            for issue in issues[:1]
        ],
        "IncompleteDataWarning": None,
        "Created": release["Assembled"],
        "LastModifiedBy": "ci-service",
        "LastModifiedOn": release["Assembled"],
        "Links": {"Self": f"/api/{release['SpaceId']}/build-information/BuildInformation-{number}"},
        "SpaceId": release["SpaceId"],  # kept for the part's own look-ups; the route leaves it out (not in the spec)
    }


def _runbook_runs(
    records: ActivityRecords, dataset: Any, space_id: str, rng: random.Random, count: int, anchor_ms: int
) -> None:
    environments = dataset.octopus_records("environments", space_id)
    projects = dataset.octopus_records("projects", space_id)
    step = 365 * 24 * 3600 * 1000 // count
    for index in range(count):
        number = len(records.runbook_runs) + 1
        run_id, task_id = f"RunbookRuns-{number}", f"ServerTasks-{RUNBOOK_TASK_BASE + number}"
        jitter = -rng.randrange(step, 2 * step) if index % 6 == 4 else rng.randrange(step // 4 + 1)
        created = min(anchor_ms - 365 * 24 * 3600 * 1000 + index * step + jitter, anchor_ms - 2_000)
        environment, project = environments[index % len(environments)], projects[index % len(projects)]
        runbook = f"Runbooks-{1 + index % 4}"
        records.runbook_runs.append(
            {
                "Id": run_id,
                "SpaceId": space_id,
                "ProjectId": project["Id"],
                "RunbookId": runbook,
                "RunbookSnapshotId": f"RunbookSnapshots-{number}",
                "FrozenRunbookProcessId": f"RunbookProcess-{runbook}-s-{number}",
                "EnvironmentId": environment["Id"],
                "TenantId": None,
                "TaskId": task_id,
                "Name": f"Run {runbook} in {environment['Name']}",
                "Created": octopus_time(created),
                "QueueTime": None,
                "QueueTimeExpiry": None,
                "DeployedBy": "ops-bot",
                "DeployedById": "Users-9",
                "FailureEncountered": index % 9 == 5,
                "ForcePackageDownload": False,
                "UseGuidedFailure": False,
                "SkipActions": [],
                "SpecificMachineIds": [],
                "ExcludedMachineIds": [],
                "DeployedToMachineIds": [],
                "FormValues": {},
                "Comments": None,
                "ManifestVariableSetId": f"variableset-{runbook}-s-{number}",
                "LastModifiedBy": "ops-bot",
                "LastModifiedOn": octopus_time(created),
                "Links": {"Self": f"/api/{space_id}/runbookRuns/{run_id}", "Task": f"/api/tasks/{task_id}"},
            }
        )
        task = new_task(task_id, space_id, "RunbookRun", f"Run {runbook}", created)
        records.add_task(
            complete_task(
                task, "Failed" if index % 9 == 5 else "Success", min(created + 90_000, anchor_ms), created + 1_000
            )
        )
