"""Reading one raw config object: typed getters whose errors name the field by its dotted path, show the bad value
(never a secret) and say what a valid value looks like. Every config section (`config/__init__.py`,
`config/webhooks.py`) reads its fields through these."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from source_jira_octopus.config_forms import SECRET_FIELDS, config_error, url_problem
from source_jira_octopus.config_forms import shown_value as _shown

UNSTRIPPED = frozenset({"password"})  # a password may legitimately start or end with a space


@dataclass(frozen=True)
class Bounds:
    low: float
    high: float | None
    default: float


class Fields:
    """One raw config object and its dotted path, with typed getters whose errors name the field."""

    def __init__(self, raw: Any, path: str = "") -> None:
        if raw is not None and not isinstance(raw, Mapping):
            raise config_error(path or "config", "must be a JSON object", "See the connector's spec for its fields.")
        self.raw: Mapping[str, Any] = raw or {}
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def child(self, key: str) -> Fields:
        return Fields(self.raw.get(key), self.at(key))

    def text(self, key: str, strip: bool = True, hint: str = "Enter it as text.") -> str | None:
        """The string at `key`, or None when absent or blank."""
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise config_error(self.at(key), f"is {self.shown(key)}, not a string", hint)
        if not value.strip():
            return None
        return value.strip() if strip else value

    def required_text(self, key: str, hint: str) -> str:
        value = self.text(key, strip=key not in UNSTRIPPED)
        if value is None:
            raise config_error(self.at(key), "is required", hint)
        return value

    def integer(self, key: str, bounds: Bounds) -> int:
        return int(self.number(key, bounds, whole=True))

    def number(self, key: str, bounds: Bounds, whole: bool = False) -> float:
        """The number at `key` within `bounds` (JSON 100.0 counts as whole, as in JSON schema); a bool is not one."""
        value = self.raw.get(key)
        if value is None:
            value = bounds.default
        kind = "a whole number" if whole else "a number"
        span = f"from {bounds.low:g}" + (f" to {bounds.high:g}" if bounds.high is not None else " up")
        hint = f"Use {kind} {span}; the default is {bounds.default:g}."
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or (whole and value != int(value))
        ):
            raise config_error(self.at(key), f"is {_shown(value)}, but must be {kind}", hint)
        if value < bounds.low or (bounds.high is not None and value > bounds.high):
            raise config_error(self.at(key), f"is {_shown(value)}, out of range", hint)
        return float(value)

    def optional_number(self, key: str, bounds: Bounds) -> float | None:
        """The number at `key` within `bounds`, or None when absent (the caller's default then applies)."""
        return None if self.raw.get(key) is None else self.number(key, bounds)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise config_error(
                self.at(key), f"is {_shown(value)}, not true or false", f"The default is {str(default).lower()}."
            )
        return value

    def text_list(self, key: str, example: str) -> tuple[str, ...]:
        """Stripped, de-duplicated, blank entries dropped (the Airbyte form can leave an empty row behind)."""
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise config_error(self.at(key), f"is {_shown(value)}, not a list of strings", f"For example {example}.")
        return tuple(dict.fromkeys(item.strip() for item in value if item.strip()))

    def shown(self, key: str) -> str:
        return "a secret value (not shown)" if key in SECRET_FIELDS else _shown(self.raw.get(key))

    def is_filled(self, key: str) -> bool:
        value = self.raw.get(key)
        return value not in (None, [], {}) and not (isinstance(value, str) and not value.strip())


def parse_url(fields: Fields, key: str, example: str) -> str:
    """http(s), a host, an optional port and path (config_forms.URL_PATTERN); spaces and trailing slashes removed."""
    path, hint = fields.at(key), f"Use the full address, for example {example}."
    value = fields.required_text(key, hint).rstrip("/")
    problem = url_problem(value)
    if problem:
        shown = "a URL with a user name or password (not shown)" if "@" in value else _shown(value)
        raise config_error(path, f"is {shown}: it {problem}", hint)
    parts = urlsplit(value)
    return f"{parts.scheme.lower()}://{parts.netloc}{parts.path}"
