"""WholeBodyAdapter (http/whole_body.py) reads bodies in 1 MiB pieces: the same bytes as requests' own reading, and
the same exception when the server cuts a body short, so the CDK's retries behave as before. Real HTTP on loopback."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests

from source_jira_octopus.http.whole_body import BODY_PIECE_BYTES, mount_whole_body_adapter

LARGE_BODY = bytes(range(256)) * (3 * BODY_PIECE_BYTES // 256 + 17)  # over three pieces, not a multiple of one


@contextmanager
def one_shot_server(body: bytes, declared_length: int) -> Iterator[str]:
    """Answers each connection with `declared_length` as Content-Length and `body` (shorter: a cut body)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)  # why: close() does not wake accept(); the loop checks `stop` instead
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(10)
            with connection:
                connection.recv(65536)
                head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {declared_length}\r\n"
                connection.sendall(head.encode() + b"Connection: close\r\n\r\n" + body)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def session(whole_body: bool) -> requests.Session:
    made = requests.Session()
    if whole_body:
        mount_whole_body_adapter(made)
    return made


def test_a_large_body_reads_the_same_bytes_as_requests_reads_them() -> None:
    with one_shot_server(LARGE_BODY, len(LARGE_BODY)) as url:
        plain, whole = session(False).get(url, timeout=10), session(True).get(url, timeout=10)
    assert whole.content == plain.content == LARGE_BODY
    assert whole.headers["Content-Length"] == str(len(LARGE_BODY))


def test_a_streamed_response_is_left_to_its_caller() -> None:
    with one_shot_server(LARGE_BODY, len(LARGE_BODY)) as url:
        response = session(True).get(url, timeout=10, stream=True)
        assert response.raw.read(10) == LARGE_BODY[:10]
        response.close()


@pytest.mark.parametrize("whole_body", [False, True])
def test_a_body_cut_short_raises_what_requests_raises(whole_body: bool) -> None:
    with (
        one_shot_server(LARGE_BODY[:5000], len(LARGE_BODY)) as url,
        pytest.raises(requests.exceptions.ChunkedEncodingError),
    ):
        session(whole_body).get(url, timeout=10)
