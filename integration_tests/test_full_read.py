"""Full reads over real HTTP from the fake Jira + Octopus: exactly the fake's records, once each, at several page
sizes, on both Jira flavours (auto-detected), with records valid against the published schemas. This is the one
"exactly the fake's records" matrix: other modules test what a read costs or how it resumes, not what it returns."""

import jsonschema
import pytest

from source_jira_octopus import SourceJiraOctopus
from testkit.reading import PRIMARY_KEYS, primary_keys, read_streams, records_by_stream, streams_on
from testkit.sample_api_reads import config_with_page_size


def pk_field(stream, deployment):
    if stream == "jira_users":
        return "accountId" if deployment == "cloud" else "key"
    return PRIMARY_KEYS[stream]


# Each flavour's records are compared once per page size; page size 1 (thousands of requests) on Data Center only,
# whose offset paging (`startAt`) is where an off-by-one would hide. Cloud reads at 7 and at the default.
READS = [("data_center", 1), ("data_center", 7), ("data_center", None), ("cloud", 7), ("cloud", None)]
# Streams with one row per issue child, stamped with the issue's id and key.
DETAIL_STREAMS = (
    "jira_issue_transitions",
    "jira_issue_links",
    "jira_issue_watchers",
    "jira_issue_votes",
    "jira_issue_remote_links",
    "jira_issue_properties",
    "jira_issue_field_history",
)


@pytest.mark.slow  # every stream, 5 times: 20-70 s each
@pytest.mark.parametrize("deployment, page_size", READS)
def test_every_stream_returns_exactly_the_fakes_records(fake_api, deployment, page_size):
    """Every stream at once: the fake's records, once each; issue children carry their issue's key; at the default
    page size every record is also valid against its stream's published schema."""
    fake_api.jira_deployment = deployment
    config = config_with_page_size(fake_api, page_size)
    output = read_streams(config, streams_on(deployment))
    assert not output.errors, [e.trace.error.message for e in output.errors]
    by_stream = records_by_stream(output)
    issue_keys = {issue["id"]: issue["key"] for issue in fake_api.dataset.jira_issues}
    assert set(DETAIL_STREAMS) <= set(streams_on(deployment))
    for stream in streams_on(deployment):
        counts = primary_keys(by_stream[stream], pk_field(stream, deployment))
        expected = {str(i) for i in fake_api.dataset.ids(stream, deployment=deployment)}
        assert expected, f"the fake has no {stream}: the comparison would prove nothing"
        assert set(counts) == expected, (
            f"{stream}: missing {sorted(expected - set(counts))[:5]}, extra {sorted(set(counts) - expected)[:5]}"
        )
        assert max(counts.values()) == 1, f"{stream}: duplicates {[k for k, n in counts.items() if n > 1][:5]}"
        if stream in DETAIL_STREAMS:
            assert all(issue_keys[record["issueId"]] == record["issueKey"] for record in by_stream[stream]), stream
    if page_size is None:
        assert_records_match_their_schemas(config, by_stream)


def assert_records_match_their_schemas(config, by_stream):
    schemas = {stream.name: stream.get_json_schema() for stream in SourceJiraOctopus(config).streams(config)}
    for stream, records in by_stream.items():
        validator = jsonschema.Draft7Validator(schemas[stream])
        for record in records:
            errors = sorted(validator.iter_errors(record), key=str)
            assert not errors, (
                f"{stream} record {record.get('id') or record.get('Id')}: {errors[0].message} at {list(errors[0].path)}"
            )


def test_space_scoped_records_carry_their_space_and_the_spaces_filter_is_honoured(fake_api):
    spaces = sorted(fake_api.dataset.ids("octopus_spaces"))
    config = fake_api.connector_config()
    config["octopus"]["spaces"] = [spaces[0]]
    output = read_streams(config, streams=["octopus_spaces", "octopus_projects", "octopus_deployments"])
    by_stream = records_by_stream(output)
    assert [r["Id"] for r in by_stream["octopus_spaces"]] == [spaces[0]]
    for stream in ("octopus_projects", "octopus_deployments"):
        assert by_stream[stream] and {r["SpaceId"] for r in by_stream[stream]} == {spaces[0]}
    expected = {d["Id"] for d in fake_api.dataset.octopus_deployments if d["SpaceId"] == spaces[0]}
    assert {r["Id"] for r in by_stream["octopus_deployments"]} == expected


def test_jira_projects_filter_limits_issues_and_projects(fake_api):
    keys = sorted(p["key"] for p in fake_api.dataset.jira_projects)[:1]
    config = fake_api.connector_config()
    config["jira"]["projects"] = keys
    by_stream = records_by_stream(read_streams(config, streams=["jira_projects", "jira_issues"]))
    assert [p["key"] for p in by_stream["jira_projects"]] == keys
    expected = {i["id"] for i in fake_api.dataset.jira_issues if i["fields"]["project"]["key"] == keys[0]}
    assert expected and {r["id"] for r in by_stream["jira_issues"]} == expected


def test_max_items_per_kind_caps_each_space_and_says_so(fake_api):
    config = fake_api.connector_config()
    config["octopus"]["max_items_per_kind"] = {"deployments": 5}
    config["octopus"]["page_size"] = 2
    output = read_streams(config, streams=["octopus_deployments"])
    records = records_by_stream(output)["octopus_deployments"]
    spaces = fake_api.dataset.ids("octopus_spaces")
    assert len(records) == 5 * len(spaces)
    for space in spaces:
        newest = [d["Id"] for d in fake_api.dataset.octopus_deployments if d["SpaceId"] == space]
        newest = sorted(
            newest,
            key=lambda i: next(d["Created"] for d in fake_api.dataset.octopus_deployments if d["Id"] == i),
            reverse=True,
        )[:5]
        assert {r["Id"] for r in records if r["SpaceId"] == space} == set(newest)
    warnings = [m.log.message for m in output.logs if "max_items_per_kind.deployments = 5" in m.log.message]
    assert len(warnings) == len(spaces) and all("octopus_deployments" in w for w in warnings)


def test_the_contract_guard_catches_a_request_the_vendor_does_not_document(fake_api):
    """The teardown check must be able to fail: an undeclared parameter is reported with its endpoint."""
    import requests

    from testkit.contract_guard import contract_violations

    requests.get(
        f"{fake_api.base_url}/rest/api/3/field",
        params={"notAParameter": "1"},
        timeout=5,
        auth=(
            fake_api.connector_config()["jira"]["credentials"]["email"],
            fake_api.connector_config()["jira"]["credentials"]["api_token"],
        ),
    )
    bad = [r for r in fake_api.requests if "notAParameter" in r.query]
    assert contract_violations(bad) == [
        "[jira] GET /rest/api/3/field: query parameter 'notAParameter' is not declared for GET /rest/api/3/field"
    ]
    fake_api.clear_requests()
    read_streams(fake_api.connector_config(), streams=["jira_issue_fields"])


def test_octopus_start_date_stops_paging_at_the_first_older_release_or_deployment(fake_api):
    deployments = sorted(fake_api.dataset.octopus_deployments, key=lambda d: d["Created"])
    start = deployments[len(deployments) // 2]["Created"]
    config = fake_api.connector_config()
    config["octopus"]["start_date"] = start[:19] + "Z" if start.endswith("+00:00") else start
    config["octopus"]["page_size"] = 3
    fake_api.clear_requests()
    output = read_streams(config, streams=["octopus_deployments", "octopus_releases", "octopus_projects"])
    by_stream = records_by_stream(output)
    cutoff = config["octopus"]["start_date"].replace("Z", "+00:00")
    from datetime import datetime

    def after(value):
        return datetime.fromisoformat(value) >= datetime.fromisoformat(cutoff)

    assert {r["Id"] for r in by_stream["octopus_deployments"]} == {d["Id"] for d in deployments if after(d["Created"])}
    assert {r["Id"] for r in by_stream["octopus_releases"]} == {
        r["Id"] for r in fake_api.dataset.octopus_releases if after(r["Assembled"])
    }
    assert len(by_stream["octopus_projects"]) == len(fake_api.dataset.octopus_projects), "undated kinds are read whole"
    pages = len([r for r in fake_api.requests if r.path.endswith("/deployments")])
    full_pages = sum(
        -(-n // 3)
        for n in [len([d for d in deployments if d["SpaceId"] == s]) for s in fake_api.dataset.ids("octopus_spaces")]
    )
    assert pages < full_pages, "paging must stop at the first page reaching an older deployment"
