"""What the fake server recorded (`SentRequest`) and what the contract says is wrong with it (`ContractViolation`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SentRequest:
    """One HTTP request as the connector sent it.

    `service` is "jira", "octopus" or "oauth" (Atlassian's token endpoints). `path` is the URL path as sent,
    including any context path or gateway prefix; `query_names` are the query parameter names (values do not
    matter here); `json_body` is the decoded JSON body, or None when the request had none.
    """

    service: str
    method: str
    path: str
    query_names: frozenset[str] = frozenset()
    json_body: Any = None


@dataclass(frozen=True)
class ContractViolation:
    """One disagreement between a sent request and the vendor's API document; `path` is the path as sent."""

    service: str
    method: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"[{self.service}] {self.method} {self.path}: {self.reason}"
