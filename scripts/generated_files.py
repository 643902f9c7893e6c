"""Writes every file generated from the stream registries (`JIRA_STREAMS`, `OCTOPUS_STREAMS`):

- `source_jira_octopus/spec.json`: the `octopus.max_items_per_kind` block, one cap per Octopus kind;
- `docs/integrations/sources/jira-octopus.md`: the stream tables (one per service) between marker comments
  (`stream_tables.py`: the rows, their order and the registry's cells; hand-written prose cells are kept);
- `integration_tests/configured_catalog.json`: every stream, incremental where it can be (append_dedup on its
  primary key), full refresh and overwrite otherwise.

The sample API needs no generated file: it serves every Octopus collection its Swagger pages
(`jira_octopus_sample_api/octopus/kinds/documented_kinds.py`).

    .venv/bin/python -m scripts.generated_files           # rewrite the stale ones
    .venv/bin/python -m scripts.generated_files --check   # exit 1 naming the stale ones (what the test runs)
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from scripts.registry_facts import octopus_cap_kinds, registry_streams, stream_facts
from scripts.stream_tables import DOCS_TABLES, with_tables
from source_jira_octopus.http.stream import ServiceHttpStream

ROOT = Path(__file__).resolve().parents[1]
COMMAND = ".venv/bin/python -m scripts.generated_files"
CAP_EXAMPLES = [0, 10000]


def spec_text(current: str) -> str:
    spec = json.loads(current)
    octopus = spec["connectionSpecification"]["properties"]["octopus"]["properties"]
    caps = octopus["max_items_per_kind"]
    caps["properties"] = {kind.kind: _cap(kind, order) for order, kind in enumerate(octopus_cap_kinds())}
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def _cap(kind: Any, order: int) -> dict[str, Any]:
    noun = kind.cap_noun or kind.kind.replace("_", " ")
    scope = "per space" if kind.parent_kind is not None else "(server-wide)"
    return {
        "type": "integer",
        "title": kind.kind.replace("_", " ").capitalize(),
        "description": f"At most this many {noun} {scope}; 0 means no cap.",
        "order": order,
        "minimum": 0,
        "default": 0,
        "examples": CAP_EXAMPLES,
    }


def catalog_text(_current: str = "") -> str:
    streams = [configured(catalog_stream(stream)) for stream in registry_streams()]
    return json.dumps({"streams": streams}, indent=2) + "\n"


def catalog_stream(stream: ServiceHttpStream) -> dict[str, Any]:
    """The stream as `discover` lists it, without its schema (a configured catalog may leave it empty)."""
    key = stream.primary_key
    entry: dict[str, Any] = {
        "name": stream.name,
        "json_schema": {},
        "supported_sync_modes": ["full_refresh", "incremental"] if stream.supports_incremental else ["full_refresh"],
        "source_defined_primary_key": [[key]] if isinstance(key, str) else [[part] for part in key],
    }
    if stream.supports_incremental:
        cursor = stream.cursor_field
        entry["source_defined_cursor"] = True
        entry["default_cursor_field"] = [cursor] if isinstance(cursor, str) else list(cursor)
    return entry


def configured(stream: Mapping[str, Any]) -> dict[str, Any]:
    """Incremental with append_dedup where the stream can; full refresh and overwrite otherwise."""
    key = stream.get("source_defined_primary_key") or []
    if "incremental" in stream["supported_sync_modes"]:
        return {
            "stream": dict(stream),
            "sync_mode": "incremental",
            "destination_sync_mode": "append_dedup",
            "primary_key": key,
            "cursor_field": stream["default_cursor_field"],
        }
    return {
        "stream": dict(stream),
        "sync_mode": "full_refresh",
        "destination_sync_mode": "overwrite",
        "primary_key": key,
    }


def docs_text(current: str) -> str:
    return with_tables(current, DOCS_TABLES, stream_facts())


GENERATED: Mapping[str, Callable[[str], str]] = {
    "source_jira_octopus/spec.json": spec_text,
    "docs/integrations/sources/jira-octopus.md": docs_text,
    "integration_tests/configured_catalog.json": catalog_text,
}


def stale_files(root: Path = ROOT) -> list[str]:
    """The generated files whose content differs from what the registries give now."""
    stale = []
    for relative, generate in GENERATED.items():
        current = (root / relative).read_text()
        if generate(current) != current:
            stale.append(relative)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    args = parser.parse_args(argv)
    stale = stale_files()
    if args.check:
        for relative in stale:
            print(f"stale: {relative} (run: {COMMAND})")
        return 1 if stale else 0
    for relative in stale:
        path = ROOT / relative
        path.write_text(GENERATED[relative](path.read_text()))
        print(f"wrote {relative}")
    if not stale:
        print("every generated file is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
