"""One TLS trust store per CA bundle for the whole process, instead of one per connection.

For every new HTTPS connection, urllib3 builds an `SSLContext` and loads the CA bundle into it (requests hands it
the bundle's path: certifi's, or the config's `ca_certificate` bundle from http/tls.py). That load parses a few
hundred certificates, ~25 ms of CPU, and a read opens a connection per worker and per client: 15 for 5,000 issues
with 8 workers, 0.4 s of the read's 2.9 s (bench/RESULTS.md, "CPU per record"). The context built here is urllib3's
own (`create_urllib3_context`: certificates required, host names checked) with the same bundle, loaded once and
shared by every pool; verification is exactly as before.
"""

from __future__ import annotations

import os
import ssl
from functools import lru_cache

from requests.utils import DEFAULT_CA_BUNDLE_PATH
from urllib3.util.ssl_ import create_urllib3_context


def bundle_of(verify: bool | str | None) -> str | None:
    """The CA bundle file a request verifies against (requests' rules), or None: no verification, or a directory
    of certificates (left to urllib3 as before)."""
    if verify is True:
        path = DEFAULT_CA_BUNDLE_PATH
    elif isinstance(verify, str) and verify:
        path = verify
    else:
        return None
    return path if os.path.isfile(path) else None


@lru_cache(maxsize=8)
def trust_context(bundle: str) -> ssl.SSLContext:
    """The process's context for `bundle` (a file path): built and loaded on first use."""
    context = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
    context.load_verify_locations(cafile=bundle)
    return context
