"""Bursts in, one sync out per debounce window.

The first accepted event opens a window of `window_seconds`; every event until it closes joins it; when it closes,
one worker thread runs the trigger once for all of them. Events that arrive while a trigger runs open the next
window, so nothing that happened after a sync started is left without a sync. `stop()` closes the open window at
once and waits for its trigger: a graceful shutdown never drops accepted events.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from airbyte_cdk.utils.traced_exception import AirbyteTracedException

Trigger = Callable[[int], str]  # events in the window -> what to log


@dataclass
class RelayStats:
    events_accepted: int = 0
    syncs_triggered: int = 0
    syncs_failed: int = 0
    windows: list[int] = field(default_factory=list)  # events per closed window


class Debouncer:
    def __init__(
        self,
        window_seconds: float,
        trigger: Trigger,
        logger: logging.Logger,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._window, self._trigger, self._logger, self._clock = window_seconds, trigger, logger, clock
        self._condition = threading.Condition()
        self._pending = 0
        self._deadline: float | None = None
        self._stopping = False
        self._busy = False
        self.stats = RelayStats()
        self._worker = threading.Thread(target=self._run, name="webhook-debouncer", daemon=True)
        self._worker.start()

    def notify(self) -> None:
        with self._condition:
            self.stats.events_accepted += 1
            self._pending += 1
            if self._deadline is None:
                self._deadline = self._clock() + self._window
                self._condition.notify_all()

    @property
    def idle(self) -> bool:
        with self._condition:
            return self._pending == 0 and not self._busy

    def stop(self, timeout: float | None = None) -> None:
        """Fires the open window now (if any), waits for the trigger in flight, ends the worker."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        self._worker.join(timeout)

    def _run(self) -> None:
        while True:
            events = self._next_window()
            if events is None:
                return
            self._fire(events)

    def _next_window(self) -> int | None:
        with self._condition:
            while True:
                if self._deadline is not None and (self._stopping or self._clock() >= self._deadline):
                    events, self._pending, self._deadline, self._busy = self._pending, 0, None, True
                    return events
                if self._stopping:
                    return None
                timeout = None if self._deadline is None else max(self._deadline - self._clock(), 0)
                self._condition.wait(timeout)

    def _fire(self, events: int) -> None:
        self.stats.windows.append(events)
        try:
            outcome = self._trigger(events)
            self.stats.syncs_triggered += 1
            self._logger.info(f"sync triggered: {outcome}")
        except AirbyteTracedException as error:
            self.stats.syncs_failed += 1
            self._logger.error(f"sync trigger failed for {events} events: {error.message}")
        except Exception as error:  # noqa: BLE001 - a failed trigger must not end the relay
            self.stats.syncs_failed += 1
            self._logger.error(f"sync trigger failed for {events} events: {type(error).__name__}: {error}")
        finally:
            with self._condition:
                self._busy = False
