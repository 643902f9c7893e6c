"""Sample data for the main job when no config is given: the bundled sample Jira + Octopus API on 127.0.0.1.

The sample API is the package `jira_octopus_sample_api`, shipped in the wheel beside the connector (the container
image leaves it out: the main job never runs there).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from jira_octopus_sample_api import FakeApiServer

SAMPLE_SEED = 42  # fixed seed and size: every run serves the same records, so a second run has nothing new ...
SAMPLE_SIZE = 250
BANNER = "SAMPLE DATA: no --config given, so this run reads the bundled fake Jira + Octopus API at {url}."


@contextmanager
def sample_config(out: TextIO, edits: int, size: int = SAMPLE_SIZE) -> Iterator[dict[str, Any]]:
    """A connector config pointing at a freshly started fake API, with `edits` issues touched "just now".

    ... except these edits, which stand in for the activity a real Jira sees between two syncs: they make an
    incremental run pick up exactly those issues and update their rows in place."""
    with FakeApiServer(seed=SAMPLE_SEED, size=size) as server:
        edited = _touch_random_issues(server, edits)
        print(BANNER.format(url=server.base_url), file=out)
        print("  Use --config your-config.json (or CONFIG=...) to sync your own Jira and Octopus Deploy.", file=out)
        if edited:
            print(f"  Simulated activity: {len(edited)} issues edited just now ({', '.join(edited)}).", file=out)
        # the bundled fake's search index is never late, so the sample needs no search lag (README: "Jira Cloud's
        # search is eventually consistent"); with the default 5 minutes, the next run would not see these edits
        yield server.connector_config(jira={"search_lag_minutes": 0})


def _touch_random_issues(server: Any, count: int) -> list[str]:
    issues = server.dataset.jira_issues
    chosen = random.sample(issues, min(count, len(issues)))
    ids = sorted((issue["id"] for issue in chosen), key=int)
    server.dataset.touch_issues(ids)
    return [next(issue["key"] for issue in chosen if issue["id"] == issue_id) for issue_id in ids]
