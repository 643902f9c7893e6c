"""Octopus kinds: declared subclasses by domain, and the registry of every one."""

from __future__ import annotations

from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams import (
    activity,
    core,
    space_kinds,
    subscriptions,
    system_activity,
    system_kinds,
)
from source_jira_octopus.octopus.streams.core import OctopusSpaces, OctopusSpaceStream

__all__ = ["OCTOPUS_KINDS", "OCTOPUS_STREAMS", "OctopusSpaceStream", "OctopusSpaces"]

# Parents before their children; `discover` lists streams in this order.
OCTOPUS_STREAMS: tuple[type[OctopusStream], ...] = (
    *core.STREAMS,
    *space_kinds.STREAMS,
    *system_kinds.STREAMS,
    *activity.STREAMS,
    *system_activity.STREAMS,
    *subscriptions.STREAMS,
)
# What `octopus.max_items_per_kind` accepts.
OCTOPUS_KINDS: tuple[str, ...] = tuple(kind.kind for kind in OCTOPUS_STREAMS if kind is not OctopusSpaces)
