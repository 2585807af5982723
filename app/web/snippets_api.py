"""``POST /api/v1/snippets``: the request on screen as a signing program in each language.

It takes a ``/api/v1/sign`` request; the secret may be left out, since the programs read it
from ``SIGSCOPE_SECRET`` when they run and never hold it. One given is checked like any
field, then neither read nor echoed; ``lens`` is accepted and has no effect.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from app.core.inputs import parse_sign_input
from app.core.snippets import snippets
from app.web.api import read_json
from app.web.context import limits

bp = Blueprint("snippets_api", __name__, url_prefix="/api/v1")

#: What stands in for the secret the programs do not need (never written into one): text,
#: hex and base64 alike, so no ``secret_encoding`` refuses it.
NO_SECRET = "00"  # noqa: S105 - a placeholder, not a secret


def without_secret(data: object) -> object:
    """``data`` with a placeholder secret when it has none, so that the sign contract, which
    requires one, checks everything else (a non-object body is left for it to reject)."""
    if isinstance(data, dict) and "secret" not in data:
        return {**data, "secret": NO_SECRET}
    return data


@bp.post("/snippets")
def snippets_request() -> Response:
    data = without_secret(read_json())
    given = parse_sign_input(data, extra_fields=("lens",), limits=limits())
    return jsonify(snippets=[s.to_dict() for s in snippets(given.scheme, given.recipe)])
