"""HTTP-level hardening, through each real server with raw sockets: broken chunked framing is
a 400, a body over the limit a 413 however it is framed, both in the API's error shape; slow
clients trickling bytes do not keep a normal request from being answered.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e_server.server import Server, running

LIMIT = 4000
SERVERS = {
    "waitress (default)": [],
    "gunicorn": ["--server", "gunicorn", "--workers", "1", "--threads", "2"],
    "dev": ["--dev"],
}
SIGN = json.dumps({"scheme": "actionstreamer", "secret": "as-test-secret-0123456789"}).encode()
# Independent value: the README's check value for GET, path "", the tutorial variant.
SIGNATURE = "79cb748bd6902ab9a0fc616b2f6d827de6eafec64e7cd9ee43415cde8eff44c5"


@pytest.fixture(scope="module", params=SERVERS, ids=SERVERS)
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    with running(SERVERS[request.param], env={"SIGSCOPE_MAX_CONTENT_LENGTH": str(LIMIT)}) as up:
        yield up


def exchange(server: Server, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw``, read the answer to the end: status, headers (lower-case names), body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(raw)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            head, _, body = received.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                None,
            )
            if length is not None and len(body) >= length:
                break
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (x.partition(":") for x in lines)}
    return int(status_line.split()[1]), headers, body


def chunked(body: bytes) -> bytes:
    return (
        b"POST /api/v1/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    )


def error_of(status: int, headers: dict[str, str], body: bytes) -> str:
    assert headers["content-type"].startswith("application/json"), (status, headers, body)
    error = json.loads(body)["error"]
    assert set(error) == {"field", "message"}
    message: str = error["message"]
    return message


def test_a_chunked_body_is_read_whole(server: Server) -> None:
    framed = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (SIGN[:10], SIGN[10:]))
    status, _, body = exchange(server, chunked(framed + b"0\r\n\r\n"))
    assert status == 200, body
    assert json.loads(body)["signature"]["hex"] == SIGNATURE


@pytest.mark.parametrize(
    "framing",
    [b"zz\r\nabc\r\n0\r\n\r\n", b"3\r\nabcdef\r\n0\r\n\r\n", b"-5\r\nabc\r\n0\r\n\r\n"],
    ids=["size not hex", "chunk longer than its size", "negative size"],
)
def test_broken_chunked_framing_is_a_400(server: Server, framing: bytes) -> None:
    status, headers, body = exchange(server, chunked(framing))
    assert status == 400
    assert "chunk" in error_of(status, headers, body).lower()


def test_a_chunked_body_over_the_limit_is_a_413(server: Server) -> None:
    big = b"x" * (LIMIT + 1)
    status, headers, body = exchange(server, chunked(b"%x\r\n%s\r\n0\r\n\r\n" % (len(big), big)))
    assert status == 413
    assert "MAX_CONTENT_LENGTH" in error_of(status, headers, body)


@pytest.mark.parametrize("size", [LIMIT + 1, 10 * LIMIT])
def test_a_sized_body_over_the_limit_is_a_413(server: Server, size: int) -> None:
    head = (
        b"POST /api/v1/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n" % size
    )
    status, headers, body = exchange(server, head + b"x" * size)
    assert status == 413
    assert "MAX_CONTENT_LENGTH" in error_of(status, headers, body)


def test_a_405_names_the_allowed_methods(server: Server) -> None:
    request = b"DELETE /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    status, headers, body = exchange(server, request)
    assert status == 405
    assert {m.strip() for m in headers["allow"].split(",")} >= {"GET", "HEAD"}
    error_of(status, headers, body)


def test_slow_clients_do_not_starve_a_normal_request() -> None:
    """Ten connections trickle a byte every 0.2 s; a normal request is still answered quickly.

    Each would hold one of gunicorn's threads (two workers x four threads: the request waits
    for a trickler to finish); the cap is many times the usual answer time, so it cannot
    flake."""
    head = b"POST /api/v1/sign HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"s" * 1000
    stop = threading.Event()
    with running() as server:
        tricklers = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(10)]

        def trickle() -> None:
            for byte in head:
                for sock in tricklers:
                    sock.send(bytes([byte]))
                if stop.wait(0.2):
                    return

        thread = threading.Thread(target=trickle)
        thread.start()
        try:
            time.sleep(1)
            connection = server.connection(timeout=10)
            started = time.monotonic()
            connection.request("POST", "/api/v1/sign", SIGN, {"Content-Type": "application/json"})
            answer = json.loads(connection.getresponse().read())
            elapsed = time.monotonic() - started
            connection.close()
        finally:
            stop.set()
            thread.join()
            for sock in tricklers:
                sock.close()
    assert answer["signature"]["hex"] == SIGNATURE
    assert elapsed < 5


def children(pid: int) -> set[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return {int(child) for child in text.split()}


def wait_for(check: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_worker_processes_are_replaced_and_stopped_with_the_server() -> None:
    with running(["--workers", "2", "--threads", "2"]) as server:
        parent = server.process.pid
        first = children(parent)
        assert len(first) == 2
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        assert wait_for(lambda: len(children(parent) - {victim}) == 2)
        replaced = children(parent)
        connection = server.connection(timeout=10)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
        connection.close()
        os.kill(parent, signal.SIGTERM)  # the parent alone, as ``docker stop`` does
        server.process.wait(15)
        assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in replaced))
