"""The start-up trim leaves the protocol's serialization exactly as the CDK defines it."""

import importlib

from airbyte_cdk.models import AirbyteMessage, AirbyteMessageSerializer, AirbyteRecordMessage, Type

import source_jira_octopus  # noqa: F401  (applies the trim, as every entry point does)
from source_jira_octopus.startup import _MODULES_READING_DOCSTRINGS, _no_attribute_docs


def test_docstring_readers_are_skipped():
    for name in _MODULES_READING_DOCSTRINGS:
        assert importlib.import_module(name).get_attributes_doc is _no_attribute_docs, name


def test_messages_serialize_and_parse_as_before():
    message = AirbyteMessage(
        type=Type.RECORD, record=AirbyteRecordMessage(stream="jira_issues", data={"id": "1"}, emitted_at=5)
    )
    dumped = AirbyteMessageSerializer.dump(message)
    assert dumped == {"type": "RECORD", "record": {"stream": "jira_issues", "data": {"id": "1"}, "emitted_at": 5}}
    assert AirbyteMessageSerializer.load(dumped) == message
