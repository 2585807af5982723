"""Sigscope: an interactive debugger for HMAC request signatures."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

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


#: On every answer, the server's own error answers included. Answers echo what the user
#: typed (secrets included): never let anything cache them.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
}


#: The page's HTML answers differ by these: the whole page, the result fragment or one pane
#: for htmx, the whole page again for its history restores.
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def _secure_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    if response.mimetype == "text/html":
        response.vary.update(HTMX_HEADERS)
    return response


#: Bytes read at a time from a body sent without ``Content-Length``.
_READ_SIZE = 64 * 1024


def _read_unsized_body() -> None:
    """Read a body sent without ``Content-Length`` (chunked) whole, before any view does.

    Servers that pass such a body through as a stream (gunicorn, Werkzeug's) let Werkzeug
    silently cut it at ``MAX_CONTENT_LENGTH``, and raise their own exception types on broken
    chunked framing. Read here, an oversized body is a 413 like an oversized
    ``Content-Length`` one, and broken framing a 400, in the usual error shape. Waitress
    reads and de-chunks every body itself and sets ``Content-Length``: nothing to do there.
    """
    environ = request.environ
    if environ.get("CONTENT_LENGTH") or not environ.get("wsgi.input_terminated"):
        return
    limit: int = current_app.config["MAX_CONTENT_LENGTH"]
    stream = environ["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            chunk = stream.read(min(_READ_SIZE, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except Exception:  # each server raises its own type for broken framing
        raise BadRequest(
            "The request body's chunked framing is malformed: each chunk is its size in hex, "
            "CRLF, the data and CRLF, and a 0-size chunk ends the body."
        ) from None
    if size > limit:
        raise RequestEntityTooLarge()
    environ["wsgi.input"] = io.BytesIO(b"".join(chunks))
    environ["CONTENT_LENGTH"] = str(size)


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

    from app.web import (
        api,
        builder,
        diagnose_api,
        errors,
        evidence_api,
        meta_api,
        pages,
        render,
        snippets_api,
        view,
    )
    from app.web.context import LIMITS
    from app.web.description_api import bp as description_bp
    from app.web.jsonio import JSONProvider

    app.json = JSONProvider(app)
    app.extensions[LIMITS] = input_limits(app.config)

    errors.register(app)
    render.register(app)
    view.register(app)
    builder.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(evidence_api.bp)
    app.register_blueprint(meta_api.bp)
    app.register_blueprint(description_bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(diagnose_api.bp)
    app.register_blueprint(snippets_api.bp)
    app.before_request(_read_unsized_body)
    app.after_request(_secure_headers)
    return app
