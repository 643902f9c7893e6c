"""Whole `read`s of the Octopus activity streams through the entrypoint against HttpMocker: every request registered
with its exact paging and date-window parameters and sent exactly once; records, stamps and state exact.

The windowed streams' upper bound is the sync's start. To pin it, the incremental tests resume a sync (a state with
`sync.started_at`): a resumed sync keeps the interrupted one's start, so that is the `to` every request carries.
"""

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.state_builder import StateBuilder

from testkit.mock_server import OCTOPUS, OCTOPUS_CONFIG, Mocks, final_state, mock_octopus_spaces, octopus_items, run

SAVED = "2024-05-01T10:30:00.000+00:00"
LOWER = "2024-05-01T10:20:00.000+00:00"  # SAVED minus the 10-minute lookback
STARTED = "2024-06-01T12:00:00.000+00:00"  # the resumed sync's start = every window's upper bound
START_DATE = "1970-01-01T00:00:00.000+00:00"  # the default octopus.start_date
SPACES = ["Spaces-1", "Spaces-2"]


def resumed(stream, cursors):
    value = {
        "state_version": 2,
        "partitions": {space: {"cursor": cursor} for space, cursor in cursors.items()},
        "sync": {"started_at": STARTED, "finished": [], "done": {}},
    }
    return StateBuilder().with_stream_state(stream, value).build()


def spaces_of(output):
    return sorted(
        (r.record.data["SpaceId"], r.record.data.get("Id") or r.record.data["DeploymentId"]) for r in output.records
    )


def test_runbook_runs_stop_at_the_first_run_older_than_cursor_minus_lookback():
    runs = [("RR-3", "2024-05-01T11:00:00.000+00:00"), ("RR-2", "2024-05-01T10:25:00.000+00:00")]
    older = [("RR-1", "2024-05-01T10:19:59.000+00:00"), ("RR-0", "2024-04-01T00:00:00.000+00:00")]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1"])
        for skip, page in ((0, runs), (2, older)):
            body = octopus_items("runbookRuns", "Spaces-1", skip, 6, [{"Id": i, "Created": c} for i, c in page])
            mocks.get(f"{OCTOPUS}/api/Spaces-1/runbookRuns", {"skip": str(skip), "take": "2"}, body)
        state = resumed("octopus_runbook_runs", {"Spaces-1": SAVED})
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_runbook_runs", SyncMode.incremental, state)
        mocks.verify()  # no third page: RR-1 is older than the bound
    assert not output.errors
    assert spaces_of(output) == [("Spaces-1", "RR-2"), ("Spaces-1", "RR-3")]
    assert final_state(output) == {"state_version": 2, "partitions": {"Spaces-1": {"cursor": STARTED}}}


def test_build_information_is_paged_per_space_and_stamped():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, SPACES)
        for skip, ids in ((0, ["B-3", "B-2"]), (2, ["B-1"])):
            body = octopus_items("build-information", "Spaces-1", skip, 3, [{"Id": i, "PackageId": "app"} for i in ids])
            mocks.get(f"{OCTOPUS}/api/Spaces-1/build-information", {"skip": str(skip), "take": "2"}, body)
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/build-information",
            {"skip": "0", "take": "2"},
            octopus_items("b", "Spaces-2", 0, 0, []),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_build_information")
        mocks.verify()
    assert not output.errors
    assert spaces_of(output) == [("Spaces-1", "B-1"), ("Spaces-1", "B-2"), ("Spaces-1", "B-3")]


def release(release_id, assembled, *packages):
    return {
        "Id": release_id,
        "Version": f"1.0.{release_id[-1]}",
        "ProjectId": "Projects-1",
        "ChannelId": "Channels-1",
        "Assembled": assembled,
        "Links": {"Self": f"/api/Spaces-1/releases/{release_id}", "Web": f"/app#/Spaces-1/releases/{release_id}"},
        "BuildInformation": [
            {
                "PackageId": package,
                "Version": "1.0",
                "BuildUrl": f"https://ci/{package}",
                "WorkItems": [
                    {
                        "Id": key,
                        "Source": "Jira",
                        "LinkUrl": f"https://jira/browse/{key}",
                        "Description": f"About {key}",
                    }
                    for key in keys
                ],
            }
            for package, keys in packages
        ],
    }


def test_release_work_items_are_one_row_per_package_work_item_with_the_release():
    page = [
        release("Releases-2", "2024-05-02T00:00:00.000+00:00", ("api", ["ORD-1", "ORD-2"]), ("web", ["ORD-1"])),
        release("Releases-1", "2024-05-01T00:00:00.000+00:00"),  # no build information: no row
    ]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1"])
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/releases",
            {"skip": "0", "take": "2"},
            octopus_items("releases", "Spaces-1", 0, 2, page),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_release_work_items")
        mocks.verify()
    assert not output.errors
    rows = [r.record.data for r in output.records]
    assert [(r["ReleaseId"], r["PackageId"], r["PackageVersion"], r["Id"]) for r in rows] == [
        ("Releases-2", "api", "1.0", "ORD-1"),
        ("Releases-2", "api", "1.0", "ORD-2"),
        ("Releases-2", "web", "1.0", "ORD-1"),
    ]
    # None values are left out of the emitted record (the CDK serialises without nulls)
    assert rows[1] == {
        "Id": "ORD-2",
        "Source": "Jira",
        "LinkUrl": "https://jira/browse/ORD-2",
        "Description": "About ORD-2",
        "ReleaseId": "Releases-2",
        "ReleaseVersion": "1.0.2",
        "ReleaseAssembled": "2024-05-02T00:00:00.000+00:00",
        "ProjectId": "Projects-1",
        "ChannelId": "Channels-1",
        "SpaceId": "Spaces-1",
        "PackageId": "api",
        "PackageVersion": "1.0",
        "BuildUrl": "https://ci/api",
        "Links": {"Release": "/api/Spaces-1/releases/Releases-2", "Web": "/app#/Spaces-1/releases/Releases-2"},
    }


def test_release_work_items_cap_counts_rows_exactly_and_warns():
    page = [release("Releases-2", "2024-05-02T00:00:00.000+00:00", ("api", ["ORD-1", "ORD-2", "ORD-3"]))]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1"])
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/releases",
            {"skip": "0", "take": "2"},
            octopus_items("releases", "Spaces-1", 0, 4, page),
        )
        config = {**OCTOPUS_CONFIG, "max_items_per_kind": {"release_work_items": 2}}
        output = run({"octopus": config}, "octopus_release_work_items")
        mocks.verify()  # the page with more rows than the cap is the last one asked for
    assert [r.record.data["Id"] for r in output.records] == ["ORD-1", "ORD-2"]
    warnings = [m.log.message for m in output.logs if "max_items_per_kind.release_work_items = 2" in m.log.message]
    assert (
        len(warnings) == 1 and "octopus_release_work_items" in warnings[0] and "/api/Spaces-1/releases" in warnings[0]
    )


def test_events_ask_each_space_for_its_window_and_page_inside_it():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, SPACES)
        window = {"from": LOWER, "to": STARTED}
        for skip, ids in ((0, ["E-3", "E-2"]), (2, ["E-1"])):
            body = octopus_items("events", "Spaces-1", skip, 3, [{"Id": i, "Occurred": SAVED} for i in ids])
            mocks.get(f"{OCTOPUS}/api/Spaces-1/events", {**window, "skip": str(skip), "take": "2"}, body)
        # Spaces-2 has no cursor yet: from start_date.
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/events",
            {"from": START_DATE, "to": STARTED, "skip": "0", "take": "2"},
            octopus_items("events", "Spaces-2", 0, 1, [{"Id": "E-9", "Occurred": SAVED}]),
        )
        output = run(
            {"octopus": OCTOPUS_CONFIG},
            "octopus_events",
            SyncMode.incremental,
            resumed("octopus_events", {"Spaces-1": SAVED}),
        )
        mocks.verify()
    assert not output.errors
    assert spaces_of(output) == [("Spaces-1", "E-1"), ("Spaces-1", "E-2"), ("Spaces-1", "E-3"), ("Spaces-2", "E-9")]
    assert final_state(output)["partitions"] == {"Spaces-1": {"cursor": STARTED}, "Spaces-2": {"cursor": STARTED}}


def test_tasks_first_read_by_queue_date_then_by_completion_date():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, SPACES)
        completed = {"fromCompletedDate": LOWER, "toCompletedDate": STARTED, "skip": "0", "take": "2"}
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/tasks",
            completed,
            octopus_items(
                "tasks", "Spaces-1", 0, 1, [{"Id": "ServerTasks-2", "State": "Success", "CompletedTime": SAVED}]
            ),
        )
        queued = {"fromQueueDate": START_DATE, "toQueueDate": STARTED, "skip": "0", "take": "2"}
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/tasks",
            queued,
            octopus_items(
                "tasks", "Spaces-2", 0, 1, [{"Id": "ServerTasks-7", "State": "Executing", "CompletedTime": None}]
            ),
        )
        output = run(
            {"octopus": OCTOPUS_CONFIG},
            "octopus_tasks",
            SyncMode.incremental,
            resumed("octopus_tasks", {"Spaces-1": SAVED}),
        )
        mocks.verify()
    assert not output.errors
    assert [
        (r.record.data["Id"], r.record.data["State"]) for r in sorted(output.records, key=lambda r: r.record.data["Id"])
    ] == [
        ("ServerTasks-2", "Success"),
        ("ServerTasks-7", "Executing"),
    ]


def test_system_events_and_tasks_ask_the_server_for_its_own_records_in_one_partition():
    """`includeSystem=true` on the server-wide lists; records of a space (read per space elsewhere) are left out."""
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        events = [{"Id": "Events-9", "Occurred": SAVED}, {"Id": "Events-3", "SpaceId": "Spaces-1", "Occurred": SAVED}]
        mocks.get(
            f"{OCTOPUS}/api/events",
            {"includeSystem": "true", "from": LOWER, "to": STARTED, "skip": "0", "take": "2"},
            octopus_items("events", "", 0, 2, events),
        )
        output = run(
            {"octopus": OCTOPUS_CONFIG},
            "octopus_system_events",
            SyncMode.incremental,
            resumed("octopus_system_events", {"*": SAVED}),
        )
        tasks = [{"Id": "ServerTasks-900000", "Name": "Backup", "State": "Success", "CompletedTime": SAVED}]
        mocks.get(
            f"{OCTOPUS}/api/tasks",
            {"includeSystem": "true", "fromQueueDate": START_DATE, "toQueueDate": STARTED, "skip": "0", "take": "2"},
            octopus_items("tasks", "", 0, 1, tasks),
        )
        task_output = run(
            {"octopus": OCTOPUS_CONFIG},
            "octopus_system_tasks",
            SyncMode.incremental,
            resumed("octopus_system_tasks", {}),
        )
        mocks.verify()
    assert not output.errors and not task_output.errors
    assert [r.record.data["Id"] for r in output.records] == ["Events-9"]
    assert final_state(output)["partitions"] == {"*": {"cursor": STARTED}}
    assert [r.record.data["Id"] for r in task_output.records] == ["ServerTasks-900000"]


FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<Deployments>
  <Deployment>
    <DeploymentId>Deployments-12</DeploymentId><DeploymentName>Deploy to Production</DeploymentName>
    <ProjectId>Projects-2</ProjectId><ProjectName>Orders &amp; Billing</ProjectName><TenantId /><TenantName></TenantName>
    <TaskId>ServerTasks-10012</TaskId><TaskState>Success</TaskState>
    <Created>2024-05-30T10:18:00</Created><QueueTime>2024-05-30T10:18:00</QueueTime>
    <StartTime>2024-05-30T10:19:48</StartTime><CompletedTime>2024-05-30T10:20:30</CompletedTime>
    <DurationSeconds>42</DurationSeconds><DeployedBy>octo-deployer</DeployedBy>
  </Deployment>
</Deployments>"""


def mock_feed(mocks, space, body, content_type="application/xml", window=None):
    params = window or {"fromCompletedTime": START_DATE, "toCompletedTime": STARTED}
    request = HttpRequest(f"{OCTOPUS}/api/{space}/reporting/deployments/xml", query_params=params)
    mocks.registered.append(request)
    mocks.mocker.get(request, HttpResponse(body, 200, {"Content-Type": content_type}))


def test_deployment_history_parses_the_xml_feed_within_the_completed_time_window():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, SPACES)
        mock_feed(mocks, "Spaces-1", FEED.decode(), window={"fromCompletedTime": LOWER, "toCompletedTime": STARTED})
        mock_feed(mocks, "Spaces-2", "<Deployments/>")
        state = resumed("octopus_deployment_history", {"Spaces-1": SAVED})
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_deployment_history", SyncMode.incremental, state)
        mocks.verify()
    assert not output.errors
    assert [r.record.data for r in output.records] == [
        {
            "DeploymentId": "Deployments-12",
            "DeploymentName": "Deploy to Production",
            "ProjectId": "Projects-2",
            "ProjectName": "Orders & Billing",
            "TaskId": "ServerTasks-10012",
            "TaskState": "Success",
            "Created": "2024-05-30T10:18:00.000+00:00",
            "QueueTime": "2024-05-30T10:18:00.000+00:00",
            "StartTime": "2024-05-30T10:19:48.000+00:00",
            "CompletedTime": "2024-05-30T10:20:30.000+00:00",
            "DurationSeconds": 42,
            "DeployedBy": "octo-deployer",
            "SpaceId": "Spaces-1",
        }
    ]
    assert final_state(output)["partitions"] == {"Spaces-1": {"cursor": STARTED}, "Spaces-2": {"cursor": STARTED}}


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE Deployments [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Deployments><Deployment><DeploymentId>&b;</DeploymentId></Deployment></Deployments>"""


def test_a_feed_declaring_entities_is_refused_and_an_html_page_is_a_config_error():
    for body, expected in (
        (BOMB.decode(), "DOCTYPE"),
        ("<html><body>Sign in</body></html>", "expected a <Deployments>"),
    ):
        with HttpMocker() as mocker:
            mocks = Mocks(mocker)
            mock_octopus_spaces(mocks, ["Spaces-1"])
            mock_feed(mocks, "Spaces-1", body, "text/html")
            state = resumed("octopus_deployment_history", {})
            output = run({"octopus": OCTOPUS_CONFIG}, "octopus_deployment_history", SyncMode.incremental, state)
        assert not output.records
        messages = [e.trace.error.message for e in output.errors]
        assert any(expected in m and "/reporting/deployments/xml" in m for m in messages), messages
        assert any(e.trace.error.failure_type.value == "config_error" for e in output.errors)
