"""Stream instances built as the connections build them, without a source or a network: for tests that call a
stream's hooks (`path`, `request_params`, `parse_response`, ...) directly."""

from __future__ import annotations

import logging
from typing import Any

from source_jira_octopus.config import parse_config
from source_jira_octopus.http.budget import per_second_budget
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.parents import ParentDirectory
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.jira.auth import NoAuthentication
from source_jira_octopus.jira.base import JiraContext
from source_jira_octopus.jira.errors import JIRA_ERROR_MAPPING
from source_jira_octopus.jira.site import JiraSite
from source_jira_octopus.octopus.base import OctopusContext
from source_jira_octopus.octopus.errors import OCTOPUS_ERROR_MAPPING

LOGGER = logging.getLogger("test")
JIRA: dict[str, Any] = {
    "base_url": "https://acme.atlassian.net",
    "deployment": "cloud",
    "credentials": {"auth_type": "api_token", "email": "me@example.com", "api_token": "t"},
}
OCTOPUS: dict[str, Any] = {"server_url": "https://octopus.acme.io", "api_key": "API-TEST"}


def settings(service: str, table: Any) -> HttpSettings:
    return HttpSettings(service, table, NoAuthentication(), per_second_budget(1000), 30)


def jira_instance(kind: Any, deployment: str) -> Any:
    config = parse_config({"jira": {**JIRA, "deployment": deployment}}).jira
    assert config is not None
    site = JiraSite(deployment, config.base_url)
    client = ServiceClient(settings("Jira", JIRA_ERROR_MAPPING), config.base_url, LOGGER)
    context = JiraContext(
        settings("Jira", JIRA_ERROR_MAPPING), config.page_size, ParentDirectory(), config, site, client, 4, LOGGER
    )
    return kind(context)


def octopus_instance(kind: Any) -> Any:
    config = parse_config({"octopus": OCTOPUS}).octopus
    assert config is not None
    return kind(
        OctopusContext(settings("Octopus", OCTOPUS_ERROR_MAPPING), config.page_size, ParentDirectory(), config, LOGGER)
    )
