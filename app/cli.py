"""The ``sigscope`` command: serve the debugger."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="sigscope",
        description="Serve Sigscope, the HMAC request-signature debugger.",
        epilog="Settings such as SIGSCOPE_MAX_CONTENT_LENGTH are read from the environment "
        "(see the README).",
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
        default=int(os.environ.get("PORT", DEFAULT_PORT)),
        help="port to listen on (default: %(default)s; env PORT)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    from werkzeug.serving import run_simple

    from app import create_app

    args = parse_args(argv)
    run_simple(args.host, args.port, create_app(), threaded=True)
