"""How Jira's statuses are handled: the shared rules plus Jira's own reasons and remedies."""

from __future__ import annotations

from airbyte_cdk.sources.streams.http.error_handlers.response_models import ResponseAction

from source_jira_octopus.http.errors import COMMON_ERROR_RULES, CONFIG, FAIL, SYSTEM, ErrorRule, ErrorTable

JIRA_ERROR_MAPPING: ErrorTable = {
    **COMMON_ERROR_RULES,
    401: ErrorRule(
        FAIL,
        CONFIG,
        "Jira did not accept the credentials in `jira.credentials`: for Jira Cloud use your Atlassian account email "
        "and an API token (id.atlassian.com > Security > API tokens); for Data Center a personal access token or "
        "username and password; for OAuth 2.0 re-authorise the app.",
    ),
    403: ErrorRule(
        FAIL,
        CONFIG,
        "The Jira user lacks a permission this request needs (usually 'Browse projects' on the project, or "
        "'Browse users and groups' for users). Grant it to the user or remove the project from `jira.projects`.",
    ),
    404: ErrorRule(
        FAIL,
        CONFIG,
        "Check `jira.base_url` (include a context path such as /jira if your Data Center has one) and "
        "`jira.deployment`: Data Center serves /rest/api/2 only, Cloud serves /rest/api/3.",
    ),
    410: ErrorRule(
        FAIL,
        SYSTEM,
        "Jira Cloud removed this endpoint (CHANGE-2046: /rest/api/3/search was replaced by /rest/api/3/search/jql). "
        "Set `jira.deployment` to `cloud` or `auto`.",
    ),
}

# OAuth access tokens expire; the CDK refreshes once through the authenticator and retries, then fails.
JIRA_OAUTH_ERROR_MAPPING: ErrorTable = {
    **JIRA_ERROR_MAPPING,
    401: ErrorRule(
        ResponseAction.REFRESH_TOKEN_THEN_RETRY,
        CONFIG,
        "Jira rejected the OAuth 2.0 access token; the connector renews it once with the refresh token. If the "
        "renewed token is rejected too, re-authorise the connection and check the app's scopes.",
    ),
}

# Atlassian's token endpoint (`POST https://auth.atlassian.com/oauth/token`): a refused refresh is a config problem.
_REAUTHORISE = (
    "Atlassian's token endpoint refused the OAuth 2.0 refresh: Re-authorise the connection to get a new "
    "refresh token, and check `jira.credentials.client_id` and `client_secret`."
)
ATLASSIAN_TOKEN_ERROR_MAPPING: ErrorTable = {
    **COMMON_ERROR_RULES,
    400: ErrorRule(FAIL, CONFIG, _REAUTHORISE),
    401: ErrorRule(FAIL, CONFIG, _REAUTHORISE),
    403: ErrorRule(FAIL, CONFIG, _REAUTHORISE),
}
