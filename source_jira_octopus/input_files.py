"""The three files the platform hands the connector (config, catalog, state), read with errors that name the file.

The CDK's readers raise a bare ValueError, FileNotFoundError or pydantic error for a missing file, bad JSON, a
list where an object belongs or a state in no known shape, which surfaces as a Python traceback. These raise a
config_error AirbyteTracedException instead: run.py prints it as one TRACE message and exits non-zero.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from airbyte_cdk.models import (
    AirbyteStateMessage,
    AirbyteStateMessageSerializer,
    AirbyteStateType,
    ConfiguredAirbyteCatalog,
    ConfiguredAirbyteCatalogSerializer,
    FailureType,
)
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.state.saved import parse_saved_state

STATE_EXAMPLE = '[{"type": "STREAM", "stream": {"stream_descriptor": {"name": "jira_issues"}, "stream_state": {...}}}]'


def file_error(role: str, path: str, problem: str, hint: str) -> AirbyteTracedException:
    return AirbyteTracedException(
        message=f"The {role} file {path} {problem}." + (f" {hint}" if hint else ""),
        internal_message=f"{role} file {path}: {problem}",
        failure_type=FailureType.config_error,
    )


def read_json(role: str, path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError as error:
        raise file_error(role, path, f"cannot be read ({error.strerror or error})", "Check the path.") from None
    except UnicodeDecodeError:
        raise file_error(role, path, "is not UTF-8 text", "Save it as UTF-8 JSON.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise file_error(
            role,
            path,
            f"is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})",
            "Fix its syntax.",
        ) from None


def load_config(path: str) -> MutableMapping[str, Any]:
    config = read_json("config", path)
    if not isinstance(config, MutableMapping):
        raise file_error(
            "config", path, f"holds {_kind(config)}, not a JSON object", 'For example {"jira": {"base_url": ...}}.'
        )
    return config


def load_catalog(path: str) -> ConfiguredAirbyteCatalog:
    catalog = read_json("catalog", path)
    if not isinstance(catalog, Mapping) or not isinstance(catalog.get("streams"), list):
        raise file_error("catalog", path, f"holds {_kind(catalog)}, not a configured catalog", _CATALOG_HINT)
    for index, entry in enumerate(catalog["streams"]):
        missing = _missing_catalog_keys(entry)
        if missing:
            raise file_error("catalog", path, f"entry streams[{index}] lacks {', '.join(missing)}", _CATALOG_HINT)
    try:
        return ConfiguredAirbyteCatalogSerializer.load(catalog)
    except Exception as error:  # the serializer raises its own types for each kind of wrong field
        raise file_error(
            "catalog", path, f"is not a configured catalog ({_first_line(error)})", _CATALOG_HINT
        ) from None


_CATALOG_HINT = (
    'Each of its "streams" needs {"stream": {"name": ..., "json_schema": {...}, "supported_sync_modes": [...]}, '
    '"sync_mode": ..., "destination_sync_mode": ...}; `discover` prints the streams.'
)


def _missing_catalog_keys(entry: Any) -> list[str]:
    if not isinstance(entry, Mapping):
        return ["everything (it is not an object)"]
    stream = entry.get("stream")
    inner = ["name", "json_schema", "supported_sync_modes"]
    missing = [f"stream.{key}" for key in inner if not isinstance(stream, Mapping) or key not in stream]
    return missing + [key for key in ("sync_mode", "destination_sync_mode") if key not in entry]


def load_state(path: str, legacy_cursor: Callable[[str], str | None]) -> list[AirbyteStateMessage]:
    """A list of state messages (or empty); each stream's state is also checked for a shape this connector reads."""
    raw = read_json("state", path) if path else None  # the CDK reads no state file as no state
    if raw in (None, [], {}):
        return []
    if not isinstance(raw, list):
        raise file_error("state", path, f"holds {_kind(raw)}, not a list of state messages", f"Use {STATE_EXAMPLE}.")
    messages = [_state_message(path, index, item) for index, item in enumerate(raw)]
    for message in messages:
        if message.type == AirbyteStateType.STREAM and message.stream is not None:
            name = message.stream.stream_descriptor.name
            state = message.stream.stream_state.__dict__ if message.stream.stream_state is not None else None
            _check_stream_state(path, name, state, legacy_cursor(name))
    return messages


def _state_message(path: str, index: int, item: Any) -> AirbyteStateMessage:
    if not isinstance(item, Mapping) or item.get("type") not in ("STREAM", "GLOBAL", "LEGACY"):
        raise file_error("state", path, f"entry [{index}] is not a state message", f"Use {STATE_EXAMPLE}.")
    try:
        return AirbyteStateMessageSerializer.load(item)
    except Exception as error:  # the serializer raises its own types for each kind of wrong field
        raise file_error(
            "state", path, f"entry [{index}] is malformed ({_first_line(error)})", f"Use {STATE_EXAMPLE}."
        ) from None


def _check_stream_state(path: str, stream: str, state: Mapping[str, Any] | None, legacy: str | None) -> None:
    try:
        parse_saved_state(stream, state, legacy)
    except AirbyteTracedException as error:
        raise file_error("state", path, f"has a state for {stream} that cannot be used: {error.message}", "") from None


def _kind(value: Any) -> str:
    names = {
        dict: "a JSON object",
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
