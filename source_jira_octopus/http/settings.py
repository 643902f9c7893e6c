"""What every request to one host shares."""

from __future__ import annotations

from dataclasses import dataclass, field

from airbyte_cdk.sources.streams.call_rate import APIBudget
from requests.auth import AuthBase

from source_jira_octopus.http.errors import MAX_RETRIES, ErrorTable, HostHealth
from source_jira_octopus.http.in_flight import InFlightLimit
from source_jira_octopus.http.redirects import SameHostRedirects


@dataclass(frozen=True)
class HttpSettings:
    """Credentials, request budget, timeout and TLS trust of one host; the service name is in every error."""

    service: str  # "Jira" / "Octopus"
    error_table: ErrorTable
    authenticator: AuthBase
    budget: APIBudget
    timeout_seconds: float
    verify: bool | str = True  # a path to a PEM bundle for a private CA; never False
    connection_retries: int = MAX_RETRIES  # retries of a timeout/refusal/reset; `check` uses fewer
    health: HostHealth = field(default_factory=HostHealth, compare=False, repr=False)  # one per host
    in_flight: InFlightLimit = field(default_factory=InFlightLimit, compare=False, repr=False)  # one per host

    def __post_init__(self) -> None:
        if not isinstance(self.authenticator, SameHostRedirects):  # credentials never follow a cross-host redirect
            object.__setattr__(self, "authenticator", SameHostRedirects(self.authenticator))
