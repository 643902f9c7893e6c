"""The fake APIs' administration part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class AdministrationPart(DatasetPart):
    name = "administration"


PART = AdministrationPart()
