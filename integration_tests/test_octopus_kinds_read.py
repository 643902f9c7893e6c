"""The issue-9 Octopus kinds read over real HTTP from the fake: no secret leaves, a space the key may not read is
skipped, rate limits are waited out, a kind an older server lacks is skipped, caps are exact."""

import json

from airbyte_cdk.models import AirbyteMessageSerializer

from jira_octopus_sample_api.clients import octopus_session
from testkit.reading import OCTOPUS_STREAMS, read_streams, records_by_stream

FAKE_VERSION = "2020.5.0"  # the fake's GET /api Version


def serialized(output):
    """Every message of the read as the platform receives it (records, logs, state, traces)."""
    return "\n".join(json.dumps(AirbyteMessageSerializer.dump(m)) for m in output.get_message_iterator())


def warnings(output):
    return [m.log.message for m in output.logs if m.log.level.value == "WARN"]


def kind_records(fake_api, kind):
    return fake_api.dataset.parts["octopus_kinds"].by_kind[kind]


def test_no_secret_the_fake_holds_appears_in_a_full_read(fake_api):
    secrets = fake_api.dataset.parts["octopus_kinds"].secrets
    assert len(secrets) > 50
    served = octopus_session(fake_api).get(f"{fake_api.base_url}/api/Spaces-1/accounts", params={"take": 100}).text
    assert any(secret in served for secret in secrets), "the fake must serve secrets, or this test proves nothing"
    output = read_streams(fake_api.connector_config(jira=None), OCTOPUS_STREAMS)
    assert not output.errors
    text = serialized(output)
    leaked = [secret for secret in secrets if secret in text]
    assert not leaked, f"{len(leaked)} secrets in the output, e.g. {leaked[0]}"
    by_stream = records_by_stream(output)
    accounts = {r["Id"]: r for r in by_stream["octopus_accounts"]}
    assert {r["Id"] for r in kind_records(fake_api, "accounts")} == set(accounts)
    assert accounts["Accounts-1"]["Password"] == {"HasValue": True}
    assert all(r["CertificateData"] == {"HasValue": True} for r in by_stream["octopus_certificates"])
    assert all(r.get("Password") is None for r in by_stream["octopus_users"])


def test_a_space_without_the_view_permission_is_skipped_and_the_others_are_read(fake_api):
    fake_api.octopus_permissions["Spaces-2"].discard("AccountView")
    output = read_streams(fake_api.connector_config(jira=None), ["octopus_spaces", "octopus_accounts"])
    assert not output.errors
    expected = {r["Id"] for r in kind_records(fake_api, "accounts") if r["SpaceId"] != "Spaces-2"}
    assert expected and {r["Id"] for r in records_by_stream(output)["octopus_accounts"]} == expected
    [warning] = [w for w in warnings(output) if "octopus_accounts: skipped" in w]
    assert "space Spaces-2" in warning and "AccountView" in warning


def test_rate_limited_pages_with_and_without_retry_after_are_retried(fake_api):
    fake_api.faults.add(r"/api/Spaces-1/tenants$", 429, times=1, headers={"Retry-After": "1"})
    fake_api.faults.add(r"/api/Spaces-2/lifecycles$", 429, times=1)  # Octopus 2026.3 may omit Retry-After
    config = fake_api.connector_config(jira=None)
    config["octopus"]["page_size"] = 4
    output = read_streams(config, ["octopus_spaces", "octopus_tenants", "octopus_lifecycles"])
    assert not output.errors and fake_api.faults.pending == 0
    by_stream = records_by_stream(output)
    for kind in ("tenants", "lifecycles"):
        assert sorted(r["Id"] for r in by_stream[f"octopus_{kind}"]) == sorted(
            r["Id"] for r in kind_records(fake_api, kind)
        )
    first_pages = [r for r in fake_api.requests if r.path == "/api/Spaces-1/tenants" and r.param("skip") == "0"]
    assert len(first_pages) == 2  # the 429, then the retry


def test_a_kind_the_server_lacks_is_skipped_naming_the_server_version(fake_api):
    missing = {"ErrorMessage": "The resource you requested was not found.", "Errors": []}
    fake_api.faults.add(r"/api/Spaces-\d+/interruptions$", 404, times=3, body=missing)
    output = read_streams(
        fake_api.connector_config(jira=None), ["octopus_spaces", "octopus_interruptions", "octopus_artifacts"]
    )
    assert not output.errors and fake_api.faults.pending == 0
    by_stream = records_by_stream(output)
    assert not by_stream["octopus_interruptions"]
    assert {r["Id"] for r in by_stream["octopus_artifacts"]} == {r["Id"] for r in kind_records(fake_api, "artifacts")}
    skipped = [w for w in warnings(output) if "octopus_interruptions: skipped" in w]
    assert len(skipped) == 3 and all(f"Octopus {FAKE_VERSION}" in w for w in skipped)
    assert sum(1 for r in fake_api.requests if r.path == "/api") == 1


def test_a_cap_on_a_new_kind_reads_exactly_the_first_records_of_each_space(fake_api):
    config = fake_api.connector_config(jira=None)
    config["octopus"]["max_items_per_kind"] = {"artifacts": 4}
    config["octopus"]["page_size"] = 3
    output = read_streams(config, ["octopus_spaces", "octopus_artifacts"])
    assert not output.errors
    records = records_by_stream(output)["octopus_artifacts"]
    spaces = sorted(fake_api.dataset.ids("octopus_spaces"))
    for space in spaces:
        listed = sorted(
            (r for r in kind_records(fake_api, "artifacts") if r["SpaceId"] == space),
            key=lambda r: (r["Created"], r["Id"]),
            reverse=True,
        )
        assert len(listed) > 4
        assert [r["Id"] for r in records if r["SpaceId"] == space] == [r["Id"] for r in listed[:4]]
    capped = [w for w in warnings(output) if "max_items_per_kind.artifacts = 4" in w]
    assert sorted(w.split(" in space ")[1].split(" ")[0] for w in capped) == spaces
    assert all(w.startswith("octopus_artifacts: ") for w in capped)
