"""The Jira Software Agile REST API 1.0 (and Software 1.0) operations the connector uses, as a small OpenAPI 3 document.

The vendored Jira platform document does not cover `/rest/agile/1.0` or `/rest/software/1.0`. This one is transcribed from Atlassian's
published references - https://developer.atlassian.com/cloud/jira/software/rest/ (groups Board, Sprint) and
https://docs.atlassian.com/jira-software/REST/9.17.0/ (Data Center; the same paths and parameters) - for the six
GET operations we send, with their documented query parameters and response shapes:

- `GET /board`: startAt, maxResults, type, name, projectKeyOrId, accountIdLocation, projectLocation,
  includePrivate, negateLocationFiltering, orderBy, expand, filterId, projectTypeLocation -> a page of boards;
- `GET /board/{boardId}/configuration` -> the board's configuration (a Kanban board adds `subQuery`);
- `GET /board/{boardId}/sprint`: startAt, maxResults, state -> a page of sprints without `total`
  (400 "The board does not support sprints" on a Kanban board);
- `GET /board/{boardId}/epic`: startAt, maxResults, done -> a page of epics;
- `GET /board/{boardId}/issue`, `GET /sprint/{sprintId}/issue` and `GET /board/{boardId}/backlog` (on Data Center;
  Cloud's was scheduled for removal on 2026-11-01): startAt, maxResults, jql, validateQuery, fields, expand ->
  `{expand, startAt, maxResults, total, issues}` (issues as the platform's issue bean).

The Agile API caps maxResults at 50 on these lists whatever is asked (JSWCLOUD-18382); clients page on startAt.

Jira Software Cloud's token-paged lists (`/rest/software/1.0`, "Get issues for board (enhanced)", "Get issues for
backlog (enhanced)" and "Get issues for sprint (enhanced)" in the same reference, groups Board and Sprint):
`GET /board/{boardId}/issue`, `GET /board/{boardId}/backlog` and `GET /sprint/{sprintId}/issue` take nextPageToken,
maxResults ("It returns max 5000 issues"), reconcileIssues (at most 50 ids), jql, validateQuery, fields and expand,
and answer `{expand, issues, nextPageToken, isLast}` (no startAt, no total; the last page has no token).
Schemas are closed (`additionalProperties: false`) where the reference lists every field, so an invented field in
the fake fails as it does for the platform document's schemas.
"""

from __future__ import annotations

from typing import Any

AGILE_PREFIX = "/rest/agile/1.0"
SOFTWARE_PREFIX = "/rest/software/1.0"
_INT = {"type": "integer", "format": "int64"}
_STR = {"type": "string"}
_URI = {"type": "string", "format": "uri"}
_BOOL = {"type": "boolean"}
_DATE_TIME = {"type": "string", "format": "date-time"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _closed(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _page(item: str, with_total: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "maxResults": {"type": "integer", "format": "int32"},
        "startAt": _INT,
        "isLast": _BOOL,
        "values": {"type": "array", "items": _ref(item)},
    }
    if with_total:
        properties["total"] = _INT
    return _closed(properties, ("maxResults", "startAt", "isLast", "values"))


SCHEMAS: dict[str, Any] = {
    "BoardLocation": _closed(
        {
            "projectId": _INT,
            "userId": _INT,
            "userAccountId": _STR,
            "displayName": _STR,
            "projectName": _STR,
            "projectKey": _STR,
            "projectTypeKey": _STR,
            "avatarURI": _URI,
            "name": _STR,
        }
    ),
    "Board": _closed(
        {
            "id": _INT,
            "self": _URI,
            "name": _STR,
            "type": _STR,
            "admins": {"type": "object"},
            "location": _ref("BoardLocation"),
            "canEdit": _BOOL,
            "isPrivate": _BOOL,
            "favourite": _BOOL,
        },
        ("id", "self", "name", "type"),
    ),
    "BoardConfiguration": _closed(
        {
            "id": _INT,
            "name": _STR,
            "type": _STR,
            "self": _URI,
            "location": _closed({"type": _STR, "key": _STR, "id": _STR, "self": _URI, "name": _STR}),
            "filter": _closed({"id": _STR, "self": _URI}),
            "subQuery": _closed({"query": _STR}),
            "columnConfig": _closed(
                {
                    "columns": {
                        "type": "array",
                        "items": _closed(
                            {
                                "name": _STR,
                                "statuses": {"type": "array", "items": _closed({"id": _STR, "self": _URI})},
                                "min": {"type": "integer"},
                                "max": {"type": "integer"},
                            }
                        ),
                    },
                    "constraintType": _STR,
                }
            ),
            "estimation": _closed({"type": _STR, "field": _closed({"fieldId": _STR, "displayName": _STR})}),
            "ranking": _closed({"rankCustomFieldId": _INT}),
        },
        ("id", "name", "type", "self"),
    ),
    "Sprint": _closed(
        {
            "id": _INT,
            "self": _URI,
            "state": _STR,
            "name": _STR,
            "startDate": _DATE_TIME,
            "endDate": _DATE_TIME,
            "completeDate": _DATE_TIME,
            "createdDate": _DATE_TIME,
            "originBoardId": _INT,
            "goal": _STR,
        },
        ("id", "self", "state", "name"),
    ),
    "Epic": _closed(
        {
            "id": _INT,
            "key": _STR,
            "self": _URI,
            "name": _STR,
            "summary": _STR,
            "color": _closed({"key": _STR}),
            "done": _BOOL,
        },
        ("id", "key", "self", "name", "done"),
    ),
    "AgileIssue": {
        "type": "object",
        "properties": {"expand": _STR, "id": _STR, "self": _URI, "key": _STR, "fields": {"type": "object"}},
        "required": ["id", "self", "key"],
    },
    "BoardPage": _page("Board", with_total=True),
    "SprintPage": _page("Sprint", with_total=False),
    "EpicPage": _page("Epic", with_total=True),
    "AgileIssuePage": _closed(
        {
            "expand": _STR,
            "startAt": _INT,
            "maxResults": {"type": "integer", "format": "int32"},
            "total": _INT,
            "issues": {"type": "array", "items": _ref("AgileIssue")},
        },
        ("startAt", "maxResults", "total", "issues"),
    ),
    "SoftwareIssuePage": _closed(
        {
            "expand": _STR,
            "issues": {"type": "array", "items": _ref("AgileIssue")},
            "nextPageToken": _STR,
            "isLast": _BOOL,
        },
        ("issues", "isLast"),
    ),
}

_PAGING = ("startAt", "maxResults")
_ISSUE_QUERY = (*_PAGING, "jql", "validateQuery", "fields", "expand")
_BOARD_QUERY = (
    *_PAGING,
    "type",
    "name",
    "projectKeyOrId",
    "accountIdLocation",
    "projectLocation",
    "includePrivate",
    "negateLocationFiltering",
    "orderBy",
    "expand",
    "filterId",
    "projectTypeLocation",
)
# template -> (query parameter names, response schema, path parameter)
_OPERATIONS: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "/board": (_BOARD_QUERY, "BoardPage", None),
    "/board/{boardId}/configuration": ((), "BoardConfiguration", "boardId"),
    "/board/{boardId}/sprint": ((*_PAGING, "state"), "SprintPage", "boardId"),
    "/board/{boardId}/epic": ((*_PAGING, "done"), "EpicPage", "boardId"),
    "/board/{boardId}/issue": (_ISSUE_QUERY, "AgileIssuePage", "boardId"),
    "/sprint/{sprintId}/issue": (_ISSUE_QUERY, "AgileIssuePage", "sprintId"),
    "/board/{boardId}/backlog": (_ISSUE_QUERY, "AgileIssuePage", "boardId"),
}

_SOFTWARE_ISSUE_QUERY = ("nextPageToken", "maxResults", "reconcileIssues", "jql", "validateQuery", "fields", "expand")
_SOFTWARE_OPERATIONS: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "/board/{boardId}/issue": (_SOFTWARE_ISSUE_QUERY, "SoftwareIssuePage", "boardId"),
    "/sprint/{sprintId}/issue": (_SOFTWARE_ISSUE_QUERY, "SoftwareIssuePage", "sprintId"),
    "/board/{boardId}/backlog": (_SOFTWARE_ISSUE_QUERY, "SoftwareIssuePage", "boardId"),
}


def _operation(query: tuple[str, ...], response: str, path_parameter: str | None) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [{"name": name, "in": "query", "schema": {"type": "string"}} for name in query]
    if path_parameter:
        parameters.insert(0, {"name": path_parameter, "in": "path", "required": True, "schema": _INT})
    return {
        "parameters": parameters,
        "responses": {"200": {"content": {"application/json": {"schema": _ref(response)}}}},
    }


AGILE_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {
        "title": "Jira Software Agile and Software REST API 1.0 (the operations this connector uses)",
        "version": "1.0",
    },
    "paths": {
        **{AGILE_PREFIX + template: {"get": _operation(*entry)} for template, entry in _OPERATIONS.items()},
        **{SOFTWARE_PREFIX + template: {"get": _operation(*entry)} for template, entry in _SOFTWARE_OPERATIONS.items()},
    },
    "components": {"schemas": SCHEMAS},
}
