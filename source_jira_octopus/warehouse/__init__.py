"""The main job: load every stream of the connector into a queryable warehouse with PyAirbyte.

Embedded DuckDB (`./warehouse.duckdb`) by default, Snowflake when Snowflake settings are given. Needs the
project's `warehouse` extra (PyAirbyte + DuckDB), which `.ci/bootstrap` installs; the connector image does not.
Run it with `python -m source_jira_octopus.warehouse --help`.
"""

import os

# Read by PyAirbyte when it is imported, so set here, before any module of this package imports it: no registry
# look-up (the connector runs as this environment's own executable), no telemetry.
os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
