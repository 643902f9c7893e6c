"""`check` looks up every key in `jira.projects`: an unknown or wrong-case key would otherwise pass the check and
fail every sync with Jira's 400 on the JQL.

Cloud: one `GET /rest/api/3/project/search?keys=A&keys=B` per 50 keys (the documented maximum); Data Center has no
key filter, so one `GET /rest/api/2/project` (every project the user can browse).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.jira.site import JiraSite

KEYS_PER_SEARCH = 50
SUGGESTION_PAGE = 100  # project/search's maxResults cap: suggestions come from the first page
_LISTED = 20


def project_key_problems(client: ServiceClient, site: JiraSite, keys: Sequence[str]) -> list[str]:
    if not keys:
        return []
    found = _found_keys(client, site, keys)
    missing = [key for key in keys if key not in found]
    if not missing:
        return []
    visible = found if not site.is_cloud else project_keys_in(client.get("rest/api/3/project/search", _first_page()))
    return [_problem(key, visible) for key in missing]


def _found_keys(client: ServiceClient, site: JiraSite, keys: Sequence[str]) -> set[str]:
    if not site.is_cloud:
        return project_keys_in(client.get("rest/api/2/project"))
    found: set[str] = set()
    for start in range(0, len(keys), KEYS_PER_SEARCH):
        query = urlencode([("keys", key) for key in keys[start : start + KEYS_PER_SEARCH]])
        found |= project_keys_in(client.get(f"rest/api/3/project/search?{query}", _first_page()))
    return found


def _first_page() -> dict[str, Any]:
    return {"startAt": 0, "maxResults": SUGGESTION_PAGE}


def project_keys_in(body: Any) -> set[str]:
    """The keys in a project list: a Cloud page bean {"values": [...]} or Data Center's plain array."""
    projects: Iterable[Any] = (body.get("values") or []) if isinstance(body, dict) else (body or [])
    return {str(project.get("key")) for project in projects if isinstance(project, dict) and project.get("key")}


def _problem(key: str, visible: set[str]) -> str:
    same_case = [known for known in visible if known.upper() == key.upper()]
    close = same_case or difflib.get_close_matches(key.upper(), sorted(visible), n=1, cutoff=0.6)
    if close:
        hint = f"did you mean {close[0]}? (project keys are case-sensitive)"
    else:
        listed = ", ".join(sorted(visible)[:_LISTED]) + (", ..." if len(visible) > _LISTED else "")
        hint = f"the user can browse: {listed or 'no project'}"
    return (
        f"Jira: `jira.projects` lists {key}, which does not exist or the user cannot browse; {hint}. Fix the key, "
        "grant the user 'Browse projects' on it, or remove it from `jira.projects`."
    )
