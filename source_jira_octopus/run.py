"""Console entry point `source-jira-octopus`: spec | check | discover | read."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from airbyte_cdk.entrypoint import AirbyteEntrypoint
from airbyte_cdk.logger import PRINT_BUFFER
from airbyte_cdk.models import ConnectorSpecification
from airbyte_cdk.sources.utils.schema_helpers import split_config

from source_jira_octopus.source import SourceJiraOctopus
from source_jira_octopus.spec_validation import validate_config


class JiraOctopusEntrypoint(AirbyteEntrypoint):
    """The CDK's entrypoint, with spec validation whose errors name the field (see spec_validation.py).

    `check` still answers a config error with a FAILED connection status, `discover`/`read` with an error trace:
    the CDK handles the raised config_error exactly as it handles its own."""

    @staticmethod
    def validate_connection(source_spec: ConnectorSpecification, config: Mapping[str, Any]) -> None:
        connector_config, _ = split_config(config)  # drop the CDK's internal `_limit`-style keys, as the CDK does
        validate_config(connector_config, source_spec.connectionSpecification)


def _source(args: list[str]) -> SourceJiraOctopus:
    """Config and state are read up front because worker count and cursors depend on them (as source-stripe does)."""
    config_path: str | None = AirbyteEntrypoint.extract_config(args)
    state_path: str | None = AirbyteEntrypoint.extract_state(args)
    config = SourceJiraOctopus.read_config(config_path) if config_path else None
    state = SourceJiraOctopus.read_state(state_path) if state_path else None
    return SourceJiraOctopus(config, state)


def launch(source: SourceJiraOctopus, args: list[str]) -> None:
    """airbyte_cdk.entrypoint.launch, with our entrypoint class."""
    entrypoint = JiraOctopusEntrypoint(source)
    parsed_args = entrypoint.parse_args(args)
    with PRINT_BUFFER:
        for message in entrypoint.run(parsed_args):
            print(f"{message}\n", end="")


def run() -> None:
    args = sys.argv[1:]
    launch(_source(args), args)
