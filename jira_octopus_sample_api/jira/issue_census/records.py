"""The issue census part's records: the deleted worklogs that ``worklog/deleted`` reports."""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jira_octopus_sample_api.clock import to_epoch_ms

if TYPE_CHECKING:
    from datetime import datetime


FIRST_DELETED_WORKLOG_ID = 900_000_000  # why: far above every live worklog id (issue id x 1,000 + index)


@dataclass
class DeletedWorklogs:
    """(deletion time in epoch ms, worklog id), oldest first."""

    entries: list[tuple[int, int]] = field(default_factory=list)

    def delete(self, when: datetime) -> int:
        """Record one more deleted worklog (a new id) at ``when``; returns its id."""
        worklog_id = FIRST_DELETED_WORKLOG_ID + len(self.entries)
        insort(self.entries, (to_epoch_ms(when), worklog_id))
        return worklog_id
