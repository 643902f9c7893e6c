"""Jira Cloud's bulk child endpoints: ``POST changelog/bulkfetch``, ``GET worklog/updated``, ``POST worklog/list``.

- bulkfetch: histories of up to 1000 issues (optionally only items of up to 10 ``fieldIds``), oldest first and
  by issue id, grouped per issue within a page; ``maxResults`` 1-10000, default 1000; ``nextPageToken`` is an
  opaque offset bound to the request, left out on the last page.
- worklog/updated: ``{worklogId, updatedTime}`` of worklogs updated at or after ``since`` (epoch ms), oldest
  first, 1000 per page, never the last minute before the request (envelope: ``paging.change_feed``).
- worklog/list: the worklogs of at most 1000 ids (unknown ids are left out).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from jira_octopus_sample_api.clock import parse_jira_time, to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, jira_error
from jira_octopus_sample_api.jira.core.children import CHILD_ID_FACTOR
from jira_octopus_sample_api.paging import change_feed, since_param

BULK_LIMIT, BULK_MAX_RESULTS, WORKLOG_PAGE, FRESH_MS = 1000, 10_000, 1000, 60_000
_BULK_KEYS = {"issueIdsOrKeys", "fieldIds", "maxResults", "nextPageToken"}


def changelog_bulkfetch(ctx: JiraContext) -> ApiResponse:
    body = ctx.request.json_body
    if not isinstance(body, dict) or not isinstance(body.get("issueIdsOrKeys"), list) or set(body) - _BULK_KEYS:
        return jira_error(400, "Invalid request payload. Refer to the REST API documentation and try again.")
    wanted, field_ids = body["issueIdsOrKeys"], body.get("fieldIds") or []
    if not wanted or len(wanted) > BULK_LIMIT or len(field_ids) > 10:
        return jira_error(400, "Provide 1 to 1000 issue ids or keys and at most 10 field ids.")
    limit = body.get("maxResults", BULK_LIMIT)
    if not isinstance(limit, int) or not 1 <= limit <= BULK_MAX_RESULTS:
        return jira_error(400, f"maxResults must be between 1 and {BULK_MAX_RESULTS}.")
    histories = _bulk_histories(ctx, [str(value) for value in wanted], set(field_ids))
    digest = hashlib.sha1(json.dumps([wanted, field_ids]).encode()).hexdigest()[:12]
    start = _decode_offset(body.get("nextPageToken"), digest)
    if start is None:
        return jira_error(400, "The provided next page token is invalid or expired.")
    page = histories[start : start + limit]
    result: dict[str, Any] = {"issueChangeLogs": _grouped(page)}
    if start + limit < len(histories):
        result["nextPageToken"] = _encode_offset(start + limit, digest)
    return ctx.respond(200, result)


def _bulk_histories(ctx: JiraContext, wanted: list[str], field_ids: set[str]) -> list[tuple[str, dict[str, Any]]]:
    dataset, found = ctx.state.dataset, []
    seen: set[str] = set()
    for value in wanted:
        issue = dataset.issue_by_id_or_key(value)
        if issue is None or issue["id"] in seen:
            continue
        seen.add(issue["id"])
        for history in dataset.children(issue["id"], "changelog"):
            items = [i for i in history["items"] if not field_ids or i["fieldId"] in field_ids]
            if items:
                found.append((issue["id"], dict(history, items=items)))
    found.sort(key=lambda pair: (parse_jira_time(pair[1]["created"]), int(pair[0])))
    if ctx.view.deployment != "cloud":
        found = [(issue_id, dict(h, author=ctx.view.user(h["author"]))) for issue_id, h in found]
    return found


def _grouped(page: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for issue_id, history in page:
        groups.setdefault(issue_id, []).append(history)
    return [{"issueId": issue_id, "changeHistories": histories} for issue_id, histories in groups.items()]


def _encode_offset(offset: int, digest: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "q": digest}).encode()).decode().rstrip("=")


def _decode_offset(token: Any, digest: str) -> int | None:
    if token in (None, ""):
        return 0
    try:
        payload = json.loads(base64.urlsafe_b64decode(str(token) + "=" * (-len(str(token)) % 4)))
        return int(payload["o"]) if payload["q"] == digest else None
    except (ValueError, KeyError, TypeError):
        return None


def worklogs_updated(ctx: JiraContext) -> ApiResponse:
    since = since_param(ctx)
    newest = to_epoch_ms(ctx.state.clock.now()) - FRESH_MS
    changes = [c for c in ctx.state.dataset.worklog_changes() if since <= c[0] < newest]
    return ctx.respond(200, change_feed(ctx, "worklog/updated", since, changes, WORKLOG_PAGE))


def worklog_list(ctx: JiraContext) -> ApiResponse:
    body = ctx.request.json_body
    ids = body.get("ids") if isinstance(body, dict) else None
    if not isinstance(ids, list) or set(body) - {"ids"} or not all(isinstance(i, int) for i in ids):
        return jira_error(400, "Invalid request payload. Refer to the REST API documentation and try again.")
    if len(ids) > BULK_LIMIT:
        return jira_error(400, "The number of worklog IDs must not exceed 1000.")
    dataset, found = ctx.state.dataset, []
    for worklog_id in sorted(set(ids)):
        issue_id, index = divmod(worklog_id, CHILD_ID_FACTOR)
        if str(issue_id) not in dataset.issue_children:
            continue
        entries = dataset.children(str(issue_id), "worklog")
        if index < len(entries):
            found.append(entries[index])
    return ctx.respond(200, [ctx.view.v2_entry(w, "comment") if ctx.view.version == 2 else w for w in found])
