"""Where the CDK's `AbstractSource` does not do what a user of this connector needs, in one base class.

- The entrypoint's readers of the config, catalog and state files answer a missing file, bad JSON or a state in
  no known shape with a Python traceback: ours raise a config error that names the file (input_files.py), and
  read the foundation's single-value `jira_issues` state.
- `check` reports `repr(error)` as the connection status message: ours shows the message as written.
- A failed sync ends with one summary error that the CDK always labels config_error, so a 503 storm is not
  retried: ours carries the most urgent failure type of the streams' errors (sync_outcome.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from airbyte_cdk.models import (
    AirbyteConnectionStatus,
    AirbyteMessage,
    AirbyteStateMessage,
    ConfiguredAirbyteCatalog,
    Status,
)
from airbyte_cdk.sources.concurrent_source.concurrent_source_adapter import ConcurrentSourceAdapter

from source_jira_octopus.input_files import load_catalog, load_config, load_state
from source_jira_octopus.state.saved import legacy_cursor_field
from source_jira_octopus.sync_outcome import with_stream_failure_types


class EntrypointWorkarounds(ConcurrentSourceAdapter):
    @staticmethod
    def read_config(config_path: str) -> MutableMapping[str, Any]:
        return load_config(config_path)

    @classmethod
    def read_catalog(cls, catalog_path: str) -> ConfiguredAirbyteCatalog:
        return load_catalog(catalog_path)

    @classmethod
    def read_state(cls, state_path: str) -> list[AirbyteStateMessage]:
        return load_state(state_path, legacy_cursor_field)

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        """Like AbstractSource.check, without repr() quoting the message shown to the user."""
        succeeded, message = self.check_connection(logger, config)
        return AirbyteConnectionStatus(status=Status.SUCCEEDED if succeeded else Status.FAILED, message=message)

    def read(
        self,
        logger: logging.Logger,
        config: Mapping[str, Any],
        catalog: ConfiguredAirbyteCatalog,
        state: Any | None = None,
    ) -> Iterator[AirbyteMessage]:
        yield from with_stream_failure_types(super().read(logger, config, catalog, state))
