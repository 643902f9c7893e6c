"""Writes configured_catalog.json from what `discover` answers against the fake API: every stream, incremental where
it supports it (append_dedup on its primary key), full refresh and overwrite otherwise.

    .venv/bin/python -m integration_tests.write_configured_catalog
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from airbyte_cdk.models import AirbyteMessage, AirbyteMessageSerializer, Type

from jira_octopus_sample_api import FakeApiServer
from source_jira_octopus import SourceJiraOctopus

CATALOG = Path(__file__).resolve().parent / "configured_catalog.json"


def configured(stream: dict[str, Any]) -> dict[str, Any]:
    entry = {"json_schema": {}, **{k: v for k, v in stream.items() if k != "json_schema"}}
    entry = {"name": entry.pop("name"), **entry}
    key = stream.get("source_defined_primary_key") or []
    if "incremental" in stream["supported_sync_modes"]:
        return {
            "stream": entry,
            "sync_mode": "incremental",
            "destination_sync_mode": "append_dedup",
            "primary_key": key,
            "cursor_field": stream["default_cursor_field"],
        }
    return {"stream": entry, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite", "primary_key": key}


def discovered_streams() -> list[dict[str, Any]]:
    with FakeApiServer() as server:
        config = server.connector_config()
        catalog = SourceJiraOctopus(config).discover(logging.getLogger("discover"), config)
    message = AirbyteMessageSerializer.dump(AirbyteMessage(type=Type.CATALOG, catalog=catalog))
    wanted = ("name", "json_schema", "supported_sync_modes", "source_defined_primary_key", "source_defined_cursor")
    streams = []
    for raw in message["catalog"]["streams"]:
        kept = {k: raw[k] for k in wanted if k in raw}
        if raw.get("default_cursor_field"):
            kept["default_cursor_field"] = raw["default_cursor_field"]
        kept["supported_sync_modes"] = list(kept["supported_sync_modes"])
        streams.append(kept)
    return streams


def main() -> None:
    streams = [configured(stream) for stream in discovered_streams()]
    CATALOG.write_text(json.dumps({"streams": streams}, indent=2) + "\n")
    print(f"wrote {len(streams)} streams to {CATALOG}")


if __name__ == "__main__":
    main()
