"""spec.json's patterns and parse_config accept exactly the same dates and URLs (generated, not hand-picked).

The only differences are the rules a pattern cannot express, each answered by the parser with a message naming
the field: days the calendar does not have, invalid IPv6 literals, `http://` and paths on Jira Cloud addresses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException
from hypothesis import given, settings
from hypothesis import strategies as st

import source_jira_octopus
from source_jira_octopus import config_forms
from source_jira_octopus.config import parse_config
from unit_tests.config_cases import jira, octopus

SPEC = json.loads((Path(source_jira_octopus.__file__).parent / "spec.json").read_text())["connectionSpecification"]
PROPS = SPEC["properties"]
DATE_PATTERNS = [PROPS[section]["properties"]["start_date"]["pattern"] for section in ("jira", "octopus")]
URL_PATTERNS = [
    PROPS["jira"]["properties"]["base_url"]["pattern"],
    PROPS["octopus"]["properties"]["server_url"]["pattern"],
    PROPS["webhooks"]["properties"]["target_url"]["pattern"],
]
EXAMPLES = settings(max_examples=300, deadline=None)


def test_spec_carries_the_parsers_patterns() -> None:
    assert DATE_PATTERNS == [config_forms.DATE_PATTERN] * 2
    assert URL_PATTERNS == [config_forms.URL_PATTERN] * 3
    email = PROPS["jira"]["properties"]["credentials"]["oneOf"][0]["properties"]["email"]
    assert email["pattern"] == config_forms.EMAIL_PATTERN
    assert PROPS["octopus"]["properties"]["spaces"]["items"]["pattern"] == config_forms.SPACE_ID_PATTERN
    assert "format" not in PROPS["jira"]["properties"]["start_date"]  # a plain date is not a JSON-schema date-time


def _parses(raw: dict[str, Any]) -> bool:
    try:
        parse_config(raw)
    except AirbyteTracedException as error:
        assert error.failure_type == FailureType.config_error
        return False
    return True


def _spec_accepts(pattern: str, value: str) -> bool:
    return re.search(pattern, value) is not None  # jsonschema's `pattern` is re.search


_digits = st.integers
_two = st.sampled_from(["00", "01", "09", "12", "13", "23", "24", "28", "31", "59", "60", "99", "7", "123"])
_dates = st.builds(
    lambda space, year, month, day, sep, time, zone, tail: f"{space}{year}-{month}-{day}{sep}{time}{zone}{tail}",
    st.sampled_from(["", " ", "\t"]),
    st.sampled_from(["2024", "1970", "0001", "999", "20240"]),
    _two,
    st.sampled_from(["01", "15", "28", "00", "32", "1"]),  # days 29-31 exist only in some months: tested apart
    st.sampled_from(["T", "t", " ", "", "_", "TT"]),
    st.one_of(
        st.just(""),
        st.builds(
            lambda h, m, s, f: f"{h}:{m}{s}{f}",
            _two,
            _two,
            st.sampled_from(["", ":00", ":59", ":60", ":5"]),
            st.sampled_from(["", ".1", ".250", ".123456789", ".1234567890", "."]),
        ),
    ),
    st.sampled_from(["", "Z", "z", "+02:00", "-0700", "+0000", "+2", "+24:00", "-05:60", "UTC", " Z"]),
    st.sampled_from(["", " ", "x"]),
)


@EXAMPLES
@given(_dates | st.text(max_size=30))
def test_start_date_pattern_and_parser_agree(value: str) -> None:
    for section, build in (("jira", jira), ("octopus", octopus)):
        assert _spec_accepts(config_forms.DATE_PATTERN, value) == _parses({section: build(start_date=value)}), value


@pytest.mark.parametrize("value", ["2023-02-29", "2024-04-31T00:00:00Z", "2025-06-31"])
def test_calendar_days_are_checked_by_the_parser_only(value: str) -> None:
    assert _spec_accepts(config_forms.DATE_PATTERN, value)
    with pytest.raises(AirbyteTracedException, match=r"`jira.start_date` is \"[-0-9TZ:]+\", not a date"):
        parse_config({"jira": jira(start_date=value)})


@pytest.mark.parametrize(
    "value, utc",
    [
        (" 2024-01-01 ", "2024-01-01T00:00:00+00:00"),
        ("2024-01-01T00:00:00+02:00", "2023-12-31T22:00:00+00:00"),
        ("2024-01-01T00:00:00.123Z", "2024-01-01T00:00:00.123000+00:00"),
        ("2024-01-01 05:30-0700", "2024-01-01T12:30:00+00:00"),
        ("2024-02-29T23:59:59.999999999z", "2024-02-29T23:59:59.999999+00:00"),
    ],
)
def test_user_friendly_dates_mean_what_they_say(value: str, utc: str) -> None:
    assert parse_config({"octopus": octopus(start_date=value)}).octopus.start_date.isoformat() == utc  # type: ignore[union-attr]


_hosts = st.sampled_from(
    [
        "jira.example.com",
        "127.0.0.1",
        "[::1]",
        "[2001:db8::7]",
        "h",
        "a_b",
        "x@y",
        "",
        "jira example.com",
        "[zz::1]",
        "jira.example.com:",
        "jira.example.com:abc",
    ]
)
_urls = st.builds(
    lambda space, scheme, host, port, path, tail: f"{space}{scheme}{host}{port}{path}{tail}",
    st.sampled_from(["", " ", "\n"]),
    st.sampled_from(["https://", "http://", "HTTPS://", "Http://", "ftp://", "https:/", "https//", "", "https:///"]),
    _hosts,
    st.sampled_from(["", ":8080", ":0", ":65535", ":65536", ":99999", ":080", ":1234567"]),
    st.sampled_from(["", "/", "/jira", "/jira/", "//x", "/a b", "/?q=1", "/#top", "?", "/%20"]),
    st.sampled_from(["", " ", "/", "\t"]),
)


@EXAMPLES
@given(_urls | st.text(max_size=30))
def test_url_pattern_and_parser_agree(value: str) -> None:
    """Data Center and Octopus addresses (no Jira Cloud rule applies to them)."""
    raw = {"octopus": octopus(server_url=value), "jira": jira(base_url=value)}
    spec = _spec_accepts(config_forms.URL_PATTERN, value)
    assert spec == _parses({"octopus": raw["octopus"]}) == _parses({"jira": raw["jira"]}), value


@pytest.mark.parametrize(
    "url, problem",
    [
        ("http://acme.atlassian.net", "Jira Cloud answers only https"),
        ("https://acme.atlassian.net/jira/software", "Jira Cloud address with a path"),
        ("https://[1:2:3]:8443", "invalid IPv6"),
    ],
)
def test_rules_a_pattern_cannot_express_are_the_parsers(url: str, problem: str) -> None:
    assert _spec_accepts(config_forms.URL_PATTERN, url)
    with pytest.raises(AirbyteTracedException, match=re.escape(problem)) as raised:
        parse_config({"jira": jira(base_url=url)})
    assert "`jira.base_url`" in (raised.value.message or "")
