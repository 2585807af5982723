"""Endpoints about the service itself: liveness for container probes, and the API's description."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from app.web.context import limits
from app.web.openapi import spec

bp = Blueprint("meta", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness: the app imported, configured and answers. Cheap: no signing, no I/O."""
    return jsonify(status="ok")


@bp.get("/api/v1/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of ``/api/v1`` (a test validates real answers against it)."""
    return jsonify(spec(limits()))
