"""Snowflake settings for the main job: parsed and checked before any connection, errors that name the setting,
secrets never shown; connection failures from the real driver classes become one line naming the account."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from snowflake.connector import errors as snowflake_errors

from source_jira_octopus.warehouse import job, snowflake
from source_jira_octopus.warehouse.snowflake import SnowflakeConnectionError, SnowflakeSettingsError, parse_settings

PASSWORD = "Pa55-word-never-shown"
PASSPHRASE = "passphrase-never-shown"
BASE = {
    "account": "myorg-myaccount",
    "username": "AIRBYTE_LOADER",
    "warehouse": "COMPUTE_WH",
    "database": "ANALYTICS",
    "role": "AIRBYTE_ROLE",
}


@pytest.fixture(scope="module")
def encrypted_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    ).decode()


def test_password_settings_parse_with_the_default_schema():
    settings = parse_settings({**BASE, "password": PASSWORD})
    assert (settings.account, settings.schema_name, settings.auth_method) == (
        "myorg-myaccount",
        "jira_octopus",
        "password",
    )
    assert PASSWORD not in repr(settings)


def test_environment_variables_are_read_and_a_settings_file_wins(tmp_path):
    environ = {snowflake.ENV_NAMES[name]: value for name, value in {**BASE, "password": PASSWORD}.items()}
    settings_file = tmp_path / "snowflake.json"
    settings_file.write_text(json.dumps({"schema_name": "RAW_JIRA", "warehouse": "LOAD_WH"}))
    assert snowflake.wanted(None, environ) and not snowflake.wanted(None, {})
    settings = snowflake.load_settings(settings_file, environ)
    assert (settings.warehouse, settings.schema_name, settings.username) == ("LOAD_WH", "RAW_JIRA", "AIRBYTE_LOADER")


@pytest.mark.parametrize("missing", snowflake.REQUIRED_FIELDS)
def test_each_required_setting_is_named_with_its_variable_and_an_example(missing):
    raw = {**BASE, "password": PASSWORD}
    del raw[missing]
    with pytest.raises(SnowflakeSettingsError) as raised:
        parse_settings(raw)
    message = str(raised.value)
    assert f"`{missing}` ({snowflake.ENV_NAMES[missing]}) is required" in message
    assert snowflake.EXAMPLES[missing] in message


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"account": "https://myorg-myaccount.snowflakecomputing.com"}, "`account` (SNOWFLAKE_ACCOUNT) is a URL"),
        ({"account": "my account"}, "is not an account identifier"),
        ({"warehouse": "COMPUTE WH"}, "`warehouse` (SNOWFLAKE_WAREHOUSE) is not a Snowflake identifier"),
        ({"role": 7}, "`role` (SNOWFLAKE_ROLE) must be a string"),
        ({"user": "x"}, "`user` (user) is not a Snowflake setting"),
        ({"password": None}, "`password` (SNOWFLAKE_PASSWORD) or a private key is required"),
        (
            {"private_key_path": "/nonexistent/key.p8"},
            "`private_key_path` (SNOWFLAKE_PRIVATE_KEY_PATH) cannot be combined",
        ),
        (
            {"private_key_passphrase": PASSPHRASE},
            "`private_key_passphrase` (SNOWFLAKE_PRIVATE_KEY_PASSPHRASE) only applies",
        ),
    ],
)
def test_bad_settings_are_rejected_naming_the_setting_without_echoing_secrets(change, fragment):
    raw = {k: v for k, v in {**BASE, "password": PASSWORD, **change}.items() if v is not None}
    with pytest.raises(SnowflakeSettingsError) as raised:
        parse_settings(raw)
    assert fragment in str(raised.value)
    assert PASSWORD not in str(raised.value) and PASSPHRASE not in str(raised.value)


def test_key_pair_settings_check_the_key_text_and_the_key_file(tmp_path, encrypted_key):
    with pytest.raises(SnowflakeSettingsError, match="`private_key` .* is not a PEM private key"):
        parse_settings({**BASE, "private_key": "not-a-key"})
    with pytest.raises(SnowflakeSettingsError, match="`private_key_path` .* names no readable file"):
        parse_settings({**BASE, "private_key_path": str(tmp_path / "missing.p8")})
    key_file = tmp_path / "key.p8"
    key_file.write_text(encrypted_key)
    settings = parse_settings({**BASE, "private_key_path": str(key_file), "private_key_passphrase": PASSPHRASE})
    assert settings.auth_method == "key pair" and PASSPHRASE not in repr(settings)


def _connect_failing_with(error: Exception):
    """The real SQLAlchemy + snowflake-sqlalchemy path runs; only the driver's network connect is replaced."""
    return mock.patch("snowflake.connector.connect", side_effect=error)


@pytest.mark.parametrize(
    "error, expected",
    [
        (
            snowflake_errors.OperationalError(
                msg="Could not connect to Snowflake backend after 2 attempt(s).Aborting", errno=250001
            ),
            "Snowflake account myorg-myaccount is unreachable: check SNOWFLAKE_ACCOUNT",
        ),
        (
            snowflake_errors.DatabaseError(
                msg="Incorrect username or password was specified.", errno=390100, sqlstate="08001"
            ),
            "Snowflake account myorg-myaccount refused the login of AIRBYTE_LOADER (password)",
        ),
        (
            snowflake_errors.ProgrammingError(
                msg=f"Role 'AIRBYTE_ROLE' does not exist; password {PASSWORD}", errno=390189
            ),
            "refused the login of AIRBYTE_LOADER (password): check the user, role and credentials",
        ),
    ],
    ids=["unreachable", "wrong-password", "driver-echoes-a-secret"],
)
def test_connection_failures_are_one_line_naming_the_account(error, expected):
    settings = parse_settings({**BASE, "password": PASSWORD})
    with _connect_failing_with(error) as connect, pytest.raises(SnowflakeConnectionError) as raised:
        snowflake.open_snowflake_cache(settings)
    message = str(raised.value)
    assert connect.called and connect.call_args.kwargs["account"] == "myorg-myaccount"
    assert expected in message and "\n" not in message and PASSWORD not in message
    assert str(error.errno) in message


def test_a_wrong_key_passphrase_fails_before_connecting_without_showing_it(encrypted_key):
    settings = parse_settings({**BASE, "private_key": encrypted_key, "private_key_passphrase": "wrong-" + PASSPHRASE})
    with (
        _connect_failing_with(AssertionError("must not connect")) as connect,
        pytest.raises(SnowflakeConnectionError) as raised,
    ):
        snowflake.open_snowflake_cache(settings)
    assert not connect.called
    assert "Snowflake account myorg-myaccount could not be used with these settings (key pair)" in str(raised.value)
    assert PASSPHRASE not in str(raised.value) and "BEGIN" not in str(raised.value)


def test_the_main_job_reports_an_unreachable_account_in_one_line_and_never_prints_secrets(
    monkeypatch, capsys, encrypted_key, tmp_path
):
    for name, value in {**BASE, "private_key": encrypted_key, "private_key_passphrase": PASSPHRASE}.items():
        monkeypatch.setenv(snowflake.ENV_NAMES[name], value)
    unreachable = snowflake_errors.OperationalError(msg="Could not connect to Snowflake backend", errno=250001)
    with _connect_failing_with(unreachable):
        status = job.main(["--duckdb", str(tmp_path / "unused.duckdb")])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert status == job.EXIT_CONNECT
    [error_line] = [line for line in captured.err.splitlines() if line.startswith("ERROR:")]
    assert "Snowflake account myorg-myaccount is unreachable" in error_line
    assert "Connecting to Snowflake account myorg-myaccount as AIRBYTE_LOADER (key pair)" in captured.out
    assert "SAMPLE DATA" not in output, "nothing starts before the warehouse is reachable"
    for secret in (PASSPHRASE, encrypted_key.splitlines()[1], "BEGIN ENCRYPTED"):
        assert secret not in output


def test_the_main_job_rejects_bad_settings_with_exit_code_2(monkeypatch, capsys):
    monkeypatch.setenv("SNOWFLAKE_ACCOUNT", "myorg-myaccount")
    monkeypatch.setenv("SNOWFLAKE_PASSWORD", PASSWORD)
    assert job.main([]) == job.EXIT_CONFIG
    captured = capsys.readouterr()
    assert "`username` (SNOWFLAKE_USER) is required" in captured.err and PASSWORD not in captured.out + captured.err
