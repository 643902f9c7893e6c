"""Sample Jira records for the schema tests, shaped like the vendor's documented responses."""

from __future__ import annotations

CLOUD = "https://your-domain.atlassian.net/rest/api/3"
DC = "https://jira.example.com/jira/rest/api/2"
JIRA_TS = "2024-01-15T10:20:30.123+0000"


def avatars(base: str) -> dict[str, str]:
    return {size: f"{base}/secure/useravatar?size={size}" for size in ("16x16", "24x24", "32x32", "48x48")}


CLOUD_USER = {
    "self": f"{CLOUD}/user?accountId=5b10a2844c20165700ede21g",
    "accountId": "5b10a2844c20165700ede21g",
    "accountType": "atlassian",
    "emailAddress": "mia@example.com",
    "avatarUrls": avatars(CLOUD),
    "displayName": "Mia Krystof",
    "active": True,
    "timeZone": "Australia/Sydney",
    "locale": "en_US",
}
DC_USER = {
    "self": f"{DC}/user?username=fred",
    "key": "JIRAUSER10100",
    "name": "fred",
    "emailAddress": "fred@example.com",
    "avatarUrls": avatars(DC),
    "displayName": "Fred F. User",
    "active": True,
    "deleted": False,
    "timeZone": "Australia/Sydney",
    "locale": "en_AU",
}
STATUS = {
    "self": f"{CLOUD}/status/3",
    "description": "",
    "iconUrl": "https://your-domain.atlassian.net/images/icons/progress.gif",
    "name": "In Progress",
    "id": "3",
    "statusCategory": {
        "self": f"{CLOUD}/statuscategory/4",
        "id": 4,
        "key": "indeterminate",
        "colorName": "yellow",
        "name": "In Progress",
    },
}
ISSUE_TYPE = {
    "self": f"{CLOUD}/issuetype/10001",
    "id": "10001",
    "description": "A small piece of work.",
    "name": "Task",
    "subtask": False,
    "avatarId": 10318,
    "hierarchyLevel": 0,
    "iconUrl": "https://your-domain.atlassian.net/task.svg",
}
PROJECT_REF = {
    "self": f"{CLOUD}/project/10000",
    "id": "10000",
    "key": "ED",
    "name": "Edison",
    "projectTypeKey": "software",
    "simplified": False,
    "avatarUrls": avatars(CLOUD),
}
ADF = {
    "type": "doc",
    "version": 1,
    "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Main order flow broken"}]}],
}
CLOUD_ISSUE = {
    "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
    "id": "10002",
    "key": "ED-1",
    "self": f"{CLOUD}/issue/10002",
    "fields": {
        "summary": "Main order flow broken",
        "description": ADF,
        "environment": None,
        "issuetype": ISSUE_TYPE,
        "project": PROJECT_REF,
        "status": STATUS,
        "statusCategory": STATUS["statusCategory"],
        "priority": {"self": f"{CLOUD}/priority/3", "iconUrl": "https://x/medium.svg", "name": "Medium", "id": "3"},
        "assignee": CLOUD_USER,
        "reporter": CLOUD_USER,
        "creator": CLOUD_USER,
        "created": JIRA_TS,
        "updated": JIRA_TS,
        "statuscategorychangedate": JIRA_TS,
        "lastViewed": None,
        "resolution": None,
        "resolutiondate": None,
        "duedate": "2024-02-01",
        "labels": ["checkout"],
        "components": [{"self": f"{CLOUD}/component/10000", "id": "10000", "name": "Backend"}],
        "fixVersions": [
            {
                "self": f"{CLOUD}/version/10000",
                "id": "10000",
                "name": "1.0",
                "archived": False,
                "released": False,
                "releaseDate": "2024-03-01",
            }
        ],
        "versions": [],
        "timespent": 400,
        "timeestimate": 200,
        "timeoriginalestimate": 600,
        "aggregatetimespent": 400,
        "workratio": 66,
        "timetracking": {
            "originalEstimate": "10m",
            "originalEstimateSeconds": 600,
            "remainingEstimate": "3m",
            "remainingEstimateSeconds": 200,
            "timeSpent": "6m",
            "timeSpentSeconds": 400,
        },
        "progress": {"progress": 400, "total": 600, "percent": 66},
        "aggregateprogress": {"progress": 400, "total": 600},
        "votes": {"self": f"{CLOUD}/issue/ED-1/votes", "votes": 0, "hasVoted": False},
        "watches": {"self": f"{CLOUD}/issue/ED-1/watchers", "watchCount": 1, "isWatching": False},
        "comment": {
            "self": f"{CLOUD}/issue/10002/comment",
            "maxResults": 1,
            "total": 1,
            "startAt": 0,
            "comments": [
                {
                    "self": f"{CLOUD}/issue/10002/comment/10000",
                    "id": "10000",
                    "author": CLOUD_USER,
                    "body": ADF,
                    "updateAuthor": CLOUD_USER,
                    "created": JIRA_TS,
                    "updated": JIRA_TS,
                    "jsdPublic": True,
                }
            ],
        },
        "worklog": {
            "startAt": 0,
            "maxResults": 20,
            "total": 1,
            "worklogs": [
                {
                    "self": f"{CLOUD}/issue/10002/worklog/100028",
                    "id": "100028",
                    "issueId": "10002",
                    "author": CLOUD_USER,
                    "comment": ADF,
                    "started": JIRA_TS,
                    "created": JIRA_TS,
                    "updated": JIRA_TS,
                    "timeSpent": "3h 20m",
                    "timeSpentSeconds": 12000,
                }
            ],
        },
        "attachment": [
            {
                "self": f"{CLOUD}/attachment/10001",
                "id": "10001",
                "filename": "debuglog.txt",
                "author": CLOUD_USER,
                "created": JIRA_TS,
                "size": 2460,
                "mimeType": "text/plain",
                "content": f"{CLOUD}/attachment/content/10001",
            }
        ],
        "issuelinks": [
            {
                "id": "10001",
                "type": {"id": "10000", "name": "Dependent", "inward": "depends on", "outward": "is depended by"},
                "outwardIssue": {
                    "id": "10004",
                    "key": "PR-2",
                    "self": f"{CLOUD}/issue/PR-2",
                    "fields": {"status": STATUS},
                },
            }
        ],
        "subtasks": [],
        "parent": {
            "id": "10001",
            "key": "ED-0",
            "fields": {"summary": "Epic", "status": STATUS, "issuetype": ISSUE_TYPE},
        },
        "customfield_10016": 5.0,
        "customfield_10020": [{"id": 1, "name": "Sprint 1", "state": "active"}],
        "customfield_10100": None,
    },
    "projectId": "10000",
    "projectKey": "ED",
    "created": "2024-01-15T10:20:30.123000+00:00",
    "updated": "2024-01-15T10:20:30.123000+00:00",
}
DC_ISSUE = {
    "expand": "renderedFields,names,schema,operations,editmeta,changelog",
    "id": "20001",
    "key": "OPS-7",
    "self": f"{DC}/issue/20001",
    "fields": {
        "summary": "Disk full on build agent",
        "description": "h2. Steps\n* run the *nightly* build",
        "environment": "Windows 2019",
        "project": {
            "self": f"{DC}/project/10100",
            "id": "10100",
            "key": "OPS",
            "name": "Operations",
            "projectTypeKey": "business",
        },
        "assignee": DC_USER,
        "reporter": DC_USER,
        "creator": DC_USER,
        "status": STATUS,
        "created": JIRA_TS,
        "updated": JIRA_TS,
        "comment": {
            "comments": [
                {
                    "self": f"{DC}/issue/20001/comment/1",
                    "id": "1",
                    "author": DC_USER,
                    "body": "Cleaned /tmp.",
                    "created": JIRA_TS,
                    "updated": JIRA_TS,
                }
            ],
            "maxResults": 1,
            "total": 1,
            "startAt": 0,
        },
        "customfield_10200": {"self": f"{DC}/customFieldOption/1", "value": "High", "id": "1"},
    },
    "projectId": "10100",
    "projectKey": "OPS",
    "created": "2024-01-15T10:20:30.123000+00:00",
    "updated": "2024-01-15T10:20:30.123000+00:00",
}
