"""A loopback server that records the exact bytes of each request it receives.

Real clients (the ActionStreamer SDK over ``requests``, the ``curl`` binary) send to it as
they would to the API; each request is read to the end of its body (``Content-Length``, or
the last chunk of a chunked one),
kept byte for byte, and answered ``200`` with an empty JSON object and
``Connection: close``. It listens on 127.0.0.1 on a port the system picks, and nowhere else.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
    b"Connection: close\r\n\r\n{}"
)
_HEAD_END = b"\r\n\r\n"


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def read_request(connection: socket.socket) -> bytes:
    """One request's bytes: the head, then as many body bytes as it declares."""
    received = bytearray()
    while _HEAD_END not in received:
        chunk = connection.recv(65536)
        if not chunk:
            return bytes(received)
        received += chunk
    head_size = received.index(_HEAD_END) + len(_HEAD_END)
    if b"transfer-encoding: chunked" in bytes(received[:head_size]).lower():
        # To the last chunk (the clients here send no trailers).
        while not received.endswith(b"0\r\n\r\n") or len(received) == head_size:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
        return bytes(received)
    total = head_size + _content_length(bytes(received[:head_size]))
    while len(received) < total:
        chunk = connection.recv(65536)
        if not chunk:
            break
        received += chunk
    return bytes(received)


class _Handler(socketserver.BaseRequestHandler):
    server: CaptureServer

    def handle(self) -> None:
        self.server.captured.append(read_request(self.request))
        self.request.sendall(_ANSWER)


class CaptureServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.captured: list[bytes] = []

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


@contextmanager
def capture_server() -> Iterator[CaptureServer]:
    server = CaptureServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
