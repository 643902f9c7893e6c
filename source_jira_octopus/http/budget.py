"""One rate governor per host and process, shared by every stream, thread and connection of that host.

`check` and `read` may build their connections separately (and the main job runs several reads in one process);
the governor is looked up by service and host, so whatever one of them learns (a quota pause, a slower pace) holds
for all of them.
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from airbyte_cdk.sources.streams.call_rate import APIBudget, MovingWindowCallRatePolicy, Rate

from source_jira_octopus.http.governor import RateGovernor

# Jira Cloud gives an API-token client about 10 requests/s before its burst limits answer 429 (Airbyte's measurement,
# 2026-05; Atlassian publishes no number). Pacing at it costs no 429 under a 10/s token bucket and keeps the read
# within 1.1x of the rate bound (bench/RESULTS.md); a site that allows less answers jira-burst-based, and the
# governor then slows that endpoint only. Data Center and Octopus have no such default.
JIRA_CLOUD_REQUESTS_PER_SECOND = 10.0

_GOVERNORS: dict[tuple[str, str], RateGovernor] = {}
_LOCK = threading.Lock()


def governor_for(service: str, base_url: str, logger: logging.Logger) -> RateGovernor:
    """The process's governor for `service` at the host of `base_url` (made on first use, unpaced)."""
    parts = urlsplit(base_url)
    key = (service, f"{parts.scheme}://{parts.netloc}".lower())
    with _LOCK:
        governor = _GOVERNORS.get(key)
        if governor is None:
            governor = _GOVERNORS[key] = RateGovernor(service, logger)
        return governor


@functools.cache
def per_second_budget(requests_per_second: int) -> APIBudget:
    """A moving one-second window for side clients (the webhook relay's Airbyte API calls), one per rate and process:
    the CDK's policy keeps its calls in a pyrate-limiter bucket that starts a thread that never ends, so a budget per
    client left a test run with 500+ such threads per worker, whose wake-ups cost more CPU than the tests did."""
    rate = Rate(limit=requests_per_second, interval=timedelta(seconds=1))
    return APIBudget(policies=[MovingWindowCallRatePolicy(rates=[rate], matchers=[])])
