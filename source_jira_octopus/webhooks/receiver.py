"""The ASGI app of `webhooks serve` (Starlette): `POST` any path = a delivery, `GET /health` = counters.

413  body larger than the limit (read no further than the limit)
401  no valid signature / secret header (nothing about the secret is said or logged)
400  authentic but not a JSON object
409  a replay: a delivery id already seen, or a timestamp outside the replay window
202  accepted: counted into the open debounce window
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from source_jira_octopus.webhooks.deliveries import ReplayGuard, authenticate, describe
from source_jira_octopus.webhooks.relay import Debouncer

DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # Jira issue events with a long description stay far below this


@dataclass
class Receiver:
    secret: str
    debouncer: Debouncer
    replays: ReplayGuard
    logger: logging.Logger
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    trigger_description: str = ""
    jira_app_secret: str | None = None  # OAuth 2.0: dynamic webhooks carry a JWT signed with the client secret

    async def receive(self, request: Request) -> JSONResponse:
        remote = request.client.host if request.client else "?"
        body = await _bounded_body(request, self.max_body_bytes)
        if body is None:
            return self._refuse(413, "body too large", remote, limit=self.max_body_bytes)
        headers = {name.lower(): value for name, value in request.headers.items()}
        service = authenticate(headers, body, self.secret, self.jira_app_secret)
        if service is None:
            return self._refuse(401, "no valid signature or secret header", remote)
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            return self._refuse(400, "not a JSON object", remote, service=service)
        delivery = describe(service, headers, body, payload)
        replay = self.replays.problem(delivery)
        if replay:
            return self._refuse(
                409, f"replayed delivery: {replay}", remote, service=service, delivery=delivery.delivery_id
            )
        self.debouncer.notify()
        self.logger.info(
            "delivery accepted",
            extra={"fields": {"service": service, "delivery": delivery.delivery_id, "event": delivery.event}},
        )
        return JSONResponse({"accepted": True, "delivery": delivery.delivery_id}, status_code=202)

    async def health(self, request: Request) -> JSONResponse:
        stats = self.debouncer.stats
        return JSONResponse(
            {
                "status": "ok",
                "events_accepted": stats.events_accepted,
                "syncs_triggered": stats.syncs_triggered,
                "syncs_failed": stats.syncs_failed,
                "idle": self.debouncer.idle,
                "trigger": self.trigger_description,
            }
        )

    def _refuse(self, status: int, reason: str, remote: str, **fields: Any) -> JSONResponse:
        self.logger.warning(
            "delivery refused", extra={"fields": {"status": status, "reason": reason, "remote": remote, **fields}}
        )
        return JSONResponse({"accepted": False, "error": reason}, status_code=status)


def build_app(receiver: Receiver, on_startup: Callable[[], None], on_shutdown: Callable[[], None]) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        on_startup()
        yield
        import anyio.to_thread

        await anyio.to_thread.run_sync(on_shutdown)  # finish the pending trigger before the process ends

    routes = [
        Route("/health", receiver.health, methods=["GET"]),
        Route("/{path:path}", receiver.receive, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _bounded_body(request: Request, limit: int) -> bytes | None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
