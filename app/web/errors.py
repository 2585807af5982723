"""Error answers. The API's always have one shape, ``{"error": {"field": ..., "message": ...}}``;
the page's are HTML (a fragment for htmx, so the message lands in the result panel).

``/healthz`` answers JSON like the API: probes and load balancers read it, not people.
Whatever headers an HTTP error carries (a 405's ``Allow``) are kept, and no message is
longer than ``MAX_MESSAGE``, whatever input it quotes.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.errors import InputError, shortened
from app.web.context import wants_fragment

#: Paths answered in JSON, errors included.
JSON_PATHS = ("/api/", "/healthz/")
JSON_EXACT = frozenset({"/healthz"})

TOO_LARGE = "The request is too large: raise SIGSCOPE_MAX_CONTENT_LENGTH (see the README)."


def wants_json() -> bool:
    return request.path in JSON_EXACT or request.path.startswith(JSON_PATHS)


def error_response(field: str | None, message: str, status: int) -> tuple[Response | str, int]:
    message = shortened(message)
    if not wants_json():
        template = "partials/_http_error.html" if wants_fragment() else "pages/error.html"
        return render_template(template, message=message, status=status), status
    return jsonify(error={"field": field, "message": message}), status


def _input_error(error: InputError) -> tuple[Response | str, int]:
    return error_response(error.field, error.message, error.status_hint)


def _http_error(error: HTTPException) -> Response:
    messages = {413: TOO_LARGE}
    message = messages.get(error.code or 500, error.description or error.name)
    response = make_response(error_response(None, message, error.code or 500))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _too_deep(_: RecursionError) -> tuple[Response | str, int]:
    # Input nested deeper than Python's recursion limit (a JSON body 1,000 arrays deep):
    # the input's fault, whichever step first met it.
    return error_response(
        None, "The input is nested too deeply for Sigscope to read: flatten it.", 400
    )


def _unexpected(_: Exception) -> tuple[Response | str, int]:
    # Never a stack trace: log nothing of the request (it may carry a secret), answer plainly.
    return error_response(
        None, "Sigscope hit an internal error. Please report it with the steps that led here.", 500
    )


def register(app: Flask) -> None:
    app.register_error_handler(InputError, _input_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RecursionError, _too_deep)
    app.register_error_handler(InternalServerError, _unexpected)
    app.register_error_handler(Exception, _unexpected)
