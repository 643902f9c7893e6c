"""Every request the connector sends to the fake API must agree with the vendors' OpenAPI documents."""

from __future__ import annotations

from collections.abc import Iterable

from jira_octopus_sample_api import RecordedRequest
from jira_octopus_sample_api.contract import ApiContract, SentRequest


def contract_violations(requests: Iterable[RecordedRequest]) -> list[str]:
    sent = [
        SentRequest(
            service=r.service,
            method=r.method,
            path=r.path,
            query_names=frozenset(r.query),
            json_body=r.json_body if isinstance(r.json_body, dict) else None,
        )
        for r in requests
    ]
    return [str(violation) for violation in ApiContract.load().check_all(sent)]
