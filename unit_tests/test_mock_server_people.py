"""Whole reads of the people streams against HttpMocker (exact paging parameters, each request sent once):
groups and their members on both flavours, the Data Center group picker's cap, and users past 1,000."""

from airbyte_cdk.test.mock_http import HttpMocker

from source_jira_octopus.jira.streams.people import GROUP_PICKER_LIMIT
from testkit.mock_server import DC, JIRA, JIRA_CLOUD, JIRA_DC, Mocks, run

GROUPS = [
    {"name": "jira-administrators", "groupId": "g-1"},
    {"name": "site-admins", "groupId": "g-2"},
    {"name": "team-ed", "groupId": "g-3"},
]


def bean(values, start, total):
    return {"startAt": start, "maxResults": 2, "total": total, "isLast": start + len(values) >= total, "values": values}


def test_cloud_groups_and_members_page_by_group_id_with_inactive_users():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for start in (0, 2):
            mocks.get(
                f"{JIRA}/rest/api/3/group/bulk",
                {"startAt": str(start), "maxResults": "2"},
                bean(GROUPS[start : start + 2], start, 3),
            )
        members = {"g-1": [["a", "b"], ["c"]], "g-2": [["a"]], "g-3": [[]]}
        for group_id, pages in members.items():
            total = sum(len(p) for p in pages)
            for number, accounts in enumerate(pages):
                params = {
                    "groupId": group_id,
                    "includeInactiveUsers": "true",
                    "startAt": str(2 * number),
                    "maxResults": "2",
                }
                body = bean([{"accountId": a, "active": a != "c"} for a in accounts], 2 * number, total)
                mocks.get(f"{JIRA}/rest/api/3/group/member", params, body)
        output = run({"jira": JIRA_CLOUD}, "jira_group_members")
        mocks.verify()
    assert not output.errors
    assert sorted(
        (r.record.data["groupName"], r.record.data["groupId"], r.record.data["userId"]) for r in output.records
    ) == [
        ("jira-administrators", "g-1", "a"),
        ("jira-administrators", "g-1", "b"),
        ("jira-administrators", "g-1", "c"),
        ("site-admins", "g-2", "a"),
    ]


def test_data_center_groups_come_from_the_picker_and_members_by_group_name():
    picked = {
        "header": "Showing 2 of 2 matching groups",
        "total": 2,
        "groups": [
            {"name": "jira-users", "html": "jira-users", "labels": []},
            {"name": "devs", "html": "devs", "labels": []},
        ],
    }
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(f"{DC}/rest/api/2/groups/picker", {"maxResults": str(GROUP_PICKER_LIMIT)}, picked)
        for name, keys in (("jira-users", ["JIRAUSER10100", "JIRAUSER10101"]), ("devs", [])):
            params = {"groupname": name, "includeInactiveUsers": "true", "startAt": "0", "maxResults": "2"}
            mocks.get(
                f"{DC}/rest/api/2/group/member",
                params,
                bean([{"key": k, "name": k.lower()} for k in keys], 0, len(keys)),
            )
        output = run({"jira": JIRA_DC}, "jira_group_members")
        mocks.verify()
    assert not output.errors
    assert [
        (r.record.data["groupName"], r.record.data["userId"], r.record.data.get("groupId")) for r in output.records
    ] == [
        ("jira-users", "JIRAUSER10100", None),
        ("jira-users", "JIRAUSER10101", None),
    ]


def test_data_center_picker_cut_short_by_the_site_limit_says_so():
    picked = {
        "header": "Showing 1 of 25 matching groups",
        "total": 25,
        "groups": [{"name": "jira-users", "html": "jira-users", "labels": []}],
    }
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mocks.get(f"{DC}/rest/api/2/groups/picker", {"maxResults": str(GROUP_PICKER_LIMIT)}, picked)
        output = run({"jira": JIRA_DC}, "jira_groups")
        mocks.verify()
    assert [r.record.data["name"] for r in output.records] == ["jira-users"]
    warnings = [m.log.message for m in output.logs if "jira.ajax.autocomplete.limit" in m.log.message]
    assert len(warnings) == 1 and "1 of 25 groups" in warnings[0]


def test_cloud_users_page_past_a_thousand_without_a_total():
    """`users/search` is a plain array: paged by startAt until an empty page, not stopped at 1,000."""
    users = [{"accountId": f"acc-{n:04d}"} for n in range(1003)]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for start in [*range(0, 1100, 100), 1003]:  # the page at 1,000 holds 3 users, an empty one ends it
            mocks.get(
                f"{JIRA}/rest/api/3/users/search",
                {"startAt": str(start), "maxResults": "100"},
                users[start : start + 100],
            )
        output = run({"jira": {**JIRA_CLOUD, "page_size": 100}}, "jira_users")
        mocks.verify()
    assert not output.errors
    assert [r.record.data["accountId"] for r in output.records] == [u["accountId"] for u in users]


def test_data_center_users_page_past_a_thousand_including_inactive_ones():
    users = [{"key": f"JIRAUSER{10000 + n}", "active": n % 7 != 0} for n in range(1001)]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for start in [*range(0, 1100, 100), 1001]:
            params = {"username": ".", "includeInactive": "true", "startAt": str(start), "maxResults": "100"}
            mocks.get(f"{DC}/rest/api/2/user/search", params, users[start : start + 100])
        output = run({"jira": {**JIRA_DC, "page_size": 100}}, "jira_users")
        mocks.verify()
    assert not output.errors
    assert [r.record.data["key"] for r in output.records] == [u["key"] for u in users]
