"""The fake Octopus' activity endpoints, filtered as the real server filters them.

- ``/api/{space}/runbookRuns``: newest ``Created`` first (the Swagger: "sorted from most recent");
- ``/api/{space}/build-information``: newest ``Created`` first, ``packageId`` filter;
- ``/api/{space}/events``: newest ``Occurred`` first; ``from`` <= Occurred <= ``to``;
- ``/api/{space}/tasks``: newest ``QueueTime`` first; ``from``/``to`` ``CompletedDate``, ``QueueDate`` and
  ``StartDate`` (inclusive; a bound on a time the task does not have yet excludes it), ``states``, ``name``, ``ids``;
- ``/api/events`` and ``/api/tasks``: the same lists over the spaces named by ``spaces`` (default: every space
  the key may read), plus the system's own records (no SpaceId: sign-ins, backups, retention) when
  ``includeSystem=true``;
- ``/api/{space}/reporting/deployments/xml``: every deployment with its task, project, environment, channel and
  release names as XML (``application/xml``), filtered by ``fromCompletedTime``/``toCompletedTime``,
  ``fromStartTime``/``toStartTime``, ``projectId`` and ``environmentId``; times in the feed have no offset (UTC).

Query times are ISO 8601; one without an offset is read as UTC. A time that cannot be parsed is a 400, as on the
real server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.octopus.activity.records import ActivityRecords
from jira_octopus_sample_api.octopus.api import octopus_error
from jira_octopus_sample_api.paging import (
    OCTOPUS_ACTIVITY_DEFAULT_TAKE,
    OCTOPUS_DEFAULT_TAKE,
    octopus_collection,
    octopus_filtered,
)
from jira_octopus_sample_api.server_state import ServerState

PART_NAME = "octopus_activity"
TASK_DATE_FILTERS = {"CompletedDate": "CompletedTime", "QueueDate": "QueueTime", "StartDate": "StartTime"}
FEED_DATE_FILTERS = {"CompletedTime": "CompletedTime", "StartTime": "StartTime"}
FEED_FIELDS = (
    "DeploymentId",
    "DeploymentName",
    "ProjectId",
    "ProjectName",
    "ProjectSlug",
    "TenantId",
    "TenantName",
    "ChannelId",
    "ChannelName",
    "EnvironmentId",
    "EnvironmentName",
    "ReleaseId",
    "ReleaseVersion",
    "TaskId",
    "TaskState",
    "Created",
    "QueueTime",
    "StartTime",
    "CompletedTime",
    "DurationSeconds",
    "DeployedBy",
)


class BadQuery(ValueError):
    """A filter value the server cannot read (answered with 400)."""


def query_ms(request: RecordedRequest, name: str) -> int | None:
    raw = request.param(name)
    if raw in (None, ""):
        return None
    text = raw.strip().replace("Z", "+00:00")
    if "T" in text:
        text = text.replace(" ", "+")  # why: an unencoded "+00:00" arrives as " 00:00" after form decoding
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise BadQuery(f"The value '{raw}' is not valid for {name}.") from None
    return to_epoch_ms(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))


def _time_ms(value: str) -> int:
    return to_epoch_ms(datetime.fromisoformat(value))


def _optional_ms(value: str | None) -> int | None:
    return _time_ms(value) if value else None


def within(request: RecordedRequest, record: dict[str, Any], filters: dict[str, str]) -> bool:
    """Every ``from<X>``/``to<X>`` bound the request carries holds for the record's field (inclusive)."""
    for suffix, field in filters.items():
        low, high = query_ms(request, f"from{suffix}"), query_ms(request, f"to{suffix}")
        if low is None and high is None:
            continue
        value = _optional_ms(record.get(field))
        if value is None or (low is not None and value < low) or (high is not None and value > high):
            return False
    return True


def newest_first(records: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (_optional_ms(r.get(field)) or 0, r["Id"]), reverse=True)


def _space_records(
    state: ServerState, space_id: str, permission: str
) -> tuple[ActivityRecords | None, ApiResponse | None]:
    space = next((s for s in state.dataset.octopus_spaces if s["Id"].lower() == space_id.lower()), None)
    if space is None:
        return None, octopus_error(404, f"The Space '{space_id}' was not found.")
    if permission not in state.octopus_permissions.get(space["Id"], set()):
        return None, octopus_error(
            403,
            "You do not have permission to perform this action. Please contact your Octopus administrator. "
            f"Missing permission: {permission}",
        )
    return state.dataset.parts[PART_NAME], None


def listing(
    kind: str,
    permission: str,
    item_type: str,
    template: str,
    select: Callable[..., list[dict[str, Any]]],
    default_take: int = OCTOPUS_DEFAULT_TAKE,
) -> Callable[..., ApiResponse]:
    """A handler serving ``select(records, space_id, request, dataset)`` as a ResourceCollection (``default_take``:
    the page size when the request has no ``take``)."""

    def handler(state: ServerState, request: RecordedRequest, space_id: str) -> ApiResponse:
        records, problem = _space_records(state, space_id, permission)
        if problem or records is None:
            return problem or octopus_error(500, "no records")
        try:
            selected = select(records, space_id, request, state.dataset)
        except BadQuery as error:
            return octopus_error(400, str(error))
        base = f"/api/{space_id}/{kind}"
        served = [without_nulls(record) for record in selected]
        return ApiResponse(
            200, octopus_collection(request, base, item_type, served, f"{base}{{?{template}}}", default_take)
        )

    return handler


def without_nulls(value: Any) -> Any:
    """The record as the fake serves it: unset values left out (the Swagger 2.0 document knows no null)."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    return value


def runbook_runs(records: ActivityRecords, space_id: str, request: RecordedRequest, dataset: Any) -> list[Any]:
    return octopus_filtered(request, newest_first(records.in_space("runbook_runs", space_id), "Created"))


def build_information(records: ActivityRecords, space_id: str, request: RecordedRequest, dataset: Any) -> list[Any]:
    package = request.param("packageId")
    chosen = [r for r in records.in_space("build_information", space_id) if not package or r["PackageId"] == package]
    return [{k: v for k, v in r.items() if k != "SpaceId"} for r in newest_first(chosen, "Created")]


def events(records: ActivityRecords, space_id: str, request: RecordedRequest, dataset: Any) -> list[Any]:
    return _chosen_events(records.in_space("events", space_id), request)


def _chosen_events(candidates: list[dict[str, Any]], request: RecordedRequest) -> list[dict[str, Any]]:
    low, high = query_ms(request, "from"), query_ms(request, "to")
    chosen = [
        e
        for e in candidates
        if (low is None or _time_ms(e["Occurred"]) >= low) and (high is None or _time_ms(e["Occurred"]) <= high)
    ]
    return octopus_filtered(request, newest_first(chosen, "Occurred"))


def tasks(records: ActivityRecords, space_id: str, request: RecordedRequest, dataset: Any) -> list[Any]:
    return _chosen_tasks(records.in_space("tasks", space_id), request)


def _chosen_tasks(candidates: list[dict[str, Any]], request: RecordedRequest) -> list[dict[str, Any]]:
    states = {s for value in request.query.get("states", []) for s in value.split(",") if s}
    name = request.param("name")
    chosen = [
        t
        for t in candidates
        if within(request, t, TASK_DATE_FILTERS)
        and (not states or t["State"] in states)
        and (not name or t["Name"] == name)
    ]
    return octopus_filtered(request, newest_first(chosen, "QueueTime"))


def server_wide(kind: str, item_type: str, template: str) -> Callable[..., ApiResponse]:
    """``/api/events`` and ``/api/tasks``: the records of the spaces named by ``spaces`` (default: every space the
    key may read them in), and the system's own (SpaceId null) only when ``includeSystem=true``."""
    permission = {"events": "EventView", "tasks": "TaskView"}[kind]
    choose = _chosen_events if kind == "events" else _chosen_tasks

    def handler(state: ServerState, request: RecordedRequest) -> ApiResponse:
        records: ActivityRecords = state.dataset.parts[PART_NAME]
        named = {s for value in request.query.get("spaces", []) for s in value.split(",") if s}
        readable = {space for space, granted in state.octopus_permissions.items() if permission in granted}
        spaces = (named or readable) & readable
        candidates = [r for r in getattr(records, kind) if r.get("SpaceId") in spaces]
        if (request.param("includeSystem") or "").lower() == "true":
            candidates += getattr(records, f"system_{kind}")
        try:
            selected = choose(candidates, request)
        except BadQuery as error:
            return octopus_error(400, str(error))
        served = [without_nulls(record) for record in selected]
        return ApiResponse(
            200,
            octopus_collection(
                request, f"/api/{kind}", item_type, served, f"/api/{kind}{{?{template}}}", OCTOPUS_ACTIVITY_DEFAULT_TAKE
            ),
        )

    return handler


def reporting_feed(state: ServerState, request: RecordedRequest, space_id: str) -> ApiResponse:
    records, problem = _space_records(state, space_id, "DeploymentView")
    if problem or records is None:
        return problem or octopus_error(500, "no records")
    try:
        rows = [row for row in feed_rows(state.dataset, records, space_id) if _feed_match(request, row)]
    except BadQuery as error:
        return octopus_error(400, str(error))
    body = "".join(
        "<Deployment>" + "".join(_element(name, row.get(name)) for name in FEED_FIELDS) + "</Deployment>"
        for row in rows
    )
    xml = f'<?xml version="1.0" encoding="utf-8"?><Deployments>{body}</Deployments>'
    return ApiResponse(200, xml, headers={"Content-Type": "application/xml; charset=utf-8"})


def _feed_match(request: RecordedRequest, row: dict[str, Any]) -> bool:
    for name, field in (("projectId", "ProjectId"), ("environmentId", "EnvironmentId")):
        wanted = request.param(name)
        if wanted and row[field] != wanted:
            return False
    return within(request, row["_times"], FEED_DATE_FILTERS)


def feed_rows(dataset: Any, records: ActivityRecords, space_id: str) -> list[dict[str, Any]]:
    """The DeploymentHistory table: each deployment joined with its task and the names of what it points at."""
    names = {
        r["Id"]: r for kind in ("projects", "environments", "releases") for r in dataset.octopus_records(kind, space_id)
    }
    rows = []
    for deployment in sorted(dataset.octopus_records("deployments", space_id), key=lambda d: (d["Created"], d["Id"])):
        task = records.tasks_by_id.get(deployment["TaskId"], {})
        project, release = names.get(deployment["ProjectId"], {}), names.get(deployment["ReleaseId"], {})
        started, completed = task.get("StartTime"), task.get("CompletedTime")
        duration = (_time_ms(completed) - _time_ms(started)) // 1000 if started and completed else None
        rows.append(
            {
                "DeploymentId": deployment["Id"],
                "DeploymentName": deployment["Name"],
                "ProjectId": deployment["ProjectId"],
                "ProjectName": project.get("Name"),
                "ProjectSlug": project.get("Slug"),
                "TenantId": deployment.get("TenantId"),
                "TenantName": None,
                "ChannelId": deployment["ChannelId"],
                "ChannelName": "Default",
                "EnvironmentId": deployment["EnvironmentId"],
                "EnvironmentName": names.get(deployment["EnvironmentId"], {}).get("Name"),
                "ReleaseId": deployment["ReleaseId"],
                "ReleaseVersion": release.get("Version"),
                "TaskId": deployment["TaskId"],
                "TaskState": task.get("State", "Queued"),
                "Created": _feed_time(deployment["Created"]),
                "QueueTime": _feed_time(task.get("QueueTime")),
                "StartTime": _feed_time(started),
                "CompletedTime": _feed_time(completed),
                "DurationSeconds": duration,
                "DeployedBy": deployment.get("DeployedBy"),
                "_times": {"CompletedTime": completed, "StartTime": started},
            }
        )
    return rows


def _feed_time(value: str | None) -> str | None:
    """``2025-05-30T10:20:30``: the feed's sortable format, UTC, no offset, whole seconds."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") if value else None


def _element(name: str, value: Any) -> str:
    return f"<{name} />" if value is None else f"<{name}>{escape(str(value))}</{name}>"
