"""People and project-detail streams over real HTTP from the fake Jira: more than 1,000 users and group members
(a dataset of size 8,400, built only here), the Data Center group picker's cap, and project emails that Jira
refuses with its documented 403/404."""

import math
from datetime import UTC, datetime

import pytest

from jira_octopus_sample_api import FakeApiServer, FakeClock
from testkit.contract_guard import contract_violations
from testkit.reading import primary_keys, read_streams, records_by_stream

LARGE_SIZE = 8_400  # 1,050 people + 2 apps (users = size / 8); the default size-250 dataset has 33 users


@pytest.fixture(scope="module")
def large_fake():
    with FakeApiServer(seed=11, size=LARGE_SIZE, clock=FakeClock(datetime(2026, 11, 23, 12, tzinfo=UTC))) as server:
        yield server
        violations = contract_violations(list(server.requests))
    assert not violations, violations


@pytest.mark.slow  # a size-8,400 dataset
@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_users_and_group_members_past_a_thousand_arrive_once_each(large_fake, deployment):
    large_fake.jira_deployment = deployment
    large_fake.clear_requests()
    dataset = large_fake.dataset
    output = read_streams(large_fake.connector_config(), streams=["jira_users", "jira_group_members"])
    assert not output.errors, [e.trace.error.message for e in output.errors]
    by_stream = records_by_stream(output)
    users = primary_keys(by_stream["jira_users"], "accountId" if deployment == "cloud" else "key")
    assert len(users) > 1000 and set(users) == dataset.ids("jira_users", deployment) and max(users.values()) == 1
    members = primary_keys(by_stream["jira_group_members"], ["groupName", "userId"])
    assert set(members) == dataset.ids("jira_group_members", deployment) and max(members.values()) == 1
    everyone = [
        r for r in large_fake.requests if r.path.endswith("/group/member") and "jira-software-users" in str(r.query)
    ]
    expected_members = len(dataset.parts["people"].members["jira-software-users"])
    assert expected_members > 1000
    if deployment == "data_center":  # Cloud asks by groupId, so count its pages by the group's id
        assert len(everyone) == math.ceil(expected_members / 50)  # Jira pages members 50 at a time
    member_pages = [r for r in large_fake.requests if r.path.endswith("/group/member")]
    assert all(r.param("includeInactiveUsers") == "true" for r in member_pages)


def test_data_center_group_picker_cut_short_by_the_site_limit_is_reported(fake_api):
    fake_api.jira_deployment = "data_center"
    fake_api.dataset.parts["people"].picker_limit = 2
    output = read_streams(fake_api.connector_config(), streams=["jira_groups"])
    assert not output.errors
    total = len(fake_api.dataset.ids("jira_groups", "data_center"))
    assert len(records_by_stream(output)["jira_groups"]) == 2 < total
    assert [m.log.message for m in output.logs if f"returned 2 of {total} groups" in m.log.message]


def test_project_emails_skip_the_projects_jira_refuses_and_log_each(fake_api):
    output = read_streams(fake_api.connector_config(), streams=["jira_project_email"])
    assert not output.errors
    answers = fake_api.dataset.parts["project_details"].email
    refused = {pid: status for pid, status in answers.items() if isinstance(status, int)}
    assert {403, 404} <= set(refused.values()), "the fake must refuse with both documented statuses"
    assert {r["projectId"] for r in records_by_stream(output)["jira_project_email"]} == set(answers) - set(refused)
    for pid, status in refused.items():
        assert [
            m for m in output.logs if f"project/{pid}/email" in m.log.message and f"(HTTP {status})" in m.log.message
        ], pid
