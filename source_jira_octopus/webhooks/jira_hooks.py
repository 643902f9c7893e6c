"""Jira webhooks we own, on the core's one HTTP client (`ServiceClient`: error table, backoff, TLS, masking).

Admin webhooks (`/rest/webhooks/1.0/webhook`, API token / password / personal access token; needs ADMINISTER):

    GET  -> [{"self": ".../rest/webhooks/1.0/webhook/12", "name": "...", "url": "...", "events": [...],
              "filters": {"issue-related-events-section": "project in (\"A\")"}, "excludeBody": false,
              "enabled": true}]
    POST / PUT {id} {"name", "url", "events", "filters", "excludeBody", "secret"};  DELETE {id}

Dynamic webhooks (`/rest/api/3/webhook`, OAuth 2.0 apps; need the scope manage:jira-webhook), which expire after
30 days unless refreshed (`PUT webhook/refresh`); Jira keeps one URL per app and has no update, so a stale one is
deleted and registered again:

    GET -> PageBean {"values": [{"id": 1000, "url", "jqlFilter", "events", "expirationDate": 1700000000000}]}
    POST {"url", "webhooks": [{"jqlFilter", "events"}]} -> {"webhookRegistrationResult": [{"createdWebhookId"}]}
    DELETE {"webhookIds": [...]};  PUT refresh {"webhookIds": [...]} -> {"expirationDate": ...}
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config.webhooks import WebhookOptions
from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.responses import json_body
from source_jira_octopus.jira.paginators import JiraOffsetPaginator
from source_jira_octopus.webhooks.changes import CREATED, DELETED, LISTED, REFRESHED, UNCHANGED, UPDATED, Change, Hook
from source_jira_octopus.webhooks.events import jira_admin_events, jira_dynamic_events, project_jql

ADMIN_PATH = "rest/webhooks/1.0/webhook"
DYNAMIC_PATH = "rest/api/3/webhook"
JQL_FILTER = "issue-related-events-section"
REFRESH_BEFORE_MS = 10 * 24 * 3600 * 1000  # refresh a dynamic webhook with less than 10 of its 30 days left
_PAGE_BEAN = JiraOffsetPaginator("values")


class JiraAdminWebhooks:
    kind = "admin webhook"

    def __init__(
        self, client: ServiceClient, options: WebhookOptions, target: str, secret: str | None, projects: tuple[str, ...]
    ) -> None:
        self._client, self._options, self._target, self._secret = client, options, target, secret
        self._projects = projects

    def desired(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": self._options.name,
            "url": self._target,
            "events": jira_admin_events(self._options),
            "filters": {JQL_FILTER: project_jql(self._projects)},
            "excludeBody": False,
        }
        return {**body, "secret": self._secret} if self._secret else body

    def listed(self) -> list[Change]:
        return [Change(LISTED, self._hook(webhook)) for webhook in self._all()]

    def register(self, force: bool = False) -> list[Change]:
        ours = [webhook for webhook in self._all() if self._is_ours(webhook)]
        if not ours:  # Jira answers 201 with the webhook it created (`self` holds its id)
            created = json_body(self._client.send("POST", ADMIN_PATH, body=self.desired()))
            return [Change(CREATED, self._hook(created if isinstance(created, Mapping) else self.desired()))]
        keep, *duplicates = ours
        changes = [self._deleted(webhook, "duplicate of ours") for webhook in duplicates]
        stale = self._stale(keep) or (["forced (the secret is never listed)"] if force else [])
        if stale:
            self._client.send("PUT", f"{ADMIN_PATH}/{_admin_id(keep)}", body={**self.desired(), "enabled": True})
            return [Change(UPDATED, self._hook({**keep, **self.desired()}), "stale: " + ", ".join(stale)), *changes]
        return [Change(UNCHANGED, self._hook(keep)), *changes]

    def unregister(self) -> list[Change]:
        return [self._deleted(webhook) for webhook in self._all() if self._is_ours(webhook)]

    def _deleted(self, webhook: Mapping[str, Any], reason: str = "") -> Change:
        self._client.send("DELETE", f"{ADMIN_PATH}/{_admin_id(webhook)}")
        return Change(DELETED, self._hook(webhook), reason)

    def _all(self) -> list[Mapping[str, Any]]:
        body = self._client.get(ADMIN_PATH)
        if not isinstance(body, list):
            raise _unexpected(f"GET {ADMIN_PATH}", "a JSON array of webhooks", body)
        return [webhook for webhook in body if isinstance(webhook, Mapping)]

    def _is_ours(self, webhook: Mapping[str, Any]) -> bool:
        return webhook.get("name") == self._options.name or webhook.get("url") == self._target

    def _stale(self, webhook: Mapping[str, Any]) -> list[str]:
        desired, stale = self.desired(), []
        for key in ("name", "url"):
            if webhook.get(key) != desired[key]:
                stale.append(key)
        if sorted(webhook.get("events") or []) != desired["events"]:
            stale.append("events")
        if ((webhook.get("filters") or {}).get(JQL_FILTER) or "") != desired["filters"][JQL_FILTER]:
            stale.append("JQL filter")
        if webhook.get("excludeBody") is True:
            stale.append("excludeBody")
        if webhook.get("enabled") is False:
            stale.append("disabled")
        return stale

    def _hook(self, webhook: Mapping[str, Any]) -> Hook:
        jql = (webhook.get("filters") or {}).get(JQL_FILTER) or "all issues"
        events = len(webhook.get("events") or [])
        return Hook(
            "Jira",
            self.kind,
            self._client.base_url,
            _admin_id(webhook),
            str(webhook.get("name") or ""),
            str(webhook.get("url") or ""),
            self._is_ours(webhook),
            f"{events} events, {jql}" + ("" if webhook.get("enabled", True) else ", disabled"),
        )


class JiraDynamicWebhooks:
    kind = "dynamic webhook"

    def __init__(
        self, client: ServiceClient, options: WebhookOptions, target: str, projects: tuple[str, ...], now_ms: Any = None
    ) -> None:
        self._client, self._options, self._target, self._projects = client, options, target, projects
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))

    def desired(self) -> dict[str, Any]:
        details = {
            "jqlFilter": project_jql(self._projects, required=True),
            "events": jira_dynamic_events(self._options),
        }
        return {"url": self._target, "webhooks": [details]}

    def listed(self) -> list[Change]:
        return [Change(LISTED, self._hook(webhook)) for webhook in self._all()]

    def register(self, force: bool = False) -> list[Change]:
        webhooks = self._all()
        ours = [w for w in webhooks if w.get("url") == self._target]
        others = sorted({str(w.get("url")) for w in webhooks if w.get("url") != self._target})
        if others:
            raise _config(
                f"Jira OAuth 2.0: this app already has dynamic webhooks for {', '.join(others)}, and Jira allows one "
                f"URL per app. Run `webhooks unregister` with the config that registered them, or delete them with "
                f"DELETE /rest/api/3/webhook, then register {self._target}."
            )
        wanted = self.desired()["webhooks"][0]
        fresh = None if force else next((w for w in ours if not self._stale(w, wanted)), None)
        stale = [w for w in ours if w is not fresh]
        reasons = [", ".join(self._stale(w, wanted) or ["forced" if force else "duplicate of ours"]) for w in stale]
        changes = self._delete(stale, [f"stale: {reason}" for reason in reasons])
        return [*(self._refresh_if_due(fresh) if fresh else self._create()), *changes]

    def refresh(self) -> list[Change]:
        """Extends every webhook of ours by Jira's 30 days (what `serve` does once a day)."""
        ours = [w for w in self._all() if w.get("url") == self._target]
        return [change for webhook in ours for change in self._refresh_if_due(webhook, always=True)]

    def unregister(self) -> list[Change]:
        return self._delete([w for w in self._all() if w.get("url") == self._target])

    def _create(self) -> list[Change]:
        result = self._client.post(DYNAMIC_PATH, self.desired())
        outcomes = (result or {}).get("webhookRegistrationResult") or [{}]
        errors = [error for outcome in outcomes for error in outcome.get("errors") or []]
        if errors or "createdWebhookId" not in outcomes[0]:
            raise _config(f"Jira refused the dynamic webhook for {self._target}: {'; '.join(errors) or outcomes}.")
        created = str(outcomes[0]["createdWebhookId"])
        return [Change(CREATED, self._hook(w)) for w in self._all() if str(w.get("id")) == created]

    def _refresh_if_due(self, webhook: Mapping[str, Any], always: bool = False) -> list[Change]:
        expires = webhook.get("expirationDate")
        if not always and isinstance(expires, int) and expires - self._now_ms() > REFRESH_BEFORE_MS:
            return [Change(UNCHANGED, self._hook(webhook))]
        answer = json_body(self._client.send("PUT", f"{DYNAMIC_PATH}/refresh", body={"webhookIds": [webhook["id"]]}))
        refreshed = {**webhook, "expirationDate": (answer or {}).get("expirationDate", expires)}
        return [Change(REFRESHED, self._hook(refreshed), f"expired on {_day(expires)}" if expires else "")]

    def _delete(self, webhooks: list[Mapping[str, Any]], reasons: list[str] | None = None) -> list[Change]:
        if not webhooks:
            return []
        self._client.send("DELETE", DYNAMIC_PATH, body={"webhookIds": [w["id"] for w in webhooks]})
        return [
            Change(DELETED, self._hook(w), r) for w, r in zip(webhooks, reasons or [""] * len(webhooks), strict=True)
        ]

    def _all(self) -> list[Mapping[str, Any]]:
        return list(self._client.pages(DYNAMIC_PATH, _PAGE_BEAN, 100))

    @staticmethod
    def _stale(webhook: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
        stale = ["events"] if sorted(webhook.get("events") or []) != wanted["events"] else []
        return stale + (["JQL filter"] if webhook.get("jqlFilter") != wanted["jqlFilter"] else [])

    def _hook(self, webhook: Mapping[str, Any]) -> Hook:
        expires = webhook.get("expirationDate")
        return Hook(
            "Jira",
            self.kind,
            self._client.base_url,
            str(webhook.get("id", "")),
            "(dynamic webhooks have no name)",
            str(webhook.get("url") or ""),
            webhook.get("url") == self._target,
            f"{len(webhook.get('events') or [])} events, {webhook.get('jqlFilter')}, expires {_day(expires)}",
        )


def _admin_id(webhook: Mapping[str, Any]) -> str:
    """The id is the last segment of `self` (`.../rest/webhooks/1.0/webhook/12`)."""
    return str(webhook.get("self") or "").rstrip("/").rsplit("/", 1)[-1]


def _day(epoch_ms: Any) -> str:
    if not isinstance(epoch_ms, int):
        return "?"
    return time.strftime("%Y-%m-%d", time.gmtime(epoch_ms / 1000))


def _config(message: str) -> AirbyteTracedException:
    return AirbyteTracedException(message=message, failure_type=FailureType.config_error)


def _unexpected(request: str, expected: str, body: Any) -> AirbyteTracedException:
    return AirbyteTracedException(
        message=f"Jira: {request} answered {type(body).__name__}, not {expected}.",
        failure_type=FailureType.system_error,
    )
