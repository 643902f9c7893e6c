"""Octopus kinds of the whole server (`GET /api/<collection>`, no space in the path): one partition, no SpaceId
stamp. Teams may belong to a space (their own `SpaceId`) or to the system (`SpaceId` null); `/api/teams` lists
both, whatever `octopus.spaces` says. User passwords are never emitted (`octopus/secrets.py`)."""

from __future__ import annotations

from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams.core import server_kind

STREAMS: tuple[type[OctopusStream], ...] = (
    server_kind("users", "users"),
    server_kind("teams", "teams"),
    server_kind("user_roles", "userroles"),
)
