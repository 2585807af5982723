"""Sigscope: an interactive debugger for HMAC request signatures."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response

from app.settings import SETTINGS

#: The project root: ``templates/`` and ``static/`` live beside ``app/``.
ROOT = Path(__file__).resolve().parent.parent


def _secure_headers(response: Response) -> Response:
    # Answers echo what the user typed (secrets included): never let anything cache them.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """The application factory: settings from defaults, then ``SIGSCOPE_*``, then ``config``."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping({setting.name: setting.default for setting in SETTINGS})
    app.config.from_prefixed_env("SIGSCOPE")
    if config:
        app.config.from_mapping(config)
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from app.web import api, errors

    errors.register(app)
    app.register_blueprint(api.bp)
    app.after_request(_secure_headers)
    return app
