"""One row per work item a release delivered, from the release's `BuildInformation` (what the build server pushed
for each package, with the Jira issues found in its commits):

    {"Id": "Releases-7", "Version": "1.4.0", "ProjectId": "Projects-2", "Assembled": "...",
     "BuildInformation": [{"PackageId": "OrdersService", "Version": "1.4.0", "BuildUrl": "...",
                           "WorkItems": [{"Id": "ORD-12", "Source": "Jira", "LinkUrl": "...", "Description": "..."}]}]}

becomes `{"Id": "ORD-12", "Source": "Jira", "LinkUrl": ..., "Description": ..., "ReleaseId": "Releases-7",
"ReleaseVersion": "1.4.0", "PackageId": "OrdersService", "PackageVersion": "1.4.0", ...}`: the warehouse joins
deployments (ReleaseId) to the Jira issues (Id = the issue key) they shipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

WORK_ITEM_FIELDS = ("Id", "Source", "LinkUrl", "Description")
RELEASE_FIELDS = {"ReleaseId": "Id", "ReleaseVersion": "Version", "ReleaseAssembled": "Assembled"}
RELEASE_KEPT = ("ProjectId", "ChannelId", "SpaceId")
PACKAGE_FIELDS = {
    "PackageId": "PackageId",
    "PackageVersion": "Version",
    "BuildEnvironment": "BuildEnvironment",
    "BuildNumber": "BuildNumber",
    "BuildUrl": "BuildUrl",
    "Branch": "Branch",
    "VcsType": "VcsType",
    "VcsRoot": "VcsRoot",
    "VcsCommitNumber": "VcsCommitNumber",
    "VcsCommitUrl": "VcsCommitUrl",
    "IssueTrackerName": "IssueTrackerName",
}


def work_item_rows(release: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every (package, work item) of one release; a release without build information has none."""
    shared = {name: release.get(field) for name, field in RELEASE_FIELDS.items()}
    shared.update({name: release.get(name) for name in RELEASE_KEPT})
    links = release.get("Links")
    links = links if isinstance(links, Mapping) else {}
    shared["Links"] = {"Release": links.get("Self"), "Web": links.get("Web")}
    for package in _mappings(release.get("BuildInformation")):
        built = {name: package.get(field) for name, field in PACKAGE_FIELDS.items()}
        for item in _mappings(package.get("WorkItems")):
            yield {**{name: item.get(name) for name in WORK_ITEM_FIELDS}, **shared, **built}


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [entry for entry in value if isinstance(entry, Mapping)] if isinstance(value, list) else []
