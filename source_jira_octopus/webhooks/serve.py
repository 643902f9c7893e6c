"""`webhooks serve`: the receiver on uvicorn, the debouncer and the trigger, a daily refresh of dynamic webhooks, and
a graceful shutdown (SIGTERM/SIGINT: stop accepting, fire the open window, wait for its trigger, exit 0)."""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import uvicorn
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_jira_octopus.config import ConnectorConfig
from source_jira_octopus.http.tls import verify_setting
from source_jira_octopus.webhooks.deliveries import ReplayGuard
from source_jira_octopus.webhooks.receiver import DEFAULT_MAX_BODY_BYTES, Receiver, build_app
from source_jira_octopus.webhooks.registration import Registration
from source_jira_octopus.webhooks.relay import Debouncer, Trigger
from source_jira_octopus.webhooks.triggers import AirbyteSyncTrigger, MainJobTrigger

DEFAULT_REPLAY_WINDOW = 3600.0  # Jira retries a failed delivery for a while; an hour covers its retries
REFRESH_EVERY_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8080
    port_file: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    replay_window: float = DEFAULT_REPLAY_WINDOW
    conflict_wait: float = 15.0
    main_job_command: Sequence[str] | None = None
    refresh_every: float = REFRESH_EVERY_SECONDS


def serve(raw: Any, config_path: str, options: ServeOptions, logger: logging.Logger) -> int:
    registration = Registration(raw, logger, config_path)
    config = registration.config
    secret = config.webhooks.secret
    if not secret:
        raise AirbyteTracedException(
            message="Invalid configuration: `webhooks.secret` is required by `webhooks serve`: every delivery is "
            "verified with it (Jira's X-Hub-Signature HMAC, Octopus' secret header).",
            failure_type=FailureType.config_error,
        )
    trigger = _trigger(config, config_path, options, logger)
    debouncer = Debouncer(config.webhooks.options.debounce_seconds, trigger, logger)
    describe = getattr(trigger, "describe", lambda: "")()
    credentials = config.jira.credentials if config.jira else None
    app_secret = credentials.client_secret if credentials and credentials.auth_type == "oauth2" else None
    replays = ReplayGuard(options.replay_window)
    receiver = Receiver(secret, debouncer, replays, logger, options.max_body_bytes, describe, app_secret)
    listener = _bind(options.host, options.port)
    stop_refresh = threading.Event()

    def started() -> None:
        host, port = listener.getsockname()[:2]
        logger.info("listening", extra={"fields": {"url": f"http://{host}:{port}", "trigger": describe}})
        if options.port_file:
            with open(options.port_file, "w", encoding="utf-8") as file:
                file.write(str(port))
        if config.jira is not None and config.jira.credentials.auth_type == "oauth2":
            threading.Thread(
                target=_refresh_daily, args=(registration, stop_refresh, options, logger), daemon=True
            ).start()

    def stopping() -> None:
        stop_refresh.set()
        debouncer.stop()
        stats = debouncer.stats
        logger.info(
            "stopped",
            extra={"fields": {"events_accepted": stats.events_accepted, "syncs_triggered": stats.syncs_triggered}},
        )

    app = build_app(receiver, started, stopping)
    server = _Server(
        uvicorn.Config(
            app, log_config=None, access_log=False, lifespan="on", server_header=False, timeout_graceful_shutdown=30
        )
    )
    server.run(sockets=[listener])
    return 0


class _Server(uvicorn.Server):
    """uvicorn re-raises the SIGTERM it caught once shut down (the process then dies of it); a drained relay
    has done its job, so it exits 0 instead."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _trigger(config: ConnectorConfig, config_path: str, options: ServeOptions, logger: logging.Logger) -> Trigger:
    airbyte = config.webhooks.options.airbyte
    if airbyte is None:
        return MainJobTrigger(config_path, logger, options.main_job_command)
    return AirbyteSyncTrigger(
        airbyte,
        logger,
        verify_setting(config.ca_certificate),
        config.request_timeout_seconds,
        options.conflict_wait,
    )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(512)
    return listener


def _refresh_daily(
    registration: Registration, stop: threading.Event, options: ServeOptions, logger: logging.Logger
) -> None:
    """Dynamic webhooks expire 30 days after registration or their last refresh: extend them once a day."""
    while not stop.wait(options.refresh_every):
        try:
            registration.refresh_dynamic()
        except AirbyteTracedException as error:
            logger.error(f"refreshing the Jira dynamic webhooks failed: {error.message}")
