"""Octopus Server 2026.3's rate-limiting policy list, which the vendored 2020.5 Swagger document predates.

Written from Octopus's API reference "Rate Limiting" (https://octopus.com/docs/api/rate-limiting): `GET
/api/ratelimitingpolicies` with the paging parameters `skip` and `take`; one page of the built-in policies.
"""

from __future__ import annotations

from jira_octopus_sample_api.contract.operations import Operation

OCTOPUS_RATE_LIMIT_OPERATIONS: tuple[Operation, ...] = (
    Operation("GET", "/api/ratelimitingpolicies", frozenset({"skip", "take"})),
)
