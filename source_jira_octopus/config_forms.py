"""The forms a user may type into the URL, date and email fields: one regular expression each, used twice.

spec.json carries these exact patterns (a unit test compares the strings), so the Airbyte form, the CDK's spec
validation and `config/` agree on what is valid: surrounding spaces are trimmed, a URL scheme may be upper
case, and a start date may be a plain date, carry a `Z`, a `+02:00` / `+0200` offset or none (read as UTC), and
have fractions of a second. What a pattern cannot know is checked by the parser only, each with its own
message naming the field: a day the calendar does not have (2023-02-29), an invalid IPv6 literal, `http://` or a
path on a Jira Cloud (`*.atlassian.net`) address.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import SplitResult, urlsplit

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[0-5]?[0-9]{1,4})"
URL_PATTERN = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://(\[[0-9A-Fa-f:.]+\]|[^\s/?#@:\[\]]+)(:" + _PORT + r")?(/[^\s?#]*)?\s*$"
DATE_PATTERN = (  # blank too: an emptied form field means "no start date"
    r"^\s*((?P<year>[0-9]{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"([Tt ](?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])(:(?P<second>[0-5][0-9])(\.(?P<fraction>[0-9]{1,9}))?)?"
    r"(?P<zone>[Zz]|(?P<sign>[+-])(?P<zone_hour>[01][0-9]|2[0-3]):?(?P<zone_minute>[0-5][0-9]))?)?)?\s*$"
)
EMAIL_PATTERN = r"^\s*[^\s@]+@[^\s@]+\s*$"
SPACE_ID_PATTERN = r"^\s*(Spaces-[0-9]+)?\s*$"  # a blank row left behind by the form is dropped, not an error

# The airbyte_secret fields of spec.json: their values never appear in a message.
SECRET_FIELDS = frozenset(
    [
        "api_token",
        "token",
        "password",
        "client_id",
        "client_secret",
        "refresh_token",
        "access_token",
        "api_key",
        "secret",
    ]
)
DATE_HINT = (
    "Use a date such as 2020-01-01, or a moment such as 2020-01-01T00:00:00Z, 2020-01-01T02:00:00+02:00 or "
    "2020-01-01T00:00:00.000Z (no offset means UTC)."
)

_URL = re.compile(URL_PATTERN)
_DATE = re.compile(DATE_PATTERN)


def config_error(path: str, problem: str, hint: str) -> AirbyteTracedException:
    return AirbyteTracedException(
        message=f"Invalid configuration: `{path}` {problem}. {hint}",
        internal_message=f"config field {path}: {problem}",
        failure_type=FailureType.config_error,
    )


def shown_value(value: Any) -> str:
    """A bad value as the user typed it, quoted and cut short; callers never pass a secret field's value."""
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    text = {"True": "true", "False": "false", "None": "null"}.get(text, text)
    return text if len(text) <= 60 else text[:57] + "..."


def url_problem(value: str) -> str | None:
    """What is wrong with a stripped URL (a phrase after "it"), or None when it is in the form of URL_PATTERN."""
    try:
        return _form_problem(value, urlsplit(value))
    except ValueError:  # urllib validates an IPv6 literal and parses the port lazily
        return "has an invalid IPv6 address or port (a port is a number up to 65535)"


def _form_problem(value: str, parts: SplitResult) -> str | None:
    if any(char.isspace() for char in value) or parts.scheme.lower() not in ("http", "https"):
        return "is not an http:// or https:// address"
    if not parts.hostname:
        return "has no host name"
    if "@" in parts.netloc:
        return "must not contain a user name or password; put credentials in their own fields"
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return "must not contain a query (?) or fragment (#)"
    _ = parts.port  # raises ValueError for a bad port
    if not _URL.match(value):
        return "is not in the form http(s)://host[:port][/path]"
    return None


def parse_date(value: str) -> datetime | None:
    """The UTC moment a start date names, or None when it is not one of the accepted forms or not in the calendar."""
    match = _DATE.match(value)
    if match is None or match["year"] is None:
        return None
    part = match.groupdict()
    try:
        moment = datetime(
            int(part["year"]),
            int(part["month"]),
            int(part["day"]),
            int(part["hour"] or 0),
            int(part["minute"] or 0),
            int(part["second"] or 0),
            int((part["fraction"] or "0")[:6].ljust(6, "0")),
            tzinfo=_zone(part),
        )
    except ValueError:
        return None  # 2023-02-29, 2024-04-31: a day the month does not have
    return moment.astimezone(UTC)


def _zone(part: dict[str, str | None]) -> timezone:
    if part["sign"] is None:
        return UTC  # `Z`, or no offset at all: read as UTC
    offset = timedelta(hours=int(part["zone_hour"] or 0), minutes=int(part["zone_minute"] or 0))
    return timezone(-offset if part["sign"] == "-" else offset)
