"""Snowflake settings for the main job: read from a JSON file and/or `SNOWFLAKE_*` variables, checked before any
connection, and turned into the main job's Snowflake cache (PyAirbyte's, with the guarded load of snowflake_load.py)
with one-line errors that name the account.

Messages name the setting and its variable and show a valid example; they never echo a secret (password, private
key, passphrase), and driver messages are scrubbed of them too.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

SECRET_FIELDS = ("password", "private_key", "private_key_passphrase")
REQUIRED_FIELDS = ("account", "username", "warehouse", "database", "role")
DEFAULT_SCHEMA = "jira_octopus"
ENV_NAMES = {
    "account": "SNOWFLAKE_ACCOUNT",
    "username": "SNOWFLAKE_USER",
    "warehouse": "SNOWFLAKE_WAREHOUSE",
    "database": "SNOWFLAKE_DATABASE",
    "role": "SNOWFLAKE_ROLE",
    "schema_name": "SNOWFLAKE_SCHEMA",
    "password": "SNOWFLAKE_PASSWORD",
    "private_key": "SNOWFLAKE_PRIVATE_KEY",
    "private_key_path": "SNOWFLAKE_PRIVATE_KEY_PATH",
    "private_key_passphrase": "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
}
EXAMPLES = {
    "account": "myorg-myaccount or xy12345.eu-west-1",
    "username": "AIRBYTE_LOADER",
    "warehouse": "COMPUTE_WH",
    "database": "ANALYTICS",
    "role": "AIRBYTE_ROLE",
    "schema_name": "JIRA_OCTOPUS",
}
_ACCOUNT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$|^\"[^\"]+\"$")  # unquoted Snowflake identifier, or quoted


class SnowflakeSettingsError(ValueError):
    """A Snowflake setting is missing or malformed; the message names it."""


class SnowflakeConnectionError(RuntimeError):
    """Snowflake could not be reached or refused the login; one line naming the account."""


@dataclass(frozen=True)
class SnowflakeSettings:
    account: str
    username: str
    warehouse: str
    database: str
    role: str
    schema_name: str = DEFAULT_SCHEMA
    password: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    private_key_path: str | None = None
    private_key_passphrase: str | None = field(default=None, repr=False)

    @property
    def auth_method(self) -> str:
        return "password" if self.password else "key pair"

    def secrets(self) -> list[str]:
        return [value for name in SECRET_FIELDS if (value := getattr(self, name))]

    def cache_arguments(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def wanted(settings_file: Path | None, environ: Mapping[str, str] = os.environ) -> bool:
    """Snowflake is the target when a settings file is given or SNOWFLAKE_ACCOUNT is set."""
    return settings_file is not None or bool(environ.get(ENV_NAMES["account"], "").strip())


def load_settings(settings_file: Path | None, environ: Mapping[str, str] = os.environ) -> SnowflakeSettings:
    """File values win over environment variables; both use the field names above."""
    raw = {name: environ[env] for name, env in ENV_NAMES.items() if environ.get(env, "").strip()}
    raw.update(_read_file(settings_file) if settings_file else {})
    return parse_settings(raw)


def parse_settings(raw: Mapping[str, Any]) -> SnowflakeSettings:
    unknown = sorted(set(raw) - set(ENV_NAMES))
    if unknown:
        raise _error(unknown[0], "is not a Snowflake setting", f"Use {', '.join(ENV_NAMES)}.")
    values = {name: _text(raw, name) for name in ENV_NAMES}
    for name in REQUIRED_FIELDS:
        if values[name] is None:
            raise _error(name, "is required", f"For example {EXAMPLES[name]}.")
    _check_account(values["account"] or "")
    for name in ("warehouse", "database", "role", "schema_name"):
        value = values[name]
        if value is not None and not _IDENTIFIER.match(value):
            raise _error(name, "is not a Snowflake identifier", f"For example {EXAMPLES[name]}.")
    _check_authentication(values)
    if values["private_key_path"]:
        values["private_key_path"] = str(Path(values["private_key_path"]).expanduser())
    return SnowflakeSettings(**{name: value for name, value in values.items() if value is not None})


def open_snowflake_cache(settings: SnowflakeSettings) -> Any:
    """Constructing the cache connects (it creates its state tables), so every failure surfaces here. The cache is
    PyAirbyte's with a guarded load (see snowflake_load.py)."""
    from source_jira_octopus.warehouse.duckdb_cache import batch_dir
    from source_jira_octopus.warehouse.snowflake_load import WarehouseSnowflakeCache

    try:
        return WarehouseSnowflakeCache(**settings.cache_arguments(), cache_dir=batch_dir())
    except Exception as error:  # the driver, SQLAlchemy and key loading each raise their own classes
        raise SnowflakeConnectionError(connection_message(settings, error)) from None


def connection_message(settings: SnowflakeSettings, error: BaseException) -> str:
    from snowflake.connector import errors as snowflake_errors

    driver_error = _driver_error(error)
    reason = _first_line(str(driver_error) or type(driver_error).__name__)
    for secret in settings.secrets():
        reason = reason.replace(secret, "****")
    if (
        isinstance(driver_error, (snowflake_errors.OperationalError, snowflake_errors.InterfaceError))
        and "password" not in reason.lower()
    ):
        hint = "is unreachable: check SNOWFLAKE_ACCOUNT (the account identifier, not the URL) and the network"
    elif isinstance(driver_error, snowflake_errors.Error):
        hint = (
            f"refused the login of {settings.username} ({settings.auth_method}): check the user, role and credentials"
        )
    else:
        hint = f"could not be used with these settings ({settings.auth_method})"
    return f"Snowflake account {settings.account} {hint}. Driver said: {reason}"


def _driver_error(error: BaseException) -> BaseException:
    """SQLAlchemy wraps the DBAPI exception in `.orig`."""
    return getattr(error, "orig", None) or error


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:300]


def _read_file(path: Path) -> dict[str, Any]:
    try:
        content = json.loads(path.read_text())
    except OSError as error:
        raise SnowflakeSettingsError(f"Snowflake settings file {path} cannot be read: {error.strerror}.") from None
    except json.JSONDecodeError as error:
        raise SnowflakeSettingsError(f"Snowflake settings file {path} is not JSON (line {error.lineno}).") from None
    if not isinstance(content, dict):
        raise SnowflakeSettingsError(f"Snowflake settings file {path} must hold a JSON object of settings.")
    return content


def _text(raw: Mapping[str, Any], name: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _error(name, "must be a string", f"For example {EXAMPLES.get(name, 'a quoted text value')}.")
    if name == "password" or name.startswith("private_key"):
        return value if value.strip() else None
    return value.strip() or None


def _check_account(account: str) -> None:
    if "snowflakecomputing.com" in account.lower() or "://" in account:
        raise _error(
            "account",
            "is a URL",
            "Give the account identifier only, for example myorg-myaccount (the part before .snowflakecomputing.com).",
        )
    if not _ACCOUNT.match(account):
        raise _error("account", "is not an account identifier", f"For example {EXAMPLES['account']}.")


def _check_authentication(values: Mapping[str, str | None]) -> None:
    given = [name for name in ("password", "private_key", "private_key_path") if values[name] is not None]
    hint = (
        "Give exactly one of password (SNOWFLAKE_PASSWORD), private_key (SNOWFLAKE_PRIVATE_KEY, PEM text) or "
        "private_key_path (SNOWFLAKE_PRIVATE_KEY_PATH, for example ~/.ssh/snowflake_rsa_key.p8)."
    )
    if not given:
        raise _error("password", "or a private key is required", hint)
    if len(given) > 1:
        raise _error(given[1], f"cannot be combined with {given[0]}", hint)
    if values["private_key_passphrase"] is not None and given[0] == "password":
        raise _error("private_key_passphrase", "only applies to a private key", hint)
    if given[0] == "private_key" and "-----BEGIN" not in (values["private_key"] or ""):
        raise _error(
            "private_key",
            "is not a PEM private key",
            "Paste the whole key, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.",
        )
    if given[0] == "private_key_path" and not Path(values["private_key_path"] or "").expanduser().is_file():
        raise _error(
            "private_key_path",
            "names no readable file",
            "Give the path of the PEM key file, for example ~/.ssh/snowflake_rsa_key.p8.",
        )


def _error(name: str, problem: str, hint: str) -> SnowflakeSettingsError:
    return SnowflakeSettingsError(
        f"Invalid Snowflake settings: `{name}` ({ENV_NAMES.get(name, name)}) {problem}. {hint}"
    )
