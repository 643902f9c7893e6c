"""Octopus kinds: subscriptions (declared subclasses; the registry takes this module's STREAMS)."""

from __future__ import annotations

from source_jira_octopus.octopus.base import OctopusStream

STREAMS: tuple[type[OctopusStream], ...] = ()
