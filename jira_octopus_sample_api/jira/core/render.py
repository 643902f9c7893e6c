"""Turns stored Jira records (Cloud v3 shape) into what one endpoint flavour returns.

Cloud v3: rich text as ADF documents. v2 (Cloud and Data Center): rich text as plain strings. Data Center:
users carry ``key``/``name`` instead of ``accountId``. URLs are rewritten on the JSON text (see ``replacements``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jira_octopus_sample_api.dataset import FakeDataset
from jira_octopus_sample_api.jira.core.catalog import JIRA_SITE, NON_NAVIGABLE_FIELDS
from jira_octopus_sample_api.jira.core.custom_fields import USER_FIELDS, USER_LIST_FIELDS
from jira_octopus_sample_api.jira.core.issue_view import render_issue

ATLASSIAN_GATEWAY = "https://api.atlassian.com"
_USER_FIELDS = ("assignee", "reporter", "creator")
_PROJECT_BASE = (
    "expand",
    "self",
    "id",
    "key",
    "name",
    "avatarUrls",
    "projectTypeKey",
    "simplified",
    "style",
    "isPrivate",
    "properties",
    "uuid",
)
_DC_PROJECT_BASE = ("self", "id", "key", "name", "avatarUrls", "projectTypeKey")


@dataclass(frozen=True)
class FieldSelection:
    """Jira's ``fields`` parameter: ``*all``, ``*navigable``, names, ``-name`` exclusions; ``id`` alone = ids only."""

    ids_only: bool
    base: str  # "all" | "navigable" | "none"
    included: frozenset[str]
    excluded: frozenset[str]

    @classmethod
    def parse(cls, values: Iterable[str], default: str) -> FieldSelection:
        names = [n.strip() for value in values for n in value.split(",") if n.strip()] or [default]
        if names == ["id"]:
            return cls(True, "none", frozenset(), frozenset())
        base = "all" if "*all" in names else "navigable" if "*navigable" in names else "none"
        excluded = frozenset(n[1:] for n in names if n.startswith("-"))
        if base == "none" and excluded and not any(not n.startswith(("-", "*")) for n in names):
            base = "navigable"  # why: "-description" alone means all navigable fields except description
        included = frozenset(n for n in names if not n.startswith(("-", "*")))
        return cls(False, base, included, excluded)

    @property
    def everything(self) -> bool:
        """``*all`` with no exclusions (the common case, served without per-field checks)."""
        return self.base == "all" and not self.excluded

    def wants(self, field_id: str) -> bool:
        if field_id in self.excluded:
            return False
        if self.base == "all" or field_id in self.included:
            return True
        return self.base == "navigable" and field_id not in NON_NAVIGABLE_FIELDS


def adf_text(document: Any) -> str | None:
    """Plain text of an ADF document (paragraphs joined by newlines), as v2 endpoints return it."""
    if document is None or isinstance(document, str):
        return document
    paragraphs = []
    for block in document.get("content", []):
        paragraphs.append("".join(node.get("text", "") for node in block.get("content", [])))
    return "\n".join(paragraphs)


@dataclass(frozen=True)
class JiraView:
    """One response flavour: API version, deployment and the public site URL of this request."""

    dataset: FakeDataset
    version: int
    deployment: str
    site: str
    cloud_id: str | None = None  # Cloud: `self` URLs name the gateway (below)

    @property
    def replacements(self) -> tuple[tuple[str, str], ...]:
        """Since 2026-07-14 Jira Cloud writes every REST `self` URL in gateway form,
        `https://api.atlassian.com/ex/jira/{cloudId}/rest/...`, whatever address was called; other links (avatars,
        browse and filter views) stay on the site. A client must derive nothing from `self`."""
        rules = []
        if self.version == 2:
            rules.append((f"{JIRA_SITE}/rest/api/3/", f"{JIRA_SITE}/rest/api/2/"))
        if self.deployment == "cloud" and self.cloud_id:
            rules.append((f'"self":"{JIRA_SITE}/rest/', f'"self":"{ATLASSIAN_GATEWAY}/ex/jira/{self.cloud_id}/rest/'))
        rules.append((JIRA_SITE, self.site))
        return tuple(rules)

    def user(self, user: dict[str, Any] | None) -> dict[str, Any] | None:
        """A user as embedded in another record (DC: ``key``/``name``, without ``locale``/``deleted``)."""
        if user is None or self.deployment == "cloud":
            return user
        dc_user = self.dataset.jira_dc_users.get(user.get("accountId", ""))
        if dc_user is None:
            return user
        return {key: value for key, value in dc_user.items() if key not in ("locale", "deleted")}

    def users(self) -> list[dict[str, Any]]:
        if self.deployment == "cloud":
            return self.dataset.jira_users
        return list(self.dataset.jira_dc_users.values())

    def issue(self, issue: dict[str, Any], selection: FieldSelection, expand: Iterable[str] = ()) -> dict[str, Any]:
        """The issue with the selected fields, embedded child pages and expansions (see ``jira_issue_view``)."""
        return render_issue(self, issue, selection, set(expand))

    def to_v2_fields(self, fields: dict[str, Any]) -> None:
        """Rich text as plain strings, and on Data Center users as ``key``/``name`` (in place)."""
        for name, value in fields.items():
            if isinstance(value, dict) and value.get("type") == "doc":
                fields[name] = adf_text(value)
        for name in (*_USER_FIELDS, *USER_FIELDS):
            if name in fields:
                fields[name] = self.user(fields[name])
        for name in USER_LIST_FIELDS:
            if isinstance(fields.get(name), list):
                fields[name] = [self.user(user) for user in fields[name]]
        if "comment" in fields:
            page = dict(fields["comment"])
            page["comments"] = [self.v2_entry(c, "body") for c in page["comments"]]
            fields["comment"] = page
        if "worklog" in fields:
            page = dict(fields["worklog"])
            page["worklogs"] = [self.v2_entry(w, "comment") for w in page["worklogs"]]
            fields["worklog"] = page

    def v2_histories(self, page: dict[str, Any]) -> dict[str, Any]:
        """A changelog page with Data Center users."""
        if self.deployment == "cloud":
            return page
        return dict(page, histories=[dict(h, author=self.user(h["author"])) for h in page["histories"]])

    def v2_entry(self, entry: dict[str, Any], text_field: str) -> dict[str, Any]:
        copy = dict(entry)
        copy[text_field] = adf_text(entry.get(text_field))
        copy["author"], copy["updateAuthor"] = self.user(entry["author"]), self.user(entry["updateAuthor"])
        return copy

    def project(
        self, project: dict[str, Any], expand: set[str], insights: dict[str, dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        if self.deployment != "cloud":
            return self._dc_project(project, expand)
        rendered = {key: project[key] for key in _PROJECT_BASE}
        for name in ("description", "lead", "issueTypes"):
            if name in expand:
                rendered[name] = project[name]
        if "url" in expand and project["url"]:
            rendered["url"] = project["url"]
        if "projectKeys" in expand:
            rendered["projectKeys"] = [project["key"]]
        if "insight" in expand:
            rendered["insight"] = (insights or self.insights()).get(project["id"], {"totalIssueCount": 0})
        return rendered

    def _dc_project(self, project: dict[str, Any], expand: set[str]) -> dict[str, Any]:
        rendered: dict[str, Any] = {"expand": "description,lead,url,projectKeys"}
        rendered.update({key: project[key] for key in _DC_PROJECT_BASE})
        rendered["archived"] = False
        if "description" in expand:
            rendered["description"] = project["description"]
        if "lead" in expand:
            rendered["lead"] = self.user(project["lead"])
        if "url" in expand and project["url"]:
            rendered["url"] = project["url"]
        if "projectKeys" in expand:
            rendered["projectKeys"] = [project["key"]]
        return rendered

    def insights(self) -> dict[str, dict[str, Any]]:
        """Per project id: issue count and last update (Cloud's experimental ``insight`` expand)."""
        result: dict[str, dict[str, Any]] = {}
        for issue in self.dataset.jira_issues:
            fields = issue["fields"]
            entry = result.setdefault(fields["project"]["id"], {"totalIssueCount": 0, "lastIssueUpdateTime": ""})
            entry["totalIssueCount"] += 1
            entry["lastIssueUpdateTime"] = max(entry["lastIssueUpdateTime"], fields["updated"])
        return result
