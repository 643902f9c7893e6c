import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests_mock

from source_jira_octopus.config import parse_config
from source_jira_octopus.http.budget import per_second_budget
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.parents import ParentDirectory, ParentRecords
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.jira.auth import NoAuthentication
from source_jira_octopus.jira.base import JiraContext
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING
from source_jira_octopus.jira.site import CLOUD, JiraSite
from source_jira_octopus.jira.streams.projects import JiraProjectComponents, JiraProjects, JiraProjectVersions

THREADS = 8
SPACES = [{"Id": "Spaces-1", "Name": "Default", "Slug": 1}, {"Id": "Spaces-2", "Name": "Ops", "Slug": 2}]


class StubParent:
    """Two slices of records; counts every read and is slow enough that concurrent callers overlap."""

    def __init__(self, records_by_slice=((SPACES[0],), (SPACES[1],))):
        self.records_by_slice = records_by_slice
        self.reads = 0
        self._lock = threading.Lock()

    def partitions(self):
        with self._lock:
            self.reads += 1
        return [{"partition": str(i)} for i in range(len(self.records_by_slice))]

    def records_for_children(self, stream_slice):
        time.sleep(0.01)
        yield from self.records_by_slice[int(stream_slice["partition"])]


def ask_at_once(function):
    barrier = threading.Barrier(THREADS)

    def call(_):
        barrier.wait()
        return function()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(call, range(THREADS)))


def test_parent_is_read_once_when_eight_threads_ask_at_once():
    checked = []
    parent = StubParent()
    records = ParentRecords(parent, check=checked.append)
    answers = ask_at_once(records.records)
    assert parent.reads == 1
    assert all(answer == SPACES for answer in answers)
    assert checked == [SPACES]  # the check ran once, on every record of every slice
    assert records.records() == SPACES and parent.reads == 1


def test_callers_get_copies():
    records = ParentRecords(StubParent())
    records.records().clear()
    assert records.records() == SPACES


def test_a_failing_check_reaches_every_caller():
    def check(found):
        raise ValueError(f"configured space missing among {len(found)}")

    records = ParentRecords(StubParent(), check=check)
    for _ in range(2):
        with pytest.raises(ValueError, match="missing among 2"):
            records.records()


@pytest.mark.parametrize(
    "slice_keys, expected",
    [
        ({"space_id": "Id"}, [{"space_id": "Spaces-1"}, {"space_id": "Spaces-2"}]),
        (
            {"space_id": "Id", "slug": "Slug"},
            [{"space_id": "Spaces-1", "slug": "1"}, {"space_id": "Spaces-2", "slug": "2"}],
        ),
        ({}, [{}, {}]),
    ],
)
def test_directory_slices_map_slice_keys_to_parent_fields(slice_keys, expected):
    directory = ParentDirectory()
    parent = StubParent()
    directory.register(parent)
    assert directory.slices(StubParent, slice_keys) == expected
    assert directory.slices(StubParent, slice_keys) == expected
    assert parent.reads == 1


def test_directory_registers_one_parent_per_kind_and_runs_its_check_once():
    checked = []
    directory = ParentDirectory()
    directory.register(StubParent(), check=checked.append)
    ask_at_once(lambda: directory.records(StubParent))
    assert len(checked) == 1
    with pytest.raises(KeyError):
        directory.records(JiraProjects)


def jira_context(directory):
    raw = {
        "jira": {
            "base_url": "https://acme.atlassian.net",
            "deployment": "cloud",
            "projects": ["A", "B"],
            "credentials": {"auth_type": "api_token", "email": "me@example.com", "api_token": "t"},
            "page_size": 50,
        }
    }
    config = parse_config(raw).jira
    settings = HttpSettings("Jira", JIRA_ERROR_MAPPING, NoAuthentication(), per_second_budget(1000), 30)
    client = ServiceClient(settings, config.base_url, logging.getLogger("test"))
    return JiraContext(
        settings,
        config.page_size,
        directory,
        config,
        JiraSite(CLOUD, config.base_url),
        client,
        4,
        logging.getLogger("test"),
    )


def test_project_children_share_one_read_of_projects():
    directory = ParentDirectory()
    context = jira_context(directory)
    directory.register(JiraProjects(context))
    versions, components = JiraProjectVersions(context), JiraProjectComponents(context)
    projects = [{"id": "10", "key": "A"}, {"id": "11", "key": "OTHER"}, {"id": "12", "key": "b"}]
    with requests_mock.Mocker() as mock:
        mock.get(
            "https://acme.atlassian.net/rest/api/3/project/search",
            json={"startAt": 0, "maxResults": 50, "total": 3, "isLast": True, "values": projects},
        )
        answers = ask_at_once(lambda: list(versions.partitions()) + list(components.partitions()))
        assert mock.call_count == 1
    expected = [
        {"project_id": "10", "project_key": "A", "partition": "10/A"},
        {"project_id": "12", "project_key": "b", "partition": "12/b"},
    ]  # only the configured projects
    assert all(answer == expected + expected for answer in answers)
