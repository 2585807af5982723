"""Sigscope: an interactive debugger for HMAC request signatures."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response

from app.settings import SETTINGS, check, input_limits

#: The project root: ``templates/`` and ``static/`` live beside ``app/``.
ROOT = Path(__file__).resolve().parent.parent


#: Everything comes from this origin; no inline script or style, no eval (htmx is configured
#: for this in templates/base.html), and no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def _secure_headers(response: Response) -> Response:
    # Answers echo what the user typed (secrets included): never let anything cache them.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Frame-Options"] = "DENY"
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
    check(app.config)  # an unusable setting fails here, with its name, not on a request

    from app.web import api, diagnose_api, errors, evidence_api, meta_api, pages, render
    from app.web.context import LIMITS
    from app.web.jsonio import JSONProvider

    app.json = JSONProvider(app)
    app.extensions[LIMITS] = input_limits(app.config)

    errors.register(app)
    render.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(evidence_api.bp)
    app.register_blueprint(meta_api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(diagnose_api.bp)
    app.after_request(_secure_headers)
    return app
