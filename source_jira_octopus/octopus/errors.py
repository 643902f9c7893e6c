"""How Octopus' statuses are handled: the shared rules plus Octopus' own reasons and remedies."""

from __future__ import annotations

from source_jira_octopus.http.errors import COMMON_ERROR_RULES, CONFIG, FAIL, ErrorRule, ErrorTable

OCTOPUS_ERROR_MAPPING: ErrorTable = {
    **COMMON_ERROR_RULES,
    401: ErrorRule(
        FAIL,
        CONFIG,
        "Octopus did not accept `octopus.api_key`. Create an API key under your profile > My API Keys (it starts "
        "with API-) or use a service account's key.",
    ),
    403: ErrorRule(
        FAIL,
        CONFIG,
        "The Octopus user behind `octopus.api_key` lacks a view permission here (e.g. ProjectView, ReleaseView, "
        "DeploymentView, EnvironmentView, MachineView) in this space. Add the user to a team with those permissions, "
        "or remove the space from `octopus.spaces`.",
    ),
    404: ErrorRule(
        FAIL,
        CONFIG,
        "Check `octopus.server_url` (the address you open in a browser, without /app or /api) and that every id in "
        "`octopus.spaces` exists.",
    ),
}
