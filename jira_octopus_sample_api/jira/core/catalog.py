"""Jira's fixed metadata (statuses, priorities, issue types, fields) in the shapes the REST API returns.

URLs start with ``JIRA_SITE`` (a placeholder); the server swaps it for its live base URL when it answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JIRA_SITE = "https://fake-jira.invalid"
API3 = f"{JIRA_SITE}/rest/api/3"

_STATUS_CATEGORIES = {
    2: ("new", "blue-gray", "To Do"),
    4: ("indeterminate", "yellow", "In Progress"),
    3: ("done", "green", "Done"),
}
# (id, name, category id, description, icon)
_STATUSES = [
    ("10000", "To Do", 2, "Work that has not been started.", "status_generic.gif"),
    ("3", "In Progress", 4, "This issue is being actively worked on at the moment by the assignee.", "inprogress.png"),
    ("10001", "In Review", 4, "Waiting for a reviewer.", "status_generic.gif"),
    ("10002", "Blocked", 4, "Blocked by another piece of work.", "status_generic.gif"),
    ("10003", "Done", 3, "Work is complete.", "status_generic.gif"),
    ("6", "Closed", 3, "The issue is considered finished, the resolution is correct.", "closed.png"),
]
# (id, name, colour, description, is default)
_PRIORITIES = [
    ("1", "Highest", "#d04437", "This problem will block progress.", False),
    ("2", "High", "#f15C75", "Serious problem that could block progress.", False),
    ("3", "Medium", "#f79232", "Has the potential to affect progress.", True),
    ("4", "Low", "#707070", "Minor problem or easily worked around.", False),
    ("5", "Lowest", "#999999", "Trivial problem with little or no impact on progress.", False),
]
# (id, name, hierarchy level, description)
_ISSUE_TYPES = [
    ("10000", "Epic", 1, "A big user story that needs to be broken down."),
    ("10001", "Story", 0, "Functionality or a feature expressed as a user goal."),
    ("10002", "Task", 0, "A small, distinct piece of work."),
    ("10003", "Bug", 0, "A problem or error."),
]
_RESOLUTIONS = [
    ("10000", "Done", "Work has been completed on this issue."),
    ("10001", "Won't Do", "This issue won't be actioned."),
]

# (id, name, schema type, items, navigable, orderable, searchable)
_SYSTEM_FIELDS = [
    ("summary", "Summary", "string", None, True, True, True),
    ("description", "Description", "string", None, True, True, True),
    ("status", "Status", "status", None, True, False, True),
    ("priority", "Priority", "priority", None, True, True, True),
    ("issuetype", "Issue Type", "issuetype", None, True, True, True),
    ("project", "Project", "project", None, True, False, True),
    ("assignee", "Assignee", "user", None, True, True, True),
    ("reporter", "Reporter", "user", None, True, True, True),
    ("creator", "Creator", "user", None, True, False, True),
    ("created", "Created", "datetime", None, True, False, True),
    ("updated", "Updated", "datetime", None, True, False, True),
    ("labels", "Labels", "array", "string", True, True, True),
    ("resolution", "Resolution", "resolution", None, True, True, True),
    ("resolutiondate", "Resolved", "datetime", None, True, False, True),
    ("statuscategorychangedate", "Status Category Changed", "datetime", None, True, False, True),
    ("duedate", "Due date", "date", None, True, True, True),
    ("components", "Components", "array", "component", True, True, True),
    ("fixVersions", "Fix versions", "array", "version", True, True, True),
    ("versions", "Affects versions", "array", "version", True, True, True),
    ("issuelinks", "Linked Issues", "array", "issuelinks", True, True, False),
    ("subtasks", "Sub-tasks", "array", "issuelinks", True, False, False),
    ("attachment", "Attachment", "array", "attachment", True, True, True),
    ("watches", "Watchers", "watches", None, True, False, False),
    ("votes", "Votes", "votes", None, True, False, False),
    ("environment", "Environment", "string", None, True, True, True),
    ("security", "Security Level", "securitylevel", None, True, True, True),
    ("timespent", "Time Spent", "number", None, True, False, False),
    ("timeestimate", "Remaining Estimate", "number", None, True, False, False),
    ("timeoriginalestimate", "Original estimate", "number", None, True, False, False),
    ("aggregatetimespent", "Σ Time Spent", "number", None, True, False, False),
    ("progress", "Progress", "progress", None, True, False, False),
    ("aggregateprogress", "Σ Progress", "progress", None, True, False, False),
    ("workratio", "Work Ratio", "number", None, True, False, True),
    ("lastViewed", "Last Viewed", "datetime", None, True, False, False),
    ("timetracking", "Time tracking", "timetracking", None, False, True, False),
    ("comment", "Comment", "comments-page", None, False, True, True),
    ("worklog", "Log Work", "array", "worklog", False, True, False),
]
# (numeric id, name, schema type, items, custom type key)
_CUSTOM_FIELDS = [
    (10014, "Epic Link", "any", None, "com.pyxis.greenhopper.jira:gh-epic-link"),  # deprecated for `parent`
    (10018, "Parent Link", "any", None, "com.atlassian.jpo:jpo-custom-field-parent"),  # deprecated for `parent`
    (10015, "Start date", "date", None, "com.atlassian.jira.plugin.system.customfieldtypes:datepicker"),
    (10016, "Story point estimate", "number", None, "com.pyxis.greenhopper.jira:jsw-story-points"),
    (10019, "Rank", "any", None, "com.pyxis.greenhopper.jira:gh-lexo-rank"),
    (10020, "Sprint", "array", "json", "com.pyxis.greenhopper.jira:gh-sprint"),
    (10021, "Flagged", "array", "option", "com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes"),
    (10040, "Customer", "string", None, "com.atlassian.jira.plugin.system.customfieldtypes:textfield"),
    # one of every remaining type (values: jira_custom_fields), a second "Customer" and a field named "Key"
    (10041, "Release date & time", "datetime", None, "com.atlassian.jira.plugin.system.customfieldtypes:datetime"),
    (10042, "Product owner", "user", None, "com.atlassian.jira.plugin.system.customfieldtypes:userpicker"),
    (10043, "Severity", "option", None, "com.atlassian.jira.plugin.system.customfieldtypes:select"),
    (10044, "Approvers", "array", "user", "com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker"),
    (10045, "Customer tags", "array", "string", "com.atlassian.jira.plugin.system.customfieldtypes:labels"),
    (10046, "Technical notes", "string", None, "com.atlassian.jira.plugin.system.customfieldtypes:textarea"),
    (10047, "Customer", "option", None, "com.atlassian.jira.plugin.system.customfieldtypes:select"),
    (10048, "Key", "string", None, "com.atlassian.jira.plugin.system.customfieldtypes:textfield"),
    (10049, "Estimate (days)", "number", None, "com.atlassian.jira.plugin.system.customfieldtypes:float"),
]
NON_NAVIGABLE_FIELDS = frozenset(f[0] for f in _SYSTEM_FIELDS if not f[4])


def build_statuses() -> list[dict[str, Any]]:
    return [
        {
            "self": f"{API3}/status/{sid}",
            "description": description,
            "iconUrl": f"{JIRA_SITE}/images/icons/statuses/{icon}",
            "name": name,
            "untranslatedName": name,
            "id": sid,
            "statusCategory": status_category(category),
        }
        for sid, name, category, description, icon in _STATUSES
    ]


def status_category(category_id: int) -> dict[str, Any]:
    key, colour, name = _STATUS_CATEGORIES[category_id]
    return {
        "self": f"{API3}/statuscategory/{category_id}",
        "id": category_id,
        "key": key,
        "colorName": colour,
        "name": name,
    }


def build_priorities() -> list[dict[str, Any]]:
    return [
        {
            "self": f"{API3}/priority/{pid}",
            "statusColor": colour,
            "description": description,
            "iconUrl": f"{JIRA_SITE}/images/icons/priorities/{name.lower()}.svg",
            "name": name,
            "id": pid,
            "isDefault": is_default,
        }
        for pid, name, colour, description, is_default in _PRIORITIES
    ]


def build_issue_types() -> list[dict[str, Any]]:
    return [
        {
            "self": f"{API3}/issuetype/{tid}",
            "id": tid,
            "description": description,
            "iconUrl": f"{JIRA_SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/{10300 + int(tid) % 100}",
            "name": name,
            "subtask": False,
            "avatarId": 10300 + int(tid) % 100,
            "hierarchyLevel": level,
        }
        for tid, name, level, description in _ISSUE_TYPES
    ]


def build_resolutions() -> list[dict[str, Any]]:
    return [
        {"self": f"{API3}/resolution/{rid}", "id": rid, "description": description, "name": name}
        for rid, name, description in _RESOLUTIONS
    ]


def build_fields(extra_custom: Sequence[tuple[Any, ...]] = ()) -> list[dict[str, Any]]:
    """The ``GET field`` catalog; ``extra_custom`` adds custom fields (the realistic issue profile's)."""
    fields = [_system_field(*spec) for spec in _SYSTEM_FIELDS]
    fields.append(
        {
            "id": "issuekey",
            "key": "issuekey",
            "name": "Key",
            "custom": False,
            "orderable": False,
            "navigable": True,
            "searchable": False,
            "clauseNames": ["id", "issue", "issuekey", "key"],
        }
    )
    # why no schema: Cloud lists `parent` (the issue above: an epic's child, a sub-task's parent) without one
    fields.append(
        {
            "id": "parent",
            "key": "parent",
            "name": "Parent",
            "custom": False,
            "orderable": False,
            "navigable": True,
            "searchable": True,
            "clauseNames": ["parent"],
        }
    )
    fields.extend(_custom_field(*spec) for spec in [*_CUSTOM_FIELDS, *extra_custom])
    return fields


def _system_field(
    fid: str, name: str, kind: str, items: str | None, navigable: bool, orderable: bool, searchable: bool
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind, "system": fid}
    if items:
        schema["items"] = items
    return {
        "id": fid,
        "key": fid,
        "name": name,
        "custom": False,
        "orderable": orderable,
        "navigable": navigable,
        "searchable": searchable,
        "clauseNames": [fid],
        "schema": schema,
    }


def _custom_field(number: int, name: str, kind: str, items: str | None, custom: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind, "custom": custom, "customId": number}
    if items:
        schema["items"] = items
    return {
        "id": f"customfield_{number}",
        "key": f"customfield_{number}",
        "name": name,
        "custom": True,
        "orderable": True,
        "navigable": True,
        "searchable": True,
        "clauseNames": [f"cf[{number}]", name],
        "schema": schema,
    }


def avatar_urls(kind: str, owner: str) -> dict[str, str]:
    sizes = (("16x16", "xsmall"), ("24x24", "small"), ("32x32", "medium"), ("48x48", "large"))
    return {
        px: f"{JIRA_SITE}/secure/{kind}avatar?size={word}&{'pid' if kind == 'project' else 'ownerId'}={owner}"
        for px, word in sizes
    }
