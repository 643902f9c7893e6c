"""The Octopus core part: spaces, projects, environments, releases, deployments and machines (records in
``records.py``, edits in ``edits.py``, endpoints in ``routes.py``)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from jira_octopus_sample_api.clock import to_epoch_ms
from jira_octopus_sample_api.octopus.core.records import build_octopus
from jira_octopus_sample_api.part import DatasetPart, OctopusRoute

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset

SIZE_CAP = 20_000  # why: Octopus kinds scale with the issue count; 100,000 issues need no 63,000 deployments
KINDS = ("spaces", "projects", "environments", "releases", "deployments", "machines")


class OctopusCorePart(DatasetPart):
    """Its records are the dataset's ``octopus_<kind>`` lists (``octopus_records(kind, space_id)``): the other
    Octopus parts link to them and the edit helpers (``edits.py``) change them."""

    name = "octopus_core"

    def build(self, dataset: FakeDataset) -> None:
        rng = random.Random(f"octopus-{dataset.seed}")
        built = build_octopus(rng, min(dataset.size, SIZE_CAP), to_epoch_ms(dataset.anchor))
        for kind in KINDS:
            setattr(dataset, f"octopus_{kind}", built[kind])

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        kind = stream_name.removeprefix("octopus_")
        if stream_name == "octopus_environments":
            return None  # read from environments/v2: the kinds part adds its Parent and Ephemeral ones to these
        if stream_name.startswith("octopus_") and kind in KINDS:
            return {record["Id"] for record in getattr(dataset, stream_name)}
        return None

    def octopus_routes(self) -> list[OctopusRoute]:
        from jira_octopus_sample_api.octopus.core.routes import core_routes  # why: the routes import the dataset

        return core_routes()


PART = OctopusCorePart()
