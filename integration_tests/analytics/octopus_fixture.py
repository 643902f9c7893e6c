"""The hand-sized Octopus + Jira dataset behind test_octopus_models.py (every expected figure there is derived from
the rows below, in that module's comments).

One space, three environments (Dev, Pre-Prod, Production; only Production matches the default production pattern),
two projects: Web (untenanted, channel Channels-1) and Api (tenanted: Acme, Globex; channel Channels-2).
Releases of Web: R1 1.0.0, R2 1.1.0, R3 1.2.0 (no build information, assembled at an offset +02:00), R4 1.3.0; of Api:
R5 2.0.0. Build information work items: R1 WEB-1 WEB-2; R2 WEB-2 WEB-3 NOPE-9 (NOPE-9 is not in Jira); R4 WEB-4;
R5 WEB-5. Deployments (D = Deployments-N, T = ServerTasks-N), all in the week of Monday 2024-03-04 unless said:

| D  | release | environment / tenant | task state                | queued / started -> completed (UTC)      | Changes[]          |
|----|---------|----------------------|---------------------------|------------------------------------------|--------------------|
| 1  | R1      | Dev                  | Success                   | 03-04 10:00 / 10:01 -> 10:05             | absent             |
| 2  | R1      | Production           | Success                   | 03-04 10:59 / 11:00 -> 11:10             | absent             |
| 3  | R2      | Production           | Failed                    | 03-05 09:59 / 10:00 -> 10:20             | 1.1.0: WEB-2 WEB-3 NOPE-9 |
| 4  | R2      | Production           | Success + guided failure  | 03-05 10:59 / 11:00 -> 11:30             | absent             |
| 5  | R3      | Production           | Success (times at +02:00) | 03-06 09:59 / 10:00 -> 10:15             | [] (nothing new)   |
| 6  | R3      | Production           | Canceled                  | 03-06 11:00 / - -> 11:01                 | absent             |
| 7  | R4      | Production           | TimedOut                  | 03-07 09:00 / - -> 10:00                 | absent             |
| 8  | R4      | Production           | (task not loaded)         | created 03-07 12:00                      | absent             |
| 9  | R4      | Production           | Failed                    | 03-08 08:59 / 09:00 -> 09:10             | 1.3.0: WEB-4; 1.2.0: none |
| 10 | R4      | Production           | Failed                    | 03-08 09:49 / 09:50 -> 10:00             | absent             |
| 11 | R4      | Production           | Success                   | 03-08 11:49 / 11:50 -> 12:00             | 1.3.0: WEB-4       |
| 12 | R5      | Production / Acme    | Success                   | 03-04 12:49 / 12:50 -> 13:00             | absent             |
| 13 | R5      | Production / Globex  | Success                   | 03-04 13:49 / 13:50 -> 14:00             | absent             |
| 14 | R5      | Production / Acme    | Success                   | 03-11 08:49 / 08:50 -> 09:00 (next week) | []                 |
| 15 | R4      | Pre-Prod             | Success                   | 03-07 09:19 / 09:20 -> 09:30             | absent             |
| 16 | R4      | Dev                  | Success                   | 03-07 09:49 / 09:50 -> 10:00             | 1.2.0: none; 1.3.0: WEB-4; 1.1.0: WEB-3 |

Deployment 4's task has a guided failure interruption (Guidance: Retry); deployment 9's a manual intervention.
Jira project WEB ("Web Shop"): WEB-1..WEB-5 stories/bugs, WEB-6 and WEB-7 incidents, WEB-8 a deleted incident
(see ISSUES).
"""

from __future__ import annotations

from typing import Any

SPACE = "Spaces-1"
Row = dict[str, Any]


def _z(day: int, clock: str, hour_offset: str = "Z") -> str:
    return f"2024-03-{day:02d}T{clock}:00{hour_offset}"


# (id, release, environment, tenant, task state or None for a task that was not loaded, queued, started, completed,
#  Changes or None when the server did not send it)
DEPLOYMENTS: list[tuple[int, int, str, str | None, str | None, str, str | None, str | None, Any]] = [
    (1, 1, "Environments-1", None, "Success", _z(4, "10:00"), _z(4, "10:01"), _z(4, "10:05"), None),
    (2, 1, "Environments-3", None, "Success", _z(4, "10:59"), _z(4, "11:00"), _z(4, "11:10"), None),
    (
        3,
        2,
        "Environments-3",
        None,
        "Failed",
        _z(5, "09:59"),
        _z(5, "10:00"),
        _z(5, "10:20"),
        [{"Version": "1.1.0", "WorkItems": [{"Id": "WEB-2"}, {"Id": "WEB-3"}, {"Id": "NOPE-9"}]}],
    ),
    (4, 2, "Environments-3", None, "Success", _z(5, "10:59"), _z(5, "11:00"), _z(5, "11:30"), None),
    # Octopus times at an offset: 11:59+02:00 is 09:59Z.
    (
        5,
        3,
        "Environments-3",
        None,
        "Success",
        _z(6, "11:59", "+02:00"),
        _z(6, "12:00", "+02:00"),
        _z(6, "12:15", "+02:00"),
        [],
    ),
    (6, 3, "Environments-3", None, "Canceled", _z(6, "11:00"), None, _z(6, "11:01"), None),
    (7, 4, "Environments-3", None, "TimedOut", _z(7, "09:00"), None, _z(7, "10:00"), None),
    (8, 4, "Environments-3", None, None, _z(7, "12:00"), None, None, None),
    (
        9,
        4,
        "Environments-3",
        None,
        "Failed",
        _z(8, "08:59"),
        _z(8, "09:00"),
        _z(8, "09:10"),
        [{"Version": "1.3.0", "WorkItems": [{"Id": "WEB-4"}]}, {"Version": "1.2.0", "WorkItems": []}],
    ),
    (10, 4, "Environments-3", None, "Failed", _z(8, "09:49"), _z(8, "09:50"), _z(8, "10:00"), None),
    (
        11,
        4,
        "Environments-3",
        None,
        "Success",
        _z(8, "11:49"),
        _z(8, "11:50"),
        _z(8, "12:00"),
        [{"Version": "1.3.0", "WorkItems": [{"Id": "WEB-4"}], "Commits": [{"Id": "abc123"}]}],
    ),
    (12, 5, "Environments-3", "Tenants-1", "Success", _z(4, "12:49"), _z(4, "12:50"), _z(4, "13:00"), None),
    (13, 5, "Environments-3", "Tenants-2", "Success", _z(4, "13:49"), _z(4, "13:50"), _z(4, "14:00"), None),
    (14, 5, "Environments-3", "Tenants-1", "Success", _z(11, "08:49"), _z(11, "08:50"), _z(11, "09:00"), []),
    (15, 4, "Environments-2", None, "Success", _z(7, "09:19"), _z(7, "09:20"), _z(7, "09:30"), None),
    (
        16,
        4,
        "Environments-1",
        None,
        "Success",
        _z(7, "09:49"),
        _z(7, "09:50"),
        _z(7, "10:00"),
        [
            {"Version": "1.2.0", "WorkItems": None},
            {"Version": "1.3.0", "WorkItems": [{"Id": "WEB-4"}]},
            {"Version": "1.1.0", "WorkItems": [{"Id": "WEB-3"}]},
        ],
    ),
]

# (number, project, channel, version, assembled, work item keys)
RELEASES: list[tuple[int, str, str, str, str, list[str]]] = [
    (1, "Projects-1", "Channels-1", "1.0.0", _z(4, "09:00"), ["WEB-1", "WEB-2"]),
    (2, "Projects-1", "Channels-1", "1.1.0", _z(5, "09:00"), ["WEB-2", "WEB-3", "NOPE-9"]),
    (3, "Projects-1", "Channels-1", "1.2.0", _z(6, "09:00", "+02:00"), []),
    (4, "Projects-1", "Channels-1", "1.3.0", _z(7, "08:00"), ["WEB-4"]),
    (5, "Projects-2", "Channels-2", "2.0.0", _z(4, "12:00"), ["WEB-5"]),
]

# (id, key, issue type, created, resolved)
ISSUES: list[tuple[str, str, str, str, str | None]] = [
    ("10001", "WEB-1", "Story", "2024-03-01T10:00:00.000+0200", "2024-03-04T10:00:00.000+0000"),
    ("10002", "WEB-2", "Bug", "2024-03-02T08:00:00.000+0000", "2024-03-05T08:00:00.000+0000"),
    ("10003", "WEB-3", "Story", "2024-03-03T12:00:00.000+0000", None),
    ("10004", "WEB-4", "Story", "2024-03-06T00:00:00.000+0000", "2024-03-07T12:00:00.000+0000"),
    ("10005", "WEB-5", "Story", "2024-03-01T00:00:00.000+0000", "2024-03-04T12:30:00.000+0000"),
    ("10006", "WEB-6", "Incident", "2024-03-05T10:30:00.000+0000", "2024-03-05T12:30:00.000+0000"),
    ("10007", "WEB-7", "Incident", "2024-03-08T09:30:00.000+0000", None),
    # Deleted: loaded earlier, absent from the latest census while WEB stays visible.
    ("10008", "WEB-8", "Incident", "2024-03-06T08:00:00.000+0000", "2024-03-06T09:00:00.000+0000"),
]
DELETED_ISSUE_KEYS = ("WEB-8",)


def _project_of(release: int) -> tuple[str, str]:
    _, project, channel, *_ = RELEASES[release - 1]
    return project, channel


def octopus_rows() -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {
        "octopus_spaces": [{"Id": SPACE, "Name": "Default", "IsDefault": True}],
        "octopus_environments": [
            {"Id": "Environments-1", "SpaceId": SPACE, "Name": "Dev", "SortOrder": 1},
            {"Id": "Environments-2", "SpaceId": SPACE, "Name": "Pre-Prod", "SortOrder": 2},
            {"Id": "Environments-3", "SpaceId": SPACE, "Name": "Production", "SortOrder": 3, "UseGuidedFailure": True},
        ],
        "octopus_projects": [
            {"Id": "Projects-1", "SpaceId": SPACE, "Name": "Web", "Slug": "web"},
            {"Id": "Projects-2", "SpaceId": SPACE, "Name": "Api", "Slug": "api", "TenantedDeploymentMode": "Tenanted"},
        ],
        "octopus_tenants": [
            {"Id": "Tenants-1", "SpaceId": SPACE, "Name": "Acme"},
            {"Id": "Tenants-2", "SpaceId": SPACE, "Name": "Globex"},
        ],
        "octopus_channels": [
            {"Id": "Channels-1", "SpaceId": SPACE, "ProjectId": "Projects-1", "Name": "Default", "IsDefault": True},
            {"Id": "Channels-2", "SpaceId": SPACE, "ProjectId": "Projects-2", "Name": "Default", "IsDefault": True},
        ],
        "octopus_releases": [],
        "octopus_release_work_items": [],
        "octopus_deployments": [],
        "octopus_tasks": [],
        "octopus_interruptions": [
            {
                "Id": "Interruptions-1",
                "SpaceId": SPACE,
                "TaskId": "ServerTasks-4",
                "Title": "Guided failure: step 2",
                "Created": _z(5, "11:10"),
                "IsPending": False,
                "Form": {"Values": {"Guidance": "Retry"}, "Elements": []},
            },
            {
                "Id": "Interruptions-2",
                "SpaceId": SPACE,
                "TaskId": "ServerTasks-9",
                "Title": "Approve the deployment",
                "Created": _z(8, "09:01"),
                "IsPending": False,
                "Form": {"Values": {"Instructions": None, "Result": "Proceed"}, "Elements": []},
            },
        ],
    }
    for number, project, channel, version, assembled, keys in RELEASES:
        release_id = f"Releases-{number}"
        build_information = (
            [{"PackageId": "web", "Version": version, "WorkItems": [{"Id": key, "Source": "Jira"} for key in keys]}]
            if keys
            else []
        )
        rows["octopus_releases"].append(
            {
                "Id": release_id,
                "SpaceId": SPACE,
                "ProjectId": project,
                "ChannelId": channel,
                "Version": version,
                "Assembled": assembled,
                "BuildInformation": build_information,
            }
        )
        for key in keys:
            rows["octopus_release_work_items"].append(
                {
                    "Id": key,
                    "ReleaseId": release_id,
                    "PackageId": "web",
                    "PackageVersion": version,
                    "SpaceId": SPACE,
                    "ProjectId": project,
                    "ChannelId": channel,
                    "ReleaseVersion": version,
                    "ReleaseAssembled": assembled,
                    "IssueTrackerName": "Jira",
                    "Source": "Jira",
                }
            )
    for number, release, environment, tenant, state, queued, started, completed, changes in DEPLOYMENTS:
        project, channel = _project_of(release)
        task_id = f"ServerTasks-{number}"
        deployment: Row = {
            "Id": f"Deployments-{number}",
            "SpaceId": SPACE,
            "ProjectId": project,
            "ChannelId": channel,
            "ReleaseId": f"Releases-{release}",
            "EnvironmentId": environment,
            "TenantId": tenant,
            "TaskId": task_id,
            "Name": f"Deploy to {environment}",
            "Created": queued,
            "QueueTime": queued,
            # Only deployment 4 ran with guided failure (and met a failure it then got past).
            "UseGuidedFailure": number == 4,
            "FailureEncountered": state == "Failed" or number == 4,
        }
        if changes is not None:
            deployment["Changes"] = changes
        rows["octopus_deployments"].append(deployment)
        if state is not None:
            rows["octopus_tasks"].append(
                {
                    "Id": task_id,
                    "SpaceId": SPACE,
                    "Name": "Deploy",
                    "State": state,
                    "QueueTime": queued,
                    "StartTime": started,
                    "CompletedTime": completed,
                    "IsCompleted": completed is not None,
                    "FinishedSuccessfully": state == "Success",
                    "Arguments": {"DeploymentId": f"Deployments-{number}"},
                }
            )
    return rows


def _colon(jira_time: str) -> str:
    return f"{jira_time[:-2]}:{jira_time[-2:]}"


def jira_rows() -> dict[str, list[Row]]:
    project = {"id": "10000", "key": "WEB", "name": "Web Shop", "projectTypeKey": "software"}
    issues: list[Row] = []
    for issue_id, key, issue_type, created, resolved in ISSUES:
        done = resolved is not None
        status = {
            "id": "3" if done else "1",
            "name": "Done" if done else "To Do",
            "statusCategory": {"key": "done" if done else "new"},
        }
        issues.append(
            # The connector writes top-level times with a colon in the offset; `fields` keeps Jira's `+0200`.
            {
                "id": issue_id,
                "key": key,
                "projectId": "10000",
                "projectKey": "WEB",
                "created": _colon(created),
                "updated": _colon(created),
                "fields": {
                    "issuetype": {"id": "1", "name": issue_type},
                    "status": status,
                    "resolutiondate": resolved,
                    "summary": f"{issue_type} {key}",
                    "created": created,
                },
            }
        )
    census = [
        {"id": issue["id"], "key": issue["key"], "projectId": "10000", "projectKey": "WEB"}
        for issue in issues
        if issue["key"] not in DELETED_ISSUE_KEYS
    ]
    return {
        "jira_projects": [project],
        "jira_issues": issues,
        "jira_issue_census": census,
        "jira_statuses": [
            {"id": "1", "name": "To Do", "statusCategory": {"id": 2, "key": "new"}},
            {"id": "3", "name": "Done", "statusCategory": {"id": 3, "key": "done"}},
        ],
    }


# Every table the Octopus, DORA and lineage marts are built from (empty unless given rows above).
SOURCE_STREAMS = (
    "octopus_spaces",
    "octopus_environments",
    "octopus_projects",
    "octopus_tenants",
    "octopus_channels",
    "octopus_releases",
    "octopus_release_work_items",
    "octopus_deployments",
    "octopus_tasks",
    "octopus_interruptions",
    "jira_issues",
    "jira_issue_census",
    "jira_projects",
    "jira_statuses",
)


def octopus_records() -> dict[str, list[Row]]:
    """Stream name -> records in the connector's shape, for every table in SOURCE_STREAMS."""
    records = octopus_rows() | jira_rows()
    return {stream: records.get(stream, []) for stream in SOURCE_STREAMS}


def stale_records() -> dict[str, list[Row]]:
    """Older copies of some keys, as destination-snowflake's append syncs keep them: a deployment's task seen while
    it was still executing, and the release 1.3.0 before its build information listed WEB-4's key."""
    task = next(row for row in octopus_rows()["octopus_tasks"] if row["Id"] == "ServerTasks-11")
    release = next(row for row in octopus_rows()["octopus_releases"] if row["Id"] == "Releases-4")
    return {
        "octopus_tasks": [task | {"State": "Executing", "CompletedTime": None, "IsCompleted": False}],
        "octopus_releases": [release | {"Version": "1.3.0-rc", "BuildInformation": []}],
    }
