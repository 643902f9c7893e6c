"""Routes of the fake's agile part (see ``part_agile``): family AGILE (`/rest/agile/1.0/...`), both flavours, and
family SOFTWARE (`/rest/software/1.0/...`, Cloud only: board and sprint issues paged by nextPageToken).

Lists page with startAt/maxResults at most 50 a page whatever is asked (JSWCLOUD-18382); sprint pages carry no
``total``. Board and sprint issues take a JQL (``updated >= <ms> ORDER BY id ASC`` and the rest of the fake's JQL
subset) over the board's or sprint's issues, and embed the Agile fields ``sprint``, ``closedSprints``, ``epic``
and ``flagged`` when asked for.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.exchange import ApiResponse
from jira_octopus_sample_api.jira.agile.part import PART
from jira_octopus_sample_api.jira.agile.records import AGILE as AGILE_BASE
from jira_octopus_sample_api.jira.agile.records import AgileRecords, backlog_issues, board_issues, epics, sprint_issues
from jira_octopus_sample_api.jira.api import AGILE, SOFTWARE, JiraContext, JiraRoute, jira_error, route
from jira_octopus_sample_api.jira.core.jql import JqlError, parse_jql
from jira_octopus_sample_api.jira.core.render import FieldSelection
from jira_octopus_sample_api.jira.core.search import SearchError, decode_token, encode_token
from jira_octopus_sample_api.paging import OffsetWindow, agile_page, int_param, offset_page, offset_window

PAGE_CAP = 50
SOFTWARE_DEFAULT_PAGE, SOFTWARE_PAGE_CAP = 50, 5000  # "It returns max 5000 issues."
SOFTWARE_REMOVED = "The requested API has been removed."
NO_SPRINTS = "The board does not support sprints"
NO_BOARD = (
    "The requested board cannot be viewed because it either does not exist or you do not have permission to view it."
)
_DONE = "done"


def _records(ctx: JiraContext) -> AgileRecords:
    return ctx.state.dataset.parts[PART.name]


def _page(ctx: JiraContext, values: list[Any], with_total: bool = True) -> dict[str, Any]:
    return agile_page(_window(ctx), values, with_total)


def _window(ctx: JiraContext) -> OffsetWindow:
    return offset_window(ctx, PAGE_CAP, PAGE_CAP, smallest=1)


def _listed(ctx: JiraContext, name: str) -> set[str]:
    return {v.strip() for value in ctx.request.query.get(name, []) for v in value.split(",") if v.strip()}


def _board(ctx: JiraContext) -> dict[str, Any] | None:
    raw = ctx.resource.split("/")[1]
    return _records(ctx).board(int(raw)) if raw.isdigit() else None


def boards(ctx: JiraContext) -> ApiResponse:
    found = _records(ctx).boards
    kinds, project = _listed(ctx, "type"), ctx.request.param("projectKeyOrId")
    name = (ctx.request.param("name") or "").lower()
    found = [
        b
        for b in found
        if (not kinds or b["type"] in kinds)
        and (not project or project in (str(b["location"]["projectId"]), b["location"]["projectKey"]))
        and name in b["name"].lower()
    ]
    return ctx.respond(200, _page(ctx, found))


def configuration(ctx: JiraContext) -> ApiResponse:
    board = _board(ctx)
    if board is None:
        return jira_error(404, NO_BOARD)
    board_id, statuses = board["id"], ctx.state.dataset.jira_statuses
    columns: list[dict[str, Any]] = [
        {
            "name": category,
            "statuses": [{"id": s["id"], "self": s["self"]} for s in statuses if s["statusCategory"]["key"] == key],
        }
        for category, key in (("To Do", "new"), ("In Progress", "indeterminate"), ("Done", _DONE))
    ]
    if board["type"] == "kanban":
        columns[1]["max"] = 5  # a work-in-progress limit
    config: dict[str, Any] = {
        "id": board_id,
        "name": board["name"],
        "type": board["type"],
        "self": f"{AGILE_BASE}/board/{board_id}/configuration",
        "location": {
            "type": "project",
            "key": board["location"]["projectKey"],
            "id": str(board["location"]["projectId"]),
            "self": f"{ctx.api_base}/project/{board['location']['projectId']}",
            "name": board["location"]["projectName"],
        },
        "filter": {"id": str(10000 + board_id), "self": f"{ctx.api_base}/filter/{10000 + board_id}"},
        "columnConfig": {"columns": columns, "constraintType": "issueCount" if board["type"] == "kanban" else "none"},
        "ranking": {"rankCustomFieldId": 10019},
    }
    if board["type"] == "kanban":
        config["subQuery"] = {"query": "fixVersion in unreleasedVersions() OR fixVersion is EMPTY"}
    else:
        config["estimation"] = {
            "type": "field",
            "field": {"fieldId": "customfield_10016", "displayName": "Story point estimate"},
        }
    return ctx.respond(200, config)


def sprints(ctx: JiraContext) -> ApiResponse:
    board = _board(ctx)
    if board is None:
        return jira_error(404, NO_BOARD)
    if board["type"] == "kanban":
        return jira_error(400, NO_SPRINTS)
    states = _listed(ctx, "state")
    found = [s for s in _records(ctx).sprints[board["id"]] if not states or s["state"] in states]
    return ctx.respond(200, _page(ctx, found, with_total=False))


def board_epics(ctx: JiraContext) -> ApiResponse:
    board = _board(ctx)
    if board is None:
        return jira_error(404, NO_BOARD)
    done = ctx.request.param("done")
    found = [_epic(issue) for issue in epics(ctx.state.dataset, _records(ctx), board)]
    if done is not None:
        found = [e for e in found if e["done"] == (done.lower() == "true")]
    return ctx.respond(200, _page(ctx, found))


def _epic(issue: dict[str, Any]) -> dict[str, Any]:
    fields = issue["fields"]
    return {
        "id": int(issue["id"]),
        "key": issue["key"],
        "self": f"{AGILE_BASE}/epic/{issue['id']}",
        "name": fields["summary"][:30],
        "summary": fields["summary"],
        "color": {"key": f"color_{int(issue['id']) % 14 + 1}"},
        "done": fields["status"]["statusCategory"]["key"] == _DONE,
    }


# Jira lists a backlog by rank when the JQL sets no order; the dataset ranks issues in id order (customfield_10019)
BY_RANK = "ORDER BY id ASC"


def issues_of_board(ctx: JiraContext) -> ApiResponse:
    return _of_board(ctx, _issue_page, board_issues)


def issues_of_sprint(ctx: JiraContext) -> ApiResponse:
    return _of_sprint(ctx, _issue_page)


def backlog_of_board(ctx: JiraContext) -> ApiResponse:
    return _of_board(ctx, _issue_page, backlog_issues, BY_RANK)


def software_issues_of_board(ctx: JiraContext) -> ApiResponse:
    return _of_board(ctx, _software_page, board_issues)


def software_issues_of_sprint(ctx: JiraContext) -> ApiResponse:
    return _of_sprint(ctx, _software_page)


def software_backlog_of_board(ctx: JiraContext) -> ApiResponse:
    return _of_board(ctx, _software_page, backlog_issues, BY_RANK)


# an issue list's page as Agile 1.0 (offset) or Software 1.0 (token) serves it
IssuePage = Callable[[JiraContext, list[dict[str, Any]], str], ApiResponse]


def _of_board(ctx: JiraContext, page: IssuePage, issues_of: Callable[..., Any], default_order: str = "") -> ApiResponse:
    board = _board(ctx)
    if board is None:
        return jira_error(404, NO_BOARD)
    return page(ctx, issues_of(ctx.state.dataset, _records(ctx), board), default_order)


def _of_sprint(ctx: JiraContext, page: IssuePage) -> ApiResponse:
    raw = ctx.resource.split("/")[1]
    sprint = _records(ctx).sprint(int(raw)) if raw.isdigit() else None
    if sprint is None:
        return jira_error(404, f"Sprint with id {raw} does not exist or you do not have permission to see it.")
    return page(ctx, sprint_issues(ctx.state.dataset, _records(ctx), sprint["id"]), "")


def _jql(ctx: JiraContext, default_order: str) -> str:
    """The request's JQL, with `default_order` when it sets no order (a backlog is in rank order, not by id DESC)."""
    jql = ctx.request.param("jql") or ""
    return f"{jql} {default_order}".strip() if default_order and "order by" not in jql.lower() else jql


def _issue_page(ctx: JiraContext, issues: list[dict[str, Any]], default_order: str = "") -> ApiResponse:
    dataset = ctx.state.dataset
    try:
        query = parse_jql(_jql(ctx, default_order), to_epoch_ms(ctx.state.clock.now()), dataset.project_by_id_or_key)
    except JqlError as error:
        return jira_error(400, f"Error in the JQL Query: {error}")
    matched = query.run(issues)
    selection = FieldSelection.parse(ctx.request.query.get("fields", []), default="*navigable")

    def render(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [_agile_issue(ctx, issue, selection) for issue in page]

    return ctx.respond(200, {"expand": "schema,names", **offset_page(_window(ctx), matched, "issues", render=render)})


def _agile_issue(ctx: JiraContext, issue: dict[str, Any], selection: FieldSelection) -> dict[str, Any]:
    rendered = ctx.view.issue(issue, selection)
    records, fields = _records(ctx), rendered.setdefault("fields", {})
    sprint = records.sprint(records.sprint_of_issue.get(issue["id"], 0))
    if selection.wants("sprint"):
        fields["sprint"] = sprint if sprint is not None and sprint["state"] != "closed" else None
    if selection.wants("closedSprints"):
        fields["closedSprints"] = [sprint] if sprint is not None and sprint["state"] == "closed" else []
    if selection.wants("epic"):
        epic_id = records.epic_of_issue.get(issue["id"])
        epic = ctx.state.dataset.issue_by_id_or_key(epic_id) if epic_id else None
        fields["epic"] = _epic(epic) if epic is not None else None
    if selection.wants("flagged"):
        fields["flagged"] = int(issue["id"]) % 11 == 0
    return rendered


# ---- Jira Software Cloud's token-paged lists (`/rest/software/1.0`, RFC-127) ---------------------------------------
def _software_page(ctx: JiraContext, issues: list[dict[str, Any]], default_order: str = "") -> ApiResponse:
    """`{"expand", "issues", "nextPageToken", "isLast"}`: no startAt or total (a startAt sent is ignored); the token
    is a search-after cursor, as the platform's search/jql; up to 5,000 issues a page (default 50); the issues are
    seen as the eventually consistent index has them (`ServerState.indexed`)."""
    status = ctx.state.software_api_status
    if status is not None:
        return jira_error(status, f"null for uri: {ctx.request.path}" if status == 404 else SOFTWARE_REMOVED)
    try:
        query = parse_jql(
            _jql(ctx, default_order), to_epoch_ms(ctx.state.clock.now()), ctx.state.dataset.project_by_id_or_key
        )
        token = ctx.request.param("nextPageToken")
        cursor = decode_token(ctx, token, query) if token else None
    except (JqlError, SearchError) as error:
        return jira_error(400, f"Error in the JQL Query: {error}" if isinstance(error, JqlError) else str(error))
    limit = min(int_param(ctx, "maxResults", SOFTWARE_DEFAULT_PAGE), SOFTWARE_PAGE_CAP)
    if limit < 1:
        return jira_error(400, "The 'maxResults' parameter must be greater than 0.")
    results = query.run(ctx.state.indexed_issues(issues))
    start = 0 if cursor is None else bisect_right(results, query.order_key(cursor), key=query.issue_key)
    page = results[start : start + limit]
    selection = FieldSelection.parse(ctx.request.query.get("fields", []), default="*navigable")
    body: dict[str, Any] = {"expand": "schema,names", "issues": [_agile_issue(ctx, i, selection) for i in page]}
    if start + limit < len(results):
        body["nextPageToken"] = encode_token(ctx, query, query.sort_values(page[-1]))
    body["isLast"] = "nextPageToken" not in body
    return ctx.respond(200, body)


def agile_routes() -> list[JiraRoute]:
    both = "cloud data_center"
    return [
        route("GET", "board", boards, both, family=AGILE),
        route("GET", r"board/\d+/configuration", configuration, both, family=AGILE),
        route("GET", r"board/\d+/sprint", sprints, both, family=AGILE),
        route("GET", r"board/\d+/epic", board_epics, both, family=AGILE),
        route("GET", r"board/\d+/issue", issues_of_board, both, family=AGILE),
        route("GET", r"sprint/\d+/issue", issues_of_sprint, both, family=AGILE),
        # why Data Center only: Cloud removed Agile 1.0's backlog on 2026-11-01 (Software 1.0 replaces it)
        route("GET", r"board/\d+/backlog", backlog_of_board, "data_center", family=AGILE),
        route("GET", r"board/\d+/issue", software_issues_of_board, "cloud", family=SOFTWARE),
        route("GET", r"sprint/\d+/issue", software_issues_of_sprint, "cloud", family=SOFTWARE),
        route("GET", r"board/\d+/backlog", software_backlog_of_board, "cloud", family=SOFTWARE),
    ]
