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

from jira_octopus_sample_api.octopus.kinds.space_records import Record


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


SIMPLE_KINDS: tuple[SimpleKind, ...] = ()
