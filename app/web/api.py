"""The JSON API under ``/api/v1``: the same core objects the page renders."""

from __future__ import annotations

import json
from collections.abc import Mapping

from flask import Blueprint, Response, jsonify, request

from app.core.errors import InputError
from app.core.inputs import parse_sign_input
from app.core.schemes import SCHEMES
from app.core.signing import sign
from app.web.context import limits

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def read_json() -> object:
    """The request body as JSON, or an ``InputError`` that says what is wrong with it."""
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            None, f"The request body is not valid UTF-8 (bad byte at offset {error.start})."
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            None,
            f"The request body is not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno}).",
        ) from None
    except (ValueError, RecursionError):
        raise InputError(
            None,
            "The request body is JSON Sigscope cannot read: "
            "too deeply nested or a number too long.",
        ) from None


def lens_form(extra: Mapping[str, object]) -> str | None:
    """``lens`` (checked by the contract): ``true``, ``null`` or absent answer edits
    (``"edits"``), ``"full"`` a string to sign per mistake, ``false`` no lens (``None``)."""
    value = extra.get("lens", True)
    if value is False:
        return None
    return value if isinstance(value, str) else "edits"


@bp.post("/sign")
def sign_request() -> Response:
    given = parse_sign_input(read_json(), extra_fields=("lens",), limits=limits())
    form = lens_form(given.extra)
    result = sign(given.scheme, given.recipe, given.context, with_lens=form is not None)
    return jsonify(result.to_dict(form or "edits"))


@bp.get("/schemes")
def list_schemes() -> Response:
    return jsonify(schemes=[scheme.describe() for scheme in SCHEMES.values()])
