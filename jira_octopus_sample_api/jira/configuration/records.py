"""Jira configuration records (Cloud REST v3 shapes), built from the core dataset: one set of schemes, screens and
contexts per project (as Jira creates them with each company-managed Scrum project) plus the site's defaults.

Sizes for P projects: screens 3 + 2P (each with 1-2 tabs of 3-16 fields), screen schemes 3 + 2P, issue type
schemes, issue type screen schemes, field configurations and notification schemes 6 + P each, security schemes
2 + P, custom field contexts one global context per custom field plus 2-3 per project for the date, number and text
custom fields, 5 link types, 11 navigator columns, 4 status categories. Ids are fixed by position (no randomness).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.jira.core.catalog import API3, status_category
from jira_octopus_sample_api.jira.core.generator import user_ref
from jira_octopus_sample_api.jira.core.realistic import _TEAM_OPTIONS as TEAM_OPTIONS

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset

OPTION_FIELD_TYPES = frozenset(
    f"com.atlassian.jira.plugin.system.customfieldtypes:{name}"
    for name in ("select", "multiselect", "radiobuttons", "multicheckboxes", "cascadingselect")
)
PROJECT_CONTEXT_TYPES = frozenset({"date", "number", "string"})  # custom fields teams restrict per project
# The options issues carry (core issues: Flagged; the realistic profile: Team), by field: (id, value) of the
# global context's options, so that option ids on issues and in jira_issue_custom_field_options agree.
ISSUE_OPTIONS = {
    "customfield_10021": (("10019", "Impediment"),),
    "customfield_10051": tuple((option["id"], option["value"]) for option in TEAM_OPTIONS),
}
LINK_TYPES = (
    ("10000", "Blocks", "is blocked by", "blocks"),
    ("10001", "Cloners", "is cloned by", "clones"),
    ("10002", "Duplicate", "is duplicated by", "duplicates"),
    ("10003", "Relates", "relates to", "relates to"),
    ("10004", "Problem/Incident", "is caused by", "causes"),
)
NAVIGATOR_COLUMNS = (
    "issuetype",
    "issuekey",
    "summary",
    "assignee",
    "reporter",
    "priority",
    "status",
    "resolution",
    "created",
    "updated",
    "duedate",
)
_DEFAULT_TAB: tuple[str, ...] = (
    "summary",
    "issuetype",
    "reporter",
    "components",
    "description",
    "fixVersions",
    "priority",
)
_DEFAULT_TAB += ("labels", "assignee", "duedate", "security", "environment", "versions", "attachment", "issuelinks")
_DEFAULT_TAB += ("timetracking",)
_AGILE_TAB = ("customfield_10020", "customfield_10014", "customfield_10016", "customfield_10019")
_SCRUM_TAB: tuple[str, ...] = (
    "summary",
    "issuetype",
    "priority",
    "assignee",
    "reporter",
    "description",
    "labels",
    "components",
)
_SCRUM_TAB += ("customfield_10016", "customfield_10020", "customfield_10015", "customfield_10040")
_BUG_TAB: tuple[str, ...] = (
    "summary",
    "issuetype",
    "priority",
    "versions",
    "environment",
    "description",
    "assignee",
    "reporter",
)
_BUG_TAB += ("labels", "attachment")
Tabs = tuple[tuple[str, tuple[str, ...]], ...]  # (tab name, field ids)
Screen = tuple[int, str, str, Tabs, dict[str, Any] | None]  # (id, name, description, tabs, project scope)
_SITE_SCREENS: tuple[tuple[int, str, str, Tabs], ...] = (
    (1, "Default Screen", "Allows to update all system fields.", (("Field Tab", _DEFAULT_TAB), ("Agile", _AGILE_TAB))),
    (2, "Resolve Issue Screen", "Allows to set resolution, change fix versions and assign an issue.",
     (("Field Tab", ("resolution", "fixVersions", "assignee", "worklog", "comment")),)),
    (3, "Workflow Screen", "This screen is used in the workflow and enables you to assign issues.",
     (("Field Tab", ("assignee", "resolution", "fixVersions")),)),
)  # fmt: skip
# (name, issue type ids, default issue type id)
_SITE_ISSUE_TYPE_SCHEMES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("Kanban Issue Type Scheme", ("10002", "10003"), "10002"),
    ("Bug Tracking Issue Type Scheme", ("10003",), "10003"),
    ("Epic Planning Issue Type Scheme", ("10000", "10001"), "10001"),
    ("Task Management Issue Type Scheme", ("10002",), "10002"),
    ("Operations Issue Type Scheme", ("10002", "10003"), None),
)
_SITE_SCHEME_NAMES = {
    "issue_type_screen_schemes": ("Kanban", "Service Management", "Business", "Bug Triage", "Incident"),
    "field_configurations": ("Bug", "Service Desk", "Support", "Security", "Legacy"),
    "notification_schemes": ("Quiet", "Managers", "Release", "Security", "Service Desk"),
}
# (event id, name) and the recipients each scheme notifies
_EVENTS: tuple[tuple[int, str], ...] = (
    (1, "Issue Created"),
    (2, "Issue Updated"),
    (3, "Issue Assigned"),
    (4, "Issue Resolved"),
)
_EVENTS += ((6, "Issue Commented"),)
_GROUP = {"name": "jira-software-users", "groupId": "0b0a6c9e-2f25-4a0b-8d6b-0c7c3c1f5d11"}
_ROLE = {"id": 10002, "name": "Administrators", "description": "A project role that represents administrators"}


@dataclass
class ConfigurationRecords:
    screens: list[dict[str, Any]] = field(default_factory=list)
    tabs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # screen id -> tabs
    tab_fields: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # tab id -> fields
    screen_schemes: list[dict[str, Any]] = field(default_factory=list)
    issue_type_schemes: list[dict[str, Any]] = field(default_factory=list)
    scheme_issue_types: dict[str, list[str]] = field(default_factory=dict)  # scheme id -> issue type ids
    issue_type_screen_schemes: list[dict[str, Any]] = field(default_factory=list)
    field_configurations: list[dict[str, Any]] = field(default_factory=list)
    notification_schemes: list[dict[str, Any]] = field(default_factory=list)  # events hold Cloud users
    security_schemes: list[dict[str, Any]] = field(default_factory=list)
    contexts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # custom field id -> contexts
    options: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # context id -> options
    link_types: list[dict[str, Any]] = field(default_factory=list)
    navigator_columns: list[dict[str, str]] = field(default_factory=list)
    status_categories: list[dict[str, Any]] = field(default_factory=list)


def build_configuration(dataset: FakeDataset) -> ConfigurationRecords:
    records = ConfigurationRecords()
    names = {f["id"]: f["name"] for f in dataset.jira_fields}
    _build_screens(records, dataset.jira_projects, names)
    _build_schemes(records, dataset)
    _build_contexts(records, dataset.jira_fields, dataset.jira_projects)
    records.link_types = [
        {"id": lid, "name": name, "inward": inward, "outward": outward, "self": f"{API3}/issueLinkType/{lid}"}
        for lid, name, inward, outward in LINK_TYPES
    ]
    records.navigator_columns = [{"label": names[fid], "value": fid} for fid in NAVIGATOR_COLUMNS if fid in names]
    undefined = {"self": f"{API3}/statuscategory/1", "id": 1, "key": "undefined", "colorName": "medium-gray"}
    records.status_categories = [{**undefined, "name": "No Category"}, *(status_category(c) for c in (2, 4, 3))]
    return records


def _build_screens(records: ConfigurationRecords, projects: list[dict[str, Any]], names: dict[str, str]) -> None:
    screens: list[Screen] = [(sid, name, text, tabs, None) for sid, name, text, tabs in _SITE_SCREENS]
    for index, project in enumerate(projects):
        key, scope = project["key"], _scope(project)
        screens.append((10000 + 2 * index, f"{key}: Scrum Default Issue Screen", "", _project_tabs(), scope))
        screens.append((10001 + 2 * index, f"{key}: Scrum Bug Screen", "", (("Field Tab", _BUG_TAB),), scope))
    tab_id = 10000
    for sid, name, text, tabs, scope in screens:
        screen: dict[str, Any] = {"id": sid, "name": name, "description": text}
        if scope is not None:
            screen["scope"] = scope
        records.screens.append(screen)
        records.tabs[sid] = []
        for tab_name, field_ids in tabs:
            records.tabs[sid].append({"id": tab_id, "name": tab_name})
            records.tab_fields[tab_id] = [{"id": fid, "name": names[fid]} for fid in field_ids if fid in names]
            tab_id += 1
    records.screen_schemes = [
        {"id": 1, "name": "Default Screen Scheme", "description": "Default Screen Scheme", "screens": {"default": 1}},
        {"id": 2, "name": "Workflow Screen Scheme", "description": "", "screens": {"default": 3}},
        {"id": 3, "name": "Resolution Screen Scheme", "description": "", "screens": {"default": 2, "view": 1}},
    ]
    for index, project in enumerate(projects):
        default, bug = 10000 + 2 * index, 10001 + 2 * index
        records.screen_schemes.append(
            {"id": default, "name": f"{project['key']}: Scrum Default Screen Scheme", "screens": {"default": default}}
        )
        records.screen_schemes.append(
            {
                "id": bug,
                "name": f"{project['key']}: Scrum Bug Screen Scheme",
                "description": f"Bug screens of {project['name']}",
                "screens": {"default": bug, "create": bug, "edit": bug, "view": default},
            }
        )


def _project_tabs() -> Tabs:
    return (("Field Tab", _SCRUM_TAB), ("Details", ("environment", "versions", "duedate", "timetracking")))


def _scope(project: dict[str, Any]) -> dict[str, Any] | None:
    """Team-managed (simplified) projects own their screens."""
    return {"type": "PROJECT", "project": {"id": project["id"]}} if project["simplified"] else None


def _build_schemes(records: ConfigurationRecords, dataset: FakeDataset) -> None:
    projects, all_types = dataset.jira_projects, [t["id"] for t in dataset.jira_issue_types]
    default_text = "Default issue type scheme is the list of global issue types."
    records.issue_type_schemes = [
        {"id": "10000", "name": "Default Issue Type Scheme", "description": default_text, "isDefault": True}
    ]
    records.scheme_issue_types["10000"] = all_types
    types = [(f"{p['key']}: Scrum Issue Type Scheme", tuple(all_types), "10001") for p in projects]
    for offset, (name, type_ids, default) in enumerate([*types, *_SITE_ISSUE_TYPE_SCHEMES], 1):
        scheme: dict[str, Any] = {"id": str(10000 + offset), "name": name, "description": "", "isDefault": False}
        if default:
            scheme["defaultIssueTypeId"] = default
        records.issue_type_schemes.append(scheme)
        records.scheme_issue_types[scheme["id"]] = list(type_ids)
    screen_names = [f"{p['key']}: Scrum" for p in projects] + list(_SITE_SCHEME_NAMES["issue_type_screen_schemes"])
    records.issue_type_screen_schemes = [
        {"id": "1", "name": "Default Issue Type Screen Scheme", "description": "The default issue type screen scheme"}
    ] + [
        {"id": str(10000 + n), "name": f"{name} Issue Type Screen Scheme", "description": ""}
        for n, name in enumerate(screen_names)
    ]
    config_names = [f"{p['key']}: Software" for p in projects] + list(_SITE_SCHEME_NAMES["field_configurations"])
    records.field_configurations = [
        {"id": 10000, "name": "Default Field Configuration", "description": "The default field configuration",
         "isDefault": True}
    ] + [
        {"id": 10001 + n, "name": f"{name} Field Configuration", "description": f"Fields used by {name} issues"}
        for n, name in enumerate(config_names)
    ]  # fmt: skip
    records.notification_schemes = _notification_schemes(projects)
    records.security_schemes = [
        _security_scheme(10000, "Default Issue Security Scheme", "Description for the default issue security scheme"),
        _security_scheme(10001, "Confidential Projects Scheme", "Hides issues from people outside the project"),
    ] + [_security_scheme(10002 + n, f"{p['key']}: Security Scheme", "") for n, p in enumerate(projects)]


def _security_scheme(sid: int, name: str, description: str) -> dict[str, Any]:
    return {
        "self": f"{API3}/issuesecurityschemes/{sid}",
        "id": sid,
        "name": name,
        "description": description,
        "defaultSecurityLevelId": 10021 + 2 * (sid - 10000),
    }


def _notification_schemes(projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    named = [("Default Notification Scheme", None)] + [(f"{p['key']}: Notification Scheme", p) for p in projects]
    named += [(f"{name} Notification Scheme", None) for name in _SITE_SCHEME_NAMES["notification_schemes"]]
    schemes, next_id = [], 1
    for offset, (name, project) in enumerate(named):
        events = []
        for number, (event_id, event_name) in enumerate(_EVENTS[: 2 + offset % 4]):
            kinds = ["CurrentAssignee", "Reporter", "AllWatchers"] if number % 2 == 0 else ["Group", "ProjectRole"]
            if project is not None and event_id == 1:
                kinds.append("User")
            notifications = []
            for kind in kinds:
                notifications.append(_notification(next_id, kind, project))
                next_id += 1
            events.append(
                {"event": {"id": event_id, "name": event_name, "description": ""}, "notifications": notifications}
            )
        schemes.append(
            {
                "expand": "notificationSchemeEvents,user,group,projectRole,field,all",
                "id": 10000 + offset,
                "self": f"{API3}/notificationscheme/{10000 + offset}",
                "name": name,
                "description": f"Notifications for {project['name']}" if project else "",
                "notificationSchemeEvents": events,
            }
        )
    return schemes


def _notification(nid: int, kind: str, project: dict[str, Any] | None) -> dict[str, Any]:
    """Recipient objects (user, group, projectRole) are what `expand` adds; the handler drops them otherwise."""
    notification: dict[str, Any] = {"id": nid, "notificationType": kind}
    if kind == "Group":
        notification.update(parameter=_GROUP["name"], recipient=_GROUP["groupId"], group=dict(_GROUP))
    elif kind == "ProjectRole":
        role = {"self": f"{API3}/project/role/{_ROLE['id']}", **_ROLE}
        notification.update(parameter=str(_ROLE["id"]), recipient=str(_ROLE["id"]), projectRole=role)
    elif kind == "User" and project is not None:
        lead = user_ref(project["lead"])
        notification.update(parameter=lead["accountId"], recipient=lead["accountId"], user=lead)
    return notification


def _build_contexts(
    records: ConfigurationRecords, fields: list[dict[str, Any]], projects: list[dict[str, Any]]
) -> None:
    context_id, option_id = 10100, 10300
    for custom in (f for f in fields if f.get("custom")):
        name, schema = custom["name"], custom.get("schema", {})
        contexts = [
            (f"Default Configuration Scheme for {name}", "Default configuration scheme generated by Jira", True, True)
        ]
        if schema.get("type") in PROJECT_CONTEXT_TYPES:
            variants = ("", " (Bugs)", " (Epics)") if schema.get("type") != "date" else ("", " (Bugs)")
            for project in projects:
                for variant in variants:
                    description = f"{name} in {project['name']}{variant.lower()}"
                    contexts.append((f"{project['key']}: {name}{variant}", description, False, not variant))
        records.contexts[custom["id"]] = []
        for context_name, description, is_global, any_type in contexts:
            context: dict[str, Any] = {"id": str(context_id), "name": context_name, "description": description,
                       "isGlobalContext": is_global, "isAnyIssueType": any_type}  # fmt: skip
            records.contexts[custom["id"]].append(context)
            if schema.get("custom") in OPTION_FIELD_TYPES:
                known = ISSUE_OPTIONS.get(custom["id"]) if is_global else None
                if known is None:
                    known = tuple((str(option_id + n), f"{name} {letter}") for n, letter in enumerate("ABCDEFGHIJ"))
                    option_id += len(known)
                records.options[context["id"]] = [
                    {"id": oid, "value": value, "disabled": False} for oid, value in known
                ]
            context_id += 1


def site_labels(issues: list[dict[str, Any]]) -> list[str]:
    """Every label on a live issue, sorted (Jira lists the labels in use)."""
    return sorted({label for issue in issues for label in issue["fields"].get("labels") or ()})
