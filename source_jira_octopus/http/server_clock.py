"""The server's clock at the moment a request started, from its `Date` header."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime


def server_clock(date_header: str | None, elapsed: timedelta, margin: timedelta = timedelta(0)) -> datetime | None:
    """Server time at which a request started, at the latest: its `Date` header (second precision, stamped after
    the work was done) minus the longer of the request's duration (rounded up to whole seconds) and `margin`, minus
    one second for the header's rounding. With the request timeout as the margin the result does not depend on how
    fast the request was (no request outlives its timeout), so 1 and 16 workers save the same state."""
    if not date_header:
        return None
    try:
        stamped = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    if stamped.tzinfo is None:
        stamped = stamped.replace(tzinfo=UTC)
    waited = max(math.ceil(elapsed.total_seconds()), math.ceil(margin.total_seconds()))
    return stamped - timedelta(seconds=waited + 1)
