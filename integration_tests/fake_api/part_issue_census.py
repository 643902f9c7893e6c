"""The fake APIs' issue census part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class IssueCensusPart(DatasetPart):
    name = "issue_census"


PART = IssueCensusPart()
