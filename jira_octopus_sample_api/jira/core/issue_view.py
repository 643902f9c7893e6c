"""How an issue looks in a response: selected fields, embedded child pages, ``changelog``, ``renderedFields``.

Embedded child pages (``fields.comment``, ``fields.worklog``, ``changelog`` with ``expand=changelog``) start at
0 and carry ``total``. Data Center search embeds every entry. Cloud truncates: ``CLOUD_EMBEDDED`` is this fake's
choice, after what users report of the real service (the issue search embeds about 20 comments and worklogs,
and ``/search/jql`` at most 40 changelog histories), so ``total`` above the embedded count means "fetch the rest
from ``issue/{id}/comment``, ``/worklog``, ``/changelog`` or ``changelog/bulkfetch``".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.jira.core import realistic as jira_realistic
from jira_octopus_sample_api.jira.core.catalog import API3

if TYPE_CHECKING:
    from jira_octopus_sample_api.jira.core.render import FieldSelection, JiraView

CLOUD_EMBEDDED = {"comment": 20, "worklog": 20, "changelog": 40}
_ENTRY_KEYS = {"comment": "comments", "worklog": "worklogs", "changelog": "histories"}
_TEXT_FIELDS = ("description", "environment")
_DATE_FIELDS = ("created", "updated", "resolutiondate", "lastViewed", "statuscategorychangedate")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def render_issue(view: JiraView, issue: dict[str, Any], selection: FieldSelection, expand: set[str]) -> dict[str, Any]:
    """The issue as one search result or ``GET issue/{id}`` answers it (v3 or v2 flavour)."""
    if selection.ids_only:
        return {"id": issue["id"]}
    stored = issue["fields"]
    wants = selection.wants
    fields = dict(stored) if selection.everything else {name: value for name, value in stored.items() if wants(name)}
    if view.dataset.issue_profile == "realistic":
        extra = jira_realistic.extra_fields(issue)
        fields.update(extra if selection.everything else {name: v for name, v in extra.items() if wants(name)})
    for kind in ("comment", "worklog"):
        if selection.wants(kind):
            fields[kind] = child_page(view, issue, kind)
    rendered: dict[str, Any] = {
        "expand": issue["expand"],
        "id": issue["id"],
        "self": issue["self"],
        "key": issue["key"],
        "fields": fields,
    }
    if "renderedFields" in expand:
        rendered["renderedFields"] = rendered_fields(fields)
    if "transitions" in expand:
        rendered["transitions"] = jira_realistic.transitions(view.dataset.jira_statuses, stored["status"])
    if "changelog" in expand:
        rendered["changelog"] = child_page(view, issue, "changelog")
    if view.deployment != "cloud" and fields.get("customfield_10014"):
        fields.pop("parent", None)  # why: Data Center links an epic's issues through Epic Link only
    if view.version == 2 or view.deployment != "cloud":
        view.to_v2_fields(fields)
        if "changelog" in rendered:
            rendered["changelog"] = view.v2_histories(rendered["changelog"])
    return rendered


def child_page(view: JiraView, issue: dict[str, Any], kind: str) -> dict[str, Any]:
    """The embedded first page of one kind of children (all of them on Data Center)."""
    entries = view.dataset.children(issue["id"], kind)
    limit = CLOUD_EMBEDDED[kind] if view.deployment == "cloud" else len(entries)
    page: dict[str, Any] = {
        _ENTRY_KEYS[kind]: entries[:limit],
        "maxResults": limit,
        "total": len(entries),
        "startAt": 0,
    }
    if kind == "comment":
        page["self"] = f"{API3}/issue/{issue['id']}/comment"
    return page


def rendered_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """``expand=renderedFields``: HTML for rich text, display strings for dates, null for the rest (as Jira)."""
    rendered: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            rendered[name] = None
        elif name in _TEXT_FIELDS or (
            name.startswith("customfield_") and isinstance(value, dict) and value.get("type") == "doc"
        ):
            rendered[name] = html(value)
        elif name in _DATE_FIELDS:
            rendered[name] = display_time(value)
        elif name in ("comment", "worklog"):
            rendered[name] = _rendered_page(name, value)
        else:
            rendered[name] = None
    return rendered


def _rendered_page(name: str, page: dict[str, Any]) -> dict[str, Any]:
    key, text_field = ("comments", "body") if name == "comment" else ("worklogs", "comment")
    entries = [
        dict(
            entry,
            **{
                text_field: html(entry.get(text_field)),
                "created": display_time(entry["created"]),
                "updated": display_time(entry["updated"]),
            },
        )
        for entry in page[key]
    ]
    return dict(page, **{key: entries})


def html(document: Any) -> str:
    """HTML of an ADF document (paragraphs, bullet lists, code blocks) or of plain text."""
    if isinstance(document, str):
        return f"<p>{document}</p>"
    parts = []
    for block in (document or {}).get("content", []):
        if block["type"] == "bulletList":
            items = "".join(f"<li>{_text(item['content'][0])}</li>" for item in block["content"])
            parts.append(f"<ul>{items}</ul>")
        elif block["type"] == "codeBlock":
            parts.append(f'<div class="code panel"><pre>{_text(block)}</pre></div>')
        else:
            parts.append(f"<p>{_text(block)}</p>")
    return "\n".join(parts)


def _text(block: dict[str, Any]) -> str:
    return "".join(node.get("text", "") for node in block.get("content", []))


def display_time(stamp: str) -> str:
    """Jira's rendered date, e.g. ``15/Jan/24 10:20 AM``."""
    year, month, day = stamp[:10].split("-")
    hour, minute = int(stamp[11:13]), stamp[14:16]
    return f"{day}/{_MONTHS[int(month) - 1]}/{year[2:]} {(hour + 11) % 12 + 1}:{minute} {'AM' if hour < 12 else 'PM'}"
