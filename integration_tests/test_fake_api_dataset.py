"""FakeDataset: determinism, derived sizes, time bounds, primary keys and edits."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from jira_octopus_sample_api import FakeClock, FakeDataset
from jira_octopus_sample_api.clock import jira_time, parse_jira_time, to_epoch_ms

ANCHOR = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
# size -> (jira projects, jira users, octopus projects, environments, machines, releases, deployments)
EXPECTED_COUNTS = {
    250: (6, 33, 10, 12, 19, 95, 158),
    10_000: (120, 1252, 380, 12, 760, 3800, 6333),
}


@pytest.fixture(scope="module")
def dataset() -> FakeDataset:
    return FakeDataset.generate(seed=42, size=250)


def test_same_seed_gives_identical_data_and_another_seed_does_not(dataset: FakeDataset) -> None:
    again, other = FakeDataset.generate(seed=42, size=250), FakeDataset.generate(seed=43, size=250)
    kinds = ("jira_issues", "jira_users", "jira_projects", "octopus_deployments", "octopus_machines")
    assert all(json.dumps(getattr(dataset, k)) == json.dumps(getattr(again, k)) for k in kinds)
    assert json.dumps(dataset.jira_issues) != json.dumps(other.jira_issues)
    assert json.dumps(dataset.octopus_deployments) != json.dumps(other.octopus_deployments)


@pytest.mark.parametrize("size", sorted(EXPECTED_COUNTS))
def test_derived_counts(size: int) -> None:
    data = dataset_for(size)
    counts = (
        len(data.jira_projects),
        len(data.jira_users),
        len(data.octopus_projects),
        len(data.octopus_environments),
        len(data.octopus_machines),
        len(data.octopus_releases),
        len(data.octopus_deployments),
    )
    assert (len(data.jira_issues), len(data.ids("jira_issues")), counts) == (size, size, EXPECTED_COUNTS[size])
    assert len(data.octopus_spaces) == 3 and sum(s["IsDefault"] for s in data.octopus_spaces) == 1


def dataset_for(size: int) -> FakeDataset:
    return FakeDataset.generate(seed=42, size=size)


def test_issue_ids_ascend_with_creation_and_keys_count_per_project(dataset: FakeDataset) -> None:
    ids = [int(i["id"]) for i in dataset.jira_issues]
    created = [i["fields"]["created"] for i in dataset.jira_issues]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) and created == sorted(created)
    numbers: dict[str, list[int]] = {}
    for issue in dataset.jira_issues:
        project, number = issue["key"].rsplit("-", 1)
        assert project == issue["fields"]["project"]["key"]
        numbers.setdefault(project, []).append(int(number))
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values())
    assert len(numbers) == len(dataset.jira_projects)


def test_timestamps_are_jira_and_octopus_formatted_and_not_after_the_anchor(dataset: FakeDataset) -> None:
    anchor_ms = to_epoch_ms(ANCHOR)
    updated = [parse_jira_time(i["fields"]["updated"]) for i in dataset.jira_issues]
    created = [parse_jira_time(i["fields"]["created"]) for i in dataset.jira_issues]
    assert all(c <= u <= anchor_ms for c, u in zip(created, updated, strict=True))
    assert len(set(updated)) > 200 and sum(c == u for c, u in zip(created, updated, strict=True)) > 20
    assert dataset.jira_issues[0]["fields"]["created"].endswith("+0000")
    stamps = [d["Created"] for d in dataset.octopus_deployments] + [r["Assembled"] for r in dataset.octopus_releases]
    assert all(s.endswith("+00:00") and s <= "2025-06-01T12:00:00.000+00:00" for s in stamps)


@pytest.mark.parametrize(
    ("stream", "attribute", "key"),
    [
        ("jira_projects", "jira_projects", "id"),
        ("jira_issue_fields", "jira_fields", "id"),
        ("jira_statuses", "jira_statuses", "id"),
        ("jira_priorities", "jira_priorities", "id"),
        ("jira_issues", "jira_issues", "id"),
        ("octopus_spaces", "octopus_spaces", "Id"),
        ("octopus_projects", "octopus_projects", "Id"),
        ("octopus_releases", "octopus_releases", "Id"),
        ("octopus_deployments", "octopus_deployments", "Id"),
        ("octopus_machines", "octopus_machines", "Id"),
    ],
)
def test_ids_are_the_primary_keys_of_each_stream(dataset: FakeDataset, stream: str, attribute: str, key: str) -> None:
    records = getattr(dataset, attribute)
    assert dataset.ids(stream) == {r[key] for r in records} and len(records) == len(dataset.ids(stream)) > 0


def test_environment_ids_are_the_static_ones_and_those_only_environments_v2_lists(dataset: FakeDataset) -> None:
    v2_only = dataset.parts["octopus_kinds"].environments_v2_only
    assert v2_only and {r["Type"] for r in v2_only} == {"Parent", "Ephemeral"}
    expected = {r["Id"] for r in (*dataset.octopus_environments, *v2_only)}
    assert dataset.ids("octopus_environments") == expected and len(expected) == len(dataset.octopus_environments) + len(
        v2_only
    )


def test_jira_user_ids_depend_on_the_deployment(dataset: FakeDataset) -> None:
    cloud, dc = dataset.ids("jira_users"), dataset.ids("jira_users", deployment="data_center")
    assert len(cloud) == 33 and len(dc) == 31  # app accounts exist on Cloud only
    assert all(key.startswith("JIRAUSER") for key in dc) and not cloud & dc
    with pytest.raises(KeyError):
        dataset.ids("jira_no_such_streams")


@pytest.mark.parametrize(
    ("stream", "count"),
    [
        ("jira_issue_comments", lambda d: sum(s.total("comment") for s in d.issue_children.values())),
        ("jira_issue_worklogs", lambda d: sum(s.total("worklog") for s in d.issue_children.values())),
        ("jira_issue_changelogs", lambda d: sum(s.total("changelog") for s in d.issue_children.values())),
        ("jira_project_versions", lambda d: sum(len(v) for v in d.jira_versions.values())),
        ("jira_project_components", lambda d: sum(len(c) for c in d.jira_components.values())),
    ],
)
def test_child_stream_ids_are_unique_across_parents(dataset: FakeDataset, stream: str, count: Any) -> None:
    assert len(dataset.ids(stream)) == count(dataset) > 0


def test_touch_add_and_delete_issues() -> None:
    data = FakeDataset.generate(seed=1, size=20)
    data.clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    order = [i["id"] for i in data.jira_issues]
    data.touch_issues([order[5], order[2]])
    data.touch_issues([order[3]], datetime(2025, 12, 1, tzinfo=UTC))
    added = data.add_issue("WEB", summary="New one")
    removed = data.delete_issue(order[0])
    assert [i["id"] for i in data.jira_issues] == order[1:] + [added["id"]]
    assert data.issue(order[5])["fields"]["updated"] == "2026-01-01T00:00:00.000+0000"
    assert data.issue(order[3])["fields"]["updated"] == jira_time(to_epoch_ms(datetime(2025, 12, 1, tzinfo=UTC)))
    assert int(added["id"]) == int(order[-1]) + 1 and added["key"].startswith("WEB-")
    assert added["fields"]["created"] == added["fields"]["updated"] == "2026-01-01T00:00:00.000+0000"
    assert removed["id"] == order[0] and order[0] not in data.ids("jira_issues")
    with pytest.raises(KeyError):
        data.add_issue("NOPE")
    with pytest.raises(KeyError):
        data.touch_issues(["1"])


def test_issue_children_are_deterministic_and_edits_append_to_them(dataset: FakeDataset) -> None:
    again = FakeDataset.generate(seed=42, size=250)
    for issue in dataset.jira_issues[:80]:
        for kind in ("comment", "worklog", "changelog"):
            assert json.dumps(dataset.children(issue["id"], kind)) == json.dumps(again.children(issue["id"], kind))
    data = FakeDataset.generate(seed=1, size=20)
    data.clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    issue_id = data.jira_issues[4]["id"]
    before = [c["id"] for c in data.children(issue_id, "comment")]
    added = data.add_comment(issue_id, "late remark")
    assert [c["id"] for c in data.children(issue_id, "comment")] == before + [added["id"]]
    assert added["id"] == str(int(issue_id) * 1000 + len(before)) and added["body"]["type"] == "doc"
    assert data.issue(issue_id)["fields"]["updated"] == added["created"] == "2026-01-01T00:00:00.000+0000"
    assert data.issue_by_id_or_key(data.issue(issue_id)["key"].lower()) is data.issue(issue_id)
    with pytest.raises(KeyError):
        data.add_worklog("1")
