"""Jira issue search: Cloud ``/search/jql`` (nextPageToken), DC ``/search`` (startAt/total), Cloud ``/search`` (410).

Cloud page tokens are search-after cursors (the ORDER BY values of the last issue served), so issues edited
while a client pages behave as on the real service: nothing is skipped when paging ``ORDER BY id``, and with
``ORDER BY updated`` an edited issue moves to the end. DC offsets are applied to the live result list. Searches see
each issue as the index has it (``ServerState.indexed``): with a ``search_index_delay`` a fresh edit shows late.
"""

from __future__ import annotations

import base64
import hashlib
import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.api import JiraContext, jira_error
from jira_octopus_sample_api.jira.core.jql import JqlError, JqlQuery, parse_jql
from jira_octopus_sample_api.jira.core.render import FieldSelection

REMOVED_SEARCH_BODY = {
    "errorMessages": [
        "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration "
        "guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
    ]
}
UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
INVALID_TOKEN = "The provided next page token is invalid or expired."
INVALID_PAYLOAD = "Invalid request payload. Refer to the REST API documentation and try again."
TOKEN_LIFETIME = timedelta(days=7)
LEGACY_CLOUD_CAP = 100
_BEAN_FIELDS: dict[str, type] = {
    "expand": str,
    "fields": list,
    "fieldsByKeys": bool,
    "jql": str,
    "maxResults": int,
    "nextPageToken": str,
    "properties": list,
    "reconcileIssues": list,
    "failFast": bool,
}


class SearchError(ValueError):
    """A search request Jira answers with 400; the message is the error text."""


@dataclass
class SearchParams:
    jql: str = ""
    max_results: int | None = None
    start_at: int = 0
    fields: list[str] = field(default_factory=list)
    expand: set[str] = field(default_factory=set)
    next_page_token: str | None = None


def removed_search(ctx: JiraContext) -> ApiResponse:
    """CHANGE-2046: the old Cloud search endpoints answer 410 Gone, unless the server was started with
    ``legacy_search=True`` (only to benchmark connectors that still call it, e.g. Airbyte's source-jira 4.0.0):
    then it pages with startAt/total as Cloud did before the removal (``maxResults`` at most 100)."""
    if ctx.state.legacy_search:
        return offset_search(ctx, cap=LEGACY_CLOUD_CAP)
    return ApiResponse(410, REMOVED_SEARCH_BODY)


def token_search(ctx: JiraContext) -> ApiResponse:
    try:
        params = _post_params(ctx) if ctx.request.method == "POST" else _get_params(ctx)
        query = _query(ctx, params.jql)
        if not query.bounded:
            raise SearchError(UNBOUNDED)
        selection = FieldSelection.parse(params.fields, default="id")
        limit = _limit(params.max_results, 50, 5000 if _only_ids(params.fields) else 100)
        cursor = decode_token(ctx, params.next_page_token, query) if params.next_page_token else None
    except SearchError as error:
        return jira_error(400, str(error))
    page, more = _page_after(ctx, query, cursor, limit)
    body: dict[str, Any] = {"issues": [_issue(ctx, issue, selection, params.expand) for issue in page]}
    if more:
        body["nextPageToken"] = encode_token(ctx, query, query.sort_values(page[-1]))
    body["isLast"] = not more
    _add_field_metadata(ctx, body, selection, params.expand)
    return ctx.respond(200, body)


def approximate_count(ctx: JiraContext) -> ApiResponse:
    """`POST /rest/api/3/search/approximate-count` {"jql"} -> {"count"}: exact here, one valid approximation."""
    body = ctx.request.json_body
    if not isinstance(body, dict):
        return jira_error(400, INVALID_PAYLOAD)
    try:
        query = _query(ctx, str(body.get("jql") or ""))
        if not query.bounded:
            raise SearchError(UNBOUNDED)
    except SearchError as error:
        return jira_error(400, str(error))
    low, high = _window(ctx, query)
    issues = ctx.state.indexed_issues(ctx.state.dataset.jira_issues[low:high])
    count = sum(1 for issue in issues if _matches(ctx, query, issue))
    return ctx.respond(200, {"count": count})


def offset_search(ctx: JiraContext, cap: int = 1000) -> ApiResponse:
    """DC ``/rest/api/2/search``: offsets into the current result list, so edits shift later pages."""
    try:
        params = _dc_post_params(ctx) if ctx.request.method == "POST" else _get_params(ctx)
        query = _query(ctx, params.jql)
    except SearchError as error:
        return jira_error(400, str(error))
    limit = min(50 if params.max_results is None else max(params.max_results, 0), cap)
    start = max(params.start_at, 0)
    results = _results(ctx, query, first_page=start == 0)
    selection = FieldSelection.parse(params.fields, default="*navigable")
    body: dict[str, Any] = {
        "expand": "schema,names",
        "startAt": start,
        "maxResults": limit,
        "total": len(results),
        "issues": [_issue(ctx, i, selection, params.expand) for i in results[start : start + limit]],
    }
    _add_field_metadata(ctx, body, selection, params.expand)
    return ctx.respond(200, body)


# ---- request parsing ----------------------------------------------------------------------------------
def _get_params(ctx: JiraContext) -> SearchParams:
    query = ctx.request.query
    return SearchParams(
        jql=ctx.request.param("jql") or "",
        max_results=_int(ctx.request.param("maxResults"), "maxResults"),
        start_at=_int(ctx.request.param("startAt"), "startAt") or 0,
        fields=query.get("fields", []),
        expand={e.strip() for v in query.get("expand", []) for e in v.split(",") if e.strip()},
        next_page_token=ctx.request.param("nextPageToken") or None,
    )


def _post_params(ctx: JiraContext) -> SearchParams:
    body = ctx.request.json_body
    if not isinstance(body, dict):
        raise SearchError(INVALID_PAYLOAD)
    for key, value in body.items():
        expected = _BEAN_FIELDS.get(key)
        if expected is None:
            raise SearchError(
                f'Unrecognized field "{key}" (class com.atlassian.jira.rest.v2.search.'
                f"SearchAndReconcileRequestBean), not marked as ignorable"
            )
        if value is not None and (not isinstance(value, expected) or (expected is int and isinstance(value, bool))):
            raise SearchError(f"Cannot deserialize value of type `{expected.__name__}` for field '{key}'.")
    if len(body.get("reconcileIssues") or []) > 50:
        raise SearchError("The reconcileIssues list can contain at most 50 issue ids.")
    return SearchParams(
        jql=body.get("jql") or "",
        max_results=body.get("maxResults"),
        fields=body.get("fields") or [],
        expand={e.strip() for e in (body.get("expand") or "").split(",") if e.strip()},
        next_page_token=body.get("nextPageToken") or None,
    )


def _dc_post_params(ctx: JiraContext) -> SearchParams:
    body = ctx.request.json_body
    if not isinstance(body, dict):
        raise SearchError(INVALID_PAYLOAD)
    expand = body.get("expand") or []
    return SearchParams(
        jql=body.get("jql") or "",
        max_results=body.get("maxResults"),
        start_at=int(body.get("startAt") or 0),
        fields=body.get("fields") or [],
        expand=set(expand if isinstance(expand, list) else str(expand).split(",")),
    )


def _int(raw: str | None, name: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise SearchError(f"The value '{raw}' is not a valid number for the '{name}' parameter.") from None


def _limit(requested: int | None, default: int, cap: int) -> int:
    if requested is not None and requested < 1:
        raise SearchError("The 'maxResults' parameter must be greater than 0.")
    return min(requested or default, cap)


def _only_ids(fields: list[str]) -> bool:
    """Jira allows up to 5000 issues per page only when nothing but ``id``/``key`` is requested."""
    names = {n.strip() for value in fields for n in value.split(",") if n.strip()}
    return names <= {"id", "key"}


def _query(ctx: JiraContext, jql: str) -> JqlQuery:
    def visible_project(value: str) -> dict[str, Any] | None:
        project = ctx.state.dataset.project_by_id_or_key(value)
        return project if project is not None and ctx.state.project_visible(project) else None

    try:
        return parse_jql(jql, to_epoch_ms(ctx.state.clock.now()), visible_project)
    except JqlError as error:
        raise SearchError(str(error)) from None


# ---- paging -------------------------------------------------------------------------------------------
def _page_after(
    ctx: JiraContext, query: JqlQuery, cursor: list[Any] | None, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """Up to ``limit`` matching issues strictly after ``cursor`` in query order, and whether more follow."""
    issues = ctx.state.dataset.jira_issues
    if query.order_by == (("id", False),):
        low, high = _window(ctx, query)
        if cursor is not None:
            low = max(low, bisect_right(issues, cursor[0], lo=low, hi=high, key=lambda i: int(i["id"])))
        page = []
        for position in range(low, high):
            issue = ctx.state.indexed(issues[position])
            if _matches(ctx, query, issue):
                page.append(issue)
                if len(page) > limit:
                    break
        return page[:limit], len(page) > limit
    results = _results(ctx, query, first_page=cursor is None)
    start = 0 if cursor is None else bisect_right(results, query.order_key(cursor), key=query.issue_key)
    return results[start : start + limit], start + limit < len(results)


def _window(ctx: JiraContext, query: JqlQuery) -> tuple[int, int]:
    """Positions in ``jira_issues`` that can match: the query's ``created`` bounds, as issues are in creation
    order (why: a search split into many created windows scanned the whole dataset for every page)."""
    dataset = ctx.state.dataset
    if not dataset.created_ascending:
        return 0, len(dataset.jira_issues)
    low, high = query.created_range
    return bisect_left(dataset.created_ms, low), bisect_left(dataset.created_ms, high)


def _results(ctx: JiraContext, query: JqlQuery, first_page: bool) -> list[dict[str, Any]]:
    """The query's result list; later pages reuse the first page's list while the dataset is unchanged.

    why: filtering and sorting 10,000 issues on every page made a full read slow; the first page always
    recomputes, so edits made between reads are seen, and hooks and edit methods bump ``dataset.version``.
    """
    cache, version = ctx.state.search_cache, ctx.state.dataset.version
    cached = cache.get(query.text)
    if not first_page and cached is not None and cached[0] == version:
        return cached[1]
    low, high = _window(ctx, query)
    results = query.run(ctx.state.indexed_issues(ctx.state.dataset.jira_issues[low:high]))
    if ctx.state.hidden_projects:
        results = [issue for issue in results if ctx.state.issue_visible(issue)]
    if len(cache) >= 8:
        cache.pop(next(iter(cache)))
    cache[query.text] = (version, results)
    return results


def _matches(ctx: JiraContext, query: JqlQuery, issue: dict[str, Any]) -> bool:
    return query.matches(issue) and ctx.state.issue_visible(issue)


def _query_digest(query: JqlQuery) -> str:
    return hashlib.sha1(query.text.encode("utf-8")).hexdigest()[:16]


def encode_token(ctx: JiraContext, query: JqlQuery, values: list[Any]) -> str:
    payload = {"q": _query_digest(query), "after": values, "t": to_epoch_ms(ctx.state.clock.now())}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_token(ctx: JiraContext, token: str, query: JqlQuery) -> list[Any]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        values, digest, issued = payload["after"], payload["q"], int(payload["t"])
    except (ValueError, KeyError, TypeError):
        raise SearchError(INVALID_TOKEN) from None
    expired = to_epoch_ms(ctx.state.clock.now()) - issued > TOKEN_LIFETIME // timedelta(milliseconds=1)
    if digest != _query_digest(query) or expired or len(values) != len(query.order_by):
        raise SearchError(INVALID_TOKEN)
    return values


# ---- rendering ----------------------------------------------------------------------------------------
def _issue(ctx: JiraContext, issue: dict[str, Any], selection: FieldSelection, expand: set[str]) -> dict[str, Any]:
    return ctx.view.issue(issue, selection, expand)


def _add_field_metadata(ctx: JiraContext, body: dict[str, Any], selection: FieldSelection, expand: set[str]) -> None:
    if selection.ids_only or not ({"names", "schema"} & expand):
        return
    catalog = [f for f in ctx.state.dataset.jira_fields if selection.wants(f["id"]) and "schema" in f]
    if "names" in expand:
        body["names"] = {f["id"]: f["name"] for f in catalog}
    if "schema" in expand:
        body["schema"] = {f["id"]: f["schema"] for f in catalog}
