"""The fake APIs' issue details part: watchers, voters, remote links, properties and issue links of the issues, the
ids their streams must read (transitions and field history included), and the per-issue routes.

Routes (Cloud v3 and Data Center v2 alike; DC users carry ``key``/``name``), in ``issue_details_endpoints``:
``GET issue/{idOrKey}/watchers`` -> ``{self, isWatching, watchCount, watchers}``, ``GET issue/{idOrKey}/votes`` ->
``{self, votes, hasVoted, voters}``, ``GET issue/{idOrKey}/remotelink`` -> an array (with ``globalId``: that one link, an object; the spec's response
schema describes only the object, its example and description both),
``GET issue/{idOrKey}/properties`` -> ``{keys: [{self, key}]}`` and ``GET issue/{idOrKey}/properties/{key}`` ->
``{key, value}``, Cloud ``POST issue/bulkfetch`` (issues with ``fields``, ``expand`` and up to 5 ``properties``),
``GET issue/{idOrKey}/transitions`` -> ``{expand, transitions}`` (what the search embeds with
``expand=transitions``; the connector never calls it, source-jira 4.0.0 does, per issue); 404 with Jira's message for
an unknown issue or property. ``fields.issuelinks`` is served by the issue search itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.jira.core.generator import user_ref
from jira_octopus_sample_api.jira.core.realistic import transitions
from jira_octopus_sample_api.jira.issue_details.records import build_details, details_of, voter_ids, watcher_ids
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute


class IssueDetailsPart(DatasetPart):
    name = "issue_details"

    def build(self, dataset: FakeDataset) -> None:
        people = [user for user in dataset.jira_users if user["accountType"] == "atlassian"]
        details = build_details(dataset.seed, dataset.jira_issues, [user["accountId"] for user in people])
        details.users = {user["accountId"]: user_ref(user) for user in people}
        dataset.parts[self.name] = details

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        reader = _ID_READERS.get(stream_name)
        if reader is None:
            return None
        return {key for issue in dataset.jira_issues for key in reader(dataset, issue, deployment)}

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.api import route
        from jira_octopus_sample_api.jira.issue_details import (
            routes as endpoints,  # why here: jira_api imports the dataset, which imports us
        )

        return [
            route("GET", r"issue/[^/]+/watchers", endpoints.watchers),
            route("GET", r"issue/[^/]+/votes", endpoints.votes),
            route("GET", r"issue/[^/]+/remotelink", endpoints.remote_links),
            route("GET", r"issue/[^/]+/properties", endpoints.property_keys),
            route("GET", r"issue/[^/]+/properties/[^/]+", endpoints.property_value),
            route("GET", r"issue/[^/]+/transitions", endpoints.issue_transitions),
            route("POST", "issue/bulkfetch", endpoints.issue_bulkfetch, "cloud"),
        ]


PART = IssueDetailsPart()


def _person_keys(dataset: FakeDataset, issue: dict[str, Any], people: list[str], deployment: str) -> list[str]:
    """`issueId|userId`: the user's accountId on Cloud, key on Data Center."""
    if deployment == "cloud":
        return [f"{issue['id']}|{account}" for account in people]
    return [f"{issue['id']}|{dataset.jira_dc_users[account]['key']}" for account in people]


def _field_history_ids(dataset: FakeDataset, issue: dict[str, Any], deployment: str) -> list[str]:
    return [
        f"{history['id']}:{index}"
        for history in dataset.children(issue["id"], "changelog")
        for index in range(len(history["items"]))
    ]


_ID_READERS: dict[str, Callable[[FakeDataset, dict[str, Any], str], list[str]]] = {
    "jira_issue_transitions": lambda dataset, issue, deployment: [
        f"{issue['id']}|{t['id']}" for t in transitions(dataset.jira_statuses, issue["fields"]["status"])
    ],
    "jira_issue_links": lambda dataset, issue, deployment: [
        f"{issue['id']}|{link['id']}" for link in issue["fields"]["issuelinks"]
    ],
    "jira_issue_watchers": lambda dataset, issue, deployment: _person_keys(
        dataset, issue, watcher_ids(dataset, issue), deployment
    ),
    "jira_issue_votes": lambda dataset, issue, deployment: _person_keys(
        dataset, issue, voter_ids(dataset, issue), deployment
    ),
    "jira_issue_remote_links": lambda dataset, issue, deployment: [
        str(link["id"]) for link in details_of(dataset).remote_links.get(issue["id"], [])
    ],
    "jira_issue_properties": lambda dataset, issue, deployment: [
        f"{issue['id']}|{key}" for key in details_of(dataset).properties.get(issue["id"], {})
    ],
    "jira_issue_field_history": _field_history_ids,
}
