"""jira_issues' field columns over real HTTP from the fake (custom fields of every type, two named "Customer", one
named "Key"): discover types them, a read fills them with the issues' values, jira_issue_fields names them."""

import logging

import pytest

from source_jira_octopus import SourceJiraOctopus
from testkit.reading import read_streams, records_by_stream

LOGGER = logging.getLogger("test")
EXPECTED = {  # column -> (field id, JSON types, format)
    "story_point_estimate": ("customfield_10016", ["null", "number"], None),
    "start_date": ("customfield_10015", ["null", "string"], "date"),
    "release_date_time": ("customfield_10041", ["null", "string"], "date-time"),
    "product_owner": ("customfield_10042", ["null", "object"], None),
    "severity": ("customfield_10043", ["null", "object"], None),
    "approvers": ("customfield_10044", ["null", "array"], None),
    "customer_tags": ("customfield_10045", ["null", "array"], None),
    "technical_notes": ("customfield_10046", ["null", "string", "object"], None),
    "estimate_days": ("customfield_10049", ["null", "number"], None),
    "customfield_10040": ("customfield_10040", ["null", "string"], None),  # "Customer" twice: by id
    "customfield_10047": ("customfield_10047", ["null", "object"], None),
    "customfield_10048": ("customfield_10048", ["null", "string"], None),  # "Key": the connector's `key`
    "epic_link": ("customfield_10014", ["null", "string", "number", "integer", "boolean", "object", "array"], None),
    "issue_type": ("issuetype", ["null", "object"], None),
}


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_discover_read_and_field_list_agree_on_named_typed_columns(fake_api, deployment):
    fake_api.jira_deployment = deployment
    config = fake_api.connector_config(octopus=None)
    fake_api.clear_requests()
    catalog = SourceJiraOctopus(config).discover(LOGGER, config)
    assert len([r for r in fake_api.requests if r.path.endswith("/field")]) == 1, "discover reads the fields once"
    schema = next(s for s in catalog.streams if s.name == "jira_issues").json_schema["properties"]
    for column, (_, types, form) in EXPECTED.items():
        assert schema[column].get("type") == types and schema[column].get("format") == form, column
    assert "customer" not in schema and schema["key"]["type"] == ["null", "string"]

    output = read_streams(config, ["jira_issues", "jira_issue_fields"])
    assert not output.errors
    records = records_by_stream(output)
    mapping = {f["id"]: f["column_name"] for f in records["jira_issue_fields"]}
    assert all(mapping[field_id] == column for column, (field_id, _, _) in EXPECTED.items())
    issues = {issue["id"]: issue for issue in records["jira_issues"]}
    filled = 0
    for stored in fake_api.dataset.jira_issues:
        issue = issues[stored["id"]]
        for column, (field_id, _, form) in EXPECTED.items():
            assert issue.get(column) == issue["fields"][field_id] or form == "date-time", (stored["id"], column)
            filled += issue.get(column) is not None
        stamp = stored["fields"]["customfield_10041"]
        assert issue.get("release_date_time") == (stamp and f"{stamp[:-2]}:{stamp[-2:]}")
    assert filled > len(issues) * 5, "most columns carry values"
    owner = next(i["product_owner"] for i in issues.values() if i.get("product_owner"))
    assert ("accountId" in owner) == (deployment == "cloud") and ("key" in owner) == (deployment != "cloud")


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_the_parent_column_prefers_parent_and_falls_back_to_epic_link(fake_api, deployment):
    """Cloud names an epic's issues' epic in `parent`; Data Center only in Epic Link: the `parent` column names it on
    both, and jira_issue_fields marks Epic Link and Parent Link deprecated."""
    fake_api.jira_deployment = deployment
    output = read_streams(fake_api.connector_config(octopus=None), ["jira_issues", "jira_issue_fields"])
    assert not output.errors
    records = records_by_stream(output)
    deprecated = {f["id"] for f in records["jira_issue_fields"] if f["deprecated"]}
    assert deprecated == {"customfield_10014", "customfield_10018"}
    epic_of = fake_api.dataset.parts["agile"].epic_of_issue
    assert epic_of, "the fake must link issues to epics for this test to prove anything"
    for issue in records["jira_issues"]:
        epic = fake_api.dataset.issue(epic_of[issue["id"]]) if issue["id"] in epic_of else None
        if epic is None:
            assert issue.get("parent") is None, issue["id"]
        elif deployment == "cloud":
            assert issue["parent"] == issue["fields"]["parent"] and issue["parent"]["key"] == epic["key"]
        else:
            assert "parent" not in issue["fields"] and issue["parent"] == {"key": epic["key"]}
