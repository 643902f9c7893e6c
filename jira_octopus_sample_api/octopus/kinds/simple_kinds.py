"""Octopus kinds the sample API serves from one row each: a space-scoped collection and its records builder.

A row is the whole fake side of a simple kind: the path segment (`/api/{spaceId}/<segment>`), the dataset's kind
(the connector's `kind`, so its stream `octopus_<kind>` compares against these records), the collection's ItemType,
the permission a key needs in the space (None: any key that sees the space), the order Octopus lists them in, the
filters of its link template, and a function that builds one space's records. Each kind draws from a random
generator of its own, so adding one changes no other kind's records.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from jira_octopus_sample_api.octopus.kinds.space_records import Record, links, modified


@dataclass(frozen=True)
class KindSpace:
    """What a builder gets for one space: ids are numbered across spaces from `first_number`."""

    rng: random.Random
    space_id: str
    weight: float  # the core generator's space weight: 1.0, 0.6, 0.3
    anchor_ms: int
    first_number: int


@dataclass(frozen=True)
class SimpleKind:
    segment: str
    kind: str
    item_type: str
    permission: str | None
    sort: str  # a key of octopus/api.py's _SORTS
    filters: str
    records: Callable[[KindSpace], list[Record]]


TAG_SETS = {
    "Region": ("US East", "US West", "EU Central", "AP Southeast"),
    "Customer tier": ("Free", "Standard", "Enterprise"),
    "Release ring": ("Canary", "Early adopters", "Broad"),
}


def tag_sets(space: KindSpace) -> list[Record]:
    """`GET /api/{spaceId}/tagsets`: TagSetResource, listed by SortOrder, each with its Tags (2020.5 Swagger)."""
    count = 1 + round(2 * space.weight)
    found = []
    for index, (name, tag_names) in enumerate(list(TAG_SETS.items())[:count]):
        tag_set_id = f"TagSets-{space.first_number + index}"
        found.append(
            {
                "Id": tag_set_id,
                "SpaceId": space.space_id,
                "Name": name,
                "Description": f"Tenant tags: {name.lower()}.",
                "SortOrder": index,
                "Tags": [
                    {
                        "Id": f"{tag_set_id}-{position}",
                        "Name": tag,
                        "CanonicalTagName": f"{name}/{tag}",
                        "Color": space.rng.choice(("#333333", "#1F75FE", "#5ECD9E", "#FFA461")),
                        "Description": "",
                        "SortOrder": position,
                    }
                    for position, tag in enumerate(tag_names)
                ],
                **modified(space.rng, space.anchor_ms),
                "Links": links(space.space_id, "tagsets", tag_set_id, "library/tagsets"),
            }
        )
    return found


SIMPLE_KINDS: tuple[SimpleKind, ...] = (
    # Octopus has no TagSetView: the 2020.5 Swagger names only TagSetCreate, TagSetEdit and TagSetDelete.
    SimpleKind("tagsets", "tag_sets", "TagSet", None, "sort_order", "ids,partialName", tag_sets),
)
