"""Octopus kinds of the whole server (`GET /api/<collection>`, no space in the path): one partition, no SpaceId
stamp. Teams may belong to a space (their own `SpaceId`) or to the system (`SpaceId` null); `/api/teams` lists
both, whatever `octopus.spaces` says. User passwords are never emitted (`octopus/secrets.py`)."""

from __future__ import annotations

from source_jira_octopus.octopus.base import OctopusStream


class OctopusUsers(OctopusStream):
    name = "octopus_users"
    kind = "users"
    path_template = "users"


class OctopusTeams(OctopusStream):
    name = "octopus_teams"
    kind = "teams"
    path_template = "teams"


class OctopusUserRoles(OctopusStream):
    name = "octopus_user_roles"
    kind = "user_roles"
    path_template = "userroles"


STREAMS: tuple[type[OctopusStream], ...] = (OctopusUsers, OctopusTeams, OctopusUserRoles)
