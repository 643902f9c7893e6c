"""Schema cases of the webhooks streams: sample records and a value each schema must reject."""

from __future__ import annotations

from unit_tests.stream_case import StreamCase

CASES: list[StreamCase] = []
