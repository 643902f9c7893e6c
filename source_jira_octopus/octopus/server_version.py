"""The Octopus server's version (`GET /api` -> `Version`, anonymous on real servers), asked once, only when a log
line needs it (a collection the server lacks)."""

from __future__ import annotations

import logging
import threading

from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.http.client import ServiceClient
from source_jira_octopus.http.settings import HttpSettings

UNKNOWN = "(version unknown: GET /api failed)"


class ServerVersion:
    def __init__(self, settings: HttpSettings, server_url: str, logger: logging.Logger) -> None:
        self._settings, self._server_url, self._logger = settings, server_url, logger
        self._lock = threading.Lock()
        self._version: str | None = None

    def get(self) -> str:
        with self._lock:
            if self._version is None:
                self._version = self._ask()
            return self._version

    def _ask(self) -> str:
        try:
            root = ServiceClient(self._settings, self._server_url, self._logger).get("api")
        except AirbyteTracedException:
            return UNKNOWN
        version = root.get("Version") if isinstance(root, dict) else None
        return str(version) if version else UNKNOWN
