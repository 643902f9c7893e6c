"""The end bound of Cloud's token-paged searches (`updated <= server now - jira.search_lag_minutes`), and Cloud's
board and sprint issues from Jira Software's token-paged lists: whole reads against HttpMocker with every request
pinned, the bound's arithmetic, and the cursor the bound caps."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from source_jira_octopus.http.checkpoints import NullCheckpoint
from source_jira_octopus.jira.search_end import search_end
from source_jira_octopus.jira.streams.agile import AGILE_ISSUE_FIELDS
from testkit.mock_server import (
    CLOUD_SEARCH,
    DATE,
    FIRST_CREATED,
    JIRA,
    JIRA_CLOUD,
    SERVER_DATE,
    Mocks,
    final_state,
    mock_fields,
    run,
    search_issue,
)

LAG = timedelta(minutes=5)
# The probe's Date read back to the request's start (under a second: 1 s), minus 1 s of the header's rounding, minus
# the lag
END = SERVER_DATE - timedelta(seconds=2) - LAG
END_MS = int(END.timestamp() * 1000)
CLOUD_WITH_LAG = {**JIRA_CLOUD, "search_lag_minutes": 5}
SOFTWARE = f"{JIRA}/rest/software/1.0"


class Checkpoint(NullCheckpoint):
    """A checkpoint of an incremental read that started at `started` and records the cap it is given."""

    def __init__(self, started: datetime, incremental: bool = True) -> None:
        super().__init__()
        self._started, self._incremental, self.cap = started, incremental, None

    @property
    def incremental(self) -> bool:
        return self._incremental

    @property
    def sync_started_at(self) -> datetime:
        return self._started

    def cap_cursor(self, end: datetime) -> None:
        self.cap = end


def response_dated(moment: datetime | None) -> requests.Response:
    response = requests.Response()
    response.elapsed = timedelta(milliseconds=300)
    if moment is not None:
        response.headers["Date"] = format_datetime(moment, usegmt=True)
    return response


@pytest.mark.parametrize(
    "server_time, started, expected",
    [
        (SERVER_DATE, SERVER_DATE + timedelta(hours=1), END),  # the server's clock
        (SERVER_DATE, SERVER_DATE - timedelta(hours=1), SERVER_DATE - timedelta(hours=1) - LAG),  # a resumed sync
    ],
    ids=["server-clock", "never-after-the-sync-start"],
)
def test_the_bound_is_the_servers_now_or_the_syncs_start_minus_the_lag(server_time, started, expected):
    checkpoint = Checkpoint(started)
    # the request took 300 ms: its start is read back 1 s (whole seconds), plus 1 s of the header's rounding
    assert search_end(response_dated(server_time), checkpoint, LAG) == expected == checkpoint.cap


def test_without_a_date_the_local_clock_serves_and_full_refresh_or_no_lag_have_no_bound():
    started = datetime.now(UTC) + timedelta(days=1)
    bound = search_end(response_dated(None), Checkpoint(started), LAG)
    assert bound is not None and abs(bound - (datetime.now(UTC) - LAG)) < timedelta(seconds=5)
    full_refresh = Checkpoint(started, incremental=False)
    assert search_end(response_dated(SERVER_DATE), full_refresh, LAG) is None and full_refresh.cap is None
    assert search_end(response_dated(SERVER_DATE), Checkpoint(started), timedelta(0)) is None


def test_cloud_issue_search_ends_at_the_bound_and_saves_it_as_the_cursor():
    """The planner's probe carries the Date; every page asks `updated <= END`; the cursor becomes END, not the
    sync's start (NEW_CURSOR), so what was edited after END is read next time."""
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_fields(mocker, JIRA, 3)
        probe = {"jql": "updated >= 0 ORDER BY created ASC", "fields": ["created"], "maxResults": 1}
        mocks.post(CLOUD_SEARCH, probe, {"issues": [FIRST_CREATED], "isLast": False, "nextPageToken": "p"}, Date=DATE)
        latest = {**probe, "jql": "updated >= 0 ORDER BY created DESC"}
        mocks.post(CLOUD_SEARCH, latest, {"issues": [FIRST_CREATED], "isLast": False, "nextPageToken": "p"})
        mocks.post(f"{JIRA}/rest/api/3/search/approximate-count", {"jql": "updated >= 0"}, {"count": 3})
        page = {"jql": f"updated >= 0 AND updated <= {END_MS} ORDER BY id ASC", "fields": ["*all"], "maxResults": 2}
        first = {"issues": [search_issue("1"), search_issue("2")], "nextPageToken": "t1", "isLast": False}
        mocks.post(CLOUD_SEARCH, page, first, Date=DATE)
        mocks.post(CLOUD_SEARCH, {**page, "nextPageToken": "t1"}, {"issues": [search_issue("3")], "isLast": True})
        output = run({"jira": CLOUD_WITH_LAG}, "jira_issues", SyncMode.incremental)
        mocks.verify()
    assert not output.errors and [r.record.data["id"] for r in output.records] == ["1", "2", "3"]
    assert final_state(output)["partitions"]["*"]["cursor"] == END.isoformat(timespec="milliseconds")


def software_issue(issue_id):
    fields = {"updated": "2024-05-02T08:00:00.000+0000", "project": {"id": "10040", "key": "ED"}}
    return {"id": issue_id, "key": f"ED-{issue_id}", "fields": fields}


def test_cloud_board_issues_page_the_software_list_by_token_up_to_the_bound():
    board = {"id": 84, "self": f"{JIRA}/rest/agile/1.0/board/84", "name": "ED", "type": "scrum"}
    params = {
        "fields": AGILE_ISSUE_FIELDS,
        "jql": f"updated >= 0 AND updated <= {END_MS} ORDER BY id ASC",
        "maxResults": "20",  # page_size 2 x 10: the Software lists serve up to 5,000 a page
    }
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        boards = {"maxResults": 2, "startAt": 0, "isLast": True, "total": 1, "values": [board]}
        mocks.get(f"{JIRA}/rest/agile/1.0/board", {"startAt": "0", "maxResults": "2"}, boards)
        probe = {"issues": [software_issue("1")], "nextPageToken": "x", "isLast": False}
        mocks.get(f"{SOFTWARE}/board/84/issue", {"maxResults": "1", "fields": "updated"}, probe, Date=DATE)
        first = {"expand": "", "issues": [software_issue("1"), software_issue("2")], "nextPageToken": "n1"}
        mocks.get(f"{SOFTWARE}/board/84/issue", params, {**first, "isLast": False}, Date=DATE)
        last = {"expand": "", "issues": [software_issue("5")], "isLast": True}
        mocks.get(f"{SOFTWARE}/board/84/issue", {**params, "nextPageToken": "n1"}, last)
        output = run({"jira": CLOUD_WITH_LAG}, "jira_board_issues", SyncMode.incremental)
        mocks.verify()
    assert not output.errors  # an Agile issue request would have met no mock
    assert [(r.record.data["boardId"], r.record.data["id"]) for r in output.records] == [
        ("84", "1"),
        ("84", "2"),
        ("84", "5"),
    ]
    assert final_state(output)["partitions"] == {"84": {"cursor": END.isoformat(timespec="milliseconds")}}
