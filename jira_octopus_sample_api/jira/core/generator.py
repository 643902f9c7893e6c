"""Deterministic Jira records (users, projects, issues) in Jira Cloud REST v3 shapes.

Sizes derived from ``size`` (the number of issues): projects ``clamp(size // 40, 3, 120)``, human users
``clamp(size // 8, 8, 1500)`` plus 2 app accounts. Issue ids are numeric strings ascending with creation,
starting at 10001; ``created`` is spread over the two years before the anchor time, ``updated`` is varied
(about a fifth never updated, a tail edited shortly before the anchor).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, TypeVar

from jira_octopus_sample_api.jira.core.catalog import API3, JIRA_SITE, avatar_urls

FIRST_NAMES = (
    "Ava",
    "Ben",
    "Chloe",
    "Dmitri",
    "Elif",
    "Farah",
    "Gustav",
    "Hana",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
)
LAST_NAMES = (
    "Anders",
    "Baker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Umarov",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
)
TIME_ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "UTC", "Australia/Sydney")
PROJECT_WORDS = (
    ("PLAT", "Platform"),
    ("WEB", "Web Storefront"),
    ("MOB", "Mobile App"),
    ("OPS", "Operations"),
    ("DATA", "Data Warehouse"),
    ("API", "Public API"),
    ("INFRA", "Infrastructure"),
    ("SEC", "Security"),
    ("QA", "Quality Assurance"),
    ("DOCS", "Documentation"),
    ("BILL", "Billing"),
    ("SRCH", "Search"),
    ("ML", "Machine Learning"),
    ("CRM", "Customer CRM"),
    ("PAY", "Payments"),
    ("AUTH", "Identity"),
)
VERBS = ("Fix", "Add", "Refactor", "Document", "Investigate", "Remove", "Speed up", "Migrate", "Test", "Review")
NOUNS = (
    "login flow",
    "checkout page",
    "search index",
    "billing export",
    "deploy pipeline",
    "audit log",
    "user profile",
    "rate limiter",
    "webhook handler",
    "report builder",
    "cache layer",
    "API gateway",
)
QUALIFIERS = (
    "for mobile",
    "on Safari",
    "in EU region",
    "after upgrade",
    "under load",
    "for admins",
    "",
    "behind feature flag",
    "in dark mode",
    "for large accounts",
)
LABELS = ("backend", "frontend", "tech-debt", "customer", "regression", "security", "performance")
T = TypeVar("T")
SPAN_MS = 730 * 24 * 3600 * 1000
FIRST_ISSUE_ID = 10001


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` without its overhead (it dominated generating 10,000 issues)."""
    return items[int(rng.random() * len(items))]


def adf(text: str) -> dict[str, Any]:
    """Atlassian Document Format for one paragraph (Cloud v3 rich-text fields)."""
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
    }


def build_users(rng: random.Random, size: int) -> list[dict[str, Any]]:
    users = [_human_user(rng, index) for index in range(clamp(size // 8, 8, 1500))]
    users.append(_app_user("557058:f58131cb-b67d-43c7-b30d-6b58d40bd077", "Automation for Jira"))
    users.append(_app_user("5d9f2e4c8a1b2c0d3e4f5a6b", "Slack"))
    return users


def _human_user(rng: random.Random, index: int) -> dict[str, Any]:
    first, last = FIRST_NAMES[index % 26], LAST_NAMES[(index // 26 + index) % 26]
    account_id = f"5f{rng.getrandbits(88):022x}"
    suffix = "" if index < 26 else str(index // 26)
    return {
        "self": f"{API3}/user?accountId={account_id}",
        "accountId": account_id,
        "accountType": "atlassian",
        "emailAddress": f"{first.lower()}.{last.lower()}{suffix}@example.com",
        "avatarUrls": avatar_urls("user", account_id),
        "displayName": f"{first} {last}{(' ' + suffix) if suffix else ''}",
        "active": index % 9 != 8,
        "timeZone": TIME_ZONES[index % len(TIME_ZONES)],
        "locale": "en_US",
    }


def _app_user(account_id: str, name: str) -> dict[str, Any]:
    return {
        "self": f"{API3}/user?accountId={account_id}",
        "accountId": account_id,
        "accountType": "app",
        "avatarUrls": avatar_urls("user", account_id),
        "displayName": name,
        "active": True,
    }


def dc_user(cloud_user: dict[str, Any], index: int) -> dict[str, Any]:
    """The same person as Jira Data Center shows them: ``key`` and ``name`` instead of ``accountId``."""
    name = cloud_user.get("emailAddress", f"user{index}@x").split("@")[0]
    return {
        "self": f"{JIRA_SITE}/rest/api/2/user?username={name}",
        "key": f"JIRAUSER{10100 + index}",
        "name": name,
        "emailAddress": cloud_user.get("emailAddress", ""),
        "avatarUrls": avatar_urls("user", f"JIRAUSER{10100 + index}"),
        "displayName": cloud_user["displayName"],
        "active": cloud_user["active"],
        "deleted": False,
        "timeZone": cloud_user.get("timeZone", "UTC"),
        "locale": "en_US",
    }


def user_ref(user: dict[str, Any]) -> dict[str, Any]:
    """A user as embedded in issue fields (no locale)."""
    return {key: value for key, value in user.items() if key != "locale"}


def build_projects(
    rng: random.Random, size: int, users: list[dict[str, Any]], issue_types: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    humans = [user for user in users if user["accountType"] == "atlassian" and user["active"]]
    projects = []
    for index in range(clamp(size // 40, 3, 120)):
        key, name = _project_name(index)
        pid = str(10000 + index)
        projects.append(
            {
                "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight",
                "self": f"{API3}/project/{pid}",
                "id": pid,
                "key": key,
                "name": name,
                "description": f"{name}: everything the {name.lower()} team is working on.",
                "lead": user_ref(rng.choice(humans)),
                "issueTypes": issue_types,
                "url": f"https://wiki.example.com/{key.lower()}" if index % 3 == 0 else "",
                "avatarUrls": avatar_urls("project", pid),
                "projectTypeKey": "software",
                "simplified": index % 4 == 3,
                "style": "next-gen" if index % 4 == 3 else "classic",
                "isPrivate": False,
                "properties": {},
                "uuid": _uuid(rng),
            }
        )
    return projects


def _project_name(index: int) -> tuple[str, str]:
    key, name = PROJECT_WORDS[index % len(PROJECT_WORDS)]
    round_ = index // len(PROJECT_WORDS)
    return (key, name) if round_ == 0 else (f"{key}{round_ + 1}", f"{name} {round_ + 1}")


def _uuid(rng: random.Random) -> str:
    raw = f"{rng.getrandbits(128):032x}"
    return f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-8{raw[17:20]}-{raw[20:]}"


def project_ref(project: dict[str, Any]) -> dict[str, Any]:
    return {key: project[key] for key in ("self", "id", "key", "name", "projectTypeKey", "simplified", "avatarUrls")}
