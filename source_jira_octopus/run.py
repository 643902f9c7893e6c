"""Console entry point `source-jira-octopus`: spec | check | discover | read (the Airbyte protocol), and
`webhooks register|list|unregister|serve` (near-real-time syncs, source_jira_octopus/webhooks/cli.py)."""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import orjson
from airbyte_cdk.entrypoint import AirbyteEntrypoint
from airbyte_cdk.logger import PRINT_BUFFER
from airbyte_cdk.models import AirbyteMessageSerializer, ConnectorSpecification
from airbyte_cdk.sources.utils.schema_helpers import split_config
from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.cancellation import EXIT_CODE as CANCELLED_EXIT_CODE
from source_jira_octopus.cancellation import cancelled, install_sigterm_handler
from source_jira_octopus.source import SourceJiraOctopus
from source_jira_octopus.spec_validation import validate_config

# The cyclic collector's first generation is collected after this many new container objects (Python's default: 700).
# A read parses pages of ~100 issues into ~100,000 dicts and lists at a time, all alive until their records are
# written: at 700 the collector ran hundreds of times per page and moved every page into the old generations, whose
# full collections then walked all of them again (and every object of the imports). That was 0.6-0.7 s of a
# 5,000-issue read's ~2.3 s of CPU (bench/RESULTS.md, "CPU per record"). Reference counting still frees every
# record as soon as it is written; only garbage in reference cycles waits a little longer.
READ_COLLECTION_THRESHOLD = 50_000


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
    if parsed_args.command == "read" and cancelled():
        saved = source.completed_partitions()
        logging.getLogger("airbyte").warning(f"cancelled by SIGTERM; state saved for {saved} partitions")
        sys.exit(CANCELLED_EXIT_CODE)


def run() -> None:
    args = sys.argv[1:]
    if args[:1] == ["webhooks"]:  # not an Airbyte protocol command: never reaches the CDK's entrypoint
        from source_jira_octopus.webhooks.cli import main as webhooks_main

        sys.exit(webhooks_main(args[1:]))
    if args[:1] == ["read"]:
        install_sigterm_handler()  # before the engine's worker threads exist
    try:
        source = _source(args)
        catalog_path: str | None = AirbyteEntrypoint.extract_catalog(args)
        if catalog_path:
            source.read_catalog(catalog_path)  # read again by the entrypoint; a bad file fails here, untraced
    except AirbyteTracedException as error:  # a config, catalog or state file that cannot be read
        _emit_without_stack(error)
        sys.exit(1)
    with collector_sized_for_pages() if args[:1] == ["read"] else contextlib.nullcontext():
        launch(source, args)


@contextlib.contextmanager
def collector_sized_for_pages() -> Iterator[None]:
    """Start-up's objects (the CDK's modules, schemas, models) live as long as the process: frozen, the collector's
    full passes skip them. Then a threshold sized for pages of records (READ_COLLECTION_THRESHOLD). Both are undone
    afterwards (a read run in-process by a test or a bench leaves the interpreter as it found it)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(READ_COLLECTION_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _emit_without_stack(error: AirbyteTracedException) -> None:
    """A file the user must fix: the message says what is wrong; our own stack would only bury it."""
    message = error.as_airbyte_message()
    if message.trace is not None and message.trace.error is not None:
        message.trace.error.stack_trace = None
    print(filter_secrets(orjson.dumps(AirbyteMessageSerializer.dump(message)).decode()))
