from datetime import UTC, datetime

import pytest

from jira_octopus_sample_api import FakeApiServer, FakeClock
from testkit.contract_guard import contract_violations

FROZEN_AT = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock() -> FakeClock:
    return FakeClock(FROZEN_AT)


@pytest.fixture
def fake_api(frozen_clock):
    """A fresh fake Jira Cloud + Octopus per test (tests mutate data, permissions and faults).

    On teardown every request the test sent is checked against the vendor OpenAPI documents."""
    with FakeApiServer(seed=7, size=120, clock=frozen_clock) as server:
        yield server
        requests = list(server.requests)
    assert requests, "the test sent no request to the fake API"
    violations = contract_violations(requests)
    assert not violations, "requests that disagree with the vendor OpenAPI documents:\n" + "\n".join(violations)
