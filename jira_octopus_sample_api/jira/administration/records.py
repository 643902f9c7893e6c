"""The administration part's records, generated in the Cloud v3 shapes (DC renderings are in the endpoints module).

Counts for ``size`` issues: filters max(12, size/20), dashboards max(10, size/25), workflows max(10, size/25),
workflow schemes max(8, size/30), audit records max(50, size/5); statuses are the global six plus three per
team-managed project and
three that no active workflow uses. Audit records are spread over the 400 days before the anchor, oldest first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from jira_octopus_sample_api.clock import jira_time, to_epoch_ms
from jira_octopus_sample_api.jira.core.catalog import API3, JIRA_SITE
from jira_octopus_sample_api.jira.core.generator import clamp, pick, project_ref, user_ref

DAY_MS = 86_400_000
_CATEGORY_OF_STATUS = {"new": "TODO", "indeterminate": "IN_PROGRESS", "done": "DONE"}
_AUDIT_EVENTS = (  # (summary, category, object type)
    ("User added to group", "group management", "USER"),
    ("Project created", "projects", "PROJECT"),
    ("Workflow updated", "workflows", "WORKFLOW"),
    ("Permission scheme updated", "permissions", "SCHEME"),
    ("Custom field created", "fields", "CUSTOM_FIELD"),
    ("User created", "user management", "USER"),
)
_UNUSED_STATUSES = (("Ready for QA", "IN_PROGRESS"), ("Awaiting customer", "IN_PROGRESS"), ("Won't do", "DONE"))
PERMISSIONS = (  # (key, name, type)
    ("ADMINISTER", "Administer Jira", "GLOBAL"),
    ("SYSTEM_ADMIN", "Administer Jira System", "GLOBAL"),
    ("USER_PICKER", "Browse users and groups", "GLOBAL"),
    ("CREATE_SHARED_OBJECTS", "Share dashboards and filters", "GLOBAL"),
    ("BULK_CHANGE", "Make bulk changes", "GLOBAL"),
    ("ADMINISTER_PROJECTS", "Administer Projects", "PROJECT"),
    ("BROWSE_PROJECTS", "Browse Projects", "PROJECT"),
    ("CREATE_ISSUES", "Create Issues", "PROJECT"),
    ("EDIT_ISSUES", "Edit Issues", "PROJECT"),
    ("ASSIGN_ISSUES", "Assign Issues", "PROJECT"),
    ("TRANSITION_ISSUES", "Transition Issues", "PROJECT"),
    ("ADD_COMMENTS", "Add Comments", "PROJECT"),
    ("WORK_ON_ISSUES", "Work On Issues", "PROJECT"),
    ("DELETE_ISSUES", "Delete Issues", "PROJECT"),
)
SETTINGS = (  # (key, name, type, default, value)
    ("jira.clone.prefix", "The prefix added to the Summary field of cloned issues", "string", "CLONE -", "CLONE -"),
    ("jira.date.picker.java.format", "Date picker (Java format)", "string", "d/MMM/yy", "d/MMM/yy"),
    (
        "jira.date.time.picker.java.format",
        "Date time picker (Java format)",
        "string",
        "dd/MMM/yy h:mm a",
        "dd/MMM/yy h:mm a",
    ),
    ("jira.issue.actions.order", "Default order of issue actions", "string", "asc", "desc"),
    (
        "jira.table.cols.subtasks",
        "Fields included in sub-tasks table",
        "string",
        "issuetype, status",
        "issuetype, status",
    ),
    (
        "jira.view.issue.links.sort.order",
        "Sort order of issue links",
        "string",
        "type, status, priority",
        "type, status",
    ),
    ("jira.comment.collapsing.minimum.hidden", "Minimum comments to collapse", "number", "4", "4"),
    ("jira.newsletter.tip.delay.days", "Days before the newsletter tip", "number", "7", "7"),
    ("jira.option.timetracking", "Time tracking enabled", "boolean", "true", "true"),
)
APPLICATION_ROLES = (("jira-software", "Jira Software", 35000), ("jira-servicedesk", "Jira Service Management", 250))
TIME_TRACKING_PROVIDERS = (
    ("JIRA", "JIRA provided time tracking", "/secure/admin/TimeTrackingAdmin.jspa"),
    (
        "is.origo.jira.tempo-plugin__timetracking-provider",
        "Tempo Timesheets",
        "/plugins/servlet/ac/io.tempo.jira/tempo",
    ),
)
AVATAR_TYPES = {"issuetype": 10300, "project": 10400, "user": 10500, "priority": 10600}  # type -> first id


@dataclass
class AdministrationRecords:
    filters: list[dict[str, Any]] = field(default_factory=list)
    dashboards: list[dict[str, Any]] = field(default_factory=list)
    permission_schemes: list[dict[str, Any]] = field(default_factory=list)
    workflows: list[dict[str, Any]] = field(default_factory=list)
    workflow_schemes: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    avatars: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    audit_records: list[dict[str, Any]] = field(default_factory=list)
    audit_ids: count = field(default_factory=lambda: count(10000))


def user_bean(user: dict[str, Any]) -> dict[str, Any]:
    """A user as dashboards and share permissions embed it (Cloud `UserBean`)."""
    return {key: user[key] for key in ("self", "accountId", "avatarUrls", "displayName", "active")}


def build(rng: random.Random, size: int, anchor_ms: int, core: dict[str, Any]) -> AdministrationRecords:
    records = AdministrationRecords()
    humans = [u for u in core["users"] if u["accountType"] == "atlassian"]
    share_ids = count(10000)
    records.filters = [
        _filter(rng, i, anchor_ms, humans, core["projects"], share_ids) for i in range(clamp(size // 20, 12, 300))
    ]
    records.dashboards = [
        _dashboard(rng, i, humans, core["projects"], share_ids) for i in range(clamp(size // 25, 10, 200))
    ]
    records.workflows = [
        _workflow(i, anchor_ms, core["statuses"], core["projects"]) for i in range(clamp(size // 25, 10, 100))
    ]
    records.workflow_schemes = [
        _workflow_scheme(i, records.workflows, core["issue_types"]) for i in range(clamp(size // 30, 8, 100))
    ]
    records.permission_schemes = [_permission_scheme(i) for i in range(clamp(len(core["projects"]), 3, 100))]
    records.statuses = _statuses(core["statuses"], core["projects"])
    records.avatars = {
        kind: [_avatar(kind, first + n) for n in range(6 + first % 7)] for kind, first in AVATAR_TYPES.items()
    }
    events = clamp(size // 5, 50, 2000)
    for index in range(events):
        when = anchor_ms - 400 * DAY_MS + (index * 400 * DAY_MS) // events + int(rng.random() * 3_600_000)
        records.audit_records.append(audit_record(next(records.audit_ids), min(when, anchor_ms), pick(rng, humans)))
    return records


def _share(kind: int, share_ids: count, users: list[dict[str, Any]], projects: list[dict[str, Any]]) -> dict[str, Any]:
    share: dict[str, Any] = {"id": next(share_ids)}
    if kind == 0:
        share.update(type="global")
    elif kind == 1:
        share.update(type="project", project=project_ref(projects[share["id"] % len(projects)]))
    elif kind == 2:
        share.update(
            type="group", group={"name": "jira-software-users", "groupId": "6e87dc72-4f1f-421f-9382-2fee8b652487"}
        )
    elif kind == 3:
        share.update(type="loggedin")
    else:
        share.update(type="user", user=user_bean(users[share["id"] % len(users)]))
    return share


def _filter(
    rng: random.Random,
    index: int,
    anchor_ms: int,
    users: list[dict[str, Any]],
    projects: list[dict[str, Any]],
    share_ids: count,
) -> dict[str, Any]:
    fid, project = str(10000 + index), projects[index % len(projects)]
    jql = f"project = {project['key']} AND status != Done ORDER BY updated DESC"
    return {
        "expand": "favourite,sharePermissions,editPermissions,isWritable,approximateLastUsed,subscriptions",
        "self": f"{API3}/filter/{fid}",
        "id": fid,
        "name": f"{project['name']}: open work {index}",
        "description": f"Everything still open in {project['name']}." if index % 2 else "",
        "owner": user_ref(users[index % len(users)]),
        "jql": jql,
        "viewUrl": f"{JIRA_SITE}/issues/?filter={fid}",
        "searchUrl": f"{API3}/search/jql?jql={jql.replace(' ', '+')}",
        "favourite": index % 3 != 2,
        "favouritedCount": 1 + int(rng.random() * 9),
        "sharePermissions": [_share((index + n) % 5, share_ids, users, projects) for n in range(index % 4)],
        "editPermissions": [],
        "approximateLastUsed": jira_time(anchor_ms - index * DAY_MS),
        "subscriptions": [],
    }


def _dashboard(
    rng: random.Random, index: int, users: list[dict[str, Any]], projects: list[dict[str, Any]], share_ids: count
) -> dict[str, Any]:
    did = str(10000 + index)
    system = index == 0
    return {
        "id": did,
        "name": "Default dashboard" if system else f"{projects[index % len(projects)]['name']} overview",
        "self": f"{API3}/dashboard/{did}",
        "view": f"{JIRA_SITE}/jira/dashboards/{did}",
        "description": "" if system else "Sprint health, open bugs and recent activity.",
        "owner": user_bean(users[index % len(users)]),
        "isFavourite": index % 2 == 0,
        "popularity": int(rng.random() * 20),
        "rank": index,
        "sharePermissions": [_share(0 if system else 1 + index % 4, share_ids, users, projects)],
        "editPermissions": [],
        "isWritable": not system,
        "systemDashboard": system,
        "automaticRefreshMs": 0 if index % 3 else 900_000,
    }


def _workflow(
    index: int, anchor_ms: int, statuses: list[dict[str, Any]], projects: list[dict[str, Any]]
) -> dict[str, Any]:
    name = "jira" if index == 0 else f"Software workflow {index}"
    used = statuses[: 3 + index % (len(statuses) - 2)]
    return {
        "id": {"name": name, "entityId": f"{index:08x}-5c1e-4f5a-9d2e-{10000 + index:012x}"},
        "description": "The default Jira workflow." if index == 0 else f"Workflow of team {index}.",
        "created": jira_time(anchor_ms - (500 - index) * DAY_MS),
        "updated": jira_time(anchor_ms - (200 - index) * DAY_MS),
        "transitions": [
            {
                "id": str(11 + n * 10),
                "name": f"To {s['name']}",
                "description": "",
                "from": [],
                "to": s["id"],
                "type": "global",
            }
            for n, s in enumerate(used)
        ],
        "statuses": [{"id": s["id"], "name": s["name"], "properties": {}} for s in used],
        "isDefault": index == 0,
        "schemes": [{"id": str(10000 + index % 8), "name": f"Workflow scheme {index % 8}"}],
        "projects": [
            {key: p[key] for key in ("self", "id", "key", "name", "projectTypeKey", "simplified", "avatarUrls")}
            for p in projects[index % len(projects) :][:1]
        ],
        "hasDraftWorkflow": index % 5 == 4,
        "operations": {"canEdit": index != 0, "canDelete": index > 1},
    }


def _workflow_scheme(index: int, workflows: list[dict[str, Any]], issue_types: list[dict[str, Any]]) -> dict[str, Any]:
    names = [w["id"]["name"] for w in workflows]
    return {
        "id": 10000 + index,
        "name": "Default Workflow Scheme" if index == 0 else f"Workflow scheme {index}",
        "description": f"Workflows of team {index}.",
        "defaultWorkflow": names[index % len(names)],
        "issueTypeMappings": {t["id"]: names[(index + n) % len(names)] for n, t in enumerate(issue_types[: index % 3])},
        "draft": False,
        "self": f"{API3}/workflowscheme/{10000 + index}",
    }


def _permission_scheme(index: int) -> dict[str, Any]:
    sid = 10000 + index
    grants = [
        ("BROWSE_PROJECTS", {"type": "applicationRole", "parameter": "jira-software", "value": "jira-software"}),
        ("ADMINISTER_PROJECTS", {"type": "projectRole", "parameter": "10002", "value": "10002"}),
        (
            "CREATE_ISSUES",
            {"type": "group", "parameter": "jira-software-users", "value": "6e87dc72-4f1f-421f-9382-2fee8b652487"},
        ),
    ][: 1 + index % 3]
    return {
        "expand": "permissions,user,group,projectRole,field,all",
        "id": sid,
        "self": f"{API3}/permissionscheme/{sid}",
        "name": "Default Permission Scheme" if index == 0 else f"Permission scheme {index}",
        "description": "The permissions every project starts with." if index == 0 else f"Permissions of team {index}.",
        "permissions": [
            {
                "id": sid * 10 + n,
                "self": f"{API3}/permissionscheme/{sid}/permission/{sid * 10 + n}",
                "holder": holder,
                "permission": key,
            }
            for n, (key, holder) in enumerate(grants)
        ],
    }


def _statuses(global_statuses: list[dict[str, Any]], projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = [
        {
            "id": s["id"],
            "name": s["name"],
            "description": s["description"],
            "scope": {"type": "GLOBAL"},
            "statusCategory": _CATEGORY_OF_STATUS[s["statusCategory"]["key"]],
        }
        for s in global_statuses
    ]
    # why: `status` lists only statuses of active workflows; `statuses/search` also those no active workflow uses
    for n, (name, category) in enumerate(_UNUSED_STATUSES):
        found.append(
            {
                "id": str(10004 + n),
                "name": name,
                "description": "",
                "scope": {"type": "GLOBAL"},
                "statusCategory": category,
            }
        )
    scoped = [p for p in projects if p["simplified"]]
    for position, project in enumerate(scoped):
        for n, (name, category) in enumerate((("To Do", "TODO"), ("In Progress", "IN_PROGRESS"), ("Done", "DONE"))):
            found.append(
                {
                    "id": str(10100 + position * 3 + n),
                    "name": name,
                    "description": "",
                    "statusCategory": category,
                    "scope": {"type": "PROJECT", "project": {"id": project["id"]}},
                }
            )
    return found


def _avatar(kind: str, avatar_id: int) -> dict[str, Any]:
    sizes = (("16x16", "xsmall"), ("24x24", "small"), ("32x32", "medium"), ("48x48", "large"))
    base = f"{JIRA_SITE}/rest/api/2/universal_avatar/view/type/{kind}/avatar/{avatar_id}"
    return {
        "id": str(avatar_id),
        "isSystemAvatar": True,
        "isSelected": False,
        "isDeletable": False,
        "fileName": f"{kind}_{avatar_id}.svg",
        "urls": {px: f"{base}?size={word}" for px, word in sizes},
    }


def audit_record(record_id: int, created_ms: int, author: dict[str, Any]) -> dict[str, Any]:
    summary, category, object_type = _AUDIT_EVENTS[record_id % len(_AUDIT_EVENTS)]
    return {
        "id": record_id,
        "summary": summary,
        "remoteAddress": f"10.0.{record_id % 250}.{record_id % 7 + 1}",
        "authorKey": author["accountId"],
        "created": jira_time(created_ms),
        "category": category,
        "eventSource": "" if record_id % 4 else "Jira Connect Plugin",
        "objectItem": {"id": str(record_id), "name": f"{object_type.lower()}-{record_id}", "typeName": object_type},
        "changedValues": [{"fieldName": "name", "changedFrom": "", "changedTo": f"{object_type.lower()}-{record_id}"}],
        "associatedItems": [
            {
                "id": "jira-software-users",
                "name": "jira-software-users",
                "parentId": "1",
                "parentName": "Jira Internal Directory",
                "typeName": "GROUP",
            }
        ],
    }


def now_ms(dataset: Any) -> int:
    return to_epoch_ms(dataset.clock.now())
