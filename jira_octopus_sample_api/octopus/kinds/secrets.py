"""The secrets the fake Octopus holds, so a test can prove that none of them leaves the connector.

A real server answers a GET with `SensitiveValue.NewValue` null (the value is write-only); the fake is
pessimistic and fills it (as an older server, a proxy or a faulty extension could), so that the connector's
masking, not the server's manners, is what keeps the secrets out of the output.
"""

from __future__ import annotations

import random
from typing import Any


class SecretBook:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.values: list[str] = []

    def secret(self, owner: str) -> str:
        value = f"fake-secret-{owner.lower()}-{self._rng.getrandbits(64):016x}"
        self.values.append(value)
        return value

    def sensitive(self, owner: str) -> dict[str, Any]:
        """Octopus' SensitiveValue with the secret in it."""
        return {"HasValue": True, "NewValue": self.secret(owner)}

    def property_value(self, owner: str, sensitive: bool, plain: str = "") -> dict[str, Any]:
        """A PropertyValueResource: a plain value, or a sensitive one carrying a secret."""
        if sensitive:
            return {"IsSensitive": True, "Value": self.secret(owner), "SensitiveValue": self.sensitive(owner)}
        return {"IsSensitive": False, "Value": plain}
