"""Bring your own evidence: import a pasted request, compare two strings to sign, and show
what the ApiAxle gateway would answer. Thin: check the JSON's shape, call the core, render."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, jsonify

from app.core.compare import compare
from app.core.errors import InputError
from app.core.importers import import_har, import_text
from app.core.inputs import (
    check_length,
    epoch_field,
    json_object,
    resolve_scheme,
    text_field,
    window_field,
)
from app.core.received import Choices
from app.core.schemes.apiaxle.gateway import gateway_answer
from app.web.api import read_json
from app.web.context import limits

bp = Blueprint("evidence_api", __name__, url_prefix="/api/v1")


def _fields(allowed: tuple[str, ...]) -> Mapping[str, object]:
    """The request body as a JSON object holding only ``allowed`` fields."""
    return json_object(read_json(), allowed)


def _required_text(data: Mapping[str, object], name: str) -> str:
    if name not in data:
        raise InputError(name, f"`{name}` is required.")
    return text_field(data, name)


def _entry(data: Mapping[str, object]) -> int | None:
    entry = data.get("entry")
    if entry is not None and (isinstance(entry, bool) or not isinstance(entry, int) or entry < 0):
        raise InputError("entry", "`entry` must be the index of a HAR entry: 0, 1, 2...")
    return entry


def _signed(data: Mapping[str, object]) -> Choices:
    """``{"Accept": true, "X-Trace": false}``: which received headers the client signed,
    overriding Sigscope's classification. Names are case-insensitive."""
    given = data.get("signed", {})
    if not isinstance(given, dict) or not all(isinstance(v, bool) for v in given.values()):
        raise InputError(
            "signed",
            '`signed` must be an object of header names and booleans: {"Accept": true}.',
        )
    lowered = {str(name).lower(): value for name, value in given.items()}
    if len(lowered) != len(given):
        raise InputError("signed", "`signed` names a header twice (names ignore case).")
    return Choices(lowered)


@bp.post("/import")
def import_evidence() -> Response:
    data = _fields(("text", "har", "entry", "signed"))
    entry = _entry(data)
    choices = _signed(data)
    if "har" in data:
        if "text" in data:
            raise InputError("har", "Send either `text` or `har`, not both.")
        return jsonify(import_har(data["har"], entry, choices).to_dict())
    text = _required_text(data, "text")
    if not text.strip():
        raise InputError(
            "text", "`text` is empty: paste a curl command, an HTTP request, a HAR or a URL."
        )
    return jsonify(import_text(text, entry, choices).to_dict())


@bp.post("/compare")
def compare_strings() -> Response:
    data = _fields(("expected", "actual", "scheme", "variant"))
    expected = _required_text(data, "expected")
    actual = _required_text(data, "actual")
    scheme, variant = (None, "")
    if data.get("scheme") is not None:
        found, variant = resolve_scheme(data)
        scheme = found.name
    return jsonify(compare(expected, actual, scheme, variant).to_dict())


@bp.post("/apiaxle/gateway")
def apiaxle_gateway() -> Response:
    data = _fields(("url", "secret", "server_time", "window", "key_status"))
    url = _required_text(data, "url")
    secret = text_field(data, "secret")
    for name, text in (("url", url), ("secret", secret)):
        check_length(name, f"`{name}`", text, limits())
    server_time = epoch_field(data, "server_time", required=True)
    assert server_time is not None  # required
    key_status = text_field(data, "key_status", "valid")
    answer = gateway_answer(url, secret, server_time, window_field(data), key_status)
    return jsonify(answer.to_dict())
