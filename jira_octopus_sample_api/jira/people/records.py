"""The people part's records: groups and their members (see part.py for the rules they follow)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset

STANDARD_GROUPS = ("jira-administrators", "jira-software-users", "site-admins")


@dataclass
class PeopleRecords:
    groups: list[dict[str, str]]  # Cloud GroupDetails ({"name", "groupId"}), by name
    members: dict[str, list[str]]  # group name -> accountIds, in the order Jira lists them
    picker_limit: int = 1000  # Data Center's jira.ajax.autocomplete.limit
    by_account: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_people(dataset: FakeDataset) -> PeopleRecords:
    rng = random.Random(f"jira-people-{dataset.seed}")
    people = [u for u in dataset.jira_users if u["accountType"] == "atlassian"]
    ids = [u["accountId"] for u in people]
    members = {"jira-administrators": ids[:3], "jira-software-users": ids, "site-admins": ids[:2]}
    for index, project in enumerate(dataset.jira_projects):
        lead = project["lead"]["accountId"]
        team = ids[(index * 5) % len(ids) :][:6]
        members[f"team-{project['key'].lower()}"] = [lead, *[i for i in team if i != lead]]
    groups = [{"name": name, "groupId": _uuid(rng)} for name in sorted(members)]
    by_account = {u["accountId"]: u for u in dataset.jira_users}
    return PeopleRecords(groups, members, by_account=by_account)


def _uuid(rng: random.Random) -> str:
    value = f"{rng.getrandbits(128):032x}"
    return f"{value[:8]}-{value[8:12]}-4{value[13:16]}-a{value[17:20]}-{value[20:]}"
