"""The fake Jira REST API: URL prefixes (context path, OAuth gateway), auth, and the route table.

Cloud serves ``/rest/api/2`` and ``/rest/api/3``; Data Center serves ``/rest/api/2`` only (v3 answers 404). Jira
Software serves ``/rest/agile/1.0`` on both and ``/rest/software/1.0`` (token-paged issue lists) on Cloud only.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass

from jira_octopus_sample_api.exchange import ApiResponse, RecordedRequest
from jira_octopus_sample_api.jira.core.render import JiraView
from jira_octopus_sample_api.jira.oauth import GATEWAY_UNAUTHORIZED, bearer_token
from jira_octopus_sample_api.paging import BadParameter
from jira_octopus_sample_api.server_state import ServerState

_GATEWAY = re.compile(r"^/ex/jira/(?P<cloud>[^/]+)(?P<rest>/.*)$")
_REST = re.compile(
    r"^(?P<context>(?:/[^/]+)*?)/rest/(?:api/(?P<version>[23])|(?P<family>agile|software|webhooks)/1\.0)/(?P<resource>[^?]*?)/?$"
)
# route families: /rest/api/{2|3}, /rest/agile/1.0, /rest/software/1.0, /rest/webhooks/1.0
PLATFORM, AGILE, SOFTWARE, WEBHOOKS = "api", "agile", "software", "webhooks"
UNAUTHENTICATED = "You are not authenticated. Authentication required to perform this operation."


def jira_error(status: int, *messages: str, errors: dict[str, str] | None = None) -> ApiResponse:
    return ApiResponse(status, {"errorMessages": list(messages), "errors": errors or {}})


@dataclass
class JiraContext:
    """Everything a Jira endpoint handler needs for one request."""

    request: RecordedRequest
    state: ServerState
    view: JiraView
    resource: str  # path after /rest/api/{version}/

    @property
    def api_base(self) -> str:
        return f"{self.view.site}/rest/api/{self.view.version}"

    def respond(self, status: int, body: object) -> ApiResponse:
        return ApiResponse(status, body, replacements=self.view.replacements)


Handler = Callable[[JiraContext], ApiResponse]


@dataclass(frozen=True)
class JiraRoute:
    methods: frozenset[str]
    pattern: re.Pattern[str]
    handler: Handler
    deployments: frozenset[str]
    anonymous: bool = False  # why: serverInfo answers without credentials on real Jira
    family: str = PLATFORM  # /rest/api/{2|3} (PLATFORM), /rest/agile/1.0 (AGILE), /rest/webhooks/1.0 (WEBHOOKS)


def route(
    methods: str,
    pattern: str,
    handler: Handler,
    deployments: str = "cloud data_center",
    anonymous: bool = False,
    family: str = PLATFORM,
) -> JiraRoute:
    return JiraRoute(
        frozenset(methods.split()),
        re.compile(f"^{pattern}$"),
        handler,
        frozenset(deployments.split()),
        anonymous,
        family,
    )


class JiraApi:
    """Resolves a request to a route (every part's Jira routes, in part order) and runs it after checking
    credentials; a ``BadParameter`` raised by a handler is Jira's 400."""

    def __init__(self, state: ServerState, base_url: str, routes: list[JiraRoute]) -> None:
        self.state, self.base_url, self.routes = state, base_url, routes

    def handle(self, request: RecordedRequest) -> ApiResponse:
        path, site, gateway = request.path, self.base_url, False
        gateway_match = _GATEWAY.match(path)
        if gateway_match:
            if (
                gateway_match.group("cloud") != self.state.credentials.oauth_cloud_id
                or self.state.jira_deployment != "cloud"
            ):
                return ApiResponse(404, {"code": 404, "message": "Not Found"})
            path, site, gateway = (
                gateway_match.group("rest"),
                f"{self.base_url}/ex/jira/{gateway_match.group('cloud')}",
                True,
            )
        rest = _REST.match(path)
        if rest is None:
            return self._not_found(request)
        site += "" if gateway else rest.group("context")
        return self._dispatch(request, rest, site, gateway)

    def _dispatch(self, request: RecordedRequest, rest: re.Match[str], site: str, gateway: bool) -> ApiResponse:
        deployment, family = self.state.jira_deployment, rest.group("family") or PLATFORM
        # why: the Agile and webhook APIs have one version; their records render like the platform API's newest
        version = int(rest.group("version") or (3 if deployment == "cloud" else 2))
        candidates = [
            r
            for r in self.routes
            if r.family == family and r.pattern.match(rest.group("resource")) and deployment in r.deployments
        ]
        if deployment == "data_center" and rest.group("version") == "3":
            candidates = []
        selected = next((r for r in candidates if request.method in r.methods), None)
        anonymous_ok = selected is not None and selected.anonymous and request.header("Authorization") is None
        if not anonymous_ok and not self._authenticated(request, gateway):
            return GATEWAY_UNAUTHORIZED if gateway else jira_error(401, UNAUTHENTICATED)
        if not candidates:
            return self._not_found(request)
        if selected is None:
            return jira_error(405, f"Method {request.method} is not allowed for this resource.")
        view = JiraView(self.state.dataset, version, deployment, site, self.state.credentials.oauth_cloud_id)
        try:
            return selected.handler(JiraContext(request, self.state, view, rest.group("resource")))
        except BadParameter as error:
            return jira_error(400, str(error))

    def _authenticated(self, request: RecordedRequest, gateway: bool) -> bool:
        header, credentials = request.header("Authorization") or "", self.state.credentials
        token = bearer_token(request)
        if gateway:
            return token is not None and self.state.oauth.is_valid(token)
        if token is not None:
            return token == credentials.jira_personal_access_token or self.state.oauth.is_valid(token)
        match = re.match(r"(?i)basic\s+(\S+)", header)
        if not match:
            return False
        try:
            user, _, secret = base64.b64decode(match.group(1)).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return (user, secret) in {
            (credentials.jira_email, credentials.jira_api_token),
            (credentials.jira_username, credentials.jira_password),
        }

    def _not_found(self, request: RecordedRequest) -> ApiResponse:
        return jira_error(404, f"null for uri: {self.base_url}{request.path}")
