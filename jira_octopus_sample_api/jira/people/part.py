"""The fake APIs' people part: groups and their members (users themselves are the core dataset's).

Groups: ``jira-administrators`` (the first three people), ``site-admins`` (the first two), ``jira-software-users``
(every person, inactive ones too) and one ``team-<project key>`` group per project (its lead and a slice of
people). Cloud pages groups (``group/bulk``) and members (``group/member``, PageBean) at most 50 a page, as Jira
does; Data Center lists groups through ``groups/picker`` (at most ``picker_limit`` groups, the site's
``jira.ajax.autocomplete.limit``, here raised by its admin to 1,000; lower it to see the cap) and pages members with
the same PageBean as Cloud. Members leave out inactive users unless ``includeInactiveUsers=true``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_octopus_sample_api.jira.people.records import PeopleRecords, build_people
from jira_octopus_sample_api.part import DatasetPart

if TYPE_CHECKING:
    from jira_octopus_sample_api.dataset import FakeDataset
    from jira_octopus_sample_api.jira.api import JiraRoute


class PeoplePart(DatasetPart):
    name = "people"

    def build(self, dataset: FakeDataset) -> None:
        dataset.parts[self.name] = build_people(dataset)

    def ids(self, dataset: FakeDataset, stream_name: str, deployment: str) -> set[str] | None:
        records: PeopleRecords = dataset.parts[self.name]
        if stream_name == "jira_groups":
            return {g["name"] for g in records.groups}
        if stream_name == "jira_group_members":

            def user_id(account_id: str) -> str:
                return account_id if deployment == "cloud" else dataset.jira_dc_users[account_id]["key"]

            return {f"{group}|{user_id(a)}" for group, accounts in records.members.items() for a in accounts}
        return None

    def jira_routes(self) -> list[JiraRoute]:
        from jira_octopus_sample_api.jira.people.routes import (
            people_routes,  # why: the endpoint modules import the dataset, which imports us
        )

        return people_routes()


PART = PeoplePart()
