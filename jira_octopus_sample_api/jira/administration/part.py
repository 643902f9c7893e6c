"""The fake APIs' administration part: its records, the ids its streams must read, its routes."""

from __future__ import annotations

import random
from datetime import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.exchange import RecordedRequest
from jira_octopus_sample_api.jira.administration.records import (
    APPLICATION_ROLES,
    PERMISSIONS,
    SETTINGS,
    TIME_TRACKING_PROVIDERS,
    AdministrationRecords,
    audit_record,
    build,
)
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute

PART_NAME = "administration"  # also administration_endpoints.PART_NAME
CLOUD = "cloud"
CLOUD_AVATAR_TYPES, DC_AVATAR_TYPES = ("issuetype", "project", "user", "priority"), ("issuetype", "project", "user")


class AdministrationPart(DatasetPart):
    name = PART_NAME

    def build(self, dataset: FakeDataset) -> None:
        core = {
            "users": dataset.jira_users,
            "projects": dataset.jira_projects,
            "statuses": dataset.jira_statuses,
            "issue_types": dataset.jira_issue_types,
        }
        rng = random.Random(f"jira-administration-{dataset.seed}")
        dataset.parts[self.name] = build(rng, dataset.size, to_epoch_ms(dataset.anchor), core)

    def records(self, dataset: FakeDataset) -> AdministrationRecords:
        return dataset.parts[self.name]

    def add_audit_record(self, dataset: FakeDataset, when: datetime | None = None) -> dict[str, Any]:
        """An audit event happening now (or at ``when``): what an incremental read must pick up next time."""
        found = self.records(dataset)
        author = next(u for u in dataset.jira_users if u["accountType"] == "atlassian")
        record = audit_record(next(found.audit_ids), to_epoch_ms(when or dataset.clock.now()), author)
        found.audit_records.append(record)
        return record

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        found = self.records(dataset)
        cloud = deployment == CLOUD
        ids = {
            "jira_filters": lambda: {f["id"] for f in found.filters if cloud or f["favourite"]},
            "jira_filter_sharing": lambda: {
                f"{f['id']}|{s['id']}" for f in found.filters if cloud or f["favourite"] for s in f["sharePermissions"]
            },
            "jira_dashboards": lambda: {d["id"] for d in found.dashboards},
            "jira_permissions": lambda: {key for key, _, _ in PERMISSIONS},
            "jira_permission_schemes": lambda: {str(s["id"]) for s in found.permission_schemes},
            "jira_workflows": lambda: {w["id"]["name"] for w in found.workflows},
            "jira_workflow_schemes": lambda: {str(s["id"]) for s in found.workflow_schemes} if cloud else set(),
            "jira_workflow_statuses": lambda: {s["id"] for s in found.statuses} if cloud else set(),
            "jira_time_tracking": lambda: {key for key, _, _ in TIME_TRACKING_PROVIDERS},
            "jira_application_roles": lambda: {key for key, _, _ in APPLICATION_ROLES},
            "jira_settings": lambda: {key for key, *_ in SETTINGS},
            "jira_avatars": lambda: {
                f"{kind}|{a['id']}"
                for kind in (CLOUD_AVATAR_TYPES if cloud else DC_AVATAR_TYPES)
                for a in found.avatars[kind]
            },
            "jira_server_info": lambda: {served_server_version(dataset, deployment)},
            "jira_audit_records": lambda: {str(r["id"]) for r in found.audit_records} if cloud else set(),
        }
        return ids[stream_name]() if stream_name in ids else None

    def jira_routes(self) -> list[JiraRoute]:
        # why imported here: the endpoint modules import the server state, which imports the dataset and its parts
        from jira_octopus_sample_api.jira.administration import routes as endpoints
        from jira_octopus_sample_api.jira.api import route

        return [
            route("GET", "filter/search", endpoints.filter_search, CLOUD),
            route("GET", "filter/favourite", endpoints.favourite_filters),
            route("GET", "dashboard/search", endpoints.dashboard_search, CLOUD),
            route("GET", "dashboard", endpoints.dashboard_list),
            route("GET", "permissions", endpoints.permissions),
            route("GET", "permissionscheme", endpoints.permission_schemes),
            route("GET", "workflows/search", endpoints.workflows_search, CLOUD),
            route("GET", "workflow", endpoints.workflow_list),
            route("GET", "workflowscheme", endpoints.workflow_schemes, CLOUD),
            route("GET", "statuses/search", endpoints.status_search, CLOUD),
            route("GET", "configuration/timetracking/list", endpoints.time_tracking_providers),
            route("GET", "applicationrole", endpoints.application_roles),
            route("GET", "application-properties", endpoints.application_properties),
            route("GET", r"avatar/[^/]+/system", endpoints.system_avatars),
            route("GET", "auditing/record", endpoints.audit_records, CLOUD),
        ]


def served_server_version(dataset: FakeDataset, deployment: str) -> str:
    """The `version` the fake's own serverInfo handler answers with on this flavour (read from it, not repeated)."""
    from jira_octopus_sample_api.jira.api import (
        JiraContext,  # why imported here: these modules import the dataset and its parts
    )
    from jira_octopus_sample_api.jira.core.render import JiraView
    from jira_octopus_sample_api.jira.core.routes import server_info

    view = JiraView(dataset, 3 if deployment == CLOUD else 2, deployment, dataset.JIRA_SITE)
    request = RecordedRequest("GET", "/rest/api/2/serverInfo", {}, {}, None)
    state = SimpleNamespace(clock=dataset.clock)
    return str(server_info(JiraContext(request, state, view, "serverInfo")).body["version"])  # type: ignore[arg-type]


PART = AdministrationPart()
