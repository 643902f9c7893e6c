"""`ApiContract`: does each recorded request agree with the vendor's API document? (Mapping rules: `__init__`.)"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jira_octopus_sample_api.contract.operations import Operation, PathRouter, TemplateMatch
from jira_octopus_sample_api.contract.request_records import ContractViolation, SentRequest
from jira_octopus_sample_api.contract.spec_documents import JIRA_SPEC_FILE, OCTOPUS_SPEC_FILE, SpecDocument, read_spec
from jira_octopus_sample_api.contract.spec_supplements import (
    AGILE_OPERATIONS,
    DATA_CENTER_PATH_MARKER,
    JIRA_DATA_CENTER_QUERY_SUPPLEMENT,
    OAUTH_OPERATIONS,
    OCTOPUS_QUERY_SUPPLEMENT,
    supplement_query_names,
)
from jira_octopus_sample_api.contract.supplement_octopus import OCTOPUS_ADDED_OPERATIONS
from jira_octopus_sample_api.contract.supplement_rate_limits import OCTOPUS_RATE_LIMIT_OPERATIONS
from jira_octopus_sample_api.contract.supplement_webhooks import JIRA_ADMIN_WEBHOOK_OPERATIONS


@dataclass(frozen=True)
class ServiceRules:
    """How a path as sent maps onto one document's path templates."""

    document_name: str
    root_segment: str  # first segment of every documented path; segments before it are a context/gateway prefix
    case_insensitive: bool  # route literals, query names and body keys compared ignoring case
    version_aliases: tuple[tuple[str, str], ...] = ()  # (sent prefix, documented prefix)

    def documented_path(self, path: str) -> str | None:
        """`/jira/rest/api/2/project` -> `/rest/api/3/project`; None when the root segment never appears."""
        segments = path.split("?", 1)[0].split("/")
        roots = [index for index, segment in enumerate(segments) if index and self.fold(segment) == self.root_segment]
        if not roots:
            return None
        documented = "/" + "/".join(segments[roots[0] :])
        for alias, target in self.version_aliases:
            if documented == alias or documented.startswith(alias + "/"):
                return target + documented[len(alias) :]
        return documented

    def fold(self, name: str) -> str:
        return name.lower() if self.case_insensitive else name


@dataclass(frozen=True)
class ServiceContract:
    rules: ServiceRules
    router: PathRouter


@dataclass(frozen=True)
class _Resolution:
    service: ServiceContract
    documented_path: str | None
    match: TemplateMatch | None


JIRA_RULES = ServiceRules("Jira Cloud platform REST v3 document", "rest", False, (("/rest/api/2", "/rest/api/3"),))
OCTOPUS_RULES = ServiceRules("Octopus 2020.5 Swagger document", "api", True)
OAUTH_RULES = ServiceRules("Atlassian OAuth 2.0 (3LO) table", "oauth", False)


class ApiContract:
    """The three services' documented operations; `load()` parses the vendored documents once per process."""

    def __init__(self, services: Mapping[str, ServiceContract], load_seconds: float = 0.0) -> None:
        self.services = dict(services)
        self.load_seconds = load_seconds  # wall time `load()` spent reading and indexing the documents

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def load() -> ApiContract:
        started = time.perf_counter()
        jira = [
            *SpecDocument(read_spec(JIRA_SPEC_FILE)).operations(),
            *AGILE_OPERATIONS,
            *JIRA_ADMIN_WEBHOOK_OPERATIONS,
        ]
        octopus_documented = SpecDocument(read_spec(OCTOPUS_SPEC_FILE)).operations()
        octopus = [
            *supplement_query_names(octopus_documented, OCTOPUS_QUERY_SUPPLEMENT),
            *OCTOPUS_ADDED_OPERATIONS,
            *OCTOPUS_RATE_LIMIT_OPERATIONS,
        ]
        services = {
            "jira": ServiceContract(JIRA_RULES, PathRouter(jira, JIRA_RULES.case_insensitive)),
            "octopus": ServiceContract(OCTOPUS_RULES, PathRouter(octopus, OCTOPUS_RULES.case_insensitive)),
            "oauth": ServiceContract(OAUTH_RULES, PathRouter(OAUTH_OPERATIONS, OAUTH_RULES.case_insensitive)),
        }
        return ApiContract(services, time.perf_counter() - started)

    def check(self, request: SentRequest) -> list[ContractViolation]:
        return self._violations(request, self._resolve(request))

    def check_all(self, requests: Iterable[SentRequest]) -> list[ContractViolation]:
        """Checks each distinct (service, method, template, query names, body keys) once, in first-seen order."""
        seen: set[tuple[Any, ...]] = set()
        problems: list[ContractViolation] = []
        for request in requests:
            resolution = self._resolve(request)
            key = self._dedup_key(request, resolution)
            if key not in seen:
                seen.add(key)
                problems.extend(self._violations(request, resolution))
        return problems

    def _resolve(self, request: SentRequest) -> _Resolution:
        service = self.services.get(request.service)
        if service is None:
            raise ValueError(f"unknown service {request.service!r}; expected one of {sorted(self.services)}")
        documented_path = service.rules.documented_path(request.path)
        match = service.router.match(documented_path) if documented_path is not None else None
        return _Resolution(service, documented_path, match)

    @staticmethod
    def _dedup_key(request: SentRequest, resolution: _Resolution) -> tuple[Any, ...]:
        fold = resolution.service.rules.fold
        where = resolution.match.template if resolution.match else (resolution.documented_path or request.path)
        body_keys = frozenset(map(fold, request.json_body)) if isinstance(request.json_body, Mapping) else None
        body_kind = type(request.json_body).__name__
        return (
            request.service,
            request.method.upper(),
            where,
            frozenset(map(fold, request.query_names)),
            body_kind,
            body_keys,
        )

    def _violations(self, request: SentRequest, resolution: _Resolution) -> list[ContractViolation]:
        rules = resolution.service.rules
        method = request.method.upper()
        if resolution.documented_path is None:
            return [
                _violation(
                    request,
                    f"path is not under /{rules.root_segment}/, where every path of the {rules.document_name} starts",
                )
            ]
        if resolution.match is None:
            return [
                _violation(
                    request, f"no path template in the {rules.document_name} matches {resolution.documented_path}"
                )
            ]
        operation = resolution.match.operations.get(method)
        if operation is None:
            documented = ", ".join(sorted(resolution.match.operations))
            return [
                _violation(
                    request,
                    f"method {method} is not documented for {resolution.match.template} (documented: {documented})",
                )
            ]
        extra = _data_center_query_names(request, operation) if rules is JIRA_RULES else frozenset()
        return [*_query_violations(request, operation, rules, extra), *_body_violations(request, operation, rules)]


def _data_center_query_names(request: SentRequest, operation: Operation) -> frozenset[str]:
    if DATA_CENTER_PATH_MARKER not in request.path:
        return frozenset()
    return JIRA_DATA_CENTER_QUERY_SUPPLEMENT.get((operation.method, operation.template), frozenset())


def _query_violations(
    request: SentRequest, operation: Operation, rules: ServiceRules, extra: frozenset[str] = frozenset()
) -> list[ContractViolation]:
    declared = {rules.fold(name) for name in operation.query_names | extra}
    return [
        _violation(request, f"query parameter '{name}' is not declared for {operation.method} {operation.template}")
        for name in sorted(request.query_names)
        if rules.fold(name) not in declared
    ]


def _body_violations(request: SentRequest, operation: Operation, rules: ServiceRules) -> list[ContractViolation]:
    label = f"{operation.method} {operation.template}"
    body, contract = request.json_body, operation.json_body
    if body is None:
        return [_violation(request, f"{label} requires a JSON request body")] if contract and contract.required else []
    if contract is None:
        return [_violation(request, f"{label} documents no JSON request body")]
    if contract.property_names is None:
        return []
    if not isinstance(body, Mapping):
        return [_violation(request, f"{label} documents a JSON object body, got a {type(body).__name__}")]
    declared = {rules.fold(name) for name in contract.property_names}
    return [
        _violation(request, f"body property '{key}' is not declared for {label}")
        for key in sorted(body)
        if rules.fold(key) not in declared
    ]


def _violation(request: SentRequest, reason: str) -> ContractViolation:
    return ContractViolation(request.service, request.method.upper(), request.path, reason)
