"""Octopus kinds of the whole server (`GET /api/<collection>`, no space in the path): one partition, no SpaceId
stamp. Teams may belong to a space (their own `SpaceId`) or to the system (`SpaceId` null); `/api/teams` lists
both, whatever `octopus.spaces` says. User passwords are never emitted (`octopus/secrets.py`). Deployment freezes
(`/api/deploymentfreezes`, Octopus 2025.1 and later) scope projects and environments of any space; a server
without them answers 404, and the stream is skipped with a warning naming the server's version."""

from __future__ import annotations

from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams.core import server_kind

STREAMS: tuple[type[OctopusStream], ...] = (
    server_kind("users", "users"),
    server_kind("teams", "teams"),
    server_kind("user_roles", "userroles"),
    server_kind("deployment_freezes", "deploymentfreezes", cap_noun="deployment freezes"),
)
