from pathlib import Path

import certifi

from source_jira_octopus.http.tls import verify_setting

PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----"


def test_no_certificate_means_the_default_trust_store():
    assert verify_setting(None) is True
    assert verify_setting("  \n") is True


def test_a_private_ca_is_added_to_the_public_ones_never_replacing_them():
    path = verify_setting(PEM)
    content = Path(path).read_text(encoding="utf-8")
    assert content.startswith(Path(certifi.where()).read_text(encoding="utf-8")[:200])
    assert content.rstrip().endswith(PEM)
    assert verify_setting(PEM) == path  # same certificate, same file
