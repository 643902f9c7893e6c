"""The fake APIs' people part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class PeoplePart(DatasetPart):
    name = "people"


PART = PeoplePart()
