"""The fake Octopus' system-level activity: audit events and server tasks that belong to no space.

Real servers log sign-ins, backups, retention and other server-wide work with `SpaceId` null, served by
`/api/events` and `/api/tasks` (no space in the path) when the request asks `includeSystem=true`. Here: a sign-in
event (`LoginSucceeded`) every 6 hours and a `Backup` and a `Retention` task every day over the 30 days before the
dataset's anchor; each task completed, with a `BackupCompleted` or `RetentionPolicyApplied` event naming it.
"""

from __future__ import annotations

from typing import Any

from jira_octopus_sample_api.clock import octopus_time
from jira_octopus_sample_api.octopus.activity.records import complete_task, new_task

DAYS = 30
HOUR_MS = 3_600_000
SYSTEM_TASK_BASE, SYSTEM_EVENT_BASE = 900_000, 900_000
SYSTEM_TASKS = (("Backup", "Back up the Octopus database"), ("Retention", "Apply retention policies"))
SYSTEM_TASK_EVENTS = {"Backup": "BackupCompleted", "Retention": "RetentionPolicyApplied"}


def system_records(anchor_ms: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(events, tasks) of the whole server, oldest first."""
    events: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    start_ms = anchor_ms - DAYS * 24 * HOUR_MS
    for hour in range(0, DAYS * 24, 6):
        when = start_ms + hour * HOUR_MS
        events.append(system_event(len(events), "LoginSucceeded", when, ["Users-1"], "admin signed in"))
        if hour % 24:
            continue
        for offset, (name, description) in enumerate(SYSTEM_TASKS):
            queued = when + (offset + 1) * HOUR_MS
            task = new_task(f"ServerTasks-{SYSTEM_TASK_BASE + len(tasks)}", None, name, description, queued)
            complete_task(task, "Success", queued + 120_000, queued + 1_000)
            task["Links"] = {"Self": f"/api/tasks/{task['Id']}", "Web": f"/app#/tasks/{task['Id']}"}
            tasks.append(task)
            events.append(
                system_event(len(events), SYSTEM_TASK_EVENTS[name], queued + 120_000, [task["Id"]], description)
            )
    return events, tasks


def system_event(index: int, category: str, occurred_ms: int, related: list[str], message: str) -> dict[str, Any]:
    event_id = f"Events-{SYSTEM_EVENT_BASE + index}"
    return {
        "Id": event_id,
        "SpaceId": None,
        "Category": category,
        "UserId": "Users-1",
        "Username": "admin",
        "IsService": False,
        "IdentityEstablishedWith": "Session cookie",
        "UserAgent": "Mozilla/5.0",
        "RelatedDocumentIds": related,
        "Occurred": octopus_time(occurred_ms),
        "Message": f"{category}: {message}",
        "MessageHtml": f"{category}: {message}",
        "MessageReferences": [],
        "Comments": None,
        "Details": None,
        "ChangeDetails": {"DocumentContext": None, "Differences": None},
        "Links": {"Self": f"/api/events/{event_id}"},
    }
