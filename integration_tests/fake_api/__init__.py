"""Local fake Jira (Cloud and Data Center) + Octopus Deploy + Atlassian OAuth server for integration tests.

    from integration_tests.fake_api import FakeApiServer
    with FakeApiServer(size=250) as server:
        config = server.connector_config()
"""

from .clock import FakeClock
from .credentials import FakeCredentials
from .dataset import FakeDataset
from .exchange import RecordedRequest
from .server import FakeApiServer

__all__ = ["FakeApiServer", "FakeDataset", "FakeCredentials", "FakeClock", "RecordedRequest"]
