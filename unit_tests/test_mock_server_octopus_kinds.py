"""Whole reads of the issue-9 Octopus kinds against HttpMocker: every page registered with its exact skip/take and
sent exactly once; records, SpaceId stamps, dropped secrets, skipped spaces and caps are exact."""

import json
import logging

import pytest
from airbyte_cdk.models import AirbyteMessageSerializer, SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.state_builder import StateBuilder

from source_jira_octopus.octopus.base import OctopusStream
from source_jira_octopus.octopus.streams import OctopusSpaceStream, space_kinds, system_kinds
from testkit.mock_server import (
    DATE,
    NEW_CURSOR,
    OCTOPUS,
    OCTOPUS_CONFIG,
    SAVED,
    Mocks,
    final_state,
    mock_octopus_spaces,
    octopus_items,
    run,
)

SPACE_KINDS = {kind.name: kind.path_template.removeprefix("{space_id}/") for kind in space_kinds.STREAMS}
SYSTEM_KINDS = {kind.name: kind.path_template for kind in system_kinds.STREAMS}
SECRET = "s3cr3t-value-that-must-not-leave"


@pytest.mark.parametrize("kind", [*space_kinds.STREAMS, *system_kinds.STREAMS], ids=lambda kind: kind.name)
def test_the_kinds_this_file_reads_are_rows_without_behaviour_of_their_own(kind):
    """What this file proves for every row holds because a row is data: no method, no property of its own."""
    assert kind.__bases__ in ((OctopusSpaceStream,), (OctopusStream,))
    own = {name for name, value in vars(kind).items() if callable(value) or isinstance(value, property)}
    assert not own, f"{kind.name} has behaviour of its own ({', '.join(sorted(own))}): test it in a file of its own"
    assert kind.name == f"octopus_{kind.kind}"
    assert "octopus_lifecycles" in SPACE_KINDS and "octopus_users" in SYSTEM_KINDS  # the registry is not empty


def error(status, message, **headers):
    return HttpResponse(json.dumps({"ErrorMessage": message, "Errors": [message]}), status, headers)


def serialized(output):
    """Every message the read wrote, as the platform receives it."""
    return "\n".join(json.dumps(AirbyteMessageSerializer.dump(m)) for m in output.get_message_iterator())


def warnings(output):
    return [m.log.message for m in output.logs if m.log.level.value == "WARN"]


@pytest.mark.parametrize("stream", sorted(SPACE_KINDS))
def test_space_kinds_are_read_per_space_with_exact_pages_and_stamped(stream):
    segment = SPACE_KINDS[stream]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        for skip, ids in ((0, ["A-3", "A-2"]), (2, ["A-1"])):
            mocks.get(
                f"{OCTOPUS}/api/Spaces-1/{segment}",
                {"skip": str(skip), "take": "2"},
                octopus_items(segment, "Spaces-1", skip, 3, [{"Id": i} for i in ids]),
            )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/{segment}",
            {"skip": "0", "take": "2"},
            octopus_items(segment, "Spaces-2", 0, 1, [{"Id": "B-1", "ProjectId": "Projects-9"}]),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, stream)
        mocks.verify()
    assert not output.errors
    assert sorted((r.record.data["SpaceId"], r.record.data["Id"]) for r in output.records) == [
        ("Spaces-1", "A-1"),
        ("Spaces-1", "A-2"),
        ("Spaces-1", "A-3"),
        ("Spaces-2", "B-1"),
    ]
    assert [r.record.data.get("ProjectId") for r in output.records if r.record.data["Id"] == "B-1"] == ["Projects-9"]


@pytest.mark.parametrize("stream", sorted(SYSTEM_KINDS))
def test_server_wide_kinds_are_read_once_without_a_space(stream):
    segment = SYSTEM_KINDS[stream]
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        for skip, ids in ((0, ["X-1", "X-2"]), (2, ["X-3"])):
            mocks.get(
                f"{OCTOPUS}/api/{segment}",
                {"skip": str(skip), "take": "2"},
                octopus_items(segment, "", skip, 3, [{"Id": i, "Name": i} for i in ids]),
            )
        output = run({"octopus": OCTOPUS_CONFIG}, stream)
        mocks.verify()
    assert not output.errors
    assert [r.record.data for r in output.records] == [{"Id": i, "Name": i} for i in ("X-1", "X-2", "X-3")]


ACCOUNTS = [
    {
        "Id": "Accounts-1",
        "AccountType": "UsernamePassword",
        "Username": "deployer",
        "Password": {"HasValue": True, "NewValue": SECRET},
    },
    {"Id": "Accounts-2", "AccountType": "Token", "Token": {"HasValue": True, "NewValue": SECRET, "Hint": "…ave"}},
    {
        "Id": "Accounts-3",
        "AccountType": "SshKeyPair",
        "PrivateKeyFile": SECRET,  # a server that sends the secret unwrapped
        "PrivateKeyPassphrase": {"HasValue": False, "NewValue": None},
    },
]


def test_account_secrets_are_dropped_and_has_value_kept():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1"])
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/accounts",
            {"skip": "0", "take": "2"},
            {"ItemType": "Account", "TotalResults": 3, "Items": ACCOUNTS, "Links": {}},
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_accounts")
        mocks.verify()
    records = {r.record.data["Id"]: r.record.data for r in output.records}
    assert records["Accounts-1"]["Password"] == {"HasValue": True} and records["Accounts-1"]["Username"] == "deployer"
    assert records["Accounts-2"]["Token"] == {"HasValue": True}
    assert records["Accounts-3"].get("PrivateKeyFile") is None  # nulled (null fields leave the message)
    assert records["Accounts-3"]["PrivateKeyPassphrase"] == {"HasValue": False}
    assert SECRET not in serialized(output)


def test_sensitive_property_values_of_deployment_processes_are_dropped():
    action = {
        "Id": "action-1",
        "Properties": {
            "Octopus.Action.Script.ScriptBody": {"IsSensitive": False, "Value": "./smoke.sh"},
            "Octopus.Action.Script.Password": {
                "IsSensitive": True,
                "Value": SECRET,
                "SensitiveValue": {"HasValue": True, "NewValue": SECRET},
            },
            "Octopus.Action.RunOnServer": "false",
        },
    }
    process = {"Id": "deploymentprocess-Projects-1", "ProjectId": "Projects-1", "Steps": [{"Actions": [action]}]}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1"])
        mocks.get(
            f"{OCTOPUS}/api/Spaces-1/deploymentprocesses",
            {"skip": "0", "take": "2"},
            {"ItemType": "DeploymentProcess", "TotalResults": 1, "Items": [process], "Links": {}},
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_deployment_processes")
        mocks.verify()
    [record] = [r.record.data for r in output.records]
    properties = record["Steps"][0]["Actions"][0]["Properties"]
    assert properties == {
        "Octopus.Action.Script.ScriptBody": {"IsSensitive": False, "Value": "./smoke.sh"},
        "Octopus.Action.Script.Password": {"IsSensitive": True, "Value": None, "SensitiveValue": {"HasValue": True}},
        "Octopus.Action.RunOnServer": "false",
    }


def test_a_space_the_key_may_not_read_is_skipped_with_a_warning_naming_it():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        denied = HttpRequest(f"{OCTOPUS}/api/Spaces-1/certificates", query_params={"skip": "0", "take": "2"})
        mocker.get(
            denied, error(403, "You do not have permission to perform this action. Missing permission: CertificateView")
        )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/certificates",
            {"skip": "0", "take": "2"},
            octopus_items("certificates", "Spaces-2", 0, 1, [{"Id": "Certificates-9"}]),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_certificates")
        mocks.verify()
        mocker.assert_number_of_calls(denied, 1)  # a 403 is not retried
    assert not output.errors
    assert [(r.record.data["SpaceId"], r.record.data["Id"]) for r in output.records] == [("Spaces-2", "Certificates-9")]
    [warning] = [w for w in warnings(output) if "skipped" in w and "octopus_certificates" in w]
    assert "space Spaces-1" in warning and "CertificateView" in warning and "Spaces-2" not in warning


def test_a_collection_an_older_server_lacks_is_skipped_naming_the_server_version():
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        for space in ("Spaces-1", "Spaces-2"):
            missing = HttpRequest(f"{OCTOPUS}/api/{space}/workerpools", query_params={"skip": "0", "take": "2"})
            mocker.get(missing, error(404, "The resource you requested was not found."))
        mocks.get(f"{OCTOPUS}/api", None, {"Application": "Octopus Deploy", "Version": "2018.1.3", "Links": {}})
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_worker_pools")
        mocks.verify()  # GET /api asked once for both spaces
    assert not output.errors and not output.records
    skipped = [w for w in warnings(output) if "octopus_worker_pools: skipped" in w]
    assert len(skipped) == 2 and all("Octopus 2018.1.3" in w and "/api/Spaces-" in w for w in skipped)
    assert {"space Spaces-1", "space Spaces-2"} == {w.split(": skipped ")[1].split(":")[0] for w in skipped}


def test_the_space_list_still_fails_on_a_404():
    with HttpMocker() as mocker:
        mocker.get(
            HttpRequest(f"{OCTOPUS}/api/spaces", query_params={"skip": "0", "take": "2"}),
            error(404, "The resource you requested was not found."),
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_spaces")
    assert output.errors and "octopus.server_url" in output.errors[0].trace.error.message


def test_a_cap_on_a_new_kind_is_exact_per_space_and_names_stream_space_and_cap(caplog):
    config = {**OCTOPUS_CONFIG, "max_items_per_kind": {"tenants": 3}}
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        for skip, ids in ((0, ["T-1", "T-2"]), (2, ["T-3", "T-4"])):
            mocks.get(
                f"{OCTOPUS}/api/Spaces-1/tenants",
                {"skip": str(skip), "take": "2"},
                octopus_items("tenants", "Spaces-1", skip, 9, [{"Id": i} for i in ids]),
            )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/tenants",
            {"skip": "0", "take": "2"},
            octopus_items("tenants", "Spaces-2", 0, 2, [{"Id": "U-1"}, {"Id": "U-2"}]),
        )
        with caplog.at_level(logging.WARNING):
            output = run({"octopus": config}, "octopus_tenants")
        mocks.verify()  # no third page in Spaces-1
    assert sorted(r.record.data["Id"] for r in output.records) == ["T-1", "T-2", "T-3", "U-1", "U-2"]
    [warning] = [w for w in warnings(output) if "max_items_per_kind" in w]
    assert warning.startswith("octopus_tenants: stopped at the cap max_items_per_kind.tenants = 3 in space Spaces-1")
    assert "the list has 9 tenants" in warning


@pytest.mark.parametrize("saved", [{"Spaces-1": {"cursor": SAVED}}, {}], ids=["saved-cursor", "first-sync"])
def test_a_skipped_space_keeps_its_incremental_cursor(saved):
    """A 403 space's releases were never read: its cursor must not move to this sync's start."""
    state = (
        StateBuilder().with_stream_state("octopus_releases", {"state_version": 2, "partitions": dict(saved)}).build()
    )
    with HttpMocker() as mocker:
        mocks = Mocks(mocker)
        mock_octopus_spaces(mocks, ["Spaces-1", "Spaces-2"])
        mocker.get(
            HttpRequest(f"{OCTOPUS}/api/Spaces-1/releases", query_params={"skip": "0", "take": "2"}),
            error(403, "You do not have permission to perform this action. Missing permission: ReleaseView", Date=DATE),
        )
        mocks.get(
            f"{OCTOPUS}/api/Spaces-2/releases",
            {"skip": "0", "take": "2"},
            octopus_items("releases", "Spaces-2", 0, 1, [{"Id": "R-9", "Assembled": "2024-05-01T11:00:00.000+00:00"}]),
            Date=DATE,
        )
        output = run({"octopus": OCTOPUS_CONFIG}, "octopus_releases", SyncMode.incremental, state)
        mocks.verify()
    assert not output.errors
    assert [r.record.data["Id"] for r in output.records] == ["R-9"]
    assert final_state(output) == {"state_version": 2, "partitions": {**saved, "Spaces-2": {"cursor": NEW_CURSOR}}}
