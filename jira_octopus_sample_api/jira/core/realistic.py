"""The ``realistic`` issue profile: what makes a real Cloud issue ~11 KB of JSON, deterministic per issue.

Real issues carry long rich-text descriptions, an environment, a dozen custom fields (acceptance criteria,
team, components of other apps, reviewers, ...), which ``*all`` returns and ``renderedFields`` doubles as HTML.
``extra_fields`` adds those at render time (nothing is stored, so 100,000 issues stay cheap), seeded by the
issue id. ``REALISTIC_FIELDS`` lists them for ``GET field``. Also ``transitions`` (``expand=transitions``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jira_octopus_sample_api.jira.core.catalog import API3
from jira_octopus_sample_api.jira.core.children import adf_paragraphs

# (numeric id, name, schema type, items, custom type key)
REALISTIC_FIELDS = [
    (10050, "Acceptance criteria", "string", None, "com.atlassian.jira.plugin.system.customfieldtypes:textarea"),
    (10051, "Team", "option", None, "com.atlassian.jira.plugin.system.customfieldtypes:select"),
    (10052, "Reviewers", "array", "user", "com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker"),
    (10053, "Affected services", "array", "string", "com.atlassian.jira.plugin.system.customfieldtypes:labels"),
    (10054, "Business value", "number", None, "com.atlassian.jira.plugin.system.customfieldtypes:float"),
    (10055, "Target start", "date", None, "com.atlassian.jira.plugin.system.customfieldtypes:datepicker"),
    (10056, "Design link", "string", None, "com.atlassian.jira.plugin.system.customfieldtypes:url"),
    (10057, "Root cause", "string", None, "com.atlassian.jira.plugin.system.customfieldtypes:textarea"),
]
_TEAMS = ("Payments", "Growth", "Core Platform", "Mobile", "Data", "SRE")
_SERVICES = ("checkout-api", "search-indexer", "billing-worker", "auth-gateway", "webhook-relay", "reports")
_SENTENCES = (
    "When a customer with more than one billing account opens the checkout page, the order summary shows the "
    "totals of the first account only.",
    "The problem started after the release that moved price calculation into the pricing service; logs show "
    "a timeout of 2,000 ms on the first call.",
    "Expected: the summary reflects the selected account and currency. Actual: it keeps the default account.",
    "Steps: sign in as a multi-account user, switch the account in the header, add two items, open checkout.",
    "We should cache the account context per session and invalidate it on switch, and add a contract test.",
    "Monitoring shows about 3% of checkout sessions affected during peak hours in the EU region.",
)
_TRANSITIONS = (("11", "To Do"), ("21", "In Progress"), ("31", "In Review"), ("41", "Done"))


def extra_fields(issue: dict[str, Any]) -> dict[str, Any]:
    """Long description, environment and custom fields of the realistic profile, same for the same issue.

    why: this runs for every issue of every page, so values come from a multiplicative hash of the id (no
    ``random.Random`` per issue) and the parts that repeat are built once and shared (never mutated)."""
    number = int(issue["id"])
    bits = (number * 2654435761) & 0xFFFFFFFF
    shared = _shared_parts(number % len(_SENTENCES))
    description = {
        "type": "doc",
        "version": 1,
        "content": [
            _paragraph(f"{issue['key']}: {_SENTENCES[number % len(_SENTENCES)]}"),
            *shared["description"],
            {
                "type": "codeBlock",
                "attrs": {"language": "text"},
                "content": [
                    {
                        "type": "text",
                        "text": f"ERROR pricing-client timeout after 2000ms request_id={bits:08x}{number:08x}",
                    }
                ],
            },
        ],
    }
    team = bits % len(_TEAMS)
    return {
        "description": description,
        "environment": adf_paragraphs([f"Production, EU region, build 2025.{bits % 52 + 1}.3"]),
        "customfield_10050": shared["criteria"],
        "customfield_10051": _TEAM_OPTIONS[team],
        "customfield_10052": [issue["fields"]["reporter"]] if bits % 10 < 3 else None,
        "customfield_10053": _SERVICE_SETS[bits % len(_SERVICE_SETS)],
        "customfield_10054": (bits % 1000) / 10,
        "customfield_10055": issue["fields"]["created"][:10],
        "customfield_10056": f"https://design.example.com/files/{issue['key'].lower()}",
        "customfield_10057": shared["root_cause"] if bits % 2 else None,
    }


def _paragraph(text: str) -> dict[str, Any]:
    return {"type": "paragraph", "content": [{"type": "text", "text": text}]}


@cache
def _shared_parts(residue: int) -> dict[str, Any]:
    sentences = [_SENTENCES[(residue + n) % len(_SENTENCES)] for n in range(6)]
    bullets = {
        "type": "bulletList",
        "content": [{"type": "listItem", "content": [_paragraph(text)]} for text in sentences[2:4]],
    }
    return {
        "description": [_paragraph(sentences[1]), bullets],
        "criteria": adf_paragraphs(sentences[4:6] + ["Covered by an automated end-to-end test."]),
        "root_cause": adf_paragraphs([sentences[1]]),
    }


_TEAM_OPTIONS = [
    {"self": f"{API3}/customFieldOption/{10100 + n}", "value": team, "id": str(10100 + n)}
    for n, team in enumerate(_TEAMS)
]
_SERVICE_SETS = [sorted({_SERVICES[n % 6], _SERVICES[(n * 5 + 1) % 6]}) for n in range(12)]


def transitions(statuses: list[dict[str, Any]], current: dict[str, Any]) -> list[dict[str, Any]]:
    """``expand=transitions``: the workflow transitions available from the issue's status."""
    by_name = {status["name"]: status for status in statuses}
    return [
        {
            "id": tid,
            "name": name,
            "to": by_name[name],
            "hasScreen": False,
            "isGlobal": True,
            "isInitial": False,
            "isAvailable": True,
            "isConditional": False,
            "isLooped": False,
        }
        for tid, name in _TRANSITIONS
        if name != current["name"]
    ]
