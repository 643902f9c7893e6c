"""The fake APIs' agile part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class AgilePart(DatasetPart):
    name = "agile"


PART = AgilePart()
