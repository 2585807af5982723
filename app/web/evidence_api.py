"""Bring your own evidence: import a pasted request, compare two strings to sign, and show
what the ApiAxle gateway would answer. Thin: check the JSON's shape, call the core, render."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from app.core.compare import compare
from app.core.contract.messages import Contract
from app.core.contract.models import compare_contract, gateway_contract, import_contract
from app.core.errors import InputError
from app.core.importers import import_har, import_text
from app.core.inputs import resolve_variant
from app.core.logged import Logged, read_escapes
from app.core.received import Choices
from app.core.schemes import SCHEMES
from app.core.schemes.apiaxle.gateway import gateway_answer
from app.web.api import read_json
from app.web.context import limits

bp = Blueprint("evidence_api", __name__, url_prefix="/api/v1")


def _fields(contract: Contract) -> tuple[dict[str, Any], frozenset[str]]:
    """The request body checked against ``contract``: its values and the fields given."""
    return contract.validate(read_json())


def _signed(given: dict[str, bool]) -> Choices:
    """``{"Accept": true, "X-Trace": false}``: which received headers the client signed,
    overriding Sigscope's classification. Names are case-insensitive."""
    lowered = {name.lower(): value for name, value in given.items()}
    if len(lowered) != len(given):
        raise InputError("signed", "`signed` names a header twice (names ignore case).")
    return Choices(lowered)


@bp.post("/import")
def import_evidence() -> Response:
    data, given = _fields(import_contract())
    entry = data["entry"]
    choices = _signed(data["signed"])
    if "har" in given:
        if "text" in given:
            raise InputError("har", "Send either `text` or `har`, not both.")
        return jsonify(import_har(data["har"], entry, choices).to_dict())
    text = data["text"]
    if text is None:
        raise InputError("text", "`text` is required.")
    return jsonify(import_text(text, entry, choices).to_dict())


@bp.post("/compare")
def compare_strings() -> Response:
    data, _ = _fields(compare_contract())
    scheme, variant = data["scheme"], ""
    if scheme is not None:
        variant = resolve_variant(SCHEMES[scheme], data["variant"])
    expected, actual = Logged(data["expected"]), Logged(data["actual"])
    if data["escapes"]:
        expected = read_escapes(expected.text, "Expected", "expected")
        actual = read_escapes(actual.text, "Actual", "actual")
    notes = [side.note for side in (expected, actual) if side.note]
    return jsonify(compare(expected.text, actual.text, scheme, variant, notes).to_dict())


@bp.post("/apiaxle/gateway")
def apiaxle_gateway() -> Response:
    data, _ = _fields(gateway_contract(limits()))
    answer = gateway_answer(
        data["url"], data["secret"] or "", data["server_time"], data["window"], data["key_status"]
    )
    return jsonify(answer.to_dict())
