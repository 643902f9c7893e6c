"""Whole `read`s of the administration streams against HttpMocker: every request registered with its exact query
and sent exactly once; records, the connector's added fields, skips of admin-only streams and audit state exact."""

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.state_builder import StateBuilder

from testkit.mock_server import DC, JIRA, JIRA_CLOUD, JIRA_DC, Mocks, final_state, run

SERVER_DATE = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
DATE = format_datetime(SERVER_DATE, usegmt=True)
PROBED = SERVER_DATE - timedelta(seconds=11)  # the probe's Date minus the 10 s request timeout and 1 s of rounding
FILTER_EXPAND = (
    "description,owner,jql,viewUrl,searchUrl,favourite,favouritedCount,sharePermissions,editPermissions,"
    "isWritable,approximateLastUsed,subscriptions"
)
DASHBOARD_EXPAND = "description,owner,viewUrl,favourite,favouritedCount,sharePermissions,editPermissions,isWritable"
ADMIN_STREAMS = {
    "jira_workflows",
    "jira_workflow_schemes",
    "jira_workflow_statuses",
    "jira_time_tracking",
    "jira_application_roles",
    "jira_settings",
    "jira_audit_records",
}


def bean(values, start, total):
    return {"startAt": start, "maxResults": 2, "total": total, "isLast": start + len(values) >= total, "values": values}


def paged(path, extra, ids, key="id"):
    """Two-record PageBean pages of `ids` with their exact startAt/maxResults."""
    records = [{key: i} for i in ids]
    return [
        (path, {**extra, "startAt": str(start), "maxResults": "2"}, bean(records[start : start + 2], start, len(ids)))
        for start in range(0, len(ids), 2)
    ]


# stream -> (site, requests [(path under the API root, query, body)], field, expected values in order)
CASES = {
    "jira_filters": ("cloud", paged("filter/search", {"expand": FILTER_EXPAND, "orderBy": "id"}, ["1", "2", "3"]), "id", ["1", "2", "3"]),
    "jira_filters@dc": ("dc", [("filter/favourite", {}, [{"id": "7", "subscriptions": {"size": 1, "items": [{"id": 3}]}}, {"id": "9"}])], "subscriptions", [[{"id": 3}], None]),
    "jira_dashboards": ("cloud", paged("dashboard/search", {"expand": DASHBOARD_EXPAND, "orderBy": "id"}, ["10", "11", "12"]), "id", ["10", "11", "12"]),
    "jira_dashboards@dc": (
        "dc",
        [
            ("dashboard", {"startAt": "0", "maxResults": "2"}, {"startAt": 0, "maxResults": 2, "total": 3, "dashboards": [{"id": "1"}, {"id": "2"}]}),
            ("dashboard", {"startAt": "2", "maxResults": "2"}, {"startAt": 2, "maxResults": 2, "total": 3, "dashboards": [{"id": "3"}]}),
        ],
        "id",
        ["1", "2", "3"],
    ),
    "jira_permissions": (
        "cloud",
        [("permissions", {}, {"permissions": {"BULK_CHANGE": {"key": "BULK_CHANGE", "type": "GLOBAL"}, "BROWSE_PROJECTS": {"key": "BROWSE_PROJECTS"}}})],
        "key",
        ["BULK_CHANGE", "BROWSE_PROJECTS"],
    ),
    "jira_permission_schemes": ("cloud", [("permissionscheme", {"expand": "all"}, {"permissionSchemes": [{"id": 10000, "permissions": []}]})], "recordId", ["10000"]),
    "jira_server_info": ("cloud", [("serverInfo", {}, {"version": "1001.0.0-SNAPSHOT", "deploymentType": "Cloud"})], "version", ["1001.0.0-SNAPSHOT"]),
    "jira_permission_schemes@dc": ("dc", [("permissionscheme", {"expand": "all"}, {"permissionSchemes": [{"id": 0}, {"id": 10100}]})], "recordId", ["0", "10100"]),
    "jira_workflows": (
        "cloud",
        paged("workflows/search", {"expand": "values.transitions", "orderBy": "name"}, ["Dev", "jira", "Ops"], key="name"),
        "name",
        ["Dev", "jira", "Ops"],
    ),
    "jira_workflows@dc": ("dc", [("workflow", {}, [{"name": "jira", "steps": 5}, {"name": "Ops", "steps": 3}])], "name", ["jira", "Ops"]),
    "jira_workflow_schemes": ("cloud", paged("workflowscheme", {}, [10000, 10001, 10002]), "recordId", ["10000", "10001", "10002"]),
    "jira_workflow_statuses": ("cloud", paged("statuses/search", {}, ["1", "3", "10004"]), "id", ["1", "3", "10004"]),
    "jira_time_tracking@dc": ("dc", [("configuration/timetracking/list", {}, [{"key": "JIRA"}])], "key", ["JIRA"]),
    "jira_application_roles": ("cloud", [("applicationrole", {}, [{"key": "jira-software"}, {"key": "jira-servicedesk"}])], "key", ["jira-software", "jira-servicedesk"]),
    "jira_settings@dc": ("dc", [("application-properties", {}, [{"id": "jira.home", "key": "jira.home"}])], "id", ["jira.home"]),
    "jira_server_info@dc": ("dc", [("serverInfo", {}, {"version": "9.12.15", "deploymentType": "Server"})], "version", ["9.12.15"]),
}  # fmt: skip


def mock_site(mocks, site, requests):
    base, version = (JIRA, 3) if site == "cloud" else (DC, 2)
    for path, params, body in requests:
        mocks.get(f"{base}/rest/api/{version}/{path}", params, body, Date=DATE)
    return base, version


def mock_admin_probe(mocks, base, version, admin=True):
    body = {"permissions": {"ADMINISTER": {"key": "ADMINISTER", "type": "GLOBAL", "havePermission": admin}}}
    mocks.get(f"{base}/rest/api/{version}/mypermissions", {"permissions": "ADMINISTER"}, body, Date=DATE)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_page_is_requested_once_and_every_record_read(case):
    stream = case.split("@")[0]
    site, requests, field, expected = CASES[case]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        base, version = mock_site(mocks, site, requests)
        if stream in ADMIN_STREAMS:
            mock_admin_probe(mocks, base, version)
        output = run({"jira": JIRA_CLOUD if site == "cloud" else JIRA_DC}, stream)
        mocks.verify()
    assert not output.errors, [e.trace.error.message for e in output.errors]
    assert [r.record.data.get(field) for r in output.records] == expected


def test_share_permissions_come_from_the_filters_page_one_row_per_share():
    shares = [{"id": 10000, "type": "global"}, {"id": 10010, "type": "project", "project": {"id": "10000"}}]
    pages = [
        ({"startAt": "0"}, bean([{"id": "1", "name": "Bugs", "sharePermissions": shares}, {"id": "2", "name": "Mine"}], 0, 3)),
        ({"startAt": "2"}, bean([{"id": "3", "name": "Ops", "sharePermissions": [{"id": 10020, "type": "loggedin"}]}], 2, 3)),
    ]  # fmt: skip
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for position, body in pages:
            params = {**position, "maxResults": "2", "expand": "sharePermissions", "orderBy": "id"}
            mocks.get(f"{JIRA}/rest/api/3/filter/search", params, body)
        output = run({"jira": JIRA_CLOUD}, "jira_filter_sharing")
        mocks.verify()
    rows = [
        (r.record.data["filterId"], r.record.data["filterName"], r.record.data["recordId"], r.record.data["type"])
        for r in output.records
    ]
    assert rows == [
        ("1", "Bugs", "10000", "global"),
        ("1", "Bugs", "10010", "project"),
        ("3", "Ops", "10020", "loggedin"),
    ]


@pytest.mark.parametrize(
    "config, version, types",
    [(JIRA_CLOUD, 3, ["issuetype", "project", "user", "priority"]), (JIRA_DC, 2, ["issuetype", "project", "user"])],
    ids=["cloud", "data_center"],
)
def test_system_avatars_one_request_per_owner_type_stamped_with_it(config, version, types):
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for n, owner in enumerate(types):
            mocks.get(
                f"{config['base_url']}/rest/api/{version}/avatar/{owner}/system", {}, {"system": [{"id": str(n)}]}
            )
        output = run({"jira": config}, "jira_avatars")
        mocks.verify()
    assert sorted((r.record.data["ownerType"], r.record.data["id"]) for r in output.records) == sorted(
        (owner, str(n)) for n, owner in enumerate(types)
    )


@pytest.mark.parametrize(
    "stream", sorted(ADMIN_STREAMS - {"jira_workflow_schemes", "jira_workflow_statuses", "jira_audit_records"})
)
def test_without_administer_an_admin_stream_is_skipped_with_a_warning(stream):
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_admin_probe(mocks, DC, 2, admin=False)  # nothing else registered: any other request fails the test
        output = run({"jira": JIRA_DC}, stream)
        mocks.verify()
    assert not output.errors and not output.records
    warnings = [m.log.message for m in output.logs if "skipped" in m.log.message and stream in m.log.message]
    assert len(warnings) == 1 and "'Administer Jira' (ADMINISTER)" in warnings[0]


def test_a_documented_403_is_skipped_not_failed():
    """The probe says admin, but the endpoint refuses (Jira documents 403 for it): logged and skipped."""
    error = {"errorMessages": ["You are not authorised to perform this action."], "errors": {}}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_admin_probe(mocks, JIRA, 3)
        mocker.get(
            HttpRequest(f"{JIRA}/rest/api/3/applicationrole", query_params={}), HttpResponse(json.dumps(error), 403)
        )
        output = run({"jira": JIRA_CLOUD}, "jira_application_roles")
    assert not output.errors and not output.records
    assert any("HTTP 403" in m.log.message and "ADMINISTER" in m.log.message for m in output.logs)


def audit_page(ids, offset, total):
    return {
        "offset": offset,
        "limit": 2,
        "total": total,
        "records": [{"id": i, "created": "2024-05-20T10:00:00.000+0000"} for i in ids],
    }


@pytest.mark.parametrize(
    "state, expected_from",
    [(None, "2020-01-01T00:00:00.000Z"), ({"state_version": 2, "partitions": {"*": {"cursor": "2024-05-01T10:30:00.000+00:00"}}}, "2024-05-01T10:00:00.000Z")],
    ids=["first-sync", "from-saved-cursor-minus-lookback"],
)  # fmt: skip
def test_audit_records_page_between_the_lower_bound_and_the_probe_time(state, expected_from):
    window = {"from": expected_from, "to": "2024-06-01T11:59:49.000Z"}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_admin_probe(mocks, JIRA, 3)
        for offset, ids in ((0, [30, 29]), (2, [28])):
            body = audit_page(ids, offset, 3)
            mocks.get(
                f"{JIRA}/rest/api/3/auditing/record", {**window, "offset": str(offset), "limit": "2"}, body, Date=DATE
            )
        config = {**JIRA_CLOUD, "start_date": "2020-01-01T00:00:00Z", "lookback_window_minutes": 30}
        saved = [state_message(state)] if state else None
        output = run({"jira": config}, "jira_audit_records", SyncMode.incremental, saved)
        mocks.verify()
    assert not output.errors, [e.trace.error.message for e in output.errors]
    assert [r.record.data["recordId"] for r in output.records] == ["30", "29", "28"]
    assert output.records[0].record.data["created"] == "2024-05-20T10:00:00.000+00:00"
    assert final_state(output) == {
        "state_version": 2,
        "partitions": {"*": {"cursor": PROBED.isoformat(timespec="milliseconds")}},
    }


def state_message(value):
    return StateBuilder().with_stream_state("jira_audit_records", value).build()[0]
