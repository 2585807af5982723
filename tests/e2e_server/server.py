"""Run the real ``sigscope`` command on a free loopback port, for tests and benchmarks.

The server runs in its own process group, so stopping it stops every process it started
(gunicorn's workers, Werkzeug's reloader child) and nothing else. Its output goes to files,
read once it has stopped.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

SIGSCOPE = [str(Path(sys.executable).with_name("sigscope"))]
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    output: str = field(default="")

    def connection(self, timeout: float = 30.0) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT)


@contextmanager
def running(
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    command: Sequence[str] = SIGSCOPE,
) -> Iterator[Server]:
    """``command --host 127.0.0.1 --port <free> *args``, serving once ``/healthz`` answers."""
    port = free_port()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            start_new_session=True,
        )
        server = Server(port, process)
        try:
            _wait_until_healthy(process, port)
        except RuntimeError as error:
            _stop(process)
            raise RuntimeError(f"{error}:\n{_read(out)}{_read(err)}") from None
        try:
            yield server
        finally:
            _stop(process)
            server.output = _read(out) + _read(err)


def _wait_until_healthy(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not _healthy(port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on port {port}")
        time.sleep(0.1)


def _read(stream: IO[bytes]) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")
