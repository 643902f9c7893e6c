"""The fake APIs' octopus activity part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class OctopusActivityPart(DatasetPart):
    name = "octopus_activity"


PART = OctopusActivityPart()
