"""Every part of the fake APIs, in build order (a part may read the records of the parts before it) and in route
order (the server tries the routes of the parts in this order)."""

from __future__ import annotations

from jira_octopus_sample_api.jira.administration.part import PART as ADMINISTRATION
from jira_octopus_sample_api.jira.agile.part import PART as AGILE
from jira_octopus_sample_api.jira.configuration.part import PART as CONFIGURATION
from jira_octopus_sample_api.jira.core.part import PART as JIRA_CORE
from jira_octopus_sample_api.jira.issue_census.part import PART as ISSUE_CENSUS
from jira_octopus_sample_api.jira.issue_details.part import PART as ISSUE_DETAILS
from jira_octopus_sample_api.jira.people.part import PART as PEOPLE
from jira_octopus_sample_api.jira.project_details.part import PART as PROJECT_DETAILS
from jira_octopus_sample_api.octopus.activity.part import PART as OCTOPUS_ACTIVITY
from jira_octopus_sample_api.octopus.core.part import PART as OCTOPUS_CORE
from jira_octopus_sample_api.octopus.kinds.part import PART as OCTOPUS_KINDS
from jira_octopus_sample_api.part import DatasetPart
from jira_octopus_sample_api.webhooks.part import PART as WEBHOOKS

DATASET_PARTS: tuple[DatasetPart, ...] = (
    JIRA_CORE,
    OCTOPUS_CORE,
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
