"""Whole reads of the configuration streams against HttpMocker: every request registered with its exact query and
sent exactly once; records, stamped parent ids and keys exact; documented statuses skipped with a log line, others
failing the read."""

import json
import threading

import pytest
import requests
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse

from source_jira_octopus.http.paging import PaginationLoopError, RepeatedPageGuard
from testkit.mock_server import DC, JIRA, JIRA_CLOUD, JIRA_DC, Mocks, run

API3, API2 = f"{JIRA}/rest/api/3", f"{DC}/rest/api/2"
NOT_ADMIN = {"errorMessages": ["You are not authorized to perform this action."], "errors": {}}


def bean(start, values, total, size=2):
    return {
        "startAt": start,
        "maxResults": size,
        "total": total,
        "isLast": start + len(values) >= total,
        "values": values,
    }


def paged(path, pages, params=None):
    """(path, query, body) for each page of a PageBean list; `pages` holds the records of each page."""
    total, start, requests_ = sum(len(p) for p in pages), 0, []
    for values in pages:
        requests_.append(
            (path, {**(params or {}), "startAt": str(start), "maxResults": "2"}, bean(start, values, total))
        )
        start += len(values)
    return requests_


class ErrorMocks(Mocks):
    def fail(self, url, status, body, params=None):
        self.registered.append(HttpRequest(url, query_params=params or {}))
        self.mocker.get(
            self.registered[-1], HttpResponse(json.dumps(body), status, {"Content-Type": "application/json"})
        )


def read_ids(config, stream, requests_, key="id"):
    base = API3 if config is JIRA_CLOUD else API2
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for path, params, body in requests_:
            mocks.get(f"{base}/{path}", params, body)
        output = run({"jira": config}, stream)
        mocks.verify()
    assert not output.errors, [e.trace.error.message for e in output.errors]
    return [r.record.data[key] if isinstance(key, str) else [r.record.data.get(k) for k in key] for r in output.records]


SIMPLE_CASES = [
    ("jira_issue_types", JIRA_CLOUD, [("issuetype", None, [{"id": "10001", "hierarchyLevel": 0}])], ["10001"]),
    ("jira_issue_types", JIRA_DC, [("issuetype", None, [{"id": "1"}, {"id": "2"}])], ["1", "2"]),
    (
        "jira_issue_type_schemes",
        JIRA_CLOUD,
        paged("issuetypescheme", [[{"id": "10000"}, {"id": "10001"}], [{"id": "10002"}]]),
        ["10000", "10001", "10002"],
    ),
    (
        "jira_issue_type_screen_schemes",
        JIRA_CLOUD,
        paged("issuetypescreenscheme", [[{"id": "1"}, {"id": "10000"}], [{"id": "10001"}]]),
        ["1", "10000", "10001"],
    ),
    (
        "jira_issue_field_configurations",
        JIRA_CLOUD,
        paged("fieldconfiguration", [[{"id": 10000, "isDefault": True}, {"id": 10001}], [{"id": 10002}]]),
        ["10000", "10001", "10002"],
    ),
    (
        "jira_issue_link_types",
        JIRA_CLOUD,
        [("issueLinkType", None, {"issueLinkTypes": [{"id": "10000", "name": "Blocks"}, {"id": "10001"}]})],
        ["10000", "10001"],
    ),
    ("jira_issue_link_types", JIRA_DC, [("issueLinkType", None, {"issueLinkTypes": [{"id": "10003"}]})], ["10003"]),
    (
        "jira_issue_security_schemes",
        JIRA_DC,
        [("issuesecurityschemes", None, {"issueSecuritySchemes": [{"id": 10000}, {"id": 10001}]})],
        ["10000", "10001"],
    ),
    (
        "jira_issue_notification_schemes",
        JIRA_CLOUD,
        paged("notificationscheme", [[{"id": 10000}, {"id": 10001}], [{"id": 10002}]], {"expand": "all"}),
        ["10000", "10001", "10002"],
    ),
    (
        "jira_issue_notification_schemes",
        JIRA_DC,
        paged("notificationscheme", [[{"id": 10100}]], {"expand": "all"}),
        ["10100"],
    ),
    (
        "jira_screen_schemes",
        JIRA_CLOUD,
        paged("screenscheme", [[{"id": 1}, {"id": 2}], [{"id": 3}, {"id": 10000}]]),
        ["1", "2", "3", "10000"],
    ),
    ("jira_status_categories", JIRA_DC, [("statuscategory", None, [{"id": 1}, {"id": 4}])], ["1", "4"]),
    (
        "jira_resolutions",
        JIRA_CLOUD,
        paged("resolution/search", [[{"id": "10000"}, {"id": "10001"}], [{"id": "10002"}]]),
        ["10000", "10001", "10002"],
    ),
    ("jira_resolutions", JIRA_DC, [("resolution", None, [{"id": "1"}, {"id": "2"}])], ["1", "2"]),
]


@pytest.mark.parametrize("stream,config,requests_,ids", SIMPLE_CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_simple_configuration_streams_page_and_emit_string_ids(stream, config, requests_, ids):
    assert read_ids(config, stream, requests_) == ids


def test_navigator_columns_are_keyed_by_value():
    columns = [{"label": "Issue Type", "value": "issuetype"}, {"label": "Key", "value": "issuekey"}]
    assert read_ids(JIRA_DC, "jira_issue_navigator_settings", [("settings/columns", None, columns)], "value") == [
        "issuetype",
        "issuekey",
    ]


def test_labels_wrap_each_string_of_the_page():
    requests_ = paged("label", [["backend", "customer"], ["tech-debt"]])
    assert read_ids(JIRA_CLOUD, "jira_labels", requests_, "label") == ["backend", "customer", "tech-debt"]


def test_data_center_issue_type_schemes_expand_types_and_name_the_default():
    schemes = {
        "schemes": [
            {"id": "10000", "name": "Default", "defaultIssueType": {"id": "3", "name": "Task"}, "issueTypes": []},
            {"id": "10001", "name": "No default"},
        ]
    }
    query = {"expand": "schemes.issueTypes,schemes.defaultIssueType"}
    keys = ("id", "defaultIssueTypeId")
    found = read_ids(JIRA_DC, "jira_issue_type_schemes", [("issuetypescheme", query, schemes)], keys)
    assert found == [["10000", "3"], ["10001", None]]


FIELDS = [
    {"id": "summary", "custom": False},
    {"id": "customfield_10021", "custom": True, "schema": {"custom": "com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes"}},
    {"id": "customfield_10040", "custom": True, "schema": {"custom": "com.atlassian.jira.plugin.system.customfieldtypes:textfield"}},
]  # fmt: skip
CONTEXT_PAGES = {
    "customfield_10021": [[{"id": "10100"}, {"id": "10101"}], [{"id": "10102"}]],
    "customfield_10040": [[{"id": "10103"}]],
}


def test_contexts_are_read_for_custom_fields_only_and_carry_the_field():
    requests_ = [("field", None, FIELDS)]
    for field_id, pages in CONTEXT_PAGES.items():
        requests_ += paged(f"field/{field_id}/context", pages)
    found = read_ids(JIRA_CLOUD, "jira_issue_custom_field_contexts", requests_, ("id", "fieldId"))
    assert found == [
        ["10100", "customfield_10021"],
        ["10101", "customfield_10021"],
        ["10102", "customfield_10021"],
        ["10103", "customfield_10040"],
    ]


def test_options_are_read_per_context_of_option_fields_only():
    requests_ = [("field", None, FIELDS)]
    for field_id, pages in CONTEXT_PAGES.items():
        requests_ += paged(f"field/{field_id}/context", pages)
    options = {
        "10100": [[{"id": "1"}, {"id": "2"}], [{"id": "3", "optionId": "1"}]],
        "10101": [[]],
        "10102": [[{"id": "4"}]],
    }
    for context_id, pages in options.items():
        requests_ += paged(f"field/customfield_10021/context/{context_id}/option", pages)
    found = read_ids(JIRA_CLOUD, "jira_issue_custom_field_options", requests_, ("id", "fieldId", "contextId"))
    assert found == [
        ["1", "customfield_10021", "10100"],
        ["2", "customfield_10021", "10100"],
        ["3", "customfield_10021", "10100"],
        ["4", "customfield_10021", "10102"],
    ]  # no option request for the text field's context 10103


SCREENS = [[{"id": 1, "name": "Default Screen"}, {"id": 2}], [{"id": 3}]]
TABS = {1: [{"id": 10000, "name": "Field Tab"}, {"id": 10001, "name": "Agile"}], 2: [{"id": 10002}], 3: []}
TAB_FIELDS = {
    (1, 10000): [{"id": "summary", "name": "Summary"}, {"id": "assignee"}],
    (1, 10001): [{"id": "customfield_10020", "name": "Sprint"}],
    (2, 10002): [{"id": "summary", "name": "Summary"}],
}


def screen_requests(with_fields=True):
    requests_ = paged("screens", SCREENS)
    requests_ += [(f"screens/{sid}/tabs", None, tabs) for sid, tabs in TABS.items()]
    if with_fields:
        requests_ += [(f"screens/{sid}/tabs/{tid}/fields", None, fields) for (sid, tid), fields in TAB_FIELDS.items()]
    return requests_


def test_screen_tabs_carry_their_screen():
    found = read_ids(JIRA_CLOUD, "jira_screen_tabs", screen_requests(False), ("id", "screenId"))
    assert found == [["10000", "1"], ["10001", "1"], ["10002", "2"]]


def test_tab_fields_of_tabs_of_screens_key_on_screen_tab_and_field():
    """A child of a child: screens and tabs are each read once; `summary` on two screens gives two records."""
    found = read_ids(JIRA_CLOUD, "jira_screen_tab_fields", screen_requests(), ["screenId", "tabId", "id"])
    assert found == [
        ["1", "10000", "summary"],
        ["1", "10000", "assignee"],
        ["1", "10001", "customfield_10020"],
        ["2", "10002", "summary"],
    ]


def test_data_center_screens_page_a_plain_array_until_an_empty_page():
    pages = [("screens", {"startAt": "0", "maxResults": "2"}, [{"id": 1}, {"id": 2}])]
    pages += [("screens", {"startAt": "2", "maxResults": "2"}, [{"id": 3}])]
    pages += [("screens", {"startAt": "3", "maxResults": "2"}, [])]
    assert read_ids(JIRA_DC, "jira_screens", pages) == ["1", "2", "3"]


def test_a_user_without_administer_jira_skips_admin_streams_with_a_log_line():
    with HttpMocker() as mocker:
        mocks = ErrorMocks(mocker)
        mocks.fail(f"{API3}/screens", 403, NOT_ADMIN, {"startAt": "0", "maxResults": "2"})
        output = run({"jira": JIRA_CLOUD}, "jira_screen_tab_fields")
        mocks.verify()
    assert not output.errors and not output.records
    skipped = [m.log.message for m in output.logs if "skipped GET" in m.log.message]
    assert skipped and "'Administer Jira' global permission" in skipped[0] and "HTTP 403" in skipped[0]


def test_a_screen_deleted_while_reading_is_skipped_and_the_others_are_read():
    with HttpMocker() as mocker:
        mocks = ErrorMocks(mocker)
        for path, params, body in paged("screens", SCREENS):
            mocks.get(f"{API3}/{path}", params, body)
        mocks.get(f"{API3}/screens/1/tabs", None, TABS[1])
        mocks.fail(f"{API3}/screens/2/tabs", 404, {"errorMessages": ["The screen was not found."], "errors": {}})
        mocks.get(f"{API3}/screens/3/tabs", None, [{"id": 10009}])
        output = run({"jira": JIRA_CLOUD}, "jira_screen_tabs")
        mocks.verify()
    assert not output.errors
    assert [r.record.data["id"] for r in output.records] == ["10000", "10001", "10009"]
    assert any("deleted after the screens were read" in m.log.message for m in output.logs)


def test_issue_linking_turned_off_gives_no_link_types_and_no_error():
    with HttpMocker() as mocker:
        mocks = ErrorMocks(mocker)
        mocks.fail(f"{API3}/issueLinkType", 404, {"errorMessages": ["Issue linking is disabled."], "errors": {}})
        output = run({"jira": JIRA_CLOUD}, "jira_issue_link_types")
        mocks.verify()
    assert not output.errors and not output.records
    assert any("issue linking is turned off" in m.log.message for m in output.logs)


def test_a_403_where_jira_documents_none_fails_the_read():
    """Status categories need no permission: a 403 there is a credential problem, never skipped."""
    with HttpMocker() as mocker:
        mocks = ErrorMocks(mocker)
        mocks.fail(f"{API3}/statuscategory", 403, NOT_ADMIN)
        output = run({"jira": JIRA_CLOUD}, "jira_status_categories")
        mocks.verify()
    assert output.errors and not output.records
    assert "403" in output.errors[0].trace.error.message


def response_for(url):
    response = requests.Response()
    response.request = requests.Request("GET", url).prepare()
    return response


def test_a_stream_read_as_itself_and_as_a_parent_at_once_is_no_repeat():
    """Two live threads read the same partition (the stream's read and its children's shared parent read)."""
    guard, page = RepeatedPageGuard("id"), [{"id": "1"}, {"id": "2"}]
    response = response_for(f"{API3}/screens?startAt=0&maxResults=2")
    both_reading, both_done, results = threading.Barrier(2, timeout=10), threading.Barrier(2, timeout=10), []

    def read():
        both_reading.wait()
        results.append(guard.fresh("*", response, page))
        both_done.wait()  # why: a finished thread's id may be reused by the next one

    workers = [threading.Thread(target=read) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results == [page, page]
    guard.fresh("*", response, page)
    with pytest.raises(PaginationLoopError):  # within one thread's read, the same page twice is still a loop
        guard.fresh("*", response, page)
