"""The failure type of a failed sync's last TRACE, which the platform reads to decide whether to retry.

The CDK ends a sync whose streams failed with one summary error, always labelled config_error ("During the sync, the
following streams did not sync successfully"), whatever the streams' own errors were: a 503 storm then looks like a
bad config and is not retried. The summary takes the most urgent type of the streams' errors instead:
system_error over transient_error over config_error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from airbyte_cdk.models import AirbyteMessage, FailureType, Type
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

_PRIORITY = (FailureType.system_error, FailureType.transient_error, FailureType.config_error)


def with_stream_failure_types(messages: Iterable[AirbyteMessage]) -> Iterator[AirbyteMessage]:
    seen: set[FailureType] = set()
    try:
        for message in messages:
            error = message.trace.error if message.type == Type.TRACE and message.trace else None
            if error is not None and error.failure_type is not None:
                seen.add(error.failure_type)
            yield message
    except AirbyteTracedException as summary:
        worst = next((kind for kind in _PRIORITY if kind in seen), summary.failure_type)
        if worst == summary.failure_type:
            raise
        raise AirbyteTracedException(
            message=summary.message, internal_message=summary.internal_message, failure_type=worst
        ) from summary
