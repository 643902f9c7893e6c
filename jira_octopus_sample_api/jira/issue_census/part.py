"""The fake APIs' issue census part: deleted worklogs, the ids the census and the deletions must read, the route.

- The census (`jira_issue_census`) is served by the core issue search (``fields=key``, up to 5,000 a page on
  Cloud and 1,000 on Data Center); its ids are every issue's (delete one with ``dataset.delete_issue``).
- ``GET worklog/deleted?since=`` (Cloud v3/v2 and Data Center v2): ``{worklogId, updatedTime}`` of worklogs deleted
  at or after ``since`` (epoch ms), oldest first, 1,000 a page, never the minute before the request; ``until`` is
  the page's last time and ``nextPage`` asks ``since=until`` (that boundary entry comes again, as on
  ``worklog/updated``). ``1000 + size // 10`` deletions over the dataset's span, so a full read takes two pages.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.jira.core.generator import SPAN_MS
from jira_octopus_sample_api.jira.issue_census.records import FIRST_DELETED_WORKLOG_ID, DeletedWorklogs
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute


class IssueCensusPart(DatasetPart):
    name = "issue_census"

    def build(self, dataset: FakeDataset) -> None:
        rng = random.Random(f"deleted-worklogs-{dataset.seed}")
        anchor_ms, count = to_epoch_ms(dataset.anchor), 1000 + dataset.size // 10
        step = SPAN_MS // count
        entries = [
            (anchor_ms - SPAN_MS + n * step + rng.randrange(step), FIRST_DELETED_WORKLOG_ID + n) for n in range(count)
        ]
        dataset.parts[self.name] = DeletedWorklogs(sorted(entries))

    def deleted_worklogs(self, dataset: FakeDataset) -> DeletedWorklogs:
        deleted: DeletedWorklogs = dataset.parts[self.name]
        return deleted

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        if stream_name == "jira_issue_census":
            return {issue["id"] for issue in dataset.jira_issues}
        if stream_name == "jira_issue_worklogs_deleted":
            return {str(worklog_id) for _, worklog_id in self.deleted_worklogs(dataset).entries}
        return None

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.api import route
        from jira_octopus_sample_api.jira.issue_census.routes import (
            worklogs_deleted,  # why: the endpoint modules import the dataset
        )

        return [route("GET", "worklog/deleted", lambda ctx: worklogs_deleted(ctx, self.deleted_worklogs))]


PART = IssueCensusPart()
