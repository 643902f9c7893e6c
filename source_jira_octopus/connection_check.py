"""What a service's connection check found: blocking problems and facts worth a warning."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckOutcome:
    errors: list[str] = field(default_factory=list)
    permission_problems: list[str] = field(default_factory=list)  # webhook permissions: errors or warnings per config
