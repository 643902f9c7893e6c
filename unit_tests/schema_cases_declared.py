"""Schema cases derived, not written: one for every Octopus registry row that names its `vendor_resource` and has no
hand-written case. Its sample is a record the sample API serves for that kind (built by the fake's own
`declared_records` for the kinds of `documented_kinds.py`), and an `Id` of null must be rejected."""

from __future__ import annotations

import random
from collections.abc import Collection

from jira_octopus_sample_api.octopus.kinds.documented_kinds import DECLARED_KINDS
from jira_octopus_sample_api.octopus.kinds.swagger_records import declared_records, octopus_definitions
from source_jira_octopus.octopus.streams import OCTOPUS_STREAMS
from unit_tests.stream_case import StreamCase

ANCHOR_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def derived_cases(hand_written: Collection[str]) -> list[StreamCase]:
    served = {declared.kind: declared for declared in DECLARED_KINDS}
    cases = []
    for stream in OCTOPUS_STREAMS:
        resource = stream.vendor_resource
        if resource is None or stream.name in hand_written:
            continue
        if stream.kind not in served:
            raise LookupError(
                f"{stream.name}: the sample API serves no Octopus collection named {stream.kind!r} from the Swagger "
                "(documented_kinds.py names a kind after its component: MachinePolicyResource -> machine_policies)"
            )
        [sample, *_] = declared_records(served[stream.kind], random.Random(stream.name), ANCHOR_MS, [("Spaces-1", 1)])
        properties = octopus_definitions()[resource]["properties"]
        dates = tuple(name for name, node in properties.items() if node.get("format") == "date-time")
        key = (stream.primary_key,) if isinstance(stream.primary_key, str) else tuple(stream.primary_key)
        cases.append(StreamCase(stream.name, key, "octopus", resource, dates, (sample,), ("Id", None)))
    return cases
