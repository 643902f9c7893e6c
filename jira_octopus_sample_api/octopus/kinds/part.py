"""The fake APIs' octopus kinds part: the space-scoped configuration kinds, the secret-bearing kinds and the
server-wide users, teams and user roles (records built by ``octopus_space_kinds``, ``octopus_secret_kinds`` and
``octopus_system_kinds``), the ``simple_kinds.py`` rows, and the kinds of ``documented_kinds.py`` (every collection
the vendor's Swagger pages that no part builds by hand; records synthesised from the component by
``swagger_records.py``); the space-scoped
collections are served by ``octopus_api``'s generic table, the server-wide ones here."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.octopus.kinds.deployment_freezes import build_deployment_freezes
from jira_octopus_sample_api.octopus.kinds.documented_kinds import DECLARED_KINDS
from jira_octopus_sample_api.octopus.kinds.environments_v2 import v2_only_environments
from jira_octopus_sample_api.octopus.kinds.hand_built import HAND_BUILT_SYSTEM_KINDS
from jira_octopus_sample_api.octopus.kinds.secret_records import SecretKindBuilder
from jira_octopus_sample_api.octopus.kinds.secrets import SecretBook
from jira_octopus_sample_api.octopus.kinds.simple_kinds import SIMPLE_KINDS, KindSpace
from jira_octopus_sample_api.octopus.kinds.space_records import Record, SpaceKindBuilder
from jira_octopus_sample_api.octopus.kinds.swagger_records import declared_records
from jira_octopus_sample_api.octopus.kinds.system_records import build_teams, build_user_roles, build_users
from jira_octopus_sample_api.paging import octopus_collection, octopus_filtered
from jira_octopus_sample_api.part import DatasetPart, OctopusRoute, octopus_route

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.server_state import ServerState

SPACE_KINDS = (
    "project_groups",
    "lifecycles",
    "channels",
    "tenants",
    "worker_pools",
    "workers",
    "feeds",
    "runbooks",
    "library_variable_sets",
    "accounts",
    "certificates",
    "deployment_processes",
    "interruptions",
    "artifacts",
)
SYSTEM_KINDS = {
    **HAND_BUILT_SYSTEM_KINDS,
    **{
        k.segment.lower(): (k.kind, k.item_type, f"skip,take,{k.filters}") for k in DECLARED_KINDS if not k.space_scoped
    },
}
WEIGHTS = (1.0, 0.6, 0.3)  # the core generator's space weights, largest space first
COMPOSITE_KEYS = {"octopus_feeds": ("SpaceId", "Id")}  # built-in feeds have the same id in every space


@dataclass
class OctopusKindRecords:
    by_kind: dict[str, list[Record]] = field(
        default_factory=lambda: {
            k: []
            for k in (
                *SPACE_KINDS,
                *(simple.kind for simple in SIMPLE_KINDS),
                *(declared.kind for declared in DECLARED_KINDS),
                *(kind for kind, _, _ in SYSTEM_KINDS.values()),
            )
        }
    )
    secrets: list[str] = field(default_factory=list)
    environments_v2_only: list[Record] = field(default_factory=list)  # Parent and Ephemeral (environments_v2.py)

    def in_space(self, kind: str, space_id: str) -> list[Record]:
        return [record for record in self.by_kind[kind] if record.get("SpaceId") == space_id]


class OctopusKindsPart(DatasetPart):
    name = "octopus_kinds"

    def build(self, dataset: FakeDataset) -> None:
        rng = random.Random(f"octopus-kinds-{dataset.seed}")
        anchor_ms = int(dataset.anchor.timestamp() * 1000)
        size = min(dataset.size, 20_000)
        found = OctopusKindRecords()
        book = SecretBook(rng)
        spaces = SpaceKindBuilder(rng, size, anchor_ms, found.by_kind, book)
        secrets = SecretKindBuilder(rng, size, anchor_ms, found.by_kind, book)
        hotfix = sum(1 for _ in dataset.octopus_projects)
        for rank, space in enumerate(dataset.octopus_spaces):
            space_id, weight = space["Id"], WEIGHTS[min(rank, len(WEIGHTS) - 1)]
            envs = dataset.octopus_records("environments", space_id)
            projects = dataset.octopus_records("projects", space_id)
            groups = spaces.project_groups(space_id, weight, envs)
            lifecycles = spaces.lifecycles(space_id, weight, envs)
            _link_projects(projects, groups, lifecycles)
            hotfix = spaces.channels(space_id, projects, lifecycles, hotfix)
            spaces.tenants(space_id, weight, projects, envs)
            spaces.workers(space_id, weight, spaces.worker_pools(space_id, rank == len(dataset.octopus_spaces) - 1))
            spaces.feeds(space_id, rank == len(dataset.octopus_spaces) - 1)
            spaces.runbooks(space_id, projects, envs)
            secrets.library_variable_sets(space_id, weight)
            secrets.accounts(space_id, min(rank, 2), envs)
            secrets.certificates(space_id, min(rank, 2), envs)
            secrets.deployment_processes(space_id, projects, found.by_kind["feeds"])
            deployments = dataset.octopus_records("deployments", space_id)
            secrets.interruptions(space_id, deployments)
            secrets.artifacts(space_id, deployments)
        for simple in SIMPLE_KINDS:  # one row each (simple_kinds.py), each with a generator of its own
            kind_rng = random.Random(f"octopus-kind-{simple.kind}-{dataset.seed}")
            for rank, space in enumerate(dataset.octopus_spaces):
                weight = WEIGHTS[min(rank, len(WEIGHTS) - 1)]
                numbered = len(found.by_kind[simple.kind]) + 1
                space_records = simple.records(KindSpace(kind_rng, space["Id"], weight, anchor_ms, numbered))
                found.by_kind[simple.kind].extend(space_records)
        weighted = [
            (space["Id"], WEIGHTS[min(rank, len(WEIGHTS) - 1)]) for rank, space in enumerate(dataset.octopus_spaces)
        ]
        for declared in DECLARED_KINDS:  # from their Swagger components (documented_kinds.py, swagger_records.py)
            kind_rng = random.Random(f"octopus-kind-{declared.kind}-{dataset.seed}")
            found.by_kind[declared.kind] = declared_records(declared, kind_rng, anchor_ms, weighted)
        found.by_kind["users"] = build_users(rng, size, anchor_ms, book)
        found.by_kind["teams"] = build_teams(rng, anchor_ms, dataset.octopus_spaces, found.by_kind["users"])
        found.by_kind["user_roles"] = build_user_roles(rng, anchor_ms)
        found.by_kind["deployment_freezes"] = build_deployment_freezes(
            anchor_ms, list(dataset.octopus_projects), list(dataset.octopus_environments)
        )
        found.secrets = book.values
        found.environments_v2_only = v2_only_environments(
            [space["Id"] for space in dataset.octopus_spaces], list(dataset.octopus_environments)
        )
        dataset.parts[self.name] = found

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        kind = stream_name.removeprefix("octopus_")
        found: OctopusKindRecords = dataset.parts[self.name]
        if stream_name == "octopus_environments":  # read from environments/v2: the static ones and the others
            return {r["Id"] for r in (*dataset.octopus_environments, *found.environments_v2_only)}
        if not stream_name.startswith("octopus_") or kind not in found.by_kind:
            return None
        keys = COMPOSITE_KEYS.get(stream_name, ("Id",))
        return {"|".join(str(record[key]) for key in keys) for record in found.by_kind[kind]}

    def octopus_routes(self) -> list[OctopusRoute]:
        return [
            octopus_route("GET", rf"/api/(?P<segment>{'|'.join(SYSTEM_KINDS)})", _system_collection),
            octopus_route("GET", r"/api/(?P<space_id>Spaces-\d+)/(?P<segment>teams)", _system_collection),
        ]


def _link_projects(projects: list[Record], groups: list[Record], lifecycles: list[Record]) -> None:
    """Point the core projects at project groups and lifecycles of their own space."""
    for index, project in enumerate(projects):
        project["ProjectGroupId"] = groups[index % len(groups)]["Id"]
        project["LifecycleId"] = lifecycles[0]["Id"]


def _system_collection(
    state: ServerState, request: RecordedRequest, segment: str, space_id: str | None = None
) -> ApiResponse:
    """A server-wide collection; `/api/{spaceId}/teams` lists that space's teams and, unless `includeSystem=false`,
    the system teams (no `SpaceId`)."""
    kind, item_type, filters = SYSTEM_KINDS[segment.lower()]
    records: list[dict[str, Any]] = sorted(
        state.dataset.parts[PART.name].by_kind[kind],
        key=lambda r: (r.get("DisplayName") or r.get("Name") or r["Id"]).lower(),
    )
    if space_id is not None:
        system = (request.param("includeSystem") or "true").lower() != "false"
        records = [
            r for r in records if r.get("SpaceId", "").lower() == space_id.lower() or (system and "SpaceId" not in r)
        ]
    base = f"/api/{space_id}/{segment.lower()}" if space_id else f"/api/{segment.lower()}"
    return ApiResponse(
        200, octopus_collection(request, base, item_type, octopus_filtered(request, records), f"{base}{{?{filters}}}")
    )


PART = OctopusKindsPart()
