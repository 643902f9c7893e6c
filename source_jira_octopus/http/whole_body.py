"""Response bodies read in large pieces rather than requests' 10 KB chunks.

`requests` reads a body (when the caller does not stream it) as `b"".join(response.iter_content(10 * 1024))`:
a 1.1 MB page of 100 realistic issues is ~110 passes through requests' and urllib3's Python read loop, the largest
cost of the transport in a profile of a 5,000-issue read (bench/RESULTS.md, "CPU per record"). This adapter
fills the same body the same way with 1 MiB pieces before `Session.send` looks at it, so every error a read can
raise is mapped by requests exactly as before (ChunkedEncodingError, ContentDecodingError, ConnectionError) and
the CDK's retries see the same exceptions.

The same adapter gives every HTTPS pool the process's trust store for its CA bundle (http/trust.py), loaded once
rather than once per connection, and holds each request to its host's in-flight limit (http/in_flight.py) while it
is on the wire: after the rate governor's wait, never during it, so a request the governor sends while preparing
(Octopus's policy read) never waits for a slot its own thread would hold.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import DEFAULT_POOLSIZE, HTTPAdapter

from source_jira_octopus.http.in_flight import InFlightLimit
from source_jira_octopus.http.trust import bundle_of, trust_context

BODY_PIECE_BYTES = 1 << 20


class WholeBodyAdapter(HTTPAdapter):
    def __init__(self, in_flight: InFlightLimit | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.in_flight = in_flight or InFlightLimit()

    def send(self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        with self.in_flight.slot():
            response = super().send(request, stream=stream, **kwargs)
            if not stream:
                # What `Response.content` does on first access, with a larger piece: `_content` is where requests
                # keeps the body it read (iter_content marks the response consumed), so `Session.send` finds it read.
                response._content = b"".join(response.iter_content(BODY_PIECE_BYTES)) or b""
        return response

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: bool | str, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        bundle = bundle_of(verify)
        if host_params.get("scheme") == "https" and bundle is not None and cert is None:
            pool_kwargs.pop("ca_certs", None)  # why: a path here makes urllib3 load it again for every connection
            pool_kwargs["ssl_context"] = trust_context(bundle)
        return host_params, pool_kwargs

    def cert_verify(self, conn: Any, url: str, verify: bool | str, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)  # checks the bundle exists, requires certificates
        if url.lower().startswith("https") and bundle_of(verify) is not None and not cert:
            conn.ca_certs = None  # the pool's shared context holds this bundle already (http/trust.py)


def mount_whole_body_adapter(session: requests.Session, in_flight: InFlightLimit | None = None) -> None:
    """Replace the default adapters of a new session: requests' pool defaults, or a pool that keeps a connection
    alive for each of `in_flight`'s slots when more threads than requests' 10 share the session."""
    size = max(DEFAULT_POOLSIZE, (in_flight.limit if in_flight else None) or 0)
    adapter = WholeBodyAdapter(in_flight, pool_connections=size, pool_maxsize=size)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
