"""Edits of the fake Octopus data that a real server would see between two syncs.

``add_deployment(dataset, "Spaces-2")`` deploys again the newest release of that space: a new global
``Deployments-N`` id, ``Created`` = the dataset clock's now (or ``when``), so the API's newest-first list
(``Created`` descending) serves it at the head. The record has the 2020.5 Swagger shape of the generated ones.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any

from jira_octopus_sample_api.clock import octopus_time, to_epoch_ms


def add_deployment(dataset: Any, space_id: str, when: datetime | None = None) -> dict[str, Any]:
    in_space = dataset.octopus_records("deployments", space_id)
    if not in_space:
        raise KeyError(f"no deployment in {space_id!r} to take the release and environment from")
    newest = max(in_space, key=lambda record: (record["Created"], record["Id"]))
    number = 1 + max(int(record["Id"].split("-")[1]) for record in dataset.octopus_deployments)
    deployment_id, task_id = f"Deployments-{number}", f"ServerTasks-{10000 + number}"
    record = copy.deepcopy(newest)
    record.update(
        {
            "Id": deployment_id,
            "TaskId": task_id,
            "Created": octopus_time(to_epoch_ms(when or dataset.clock.now())),
            "Name": newest["Name"],
            "FailureEncountered": False,
        }
    )
    record["Links"] = {
        name: _renamed(link, newest["Id"], deployment_id, newest["TaskId"], task_id)
        for name, link in newest["Links"].items()
    }
    dataset.octopus_deployments.append(record)
    dataset.version += 1
    return record


def _renamed(link: str, old_id: str, new_id: str, old_task: str, new_task: str) -> str:
    link = re.sub(rf"/{re.escape(old_id)}$", f"/{new_id}", link)
    return re.sub(rf"/{re.escape(old_task)}$", f"/{new_task}", link)
