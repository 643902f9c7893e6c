"""Cancellation by SIGTERM (what the Airbyte platform sends to cancel a sync): finish in order, save what is done.

The handler only sets a flag. Everything else happens where the work is: the partition generator hands out no
more slices, partitions not started yet read nothing, a partition in the middle of its pages stops after the page
in flight, and the checkpoint records none of those as complete. The engine then drains as usual - every record
and state queued before is written - and each stream emits its final state, which names exactly the partitions
that were completed. run.py logs the count and exits with 143 (128 + SIGTERM), as a process killed by it would.
"""

from __future__ import annotations

import signal
import threading

EXIT_CODE = 128 + signal.SIGTERM
_CANCELLED = threading.Event()


def cancelled() -> bool:
    return _CANCELLED.is_set()


def cancel() -> None:
    _CANCELLED.set()


def install_sigterm_handler() -> None:
    """Call before any worker thread starts. SIGTERM is blocked in every thread (workers inherit the mask) and
    taken by one waiting thread instead: a signal that interrupted the main thread inside a large write to the
    stdout pipe was seen to splice a RECORD line. A handler stays installed for threads started earlier."""
    signal.signal(signal.SIGTERM, lambda signum, frame: cancel())
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    threading.Thread(target=_wait_for_sigterm, name="sigterm", daemon=True).start()


def _wait_for_sigterm() -> None:
    signal.sigwait({signal.SIGTERM})
    cancel()  # no I/O here: the main loop and the workers honour the flag
