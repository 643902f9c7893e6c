"""Secrets an Octopus record may carry, removed before the record leaves the connector.

Octopus sends a secret as a `SensitiveValue` object, `{"HasValue": true, "NewValue": null, "Hint": null}`:
`NewValue` is write-only on current servers, but an older server, a proxy or a misconfigured extension can fill
it, so it is dropped everywhere, with the `Hint`; `HasValue` stays (whether the secret is set is useful, the
secret is not). Where they appear:

- accounts: `Password` (username/password, Azure service principal), `Token`, `SecretKey` (AWS),
  `PrivateKeyFile` / `PrivateKeyPassphrase` (SSH key pair), `CertificateBytes` (Azure subscription), `JsonKey`
  (Google Cloud);
- certificates: `CertificateData` (the PFX/PEM with its private key) and `Password`;
- feeds: `Password` (NuGet, Docker, Maven, GitHub, Helm) and `SecretKey` (AWS ECR);
- property values (`PropertyValueResource`: library variable set template defaults, deployment action
  properties) with `IsSensitive: true`: `Value` is nulled and its `SensitiveValue` reduced as above.

Fields named like a secret that arrive as a plain string (`UserResource.Password` in the Swagger, or a secret a
server sends unwrapped) are nulled too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HAS_VALUE = "HasValue"
SENSITIVE_VALUE_KEYS = frozenset({HAS_VALUE, "NewValue", "Hint"})
SECRET_FIELD_NAMES = frozenset(
    {
        "Password",
        "Token",
        "SecretKey",
        "PrivateKeyFile",
        "PrivateKeyPassphrase",
        "CertificateBytes",
        "CertificateData",
        "JsonKey",
        "NewValue",
    }
)


def without_secrets(value: Any) -> Any:
    """A copy of an Octopus record (or any part of it) with every secret removed; other values are unchanged."""
    if isinstance(value, list):
        return [without_secrets(item) for item in value]
    if not isinstance(value, Mapping):
        return value
    if HAS_VALUE in value and set(value) <= SENSITIVE_VALUE_KEYS:
        return {HAS_VALUE: value[HAS_VALUE]}
    cleaned = {
        key: None if key in SECRET_FIELD_NAMES and isinstance(item, str) else without_secrets(item)
        for key, item in value.items()
    }
    if cleaned.get("IsSensitive") is True and "Value" in cleaned:
        cleaned["Value"] = None
    return cleaned
