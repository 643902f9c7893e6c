"""Configs and data edits for in-process reads against the sample API (`jira_octopus_sample_api`), shared by the
integration tests of full reads, issue children and Octopus increments."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from jira_octopus_sample_api import FakeApiServer, FakeDataset
from jira_octopus_sample_api.clock import jira_time, to_epoch_ms

OCTOPUS_PAGE_SIZE = 3
INCREMENTAL_LOOKBACK = timedelta(minutes=10)  # Octopus' documented lookback, not read from the code under test
# An edit reaches an incremental Jira Cloud search once the search's end bound has passed it: the default
# `jira.search_lag_minutes` (5, README) plus the seconds the server's clock is read back (jira/search_end.py).
SEARCH_SETTLES = timedelta(minutes=5, seconds=5)


def config_with_page_size(fake_api: FakeApiServer, page_size: int | None) -> dict[str, Any]:
    """Both services, Jira's flavour auto-detected, both at `page_size` (None: the connector's default)."""
    config = fake_api.connector_config()
    config["jira"]["deployment"] = "auto"
    if page_size:
        config["jira"]["page_size"] = page_size
        config["octopus"]["page_size"] = page_size
    return config


def jira_config(fake_api: FakeApiServer, deployment: str) -> dict[str, Any]:
    """Jira alone, with the fake serving `deployment`."""
    fake_api.jira_deployment = deployment
    config = fake_api.connector_config(octopus=None)
    config.pop("octopus", None)
    return config


def octopus_config(fake_api: FakeApiServer, **octopus: Any) -> dict[str, Any]:
    """Octopus alone, at page size 3, with `octopus` overriding its options."""
    config = fake_api.connector_config(jira=None, octopus={"page_size": OCTOPUS_PAGE_SIZE, **octopus})
    config.pop("jira", None)
    return config


def parse_octopus_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def space_ids(fake_api: FakeApiServer) -> list[str]:
    return sorted(space["Id"] for space in fake_api.dataset.octopus_spaces)


def octopus_cursors(state: dict[str, Any]) -> dict[str, datetime]:
    """The per-space cursors of a finished Octopus state (no `sync` progress left)."""
    assert state["state_version"] == 2 and "sync" not in state, state
    return {space: parse_octopus_time(value["cursor"]) for space, value in state["partitions"].items()}


def add_history(dataset: FakeDataset, issue_id: str, when: datetime) -> dict[str, Any]:
    """An edit of the issue's labels: one more changelog history (the fake has no helper for it)."""
    spec = dataset.issue_children[issue_id]
    author = next(h["author"] for i in dataset.issue_children for h in dataset.children(i, "changelog"))
    entry = {
        "id": spec.next_id("changelog"),
        "author": author,
        "created": jira_time(to_epoch_ms(when)),
        "items": [
            {"field": "labels", "fieldtype": "jira", "fieldId": "labels", "fromString": "", "toString": "edited"}
        ],
    }
    spec.add("changelog", entry)
    dataset.touch_issues([issue_id], when)
    return entry
