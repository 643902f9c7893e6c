"""TLS trust for self-hosted servers behind a private CA. Verification is never turned off."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import certifi


def verify_setting(ca_certificate: str | None) -> bool | str:
    """`True` (the default trust store), or the path of a bundle: the public CAs plus the config's `ca_certificate`.

    The public CAs stay in because one config can name Jira Cloud and a privately signed Octopus together. The CDK
    sends requests with `Session.send()`, which ignores REQUESTS_CA_BUNDLE, so the path goes in `verify=` explicitly.
    """
    if not ca_certificate or not ca_certificate.strip():
        return True
    digest = hashlib.sha256(ca_certificate.encode("utf-8")).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"source-jira-octopus-ca-{digest}.pem")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as bundle:
            bundle.write(Path(certifi.where()).read_text(encoding="utf-8"))
            bundle.write("\n" + ca_certificate.strip() + "\n")
    return path
