"""The dbt profile the main job generates from its own target: DuckDB (the loaded file, models in `analytics`) or
Snowflake (the loaded schema), never a secret in the file; secrets pass through environment variables that exist
only while dbt runs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from source_jira_octopus.warehouse import transform
from source_jira_octopus.warehouse.snowflake import parse_settings

PASSWORD = "Pa55-word-never-on-disk"
SNOWFLAKE = {
    "account": "myorg-myaccount",
    "username": "AIRBYTE_LOADER",
    "warehouse": "COMPUTE_WH",
    "database": "ANALYTICS",
    "role": "AIRBYTE_ROLE",
    "schema_name": "JIRA_OCTOPUS",
}


def _output(target: transform.Target) -> dict:
    profile = json.loads(transform.profile_text(target))[transform.PROFILE_NAME]
    assert profile["target"] == transform.TARGET_NAME
    return profile["outputs"][transform.TARGET_NAME]


def test_duckdb_models_go_to_the_analytics_schema_of_the_loaded_file_read_from_main():
    target = transform.DuckDBTarget(Path("/data/jira-prod.duckdb"))

    assert _output(target) == {"type": "duckdb", "path": "/data/jira-prod.duckdb", "schema": "analytics", "threads": 2}
    # The catalog DuckDB names after the file is quoted: `jira-prod` is no bare SQL identifier.
    assert target.variables() == {"jira_octopus_source_database": '"jira-prod"', "jira_octopus_source_schema": "main"}
    assert target.models_schema == "analytics" and target.secrets() == {}


def test_snowflake_profile_names_environment_variables_instead_of_the_password():
    target = transform.SnowflakeTarget(parse_settings({**SNOWFLAKE, "password": PASSWORD}))

    text = transform.profile_text(target)
    assert PASSWORD not in text
    assert _output(target) == {
        "type": "snowflake",
        "account": "myorg-myaccount",
        "user": "AIRBYTE_LOADER",
        "role": "AIRBYTE_ROLE",
        "database": "ANALYTICS",
        "warehouse": "COMPUTE_WH",
        "schema": "JIRA_OCTOPUS",
        "threads": 4,
        "password": "{{ env_var('DBT_ENV_SECRET_SNOWFLAKE_PASSWORD') }}",
    }
    assert target.secrets() == {"DBT_ENV_SECRET_SNOWFLAKE_PASSWORD": PASSWORD}
    assert target.models_schema == "JIRA_OCTOPUS" and target.variables() == {}


def test_a_key_file_is_named_by_path_and_its_passphrase_by_variable(tmp_path):
    key_file = tmp_path / "key.p8"
    key_file.write_text("-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n")
    settings = parse_settings({**SNOWFLAKE, "private_key_path": str(key_file), "private_key_passphrase": "pp-secret"})

    output = _output(transform.SnowflakeTarget(settings))
    assert output["private_key_path"] == str(key_file)
    assert output["private_key_passphrase"] == "{{ env_var('DBT_ENV_SECRET_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE') }}"
    assert "pp-secret" not in transform.profile_text(transform.SnowflakeTarget(settings))


def test_the_profile_file_is_private_and_gone_afterwards_and_secrets_leave_the_environment():
    target = transform.SnowflakeTarget(parse_settings({**SNOWFLAKE, "password": PASSWORD}))
    variable = "DBT_ENV_SECRET_SNOWFLAKE_PASSWORD"
    os.environ.pop(variable, None)

    with transform._profiles_directory(target) as directory, transform._environment(target.secrets()):
        profile = directory / "profiles.yml"
        assert profile.stat().st_mode & 0o777 == 0o600
        assert os.environ[variable] == PASSWORD
    assert not directory.exists()
    assert variable not in os.environ


def test_each_target_keeps_its_own_dbt_work_directory():
    first = transform.work_directory(transform.DuckDBTarget(Path("/tmp/a.duckdb")))
    second = transform.work_directory(transform.DuckDBTarget(Path("/tmp/b.duckdb")))

    assert first != second and first.is_dir()
    assert first == transform.work_directory(transform.DuckDBTarget(Path("/tmp/a.duckdb")))
