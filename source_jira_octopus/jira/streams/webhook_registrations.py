"""Jira streams: webhook registrations (declared subclasses; the registry takes this module's STREAMS).

Which webhooks a site has depends on how we sign in: with an API token, a password or a personal access token,
the admin webhooks of `/rest/webhooks/1.0/webhook` (a plain array; listing them needs ADMINISTER); with OAuth 2.0,
the dynamic webhooks this app registered, `/rest/api/3/webhook` (a PageBean).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from source_jira_octopus.http.stream import Route
from source_jira_octopus.jira.base import JiraStream
from source_jira_octopus.jira.paginators import PAGE_BEAN, SINGLE

SECRET_MASK = "**********"


class JiraWebhooks(JiraStream):
    name = "jira_webhooks"
    cloud = Route("webhook", SINGLE)  # on /rest/webhooks/1.0 (same on Data Center)
    oauth_route: ClassVar[Route] = Route("webhook", PAGE_BEAN)  # on /rest/api/3
    ignored_statuses = {
        403: "listing webhooks needs the global permission 'Administer Jira' (admin webhooks) or an OAuth 2.0 app "
        "(dynamic webhooks, documented 403 'the caller isn't an app'); jira_webhooks is left empty",
    }

    @property
    def route(self) -> Route:
        return self.oauth_route if self._oauth else super().route

    @property
    def url_base(self) -> str:
        return self.context.site.api_url if self._oauth else f"{self.context.site.site_url}/rest/webhooks/1.0/"

    @property
    def _oauth(self) -> bool:
        return self.context.config.credentials.auth_type == "oauth2"

    def transform(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        """One id for both kinds (admin webhooks only have `self`); a secret, if a server ever lists it, is masked."""
        kind = "dynamic" if self._oauth else "admin"
        webhook_id = record.get("id") if self._oauth else str(record.get("self") or "").rstrip("/").rsplit("/", 1)[-1]
        masked = {"secret": SECRET_MASK} if record.get("secret") else {}
        return {**record, **masked, "id": str(webhook_id), "kind": kind}


STREAMS: tuple[type[JiraStream], ...] = (JiraWebhooks,)
