"""The fake APIs' project details part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

from .dataset_parts import DatasetPart


class ProjectDetailsPart(DatasetPart):
    name = "project_details"


PART = ProjectDetailsPart()
