"""``POST /api/v1/diagnose``: the ``/api/v1/sign`` request plus the signature the server got.

Thin like the rest of the web layer: read the JSON, let the core validate and search, answer
``Diagnosis.to_dict()``. A bad signature is an ``InputError`` naming ``signature``, turned into
the standard 400 by the app's error handlers.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from app.core.diagnose import diagnose
from app.core.inputs import parse_sign_input
from app.web.api import read_json
from app.web.context import limits

bp = Blueprint("diagnose_api", __name__, url_prefix="/api/v1")


@bp.post("/diagnose")
def diagnose_request() -> Response:
    given = parse_sign_input(read_json(), extra_fields=("signature",), limits=limits())
    signature = given.extra.get("signature")
    result = diagnose(given.scheme, given.recipe, signature, given.context)
    return jsonify(result.to_dict())
