"""``GET /api/v1/schemes/description-schema``: the JSON Schema of a scheme description.

The ``custom`` scheme signs by the description its ``description`` input holds; this is the
schema that input is validated against (generated from the very model that validates it).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from app.core.schemes.described import description_schema

bp = Blueprint("description_api", __name__, url_prefix="/api/v1")


@bp.get("/schemes/description-schema")
def schema() -> Response:
    return jsonify(description_schema())
