"""Console entry point `source-jira-octopus`: spec | check | discover | read."""

from __future__ import annotations

import sys
from typing import Optional

from airbyte_cdk.entrypoint import AirbyteEntrypoint, launch

from source_jira_octopus.source import SourceJiraOctopus


def _source(args: list[str]) -> SourceJiraOctopus:
    """Config and state are read up front because worker count and cursors depend on them (as source-stripe does)."""
    config_path: Optional[str] = AirbyteEntrypoint.extract_config(args)
    state_path: Optional[str] = AirbyteEntrypoint.extract_state(args)
    config = SourceJiraOctopus.read_config(config_path) if config_path else None
    state = SourceJiraOctopus.read_state(state_path) if state_path else None
    return SourceJiraOctopus(config, state)


def run() -> None:
    args = sys.argv[1:]
    launch(_source(args), args)
