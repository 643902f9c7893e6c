"""The fake APIs' HTTP listener: a threading HTTP/1.1 server on a loopback port (TLS when asked) that turns each
request into a `RecordedRequest` for `FakeApiServer.serve` and writes its answer back. It stops at once (no poll
interval) and ends the keep-alive connections clients leave open."""

from __future__ import annotations

import contextlib
import json
import selectors
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from jira_octopus_sample_api.clock import FakeClock
from jira_octopus_sample_api.exchange import RecordedRequest
from jira_octopus_sample_api.faults import CONNECTION_RESET


class ServedFake(Protocol):
    """What the listener needs of `FakeApiServer`."""

    @property
    def clock(self) -> FakeClock: ...

    def serve(self, request: RecordedRequest) -> tuple[int, dict[str, str], bytes, str]: ...


def service_for(path: str) -> str:
    if path.startswith("/oauth/"):
        return "oauth"
    if path == "/api" or path.startswith("/api/"):
        return "octopus"
    return "jira"


class LoopbackHttpd(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64  # why: a 40-worker client opens its connections at once; the default 5 drops SYNs
    fake: ServedFake
    ssl_context: ssl.SSLContext | None = None

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._stop_reader, self._stop_writer = socket.socketpair()
        self._open: set[socket.socket] = set()  # connections being served (keep-alive: one thread each)
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def serve_until_stopped(self) -> None:
        """`serve_forever` without its poll interval: it wakes only for a connection or for `stop_serving`, so a
        fake stops at once (hundreds of tests start one: a 50 ms poll cost seconds of sleep per test run)."""
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._stop_reader, selectors.EVENT_READ)
            while True:
                ready = {key.fileobj for key, _ in selector.select()}
                if self._stop_reader in ready:
                    return
                self.handle_request()  # the listener is ready: accepts without waiting

    def stop_serving(self) -> None:
        self._stop_writer.send(b"x")

    def server_close(self) -> None:
        """Also ends the connections a client keeps open: each holds a thread waiting for its next request, and
        the connector's pooled sessions outlive the test, so a worker would gather thousands of them."""
        super().server_close()
        self._stop_reader.close()
        self._stop_writer.close()
        with self._open_lock:
            still_open, self._open = list(self._open), set()
        for connection in still_open:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up or reject the certificate are normal here; anything else is printed."""
        if isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class FakeApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real services
    disable_nagle_algorithm = True  # why: headers and body go out in two writes; Nagle + delayed ACK cost 40 ms each
    server: LoopbackHttpd

    def setup(self) -> None:
        if self.server.ssl_context is not None:  # why: the handshake runs in this connection's thread
            self.request = self.server.ssl_context.wrap_socket(self.request, server_side=True)
        super().setup()

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = unquote(url.path)
        request = RecordedRequest(
            method=self.command,
            path=path,
            query=parse_qs(url.query, keep_blank_values=True),
            headers=dict(self.headers.items()),
            json_body=_json_or_none(body),
            service=service_for(path),
            body=body,
        )
        status, headers, payload, content_type = self.server.fake.serve(request)
        if status == CONNECTION_RESET:  # the client sees a connection closed without an answer
            self.close_connection = True
            return
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            if name.lower() not in ("content-type", "content-length"):
                self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def date_time_string(self, timestamp: float | None = None) -> str:
        return self.server.fake.clock.http_date()

    def version_string(self) -> str:
        return "fake-jira-octopus/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        return


def _json_or_none(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None
