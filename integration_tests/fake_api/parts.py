"""Every part of the fake APIs, in build order (a part may read the records of the parts before it)."""

from __future__ import annotations

from .dataset_parts import DatasetPart
from .part_administration import PART as ADMINISTRATION
from .part_agile import PART as AGILE
from .part_configuration import PART as CONFIGURATION
from .part_issue_census import PART as ISSUE_CENSUS
from .part_issue_details import PART as ISSUE_DETAILS
from .part_octopus_activity import PART as OCTOPUS_ACTIVITY
from .part_octopus_kinds import PART as OCTOPUS_KINDS
from .part_people import PART as PEOPLE
from .part_project_details import PART as PROJECT_DETAILS
from .part_webhooks import PART as WEBHOOKS

DATASET_PARTS: tuple[DatasetPart, ...] = (
    PROJECT_DETAILS,
    PEOPLE,
    CONFIGURATION,
    ADMINISTRATION,
    ISSUE_DETAILS,
    ISSUE_CENSUS,
    AGILE,
    OCTOPUS_KINDS,
    OCTOPUS_ACTIVITY,
    WEBHOOKS,
)
