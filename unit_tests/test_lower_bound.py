"""The lower-bound rule, once in the skeleton (`ServiceHttpStream.lower_bound`), as each stream family sends it:
the saved cursor minus the lookback, never before `start_date`; `start_date` on a first or full-refresh read."""

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import requests
from airbyte_cdk.sources.connector_state_manager import ConnectorStateManager
from airbyte_cdk.sources.message import InMemoryMessageRepository

from source_jira_octopus.config import parse_config
from source_jira_octopus.http.budget import per_second_budget
from source_jira_octopus.http.parents import ParentDirectory
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.jira.auth import NoAuthentication
from source_jira_octopus.jira.base import JiraContext
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING
from source_jira_octopus.jira.site import CLOUD, DATA_CENTER, JiraSite
from source_jira_octopus.jira.streams.administration_system import JiraAuditRecords
from source_jira_octopus.jira.streams.agile import JiraBoardIssues
from source_jira_octopus.jira.streams.issue_census import JiraIssueDeletedWorklogs
from source_jira_octopus.jira.streams.issues import JiraIssues
from source_jira_octopus.octopus.base import OctopusContext
from source_jira_octopus.octopus.errors import OCTOPUS_ERROR_MAPPING
from source_jira_octopus.octopus.streams.activity import OctopusEvents
from source_jira_octopus.octopus.streams.core import OctopusDeployments
from source_jira_octopus.state.checkpoint import PartitionCheckpoint
from source_jira_octopus.state.saved import parse_saved_state

LOGGER = logging.getLogger("test")
START = datetime(2026, 1, 1, tzinfo=UTC)
JIRA_LOOKBACK = timedelta(minutes=60)  # jira.lookback_window_minutes below
JIRA = {
    "base_url": "https://acme.atlassian.net",
    "credentials": {"auth_type": "api_token", "email": "me@example.com", "api_token": "t"},
    "start_date": START.isoformat(),
    "lookback_window_minutes": 60,
}
OCTOPUS = {"server_url": "https://octopus.acme.io", "api_key": "API-TEST", "start_date": START.isoformat()}
SPACE = {"partition": "Spaces-1", "space_id": "Spaces-1"}


class EmptyAdministeredSite:
    """Answers the requests a stream makes while planning its slices: an administrator's probe, an empty search."""

    def get(self, path, params=None):
        assert path == "rest/api/2/search", path
        return {"issues": [], "total": 0}

    def send(self, method, path, params=None):
        assert path.endswith("/mypermissions"), path
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps({"permissions": {"ADMINISTER": {"havePermission": True}}}).encode()
        response.elapsed = timedelta(0)
        return response


def checkpoint(name, partition, saved, incremental):
    raw = {"state_version": 2, "partitions": {partition: {"cursor": saved.isoformat()}}} if saved else None
    return PartitionCheckpoint(
        name,
        parse_saved_state(name, raw),
        incremental,
        lambda message: None,
        InMemoryMessageRepository(),
        ConnectorStateManager(),
    )


def jira_stream(kind, deployment, cursor):
    config = parse_config({"jira": {**JIRA, "deployment": deployment}}).jira
    settings = HttpSettings("Jira", JIRA_ERROR_MAPPING, NoAuthentication(), per_second_budget(1000), 30)
    site = JiraSite(deployment, config.base_url)
    client = EmptyAdministeredSite()
    parents = ParentDirectory()
    return kind(
        JiraContext(settings, config.page_size, parents, config, site, client, 2, LOGGER, checkpoints=lambda n: cursor)
    )


def octopus_stream(kind, cursor):
    config = parse_config({"octopus": OCTOPUS}).octopus
    settings = HttpSettings("Octopus", OCTOPUS_ERROR_MAPPING, NoAuthentication(), per_second_budget(1000), 30)
    return kind(
        OctopusContext(settings, config.page_size, ParentDirectory(), config, LOGGER, checkpoints=lambda n: cursor)
    )


def updated_bound(jql):
    return datetime.fromtimestamp(int(re.search(r"updated >= (\d+) ", jql).group(1)) / 1000, tz=UTC)


def issues_bound(stream):
    """The `updated` bound of the planned JQL (Data Center: one probe, no approximate count)."""
    (only,) = stream.partitions()
    return updated_bound(only["jql"])


def board_issues_bound(stream):
    return updated_bound(stream.slice_params({"partition": "7", "board_id": "7"})["jql"])


def audit_bound(stream):
    (only,) = stream.partitions()
    return datetime.fromisoformat(only["from"].replace("Z", "+00:00"))


def deleted_worklogs_bound(stream):
    since = stream.slice_params({"partition": "*"})["since"]
    return datetime.fromtimestamp(since / 1000, tz=UTC)


def deployments_bound(stream):
    """Paging stops at the first record older than the bound: find it to the millisecond around the candidates."""
    stop = stream.rules(SPACE, response=None).stop_before
    candidates = [START + timedelta(minutes=m) for m in range(-60 * 24 * 31, 60 * 24 * 3, 1)]
    kept = [moment for moment in candidates if not stop({"Created": moment.isoformat()})]
    bound = kept[0]
    assert stop({"Created": (bound - timedelta(milliseconds=1)).isoformat()})
    return bound


def events_bound(stream):
    return datetime.fromisoformat(stream.slice_params(SPACE)["from"])


FAMILIES = [
    # name, build(cursor), partition its state is saved under, lookback on top of the saved cursor, bound it sends
    ("jira_issues", lambda c: jira_stream(JiraIssues, DATA_CENTER, c), "*", JIRA_LOOKBACK, issues_bound),
    ("jira_board_issues", lambda c: jira_stream(JiraBoardIssues, CLOUD, c), "7", JIRA_LOOKBACK, board_issues_bound),
    ("jira_audit_records", lambda c: jira_stream(JiraAuditRecords, CLOUD, c), "*", JIRA_LOOKBACK, audit_bound),
    (
        "jira_issue_worklogs_deleted",
        lambda c: jira_stream(JiraIssueDeletedWorklogs, CLOUD, c),
        "*",
        JIRA_LOOKBACK + timedelta(minutes=1),  # Jira leaves out the last minute's deletions
        deleted_worklogs_bound,
    ),
    (
        "octopus_deployments",
        lambda c: octopus_stream(OctopusDeployments, c),
        "Spaces-1",
        timedelta(minutes=10),
        deployments_bound,
    ),
    ("octopus_events", lambda c: octopus_stream(OctopusEvents, c), "Spaces-1", timedelta(minutes=10), events_bound),
]
CASES = [
    # id, saved cursor (from the lookback L), incremental, expected bound
    ("no saved state", lambda L: None, True, lambda L: START),
    ("cursor minus the lookback", lambda L: START + timedelta(days=2), True, lambda L: START + timedelta(days=2) - L),
    ("cursor before start_date", lambda L: START - timedelta(days=30), True, lambda L: START),
    ("lookback crosses start_date", lambda L: START + L / 2, True, lambda L: START),
    ("full refresh ignores the cursor", lambda L: START + timedelta(days=2), False, lambda L: START),
]


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
@pytest.mark.parametrize("family", FAMILIES, ids=[family[0] for family in FAMILIES])
def test_each_family_reads_from_the_cursor_minus_its_lookback_never_before_start_date(family, case):
    name, build, partition, lookback, sent_bound = family
    _, saved, incremental, expected = case
    stream = build(checkpoint(name, partition, saved(lookback), incremental))
    assert stream.name == name
    assert stream.lower_bound(partition) == expected(lookback)
    assert sent_bound(stream) == expected(lookback)


def test_jira_issues_on_a_full_refresh_has_no_updated_from():
    stream = jira_stream(JiraIssues, DATA_CENTER, checkpoint("jira_issues", "*", START + timedelta(days=2), False))
    assert stream.updated_from({"partition": "*"}) is None
