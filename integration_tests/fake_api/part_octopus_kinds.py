"""The fake APIs' octopus kinds part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class OctopusKindsPart(DatasetPart):
    name = "octopus_kinds"


PART = OctopusKindsPart()
