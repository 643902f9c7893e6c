"""The Jira stream: a declared kind with a route per flavour (Cloud, Data Center, or absent with a reason),
served from the resolved site's platform or Agile API."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from source_jira_octopus.config import JiraConfig
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.stream import Route, ServiceHttpStream, StreamContext
from source_jira_octopus.jira.site import JiraSite

if TYPE_CHECKING:
    from source_jira_octopus.jira.search_pass import IssueSearchPass

PLATFORM, AGILE = "platform", "agile"
SAME_AS_CLOUD = "same as Cloud"


@dataclass(frozen=True)
class JiraContext(StreamContext):
    config: JiraConfig
    site: JiraSite
    client: ServiceClient  # extra requests of a stream: overflow pages, partition planning
    workers: int
    logger: logging.Logger
    # the read's one issue-search pass, when it selects several issue-search streams (jira/search_pass.py)
    search_pass: IssueSearchPass | None = field(default=None, kw_only=True)


class JiraStream(ServiceHttpStream):
    api: ClassVar[str] = PLATFORM
    cloud: ClassVar[Route | None] = None
    data_center: ClassVar[Route | str | None] = SAME_AS_CLOUD
    absent_reason: ClassVar[str] = ""  # logged when the site's flavour has no route
    project_key_field: ClassVar[str | None] = None  # records kept only for `jira.projects`, matched on this field
    context: JiraContext

    @classmethod
    def route_for(cls, site: JiraSite) -> Route | None:
        if site.is_cloud:
            return cls.cloud
        return cls.cloud if cls.data_center == SAME_AS_CLOUD else cls.data_center  # type: ignore[return-value]

    @property
    def route(self) -> Route:
        route = self.route_for(self.context.site)
        assert route is not None, f"{self.name} has no route on this site and should not have been built"
        return route

    @property
    def url_base(self) -> str:
        site = self.context.site
        return site.agile_url if self.api == AGILE else site.api_url

    @property
    def start_date(self) -> datetime:
        return self.context.config.start_date

    @property
    def configured_lookback(self) -> timedelta:
        return self.context.config.lookback_window

    def keep(self, record: Mapping[str, Any]) -> bool:
        wanted = self.context.config.projects
        if not self.project_key_field or not wanted:
            return True
        return str(record.get(self.project_key_field, "")).upper() in {key.upper() for key in wanted}
