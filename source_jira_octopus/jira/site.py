"""Which Jira we talk to: Cloud (`/rest/api/3`, token-paged issue search) or Data Center (`/rest/api/2`), and at
which URL (the site itself, or Atlassian's OAuth gateway `https://api.atlassian.com/ex/jira/{cloudId}`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import JiraConfig
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.settings import HttpSettings
from source_jira_octopus.jira import auth

CLOUD = "cloud"
DATA_CENTER = "data_center"
_CLOUD_DEPLOYMENT_TYPES = {"cloud"}


@dataclass(frozen=True)
class JiraSite:
    deployment: str  # CLOUD | DATA_CENTER
    site_url: str  # where /rest/... lives: the configured base URL or the OAuth gateway

    @property
    def is_cloud(self) -> bool:
        return self.deployment == CLOUD

    @property
    def api_version(self) -> int:
        return 3 if self.is_cloud else 2

    @property
    def api_url(self) -> str:
        return f"{self.site_url}/rest/api/{self.api_version}/"

    @property
    def agile_url(self) -> str:
        return f"{self.site_url}/rest/agile/1.0/"

    @property
    def software_url(self) -> str:
        """Jira Software Cloud's token-paged issue lists (RFC-127); Data Center has only the Agile API."""
        return f"{self.site_url}/rest/software/1.0/"


def resolve_site(config: JiraConfig, settings: HttpSettings, logger: logging.Logger) -> JiraSite:
    if config.credentials.auth_type == "oauth2":
        return JiraSite(CLOUD, f"{auth.ATLASSIAN_API_URL}/ex/jira/{_cloud_id(config, settings, logger)}")
    if config.deployment in (CLOUD, DATA_CENTER):
        return JiraSite(config.deployment, config.base_url)
    return JiraSite(_detect_deployment(config, settings, logger), config.base_url)


def _detect_deployment(config: JiraConfig, settings: HttpSettings, logger: logging.Logger) -> str:
    """`/rest/api/2/serverInfo` exists on both Cloud and Data Center; its deploymentType tells them apart."""
    info = ServiceClient(settings, config.base_url, logger).get("rest/api/2/serverInfo")
    deployment_type = str(info.get("deploymentType", "")).lower()
    deployment = CLOUD if deployment_type in _CLOUD_DEPLOYMENT_TYPES else DATA_CENTER
    logger.info(
        f"Jira at {config.base_url} reports deploymentType {info.get('deploymentType')!r} (version "
        f"{info.get('version')}): using the {deployment.replace('_', ' ')} API."
    )
    return deployment


def _cloud_id(config: JiraConfig, settings: HttpSettings, logger: logging.Logger) -> str:
    if config.credentials.cloud_id:
        return config.credentials.cloud_id
    resources = ServiceClient(settings, auth.ATLASSIAN_API_URL, logger).get("oauth/token/accessible-resources")
    wanted = urlsplit(config.base_url).hostname
    matches = [r for r in resources if urlsplit(str(r.get("url", ""))).hostname == wanted]
    if len(matches) == 1 or (not matches and len(resources) == 1):
        return str((matches or resources)[0]["id"])
    sites = ", ".join(f"{r.get('url')} ({r.get('id')})" for r in resources) or "none"
    raise AirbyteTracedException(
        message=f"Jira OAuth 2.0: could not tell which Atlassian site is {config.base_url}; the token can reach: {sites}. "
        "Set `jira.credentials.cloud_id` or correct `jira.base_url`.",
        failure_type=FailureType.config_error,
    )
