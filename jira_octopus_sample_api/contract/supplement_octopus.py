"""Octopus list operations newer than the vendored 2020.5 Swagger document, transcribed from Octopus' API reference:

- `GET /api/{baseSpaceId}/environments/v2` ("List Static, Parent and Ephemeral Environments in the supplied Octopus
  Deploy Space"): `ids`, `name`, `partialName`, `skip`, `take`, `type`;
- `GET /api/deploymentfreezes` ("Get DeploymentFreezes", Octopus 2025.1 and later): `effectiveDate`,
  `environmentIds`, `ids`, `includeComplete`, `partialName`, `projectIds`, `skip`, `status`, `take`, `tenantIds`.
"""

from __future__ import annotations

from jira_octopus_sample_api.contract.operations import Operation

OCTOPUS_ADDED_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "GET", "/api/{baseSpaceId}/environments/v2", frozenset({"ids", "name", "partialName", "skip", "take", "type"})
    ),
    Operation(
        "GET",
        "/api/deploymentfreezes",
        frozenset(
            {
                "effectiveDate",
                "environmentIds",
                "ids",
                "includeComplete",
                "partialName",
                "projectIds",
                "skip",
                "status",
                "take",
                "tenantIds",
            }
        ),
    ),
)
