"""The fake APIs' octopus activity part: its records, the ids its streams must read, its routes.

Records are generated per space by ``octopus_activity_records.build_space``; edits a real server would see between
syncs (a deployment started, its task finishing, a busy space of thousands of deployments) are in
``octopus_activity_edits``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.octopus.activity.records import ActivityRecords, build_space
from jira_octopus_sample_api.octopus.activity.system_records import system_records
from jira_octopus_sample_api.paging import OCTOPUS_ACTIVITY_DEFAULT_TAKE
from jira_octopus_sample_api.part import DatasetPart, OctopusRoute, octopus_route

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset

SPACE = r"/api/(?P<space_id>Spaces-\d+)"
_ID_STREAMS = {
    "octopus_runbook_runs": "runbook_runs",
    "octopus_build_information": "build_information",
    "octopus_events": "events",
    "octopus_tasks": "tasks",
    "octopus_system_events": "system_events",
    "octopus_system_tasks": "system_tasks",
}


class OctopusActivityPart(DatasetPart):
    name = "octopus_activity"

    def build(self, dataset: FakeDataset) -> None:
        records = ActivityRecords()
        rng = random.Random(f"octopus-activity-{dataset.seed}")
        for index, space in enumerate(dataset.octopus_spaces):
            build_space(records, dataset, space["Id"], rng, newest_runs=index == 0)
        records.system_events, records.system_tasks = system_records(to_epoch_ms(dataset.anchor))
        dataset.parts[self.name] = records

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        records: ActivityRecords = self.records(dataset)
        if stream_name in _ID_STREAMS:
            return {record["Id"] for record in getattr(records, _ID_STREAMS[stream_name])}
        if stream_name == "octopus_release_work_items":
            return {
                "|".join((release["Id"], package["PackageId"], package["Version"], item["Id"]))
                for release in dataset.octopus_releases
                for package in release["BuildInformation"]
                for item in package["WorkItems"]
            }
        if stream_name == "octopus_deployment_history":
            return {
                d["Id"]
                for d in dataset.octopus_deployments
                if records.tasks_by_id.get(d["TaskId"], {}).get("CompletedTime")
            }
        return None

    def octopus_routes(self) -> list[OctopusRoute]:
        from jira_octopus_sample_api.octopus.activity import (
            routes,  # why: octopus_api (which they use) imports the parts
        )

        return [
            octopus_route(
                "GET",
                rf"{SPACE}/runbookRuns",
                routes.listing(
                    "runbookRuns",
                    "RunbookRunView",
                    "RunbookRun",
                    "skip,take,projects,environments,tenants,runbooks,taskState,partialName",
                    routes.runbook_runs,
                ),
            ),
            octopus_route(
                "GET",
                rf"{SPACE}/build-information",
                routes.listing(
                    "build-information",
                    "ReleaseView",  # why: the 2020.5 permission set has no build-information view permission
                    "OctopusPackageVersionBuildInformation",
                    "skip,take,packageId,filter,latest",
                    routes.build_information,
                ),
            ),
            octopus_route(
                "GET",
                rf"{SPACE}/events",
                routes.listing(
                    "events",
                    "EventView",
                    "Event",
                    "skip,take,from,to,regarding,eventCategories",
                    routes.events,
                    OCTOPUS_ACTIVITY_DEFAULT_TAKE,
                ),
            ),
            octopus_route(
                "GET",
                rf"{SPACE}/tasks",
                routes.listing(
                    "tasks",
                    "TaskView",
                    "Task",
                    "skip,take,states,name,fromCompletedDate,toCompletedDate,fromQueueDate,toQueueDate,fromStartDate,toStartDate",
                    routes.tasks,
                    OCTOPUS_ACTIVITY_DEFAULT_TAKE,
                ),
            ),
            octopus_route("GET", rf"{SPACE}/reporting/deployments/xml", routes.reporting_feed),
            octopus_route(
                "GET", r"/api/events", routes.server_wide("events", "Event", "skip,take,from,to,spaces,includeSystem")
            ),
            octopus_route(
                "GET",
                r"/api/tasks",
                routes.server_wide(
                    "tasks", "Task", "skip,take,states,name,fromCompletedDate,toCompletedDate,spaces,includeSystem"
                ),
            ),
        ]


PART = OctopusActivityPart()
