"""PyAirbyte reads AIRBYTE_OFFLINE_MODE once, when `airbyte` is first imported; table_layouts imports it before
anything imports `source_jira_octopus.warehouse` (which sets it), so a sample-data load would otherwise ask the
online connector registry for the local connector."""

import os

os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")
