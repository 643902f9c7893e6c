"""One stream's schema expectations (the per-domain case modules build lists of these)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StreamCase:
    """What one stream's schema must satisfy; ``wrong_type`` = (dotted path, value the schema must reject)."""

    name: str
    primary_key: tuple[str, ...]
    vendor: str
    component: str
    date_time_paths: tuple[str, ...]
    samples: tuple[dict[str, Any], ...]
    wrong_type: tuple[str, Any]
