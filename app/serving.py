"""Serve a Sigscope app: gunicorn in production, waitress where gunicorn cannot run, Werkzeug
for development.

Sigscope handles secrets, so every server here logs requests path-only: no query string, no
body, no header. Gunicorn's own error messages quote the request line or a header when a
request is malformed; ``PathOnlyLogger`` withholds those details.
"""

from __future__ import annotations

import importlib.util
import logging
import re
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


def withhold_details(message: str) -> str:
    """Gunicorn's "invalid request" warning, less the request line or header it quotes."""
    head, _, error = message.partition(": ")
    kind = re.split(r"[:'\"(]", error, maxsplit=1)[0].strip()
    return f"{head}: {kind} (details withheld: a request may carry a secret)"


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


def serve_waitress(app: Flask, options: ServeOptions) -> None:
    """Serve ``app`` with waitress (it writes no access log; its errors name the path only)."""
    from waitress import serve

    # Waitress reports through ``logging``: show its startup line and its warnings.
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [%(levelname)s] %(message)s")
    serve(app, host=options.host, port=options.port, threads=options.workers * options.threads)


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
    "gunicorn": serve_gunicorn,
    "waitress": serve_waitress,
}


def available_server() -> str:
    """The preferred production server installed here (gunicorn cannot run on Windows)."""
    for name in SERVERS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError("Install gunicorn (or waitress on Windows) to serve Sigscope.")
