"""Jira streams: webhook registrations (declared subclasses; the registry takes this module's STREAMS)."""

from __future__ import annotations

from source_jira_octopus.jira.base import JiraStream

STREAMS: tuple[type[JiraStream], ...] = ()
