"""The process's TLS trust stores (http/trust.py, mounted by http/whole_body.py): one load of a CA bundle for every
connection, with verification exactly as requests does it. Real HTTPS on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from source_jira_octopus.http.trust import bundle_of, trust_context
from source_jira_octopus.http.whole_body import mount_whole_body_adapter
from testkit.loopback import LoopbackServer, answer_json, self_signed_certificate, tls_context


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A loopback HTTPS server whose certificate (for 127.0.0.1) is its own CA, and that certificate's file."""
    cert, key, _ = self_signed_certificate(tmp_path)
    with LoopbackServer(answer_json(b'{"ok": true}'), tls_context(cert, key)) as server:
        yield server.url, cert


def session() -> requests.Session:
    made = requests.Session()
    mount_whole_body_adapter(made)
    return made


def test_every_connection_of_every_session_shares_one_loaded_bundle(https_server: tuple[str, Path]) -> None:
    url, bundle = https_server
    trust_context.cache_clear()
    sessions = [session() for _ in range(3)]
    for made in sessions:
        for _ in range(2):
            response = made.get(url, verify=str(bundle), timeout=10, headers={"Connection": "close"})
            assert response.json() == {"ok": True}
    assert trust_context.cache_info().misses == 1  # loaded once, not once per connection (6 here)


def test_a_server_the_bundle_does_not_trust_is_refused(https_server: tuple[str, Path]) -> None:
    url, _ = https_server
    with pytest.raises(requests.exceptions.SSLError, match="certificate verify failed"):
        session().get(url, verify=True, timeout=10)  # certifi's public CAs: the self-signed server is unknown


def test_the_host_name_is_still_checked(https_server: tuple[str, Path]) -> None:
    url, bundle = https_server
    other_name = url.replace("127.0.0.1", "localhost")  # trusted certificate, issued for another name
    with pytest.raises(requests.exceptions.SSLError, match="match|mismatch"):
        session().get(other_name, verify=str(bundle), timeout=10)


def test_bundles_as_requests_reads_verify(tmp_path: Path) -> None:
    pem = tmp_path / "ca.pem"
    pem.write_text("unused")
    assert bundle_of(True) == requests.utils.DEFAULT_CA_BUNDLE_PATH
    assert bundle_of(str(pem)) == str(pem)
    assert bundle_of(False) is None and bundle_of(None) is None
    assert bundle_of(str(tmp_path)) is None  # a directory of certificates: left to urllib3
    assert bundle_of(str(tmp_path / "missing.pem")) is None  # requests then reports the missing bundle itself
