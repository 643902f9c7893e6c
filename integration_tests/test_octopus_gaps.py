"""Issue 15, item 7 over real HTTP against the fake Octopus: `take` on every list request, the system's own events
and tasks (no SpaceId), environments v2 (type and parent) with the v1 fallback, deployment freezes."""

from datetime import datetime, timedelta

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.octopus.activity.system_records import system_event
from source_jira_octopus.octopus.rate_policies import POLICIES_PATH, POLICIES_TAKE
from testkit.reading import OCTOPUS_STREAMS, read_streams, records_by_stream, state_for, stream_state
from testkit.sample_api_reads import INCREMENTAL_LOOKBACK, octopus_config

PAGE_SIZE = 7
# Octopus requests that are not skip/take lists: the API root, the caller, permissions, the reporting feed (XML).
NOT_LISTS = ("/api", "/api/users/me")
NOT_LIST_ENDINGS = ("/permissions", "/reporting/deployments/xml")


def test_every_octopus_list_request_names_its_take(fake_api):
    """The server's default page size differs by endpoint (10 on events and tasks, 30 elsewhere), so none is relied on."""
    config = fake_api.connector_config(jira=None)
    config["octopus"]["page_size"] = PAGE_SIZE
    output = read_streams(config, OCTOPUS_STREAMS)
    assert not output.errors
    lists = [
        r
        for r in fake_api.requests
        if r.path.startswith("/api") and r.path not in NOT_LISTS and not r.path.endswith(NOT_LIST_ENDINGS)
    ]
    assert len({r.path for r in lists}) > 60, "the read must reach every kind in every space"
    untaken = sorted({r.path for r in lists if not r.param("take")})
    assert not untaken, f"lists read without take: {untaken}"
    # Two requests that are not a stream's pages name another take, and only these two, once each:
    # - the environments probe (OctopusEnvironments._probe): one item from `environments/v2` tells a 2026 server
    #   from an older one (404), once per sync, before the stream pages v2 (or v1) with the configured take;
    # - the rate governor's one read of the server's rate-limiting policies (octopus/rate_policies.py): a fixed
    #   list of 3 built-in policies read as a single page (nothing pages it), so it asks for all of them.
    other_sizes = sorted((r.path, r.param("take")) for r in lists if r.param("take") != str(PAGE_SIZE))
    probe = [size for size in other_sizes if size[0].endswith("/environments/v2") and size[1] == "1"]
    policies = [size for size in other_sizes if size == (f"/{POLICIES_PATH}", str(POLICIES_TAKE))]
    assert len(probe) == 1 and len(policies) == 1 and len(other_sizes) == 2, other_sizes
    assert any(r.param("skip") == str(PAGE_SIZE) for r in lists if r.path.endswith("/events")), "events paged"


# ---- system-level events and tasks (no SpaceId) -----------------------------------------------------------------
SYSTEM_STREAMS = ["octopus_system_events", "octopus_system_tasks"]


def system_records(fake_api, kind):
    return getattr(fake_api.dataset.parts["octopus_activity"], f"system_{kind}")


def test_system_events_and_tasks_are_read_without_the_space_records_they_are_served_with(fake_api):
    output = read_streams(octopus_config(fake_api), SYSTEM_STREAMS)
    assert not output.errors
    by_stream = records_by_stream(output)
    for kind in ("events", "tasks"):
        expected = {r["Id"] for r in system_records(fake_api, kind)}
        assert len(expected) >= 60 and {r["Id"] for r in by_stream[f"octopus_system_{kind}"]} == expected
        assert not any(r.get("SpaceId") for r in by_stream[f"octopus_system_{kind}"])
        served = [r for r in fake_api.requests if r.path == f"/api/{kind}"]
        assert served and all(r.param("includeSystem") == "true" and r.param("take") for r in served)
    categories = {r["Category"] for r in by_stream["octopus_system_events"]}
    assert {"LoginSucceeded", "BackupCompleted", "RetentionPolicyApplied"} <= categories
    assert {r["Name"] for r in by_stream["octopus_system_tasks"]} == {"Backup", "Retention"}
    # the per-space streams never see them (their own primary keys stay unique)
    per_space = read_streams(octopus_config(fake_api), ["octopus_spaces", "octopus_events", "octopus_tasks"])
    space_ids = {r["Id"] for s in ("octopus_events", "octopus_tasks") for r in records_by_stream(per_space)[s]}
    assert space_ids and not space_ids & {r["Id"] for k in ("events", "tasks") for r in system_records(fake_api, k)}


def test_an_incremental_read_takes_only_the_system_events_since_the_cursor(fake_api, frozen_clock):
    config = octopus_config(fake_api)
    first = read_streams(config, ["octopus_system_events"])
    state = stream_state(first, "octopus_system_events")
    assert list(state["partitions"]) == ["*"]
    frozen_clock.advance(timedelta(minutes=30))
    newest = frozen_clock.now() - timedelta(minutes=1)
    index = len(system_records(fake_api, "events"))
    system_records(fake_api, "events").append(
        system_event(index, "LoginFailed", to_epoch_ms(newest), ["Users-1"], "wrong password")
    )
    second = read_streams(config, ["octopus_system_events"], state=state_for("octopus_system_events", state))
    assert not second.errors
    cursor = datetime.fromisoformat(state["partitions"]["*"]["cursor"].replace("Z", "+00:00"))
    read_again = {r["Id"] for r in records_by_stream(second)["octopus_system_events"]}
    expected = {
        r["Id"]
        for r in system_records(fake_api, "events")
        if datetime.fromisoformat(r["Occurred"]) >= cursor - INCREMENTAL_LOOKBACK
    }
    assert f"Events-{900_000 + index}" in read_again and read_again == expected
    assert len(read_again) < len(system_records(fake_api, "events")) / 2


# ---- environments v2 (type and parent), v1 when the server lacks it ----------------------------------------------
def test_environments_come_from_v2_with_their_type_and_parent(fake_api):
    output = read_streams(octopus_config(fake_api), ["octopus_spaces", "octopus_environments"])
    assert not output.errors
    environments = {r["Id"]: r for r in records_by_stream(output)["octopus_environments"]}
    assert set(environments) == fake_api.dataset.ids("octopus_environments")
    types = {r["Type"] for r in environments.values()}
    assert types == {"Static", "Parent", "Ephemeral"}
    ephemeral = [r for r in environments.values() if r["Type"] == "Ephemeral"]
    assert ephemeral and all(environments[r["ParentEnvironmentId"]]["Type"] == "Parent" for r in ephemeral)
    assert all(environments[r["ParentEnvironmentId"]]["SpaceId"] == r["SpaceId"] for r in ephemeral)
    assert not [r for r in fake_api.requests if r.path.endswith("/environments")], "v1 is not read"


def test_a_server_without_environments_v2_is_read_from_v1_with_a_log_line(fake_api):
    missing = {"ErrorMessage": "The resource 'v2' was not found.", "Errors": []}
    fake_api.faults.add(r"/api/Spaces-\d+/environments/v2$", 404, times=100, body=missing)
    output = read_streams(octopus_config(fake_api), ["octopus_spaces", "octopus_environments"])
    assert not output.errors
    environments = records_by_stream(output)["octopus_environments"]
    assert {r["Id"] for r in environments} == {r["Id"] for r in fake_api.dataset.octopus_environments}
    assert not any(r.get("Type") for r in environments)
    assert len([r for r in fake_api.requests if r.path.endswith("/environments/v2")]) == 1, "asked once per sync"
    [line] = [m.log.message for m in output.logs if "environments (v1)" in m.log.message]
    assert "HTTP 404" in line and "2020.5.0" in line


# ---- deployment freezes ------------------------------------------------------------------------------------------
def test_deployment_freezes_are_read_server_wide(fake_api):
    output = read_streams(octopus_config(fake_api), ["octopus_deployment_freezes"])
    assert not output.errors
    freezes = {r["Id"]: r for r in records_by_stream(output)["octopus_deployment_freezes"]}
    assert set(freezes) == fake_api.dataset.ids("octopus_deployment_freezes") and len(freezes) >= 4
    scoped = [r for r in freezes.values() if r["ProjectEnvironmentScope"]]
    assert {pid for r in scoped for pid in r["ProjectEnvironmentScope"]} <= {
        p["Id"] for p in fake_api.dataset.octopus_projects
    }
    assert any(r.get("RecurringSchedule") for r in freezes.values())
    pages = [r for r in fake_api.requests if r.path == "/api/deploymentfreezes"]
    assert pages[0].param("skip") == "0" and all(r.param("take") for r in pages)


def test_a_server_without_deployment_freezes_is_skipped_with_a_log_line(fake_api):
    missing = {"ErrorMessage": "The resource you requested was not found.", "Errors": []}
    fake_api.faults.add(r"/api/deploymentfreezes$", 404, times=1, body=missing)
    output = read_streams(octopus_config(fake_api), ["octopus_deployment_freezes", "octopus_user_roles"])
    assert not output.errors and fake_api.faults.pending == 0
    by_stream = records_by_stream(output)
    assert not by_stream["octopus_deployment_freezes"] and by_stream["octopus_user_roles"]
    [warning] = [m.log.message for m in output.logs if "octopus_deployment_freezes: skipped" in m.log.message]
    assert "the whole server" in warning and "2020.5.0" in warning and "/api/deploymentfreezes" in warning
