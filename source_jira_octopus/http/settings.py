"""What every request to one host shares."""

from __future__ import annotations

from dataclasses import dataclass, field

from airbyte_cdk.sources.streams.call_rate import APIBudget
from requests.auth import AuthBase

from source_jira_octopus.http.errors import MAX_RETRIES, ErrorTable, HostHealth
from source_jira_octopus.http.in_flight import InFlightLimit
from source_jira_octopus.http.redirects import SameHostRedirects
from source_jira_octopus.http.retry_budget import DEFAULT_RETRY_MINUTES


@dataclass(frozen=True)
class HttpSettings:
    """Credentials, rate governor, timeout, retry budget and TLS trust of one host; the service name is in every
    error."""

    service: str  # "Jira" / "Octopus"
    error_table: ErrorTable
    authenticator: AuthBase
    budget: APIBudget  # the host's RateGovernor (budget.governor_for); a plain APIBudget for side clients
    timeout_seconds: float
    verify: bool | str = True  # a path to a PEM bundle for a private CA; never False
    connection_retries: int = MAX_RETRIES  # retries of a timeout/refusal/reset; `check` uses fewer
    retry_seconds: float = DEFAULT_RETRY_MINUTES * 60  # transient failures of one request are retried this long
    health: HostHealth = field(default_factory=HostHealth, compare=False, repr=False)  # one per host
    in_flight: InFlightLimit = field(default_factory=InFlightLimit, compare=False, repr=False)  # one per host

    def __post_init__(self) -> None:
        if not isinstance(self.authenticator, SameHostRedirects):  # credentials never follow a cross-host redirect
            object.__setattr__(self, "authenticator", SameHostRedirects(self.authenticator))
