"""The fake APIs' issue details part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class IssueDetailsPart(DatasetPart):
    name = "issue_details"


PART = IssueDetailsPart()
