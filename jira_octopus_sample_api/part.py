"""Per-domain parts of the fake APIs: each builds its records once the core dataset exists, knows the ids a full
read of its streams must return, and serves its own Jira and Octopus routes.

A part keeps its records in ``dataset.parts[part.name]`` (any object it likes), never in new ``FakeDataset``
attributes, so domains stay independent of each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jira_octopus_sample_api.exchange import ApiResponse

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute

# (path regex with named groups, handler(state, request, **groups) -> ApiResponse, HTTP methods)
OctopusHandler = Callable[..., ApiResponse]
OctopusRoute = tuple[str, OctopusHandler, frozenset[str]]


class DatasetPart:
    """The defaults: no records, no streams, no routes. Subclasses override what they serve."""

    name = "part"

    def build(self, dataset: FakeDataset) -> None:
        """Generate this domain's records (deterministic from ``dataset.seed`` and ``dataset.size``)."""

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        """Primary keys a full read of ``stream_name`` must return, or None when the stream is not this part's."""
        return None

    def jira_routes(self) -> list[JiraRoute]:
        return []

    def octopus_routes(self) -> list[OctopusRoute]:
        return []

    def records(self, dataset: FakeDataset) -> Any:
        return dataset.parts.get(self.name)


def octopus_route(methods: str, pattern: str, handler: OctopusHandler) -> OctopusRoute:
    return (pattern, handler, frozenset(methods.split()))
