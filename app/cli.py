"""The ``sigscope`` command: serve the debugger with a production server, or ``--dev``."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
import textwrap
from collections.abc import Sequence

from app.serving import SERVERS, ServeOptions, available_server, installed, serve_dev
from app.settings import SETTINGS, SettingError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Signing is CPU-bound: one worker per core (waitress: that many times ``--threads`` threads
#: in one process; gunicorn: processes).
DEFAULT_WORKERS = os.cpu_count() or 1
DEFAULT_THREADS = 4


def _settings_epilog() -> str:
    lines = [
        textwrap.fill(
            f"SIGSCOPE_{s.name} (default {s.default}): {s.help}",
            width=78,
            initial_indent="  ",
            subsequent_indent="      ",
        )
        for s in SETTINGS
    ]
    return (
        "settings, read from the environment (values are JSON):\n"
        + "\n".join(lines)
        + "\n\nAccess logs name the method and path only: never a query string, body or header."
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sigscope",
        description="Serve Sigscope, the HMAC request-signature debugger.",
        epilog=_settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host",
        default=os.environ.get("HOST", DEFAULT_HOST),
        help="address to listen on (default: %(default)s; env HOST). Use 0.0.0.0 only behind "
        "a trusted network: the page handles secrets.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=os.environ.get("PORT", str(DEFAULT_PORT)),
        help="port to listen on (default: %(default)s; env PORT)",
    )
    parser.add_argument(
        "--workers",
        type=_positive,
        default=os.environ.get("WEB_CONCURRENCY", str(DEFAULT_WORKERS)),
        help="worker processes sharing one socket (default: %(default)s, one per core; env "
        "WEB_CONCURRENCY); 1: one process (where the system cannot fork, waitress runs "
        "workers x threads threads in one process)",
    )
    parser.add_argument(
        "--threads",
        type=_positive,
        default=DEFAULT_THREADS,
        help="threads per worker (default: %(default)s)",
    )
    parser.add_argument(
        "--server",
        choices=list(SERVERS),
        help="production server (default: waitress, which reads each request whole before a "
        "thread sees it, so slow clients cannot starve it; gunicorn if installed: "
        "pip install 'sigscope[gunicorn]')",
    )
    parser.add_argument(
        "--dev",
        action="store_true",
        help="development: Flask's reloader and debugger instead of a production server, "
        f"on loopback only (default host {DEFAULT_HOST})",
    )
    return parser


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def main(argv: Sequence[str] | None = None) -> None:
    from app import create_app

    cli = parser()
    args = cli.parse_args(argv)
    if args.dev and not _loopback(args.host):
        cli.error(
            f"--dev serves the debugger, which runs code: use a loopback --host, not {args.host}"
        )
    try:
        app = create_app()
    except SettingError as error:
        sys.exit(f"sigscope: {error}")
    if args.server and not installed(args.server):
        cli.error(f"--server {args.server}: install it first (pip install {args.server})")
    options = ServeOptions(args.host, args.port, args.workers, args.threads)
    serve = serve_dev if args.dev else SERVERS[args.server or available_server()]
    serve(app, options)
