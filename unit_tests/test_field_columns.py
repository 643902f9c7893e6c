"""Jira fields as named, typed columns of jira_issues: naming and collision rules, types, values, and discover/read
with `GET field` answering or not."""

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.sources.utils.schema_helpers import ResourceSchemaLoader
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from jsonschema import Draft7Validator

from source_jira_octopus import SourceJiraOctopus
from source_jira_octopus.jira.field_columns import FieldColumns, column_names, issue_top_level_columns, snake_case
from testkit.mock_server import JIRA, JIRA_CLOUD, Mocks, mock_cloud_probes, ok, run, search_issue

STATIC = ResourceSchemaLoader("source_jira_octopus").get_schema("jira_issues")


def field(field_id, name, kind=None, items=None, custom=None):
    schema = {"type": kind, **({"items": items} if items else {}), **({"custom": custom} if custom else {})}
    return {"id": field_id, "name": name, "custom": field_id.startswith("customfield_"), "schema": schema}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Story point estimate", "story_point_estimate"),
        ("Σ Time Spent", "time_spent"),
        ("Release date & time", "release_date_time"),
        ("Estimate (days)", "estimate_days"),
        ("Café Owner", "cafe_owner"),
        ("fixVersions", "fix_versions"),
        ("  ", ""),
    ],
)
def test_names_become_snake_case(name, expected):
    assert snake_case(name) == expected


@pytest.mark.parametrize(
    "fields, expected",
    [
        ([field("customfield_1", "Story points")], {"customfield_1": "story_points"}),
        (  # two fields with the same snake name: both by id
            [field("timespent", "Time Spent"), field("aggregatetimespent", "Σ Time Spent")],
            {"timespent": "timespent", "aggregatetimespent": "aggregatetimespent"},
        ),
        (  # names of connector columns: by id; created/updated are the columns the connector derives already
            [field("customfield_2", "Key"), field("issuekey", "Key "), field("created", "Created")],
            {"customfield_2": "customfield_2", "issuekey": "issuekey", "created": "created"},
        ),
        (  # a name that is another field's id, a name starting with a digit, an empty name
            [field("summary", "Summary"), field("customfield_3", "summary "), field("customfield_4", "2nd reviewer")],
            {"summary": "summary", "customfield_3": "customfield_3", "customfield_4": "customfield_4"},
        ),
        (
            [field("customfield_5", ""), field("projectId", "Key")],
            {"customfield_5": "customfield_5", "projectId": "field_projectId"},
        ),
    ],
    ids=["plain", "same-snake-name", "connector-columns", "other-id-digit", "empty-and-id-clash"],
)
def test_collisions_fall_back_to_the_field_id(fields, expected):
    assert column_names(fields, issue_top_level_columns()) == expected


@pytest.mark.parametrize(
    "spec, value, rejected",
    [
        (("number", None, None), 2.5, "two"),
        (("string", None, None), "ACME", 5),
        (("date", None, None), "2024-01-15", 20240115),
        (("datetime", None, None), "2024-01-15T10:20:30.123+00:00", 1705314030),
        (("user", None, None), {"accountId": "5b10a2844c20165700ede21g"}, "someone"),
        (("option", None, None), {"id": "10019", "value": "Impediment"}, "Impediment"),
        (("array", "user", None), [{"accountId": "a"}, {"key": "JIRAUSER1", "name": "ann"}], ["a"]),
        (("array", "string", None), ["enterprise"], [1]),
        (("array", "option", None), [{"value": "x"}], "x"),
        (("string", None, "com.atlassian.jira.plugin.system.customfieldtypes:textarea"), {"type": "doc"}, 5),
    ],
)
def test_columns_are_typed_from_the_field_schema(spec, value, rejected):
    columns = FieldColumns.build([field("customfield_9", "Typed", *spec)], STATIC)
    validator = Draft7Validator(columns.schema(STATIC))
    assert not list(validator.iter_errors({"id": "1", "typed": value}))
    assert list(validator.iter_errors({"id": "1", "typed": rejected}))


def test_any_and_unknown_types_are_unconstrained_and_system_fields_keep_their_static_type():
    columns = FieldColumns.build(
        [
            field("customfield_1", "Rank", "any"),
            field("customfield_2", "App", "sd-sla"),
            field("duedate", "Due", "date"),
        ],
        STATIC,
    )
    for column in ("rank", "app"):
        validator = Draft7Validator(columns.schema(STATIC))
        for value in ("0|i0000f:", 3, 2.5, True, {"a": 1}, [1, "x"], None):
            assert not list(validator.iter_errors({"id": "1", column: value})), (column, value)
    assert columns.schemas["due"]["format"] == "date" and columns.schemas["due"]["type"] == ["null", "string"]


def test_values_are_copied_under_their_columns_and_fields_stay():
    columns = FieldColumns.build(
        [field("customfield_1", "Points", "number"), field("created", "Created", "datetime")], STATIC
    )
    assert columns.values({"customfield_1": 3.0, "created": "2024-01-01T00:00:00.000+0000", "other": 1}) == {
        "points": 3.0
    }


def test_discover_types_the_columns_and_read_fills_them_and_normalises_date_times():
    fields = [
        field("customfield_10016", "Story points", "number"),
        field("customfield_10041", "Release", "datetime"),
        field("summary", "Summary", "string"),
    ]
    config = {"jira": JIRA_CLOUD}
    url = f"{JIRA}/rest/api/3/search/jql"
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        field_request = HttpRequest(f"{JIRA}/rest/api/3/field")
        mocker.get(field_request, ok(fields))
        catalog = SourceJiraOctopus(config=config).discover(None, config)
        mock_cloud_probes(mocker, 0, search_issue("1"), 1)
        record = search_issue("1")
        record["fields"] |= {"customfield_10016": 5.0, "customfield_10041": "2024-02-01T09:00:00.000+0100"}
        mocks.post(
            url,
            {"jql": "updated >= 0 ORDER BY id ASC", "fields": ["*all"], "maxResults": 2},
            {"issues": [record], "isLast": True},
        )
        output = run(config, "jira_issues", SyncMode.incremental)
        mocker.assert_number_of_calls(field_request, 2)  # one per command
    schema = next(s for s in catalog.streams if s.name == "jira_issues").json_schema["properties"]
    assert schema["story_points"]["type"] == ["null", "number"]
    assert schema["release"]["format"] == "date-time" and schema["summary"]["type"] == ["null", "string"]
    data = output.records[0].record.data
    assert (data["story_points"], data["summary"], data["release"]) == (5.0, "Issue 1", "2024-02-01T09:00:00.000+01:00")
    assert data["fields"]["customfield_10016"] == 5.0, "the raw fields object stays"


def test_discover_falls_back_to_the_static_schema_when_the_field_list_is_refused(caplog):
    config = {"jira": JIRA_CLOUD}
    with HttpMocker() as mocker:
        mocker.get(HttpRequest(f"{JIRA}/rest/api/3/field"), HttpResponse('{"errorMessages":["nope"]}', 404))
        catalog = SourceJiraOctopus(config=config).discover(None, config)
    schema = next(s for s in catalog.streams if s.name == "jira_issues").json_schema
    assert set(schema["properties"]) == set(STATIC["properties"])
    assert any("no columns for the site's fields" in r.message and "404" in r.message for r in caplog.records)


def test_a_read_of_other_streams_sends_no_field_request():
    body = {"startAt": 0, "maxResults": 2, "total": 0, "isLast": True, "values": []}
    params = {"startAt": "0", "maxResults": "2", "expand": "description,lead,issueTypes,url,projectKeys,insight"}
    with HttpMocker() as mocker:
        mocker.get(HttpRequest(f"{JIRA}/rest/api/3/project/search", query_params=params), ok(body))
        output = run({"jira": JIRA_CLOUD}, "jira_projects")  # an unregistered GET field would be an error
    assert not output.errors and not output.records


EPIC_LINK = field("customfield_10014", "Epic Link", "any", custom="com.pyxis.greenhopper.jira:gh-epic-link")
PARENT_LINK = field("customfield_10018", "Parent Link", "any", custom="com.atlassian.jpo:jpo-custom-field-parent")
PARENT = {"id": "parent", "name": "Parent", "custom": False}  # Cloud lists it without a schema


@pytest.mark.parametrize(
    "values, expected",
    [
        (  # the issue's own parent wins over a (stale) Epic Link
            {"parent": {"id": "7", "key": "ED-7"}, "customfield_10014": "ED-1"},
            {"id": "7", "key": "ED-7"},
        ),
        ({"parent": None, "customfield_10014": "ED-1"}, {"key": "ED-1"}),  # Data Center: only Epic Link
        ({"customfield_10018": {"data": {"id": 9, "key": "ED-9"}}}, {"id": "9", "key": "ED-9"}),
        ({"customfield_10018": "ED-3"}, {"key": "ED-3"}),
        ({"customfield_10014": None, "customfield_10018": {"hasEpicLinkFieldDependency": False}}, None),
    ],
    ids=["parent-wins", "epic-link", "parent-link-object", "parent-link-key", "no-parent"],
)
def test_the_parent_column_prefers_parent_to_the_deprecated_links(values, expected):
    columns = FieldColumns.build([PARENT, EPIC_LINK, PARENT_LINK], STATIC)
    assert columns.parent_links == ("customfield_10014", "customfield_10018")
    row = columns.values(values)
    assert row.get("parent") == expected
    assert row.get("epic_link") == values.get("customfield_10014")  # the deprecated field keeps its own column


def test_without_a_parent_field_the_links_fill_no_column():
    columns = FieldColumns.build([EPIC_LINK], STATIC)
    assert columns.values({"customfield_10014": "ED-1"}) == {"epic_link": "ED-1"}


def test_jira_issue_fields_marks_the_fields_deprecated_in_favour_of_parent():
    epic_name = field("customfield_10011", "Epic Name", "string", custom="com.pyxis.greenhopper.jira:gh-epic-label")
    story_points = field("customfield_10016", "Story points", "number", custom="com.pyxis.greenhopper.jira:jsw-points")
    fields = [PARENT, EPIC_LINK, PARENT_LINK, epic_name, story_points]
    with HttpMocker() as mocker:
        mocker.get(HttpRequest(f"{JIRA}/rest/api/3/field"), ok(fields))
        output = run({"jira": JIRA_CLOUD}, "jira_issue_fields")
    assert not output.errors
    marked = {r.record.data["id"]: r.record.data["deprecated"] for r in output.records}
    assert marked == {
        "parent": False,
        "customfield_10014": True,
        "customfield_10018": True,
        "customfield_10011": True,
        "customfield_10016": False,
    }
