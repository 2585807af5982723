"""Error answers. The API's always have one shape, ``{"error": {"field": ..., "message": ...}}``;
the page's are HTML (a fragment for htmx, so the message lands in the result panel).
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.errors import InputError
from app.web.context import wants_fragment


def error_response(field: str | None, message: str, status: int) -> tuple[Response | str, int]:
    if not request.path.startswith("/api/"):
        template = "partials/_http_error.html" if wants_fragment() else "pages/error.html"
        return render_template(template, message=message, status=status), status
    return jsonify(error={"field": field, "message": message}), status


def _input_error(error: InputError) -> tuple[Response | str, int]:
    return error_response(error.field, error.message, error.status_hint)


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
    messages = {
        413: "The request is too large: see MAX_CONTENT_LENGTH in the README to raise the limit.",
    }
    message = messages.get(error.code or 500, error.description or error.name)
    return error_response(None, message, error.code or 500)


def _unexpected(_: Exception) -> tuple[Response | str, int]:
    # Never a stack trace: log nothing of the request (it may carry a secret), answer plainly.
    return error_response(
        None, "Sigscope hit an internal error. Please report it with the steps that led here.", 500
    )


def register(app: Flask) -> None:
    app.register_error_handler(InputError, _input_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _unexpected)
    app.register_error_handler(Exception, _unexpected)
