"""Edits of the fake Octopus activity that a real server would see between two syncs.

``start_deployment(dataset, "Spaces-1")`` deploys (``octopus_edits.add_deployment``) and queues its task, running;
``finish_task(dataset, task_id, "Success")`` completes it at the clock's now (the deployment's outcome changes
after it was first read); ``add_busy_space(dataset, 2000)`` adds a space with that many deployments (newest at the
clock's now), their releases, tasks, events and build information - the large space of the incremental benchmark,
kept out of the default dataset so that it stays fast to build.
"""

from __future__ import annotations

import copy
import random
from datetime import datetime, timedelta
from typing import Any

from jira_octopus_sample_api.clock import octopus_time, to_epoch_ms
from jira_octopus_sample_api.octopus.activity.records import (
    ActivityRecords,
    build_space,
    complete_task,
    deployment_event,
    new_task,
    outcome_category,
)
from jira_octopus_sample_api.octopus.core.edits import add_deployment

PART_NAME = "octopus_activity"
BUSY_SPACE_NAME = "Release Train"


def activity(dataset: Any) -> ActivityRecords:
    return dataset.parts[PART_NAME]


def start_deployment(
    dataset: Any, space_id: str, when: datetime | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new deployment (Created = ``when`` or now) whose task is executing: no CompletedTime yet."""
    deployment = add_deployment(dataset, space_id, when)
    created = to_epoch_ms(when or dataset.clock.now())
    task = new_task(deployment["TaskId"], space_id, "Deploy", deployment["Name"], created)
    task.update(State="Executing", StartTime=octopus_time(created + 1_000), HasBeenPickedUpByProcessor=True)
    records = activity(dataset)
    records.add_task(task)
    records.events.append(deployment_event(records, deployment, "DeploymentQueued", deployment["Created"]))
    return deployment, task


def finish_task(dataset: Any, task_id: str, state: str = "Success", when: datetime | None = None) -> dict[str, Any]:
    """Complete a running task at ``when`` (default: the clock's now) and log the deployment's outcome event."""
    records = activity(dataset)
    task = records.tasks_by_id[task_id]
    complete_task(task, state, to_epoch_ms(when or dataset.clock.now()))
    deployment = next((d for d in dataset.octopus_deployments if d["TaskId"] == task_id), None)
    if deployment is not None:
        deployment["FailureEncountered"] = state == "Failed"
        records.events.append(deployment_event(records, deployment, outcome_category(task), task["CompletedTime"]))
    dataset.version += 1
    return task


def add_busy_space(dataset: Any, deployments: int = 2000, releases_per_deployment: float = 0.125) -> str:
    """A space with ``deployments`` deployments over the last year (one every few hours), the newest one minute
    before the clock's now; records copied from Spaces-1's shapes with new global ids. Returns the space id."""
    template_space = dataset.octopus_spaces[0]["Id"]
    number = 1 + max(int(space["Id"].split("-")[1]) for space in dataset.octopus_spaces)
    space_id = f"Spaces-{number}"
    space = copy.deepcopy(dataset.octopus_spaces[0])
    space.update(Id=space_id, Name=BUSY_SPACE_NAME, Description=f"{BUSY_SPACE_NAME} space", IsDefault=False)
    space["Links"] = {name: link.replace(template_space, space_id) for name, link in space["Links"].items()}
    dataset.octopus_spaces.append(space)
    environments = _copies(dataset, "environments", template_space, space_id, 3)
    projects = _copies(dataset, "projects", template_space, space_id, 4)
    now_ms = to_epoch_ms(dataset.clock.now())
    span_ms = int(timedelta(days=365) / timedelta(milliseconds=1))
    release_count = max(1, int(deployments * releases_per_deployment))
    releases = _releases(dataset, template_space, space_id, projects, release_count, now_ms, span_ms)
    _deployments(dataset, template_space, space_id, releases, environments, deployments, now_ms, span_ms)
    build_space(activity(dataset), _AnchoredAt(dataset, now_ms), space_id, random.Random(f"busy-{number}"), False)
    dataset.version += 1
    return space_id


class _AnchoredAt:
    """The dataset seen with its anchor moved to ``now`` (the busy space's records end there)."""

    def __init__(self, dataset: Any, now_ms: int) -> None:
        self._dataset = dataset
        self.anchor = datetime.fromisoformat(octopus_time(now_ms))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dataset, name)


def _next_number(records: list[dict[str, Any]]) -> int:
    return 1 + max((int(record["Id"].split("-")[1]) for record in records), default=0)


def _copies(dataset: Any, kind: str, template_space: str, space_id: str, count: int) -> list[dict[str, Any]]:
    records = getattr(dataset, f"octopus_{kind}")
    templates = dataset.octopus_records(kind, template_space)
    made = []
    for index in range(count):
        record = copy.deepcopy(templates[index % len(templates)])
        old_id, new_id = record["Id"], f"{record['Id'].split('-')[0]}-{_next_number(records)}"
        record.update(Id=new_id, SpaceId=space_id)
        record["Links"] = {
            k: v.replace(template_space, space_id).replace(old_id, new_id) for k, v in record["Links"].items()
        }
        records.append(record)
        made.append(record)
    return made


def _releases(
    dataset: Any, template: str, space_id: str, projects: list[Any], count: int, now_ms: int, span_ms: int
) -> list[dict[str, Any]]:
    shape = dataset.octopus_records("releases", template)[0]
    made, first = [], _next_number(dataset.octopus_releases)
    for index in range(count):
        release = copy.deepcopy(shape)
        release_id, project = f"Releases-{first + index}", projects[index % len(projects)]
        assembled = now_ms - span_ms + index * (span_ms // count) - 3_600_000
        release.update(
            Id=release_id,
            SpaceId=space_id,
            ProjectId=project["Id"],
            Version=f"3.{index // 100}.{index % 100}",
            Assembled=octopus_time(assembled),
            BuildInformation=[],
            Links={"Self": f"/api/{space_id}/releases/{release_id}", "Web": f"/app#/{space_id}/releases/{release_id}"},
        )
        dataset.octopus_releases.append(release)
        made.append(release)
    return made


def _deployments(
    dataset: Any,
    template: str,
    space_id: str,
    releases: list[Any],
    environments: list[Any],
    count: int,
    now_ms: int,
    span_ms: int,
) -> None:
    shape = dataset.octopus_records("deployments", template)[0]
    step = (span_ms - 60_000) // count
    first = _next_number(dataset.octopus_deployments)
    for index in range(count):
        number = first + index
        release = releases[min(index * len(releases) // count, len(releases) - 1)]
        environment = environments[index % len(environments)]
        deployment = copy.deepcopy(shape)
        deployment_id, task_id = f"Deployments-{number}", f"ServerTasks-{10000 + number}"
        deployment.update(
            Id=deployment_id,
            SpaceId=space_id,
            ReleaseId=release["Id"],
            ProjectId=release["ProjectId"],
            ChannelId=release["ChannelId"],
            EnvironmentId=environment["Id"],
            TaskId=task_id,
            Name=f"Deploy to {environment['Name']}",
            Created=octopus_time(now_ms - span_ms + (index + 1) * step),
            FailureEncountered=index % 13 == 7,
            Links={
                "Self": f"/api/{space_id}/deployments/{deployment_id}",
                "Release": f"/api/{space_id}/releases/{release['Id']}",
                "Task": f"/api/tasks/{task_id}",
            },
        )
        dataset.octopus_deployments.append(deployment)
