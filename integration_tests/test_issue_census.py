"""The issue census and deleted worklogs over real HTTP: exact records, request counts, the README's anti-joins run
in DuckDB after an issue is deleted and after a project becomes invisible, and `check` naming an invisible key."""

import logging
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from airbyte_cdk.models import Status

from source_jira_octopus import SourceJiraOctopus
from testkit.reading import read_streams, records_by_stream, state_for, stream_state

LOGGER = logging.getLogger("test")
README = Path(__file__).resolve().parents[1] / "README.md"
# Both queries are copied from the README's "Deleted issues" section (the test checks that they still are).
DELETED_ISSUES_SQL = """SELECT i.id, i.key, i.projectId
FROM jira_issues AS i
JOIN jira_projects AS p ON p.id = i.projectId
LEFT JOIN jira_issue_census AS c ON c.id = i.id
WHERE c.id IS NULL;"""
INVISIBLE_PROJECTS_SQL = """SELECT DISTINCT i.projectId, i.projectKey
FROM jira_issues AS i
LEFT JOIN jira_projects AS p ON p.id = i.projectId
WHERE p.id IS NULL;"""
SYNCED = ["jira_projects", "jira_issues", "jira_issue_census"]


def census_rows(output):
    return {
        (r["id"], r["key"], r["projectId"], r["projectKey"]) for r in records_by_stream(output)["jira_issue_census"]
    }


def fake_census(dataset, hidden=frozenset()):
    return {
        (i["id"], i["key"], i["fields"]["project"]["id"], i["fields"]["project"]["key"])
        for i in dataset.jira_issues
        if i["fields"]["project"]["key"] not in hidden
    }


class Warehouse:
    """What a destination holds: jira_issues deduplicated by id (incremental), the others overwritten each sync."""

    def __init__(self):
        self.db = duckdb.connect()
        self.db.execute(
            "CREATE TABLE jira_issues (id VARCHAR PRIMARY KEY, key VARCHAR, projectId VARCHAR, projectKey VARCHAR)"
        )

    def load(self, output):
        records = records_by_stream(output)
        for issue in records["jira_issues"]:
            self.db.execute(
                "INSERT OR REPLACE INTO jira_issues VALUES (?, ?, ?, ?)",
                [issue["id"], issue["key"], issue["projectId"], issue["projectKey"]],
            )
        self.db.execute("CREATE OR REPLACE TABLE jira_projects (id VARCHAR, key VARCHAR)")
        self.db.executemany(
            "INSERT INTO jira_projects VALUES (?, ?)", [[p["id"], p["key"]] for p in records["jira_projects"]]
        )
        self.db.execute("CREATE OR REPLACE TABLE jira_issue_census (id VARCHAR, key VARCHAR, projectId VARCHAR)")
        self.db.executemany(
            "INSERT INTO jira_issue_census VALUES (?, ?, ?)",
            [[c["id"], c["key"], c["projectId"]] for c in records["jira_issue_census"]],
        )

    def query(self, sql):
        return set(self.db.execute(sql).fetchall())


def test_the_readme_shows_the_queries_this_test_runs():
    text = README.read_text()
    assert DELETED_ISSUES_SQL in text and INVISIBLE_PROJECTS_SQL in text


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
@pytest.mark.parametrize("page_size", [1, 7, None])
def test_census_holds_every_issue_with_its_project_in_few_requests(fake_api, deployment, page_size):
    fake_api.jira_deployment = deployment
    config = fake_api.connector_config()
    if page_size:
        config["jira"]["page_size"] = page_size
    fake_api.clear_requests()
    output = read_streams(config, ["jira_issue_census"])
    assert not output.errors
    assert census_rows(output) == fake_census(fake_api.dataset)
    assert len(records_by_stream(output)["jira_issue_census"]) == len(fake_api.dataset.jira_issues)
    per_page = (page_size or 100) * (50 if deployment == "cloud" else 10)
    searches = [r for r in fake_api.requests if r.path.endswith(("/search/jql", "/rest/api/2/search"))]
    by_project = {}
    for issue in fake_api.dataset.jira_issues:
        by_project[issue["fields"]["project"]["id"]] = by_project.get(issue["fields"]["project"]["id"], 0) + 1
    # one page per `per_page` issues of each project (Cloud: one more only when a page ends exactly at the end)
    expected = sum(max(1, -(-count // per_page)) for count in by_project.values())
    assert expected <= len(searches) <= expected + len(by_project)
    asked = {(r.json_body or {}).get("maxResults") or int(r.param("maxResults")) for r in searches}
    assert asked == {per_page}


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_a_deleted_issue_leaves_the_census_and_the_anti_join_finds_it(fake_api, deployment):
    fake_api.jira_deployment = deployment
    config = fake_api.connector_config()
    warehouse = Warehouse()
    warehouse.load(read_streams(config, SYNCED, incremental=False))
    assert warehouse.query(DELETED_ISSUES_SQL) == set()

    victim = fake_api.dataset.jira_issues[5]
    fake_api.dataset.delete_issue(victim["id"])
    second = read_streams(config, SYNCED, incremental=False)
    assert census_rows(second) == fake_census(fake_api.dataset)
    warehouse.load(second)
    assert warehouse.query(DELETED_ISSUES_SQL) == {(victim["id"], victim["key"], victim["fields"]["project"]["id"])}
    assert warehouse.query(INVISIBLE_PROJECTS_SQL) == set()


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_an_invisible_project_is_told_apart_from_deleted_issues(fake_api, deployment):
    fake_api.jira_deployment = deployment
    config = fake_api.connector_config()
    warehouse = Warehouse()
    warehouse.load(read_streams(config, SYNCED, incremental=False))

    hidden = fake_api.dataset.jira_projects[1]
    fake_api.jira_hidden_projects = {hidden["key"]}
    second = read_streams(config, SYNCED, incremental=False)
    assert not second.errors
    records = records_by_stream(second)
    assert hidden["id"] not in {p["id"] for p in records["jira_projects"]}
    assert census_rows(second) == fake_census(fake_api.dataset, {hidden["key"]})
    assert not [row for row in census_rows(second) if row[2] == hidden["id"]]
    warehouse.load(second)
    assert warehouse.query(INVISIBLE_PROJECTS_SQL) == {(hidden["id"], hidden["key"])}
    assert warehouse.query(DELETED_ISSUES_SQL) == set(), "issues of an invisible project are not deleted issues"


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_check_names_a_configured_project_the_credentials_cannot_see(fake_api, deployment):
    fake_api.jira_deployment = deployment
    visible, hidden = (p["key"] for p in fake_api.dataset.jira_projects[:2])
    config = fake_api.connector_config(octopus=None, jira={"projects": [visible, hidden]})
    assert SourceJiraOctopus(config).check(LOGGER, config).status == Status.SUCCEEDED
    fake_api.jira_hidden_projects = {hidden}
    status = SourceJiraOctopus(config).check(LOGGER, config)
    assert status.status == Status.FAILED
    assert f"`jira.projects` lists {hidden}," in status.message and f"lists {visible}," not in status.message


@pytest.mark.parametrize("deployment", ["cloud", "data_center"])
def test_deleted_worklogs_read_fully_then_only_what_was_deleted_since(fake_api, frozen_clock, deployment):
    fake_api.jira_deployment = deployment
    config = fake_api.connector_config()
    deleted = fake_api.dataset.parts["issue_census"]
    first = read_streams(config, ["jira_issue_worklogs_deleted"])
    ids = [r["worklogId"] for r in records_by_stream(first)["jira_issue_worklogs_deleted"]]
    assert sorted(ids) == sorted(worklog_id for _, worklog_id in deleted.entries)
    assert len(ids) == len(set(ids)), "the entries at a page's `until` come again on the next page: dropped there"
    pages = [r for r in fake_api.requests if r.path.endswith("/worklog/deleted")]
    assert len(pages) == 2 and pages[1].param("since") == str(deleted.entries[999][0])

    frozen_clock.advance(timedelta(minutes=30))
    fresh = deleted.delete(frozen_clock.now() - timedelta(minutes=5))
    second = read_streams(
        config,
        ["jira_issue_worklogs_deleted"],
        state=state_for("jira_issue_worklogs_deleted", stream_state(first, "jira_issue_worklogs_deleted")),
    )
    records = records_by_stream(second)["jira_issue_worklogs_deleted"]
    assert [r["worklogId"] for r in records] == [fresh]
    assert records[0]["deleted"].startswith((frozen_clock.now() - timedelta(minutes=5)).isoformat()[:16])
