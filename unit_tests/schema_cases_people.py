"""Schema cases of the people streams: sample records and a value each schema must reject."""

from __future__ import annotations

from unit_tests.schema_samples_jira import CLOUD_USER, DC_USER
from unit_tests.stream_case import StreamCase

CLOUD_MEMBER = {key: value for key, value in CLOUD_USER.items() if key != "locale"}
DC_MEMBER = {key: value for key, value in DC_USER.items() if key not in ("locale", "deleted")}
CASES: list[StreamCase] = [
    StreamCase(
        "jira_groups",
        ("name",),
        "jira",
        "GroupDetails",
        (),
        (
            {"name": "jdog-developers", "groupId": "276f955c-63d7-42c8-9520-92d01dca0625"},
            {"name": "jira-software-users", "html": "<b>jira</b>-software-users", "labels": []},
        ),
        ("groupId", 276),
    ),
    StreamCase(
        "jira_group_members",
        ("groupName", "userId"),
        "jira",
        "UserDetails",
        (),
        (
            {
                **CLOUD_MEMBER,
                "groupName": "jdog-developers",
                "groupId": "276f955c",
                "userId": CLOUD_MEMBER["accountId"],
            },
            {**DC_MEMBER, "groupName": "jira-software-users", "groupId": None, "userId": DC_MEMBER["key"]},
        ),
        ("active", "yes"),
    ),
]
