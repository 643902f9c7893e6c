"""The fake APIs' configuration part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class ConfigurationPart(DatasetPart):
    name = "configuration"


PART = ConfigurationPart()
