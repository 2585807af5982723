"""Serve a Sigscope app: waitress in production, gunicorn on request, Werkzeug for development.

Waitress is the default because slow clients cannot starve it: its event loop reads each
request whole, headers and body, before a worker thread sees it, so a connection trickling
one byte a second holds a socket, not a thread. Gunicorn's threaded worker gives a thread to
a connection as soon as it starts reading, and a dozen such connections stop every other
request (``bench/bench_slowloris.py`` measures both).

Sigscope handles secrets, so every server here logs requests path-only: no query string, no
body, no header. Gunicorn's own error messages quote the request line or a header when a
request is malformed; ``PathOnlyLogger`` withholds those details. Waitress writes no access
log, and its error answers, which may quote a malformed header, are replaced by JSON ones.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import re
import signal
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import WSGIRequestHandler

#: Access log line: time, method, path (control characters escaped), status, bytes, duration.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

#: The only gunicorn access-log atoms Sigscope ever fills in: none of them carries request data.
_PATH_ONLY_ATOMS = ("t", "m", "U", "s", "B", "M")

#: Methods logged as they are; any other is logged as ``-`` (a method is whatever a client sends).
KNOWN_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
)

_INVALID_REQUEST = "Invalid request from ip="
_FAILED_REQUEST = "Error handling request"


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    threads: int


def escaped(text: str) -> str:
    """``text`` with control and non-ASCII characters escaped, so a path cannot forge a log line."""
    return text.encode("unicode_escape").decode("ascii")


def shown_method(method: str | None) -> str:
    return method if method in KNOWN_METHODS else "-"


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def unquoted(reason: str) -> str:
    """A server's reason for refusing a request, cut before anything of the request it quotes
    (``Invalid header: 'X-Key: secret'`` -> ``Invalid header``)."""
    return re.split(r"[:'\"(]", reason, maxsplit=1)[0].strip()


def withhold_details(message: str) -> str:
    """Gunicorn's "invalid request" warning, less the request line or header it quotes."""
    head, _, error = message.partition(": ")
    return f"{head}: {unquoted(error)} (details withheld: a request may carry a secret)"


def serve_gunicorn(app: Flask, options: ServeOptions) -> None:
    """Serve ``app`` with gunicorn's threaded workers until a signal stops it."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.glogging import Logger

    class PathOnlyLogger(Logger):  # type: ignore[misc]
        """Gunicorn's logger, with nothing of a request but its method and path."""

        def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
            every = super().atoms(resp, req, environ, request_time)
            atoms = {name: every[name] for name in _PATH_ONLY_ATOMS}
            atoms["U"] = escaped(atoms["U"] or "")
            atoms["m"] = shown_method(atoms["m"])
            return atoms

        def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
            if msg.startswith(_INVALID_REQUEST):
                msg = withhold_details(msg)
            super().warning(msg, *args, **kwargs)

        def exception(self, msg: object, *args: Any, **kwargs: Any) -> None:
            # Gunicorn passes the method and full URI (query string included) as arguments.
            if isinstance(msg, str) and msg.startswith(_FAILED_REQUEST):
                msg, args = _FAILED_REQUEST, ()
            super().exception(msg, *args, **kwargs)

    class Server(BaseApplication):  # type: ignore[misc]
        def __init__(self, config: Mapping[str, object]) -> None:
            self.config = config
            super().__init__()

        def load_config(self) -> None:
            for key, value in self.config.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Server(
        {
            "bind": [bind_address(options.host, options.port)],
            "workers": options.workers,
            "threads": options.threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "errorlog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "logger_class": PathOnlyLogger,
            "proc_name": "sigscope",
            # Its default path ($HOME/.gunicorn/gunicorn.ctl) is shared by every server a user
            # runs; Sigscope needs no runtime control.
            "control_socket_disable": True,
        }
    ).run()


#: Waitress, beyond its defaults: ``poll()`` rather than ``select()`` (which stops at 1,024
#: sockets), and room for many slow clients; a connection idle for ``channel_timeout``
#: seconds is closed.
WAITRESS_OPTIONS: dict[str, object] = {
    "asyncore_use_poll": True,
    "connection_limit": 1000,
    "channel_timeout": 60,
    "ident": "sigscope",
}

#: What the server itself answers when a request never reaches the app.
_SERVER_ERRORS = {
    400: "The request is not valid HTTP/1.1",
    413: "The request is too large: raise SIGSCOPE_MAX_CONTENT_LENGTH (see the README).",
    431: "The request's headers are too large",
    501: "The request's Transfer-Encoding is not supported: send the body as it is, or chunked",
}


def server_error_body(code: int, detail: str) -> bytes:
    """The JSON error answer for a request the server refused before the app saw it.

    ``detail`` is the server's reason; anything it quotes of the request is left out."""
    message = _SERVER_ERRORS.get(code, "The request could not be served")
    if not message.endswith("."):
        reason = unquoted(detail)
        message += f": {reason}." if reason else "."
    answer = {"error": {"field": None, "message": message}}
    return json.dumps(answer, separators=(",", ":")).encode() + b"\n"


def _waitress(app: Flask, threads: int, **listen: object) -> Any:
    """A waitress server for ``app`` (not yet running), its errors answered in JSON.

    A body up to twice the app's ``MAX_CONTENT_LENGTH`` reaches the app, which refuses one
    over the limit in the form the path calls for (the page's message, or the API's JSON);
    waitress refuses a larger one as it arrives, before storing it, in the API's JSON."""
    from waitress.channel import HTTPChannel
    from waitress.server import create_server
    from waitress.task import ErrorTask

    from app import SECURITY_HEADERS

    class JSONErrorTask(ErrorTask):  # type: ignore[misc]
        """Waitress's answer to a malformed or oversized request, in the API's error shape."""

        def execute(self) -> None:
            error = self.request.error
            body = server_error_body(error.code, str(error.body))
            self.status = f"{error.code} {error.reason}"
            self.response_headers.append(("Content-Type", "application/json"))
            self.response_headers.extend(SECURITY_HEADERS.items())
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class Channel(HTTPChannel):  # type: ignore[misc]
        error_task_class = JSONErrorTask

    sockets: dict[int, Any] = {}
    server = create_server(
        app,
        map=sockets,
        threads=threads,
        max_request_body_size=2 * int(app.config["MAX_CONTENT_LENGTH"]) + 1,
        **WAITRESS_OPTIONS,
        **listen,
    )
    for listener in sockets.values():  # one per address ``localhost`` resolves to, say
        listener.channel_class = Channel
    return server


def _run(server: Any) -> None:
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def serve_waitress(app: Flask, options: ServeOptions) -> None:
    """Serve ``app`` with waitress until a signal stops it, each request read whole before a
    thread sees it.

    Signing is CPU-bound and one Python process runs on one core at a time, so with several
    workers (and ``fork``) the listening socket is opened here and shared by ``workers``
    processes of ``threads`` threads each; a worker that dies is replaced. Otherwise one
    process runs ``workers * threads`` threads."""
    # Waitress reports through ``logging``: show its startup line and its warnings.
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [%(levelname)s] %(message)s")
    if options.workers == 1 or not hasattr(os, "fork"):
        server = _waitress(
            app, options.workers * options.threads, host=options.host, port=options.port
        )
        server.print_listen("Serving on http://{}:{}")
        _run(server)
        return
    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    listener = socket.create_server((options.host, options.port), family=family, backlog=1024)
    logging.getLogger("waitress").info(
        "Serving on http://%s with %d worker processes",
        bind_address(options.host, listener.getsockname()[1]),
        options.workers,
    )

    def spawn() -> int:
        pid = os.fork()
        if pid == 0:  # the worker: serve until a signal stops it, never return to the caller
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            code = 1
            try:
                _run(_waitress(app, options.threads, sockets=[listener]))
                code = 0
            except Exception:
                logging.getLogger("waitress").exception("A worker could not serve")
            finally:
                os._exit(code)
        return pid

    workers: set[int] = set()
    stopping = False

    def stop(signum: int, _: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(workers):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    # Before the first fork, so a signal never finds workers the parent does not stop.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    workers.update(spawn() for _ in range(options.workers) if not stopping)
    while workers:
        pid, _ = os.wait()
        workers.discard(pid)
        if stopping:
            continue
        logging.getLogger("waitress").warning("A worker (pid %d) stopped: starting another", pid)
        time.sleep(1)  # a worker that cannot start must not make this loop spin
        if not stopping:
            workers.add(spawn())


class PathOnlyRequestHandler(WSGIRequestHandler):
    """Werkzeug's development handler, logging the method and path but never the query."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # ``path`` and ``command`` are unset when the request line could not be parsed.
        path = escaped(urlsplit(getattr(self, "path", "")).path)
        method = shown_method(getattr(self, "command", None))
        self.log("info", '"%s %s" %s %s', method, path, code, size)

    def log_error(self, format: str, *args: Any) -> None:
        # http.server passes the malformed request line or version it refused.
        self.log("error", "%s", "refused a malformed request (details withheld)")


def serve_dev(app: Flask, options: ServeOptions) -> None:
    """Flask's reloader and debugger, on loopback only (the debugger runs code)."""
    from werkzeug.serving import run_simple

    app.debug = True
    run_simple(
        options.host,
        options.port,
        app,
        use_reloader=True,
        use_debugger=True,
        threaded=True,
        request_handler=PathOnlyRequestHandler,
    )


#: Production servers, in order of preference: the first whose package imports is used.
SERVERS: dict[str, Callable[[Flask, ServeOptions], None]] = {
    "waitress": serve_waitress,
    "gunicorn": serve_gunicorn,
}


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def available_server() -> str:
    """The preferred production server installed here."""
    for name in SERVERS:
        if installed(name):
            return name
    raise RuntimeError("Install waitress (pip install waitress) to serve Sigscope.")
