"""From a received request to RFC 9421's inputs, and back to the headers a signature travels in.

``read`` recognises ``Signature-Input`` + ``Signature`` (RFC 9421 §4), parses both as RFC 8941
Dictionaries with ``http_sf``, and reads the first label's covered components and parameters
into the scheme's inputs; its Byte Sequence is the signature ``/diagnose`` takes (base64).
``travels`` writes the two headers for a signature. Pure.
"""

from __future__ import annotations

import base64
from typing import Any

from app.core.errors import InputError
from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes.evidence import Evidence, Reading
from app.core.schemes.rfc9421 import sf
from app.core.schemes.rfc9421.components import COMPONENTS, Component, write_components
from app.core.schemes.rfc9421.params import ALG, INPUT_OF, NO_ALG, ORDER
from app.core.schemes.rfc9421.sigbase import build

INPUT_HEADER = "signature-input"
SIGNATURE_HEADER = "signature"


def _joined(evidence: Evidence, name: str) -> str | None:
    values = [value.strip(" \t") for given, value in evidence.headers if given.lower() == name]
    return ", ".join(values) if values else None


def _dictionary(text: str) -> dict[str, sf.Member] | None:
    try:
        return sf.dictionary(text)
    except sf.SFError:
        return None


def _first_label(
    inputs: dict[str, sf.Member],
    signatures: dict[str, sf.Member],
) -> str | None:
    return next(
        (
            label
            for label, (member, _) in inputs.items()
            if isinstance(member, list) and isinstance(signatures.get(label, (None,))[0], bytes)
        ),
        None,
    )


def _params(params: dict[str, Any], notes: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, value in params.items():
        if name not in ORDER:
            notes.append(
                f"`{name}` is not an RFC 9421 signature parameter: it is signed but not read."
            )
        elif name == "alg":
            if value != ALG:
                notes.append(f'`alg="{value}"`: Sigscope checks `{ALG}` signatures only.')
            found.append(("alg", ALG))
        else:
            found.append((INPUT_OF[name], str(value)))
    return found


def read(evidence: Evidence) -> Reading | None:
    """The first signature of a request carrying ``Signature-Input`` and ``Signature``."""
    input_text = _joined(evidence, INPUT_HEADER)
    signature_text = _joined(evidence, SIGNATURE_HEADER)
    if input_text is None or signature_text is None:
        return None
    inputs, signatures = _dictionary(input_text), _dictionary(signature_text)
    if inputs is None or signatures is None:
        return None
    label = _first_label(inputs, signatures)
    if label is None:
        return None
    notes: list[str] = []
    others = [other for other in inputs if other != label]
    if others:
        notes.append(
            f"`Signature-Input` carries {len(inputs)} signatures: `{label}` is read, "
            f"{', '.join(f'`{other}`' for other in others)} left out (import again without it "
            "to read another)."
        )
    members, params = inputs[label]
    components = tuple(
        Component(str(name), tuple(item_params.items())) for name, item_params in members
    )
    read_params = _params(params, notes)
    names = [name for name in params if name in ORDER]
    own: list[tuple[str, str]] = [
        (COMPONENTS, write_components(components)),
        ("label", label),
        ("param_order", " ".join(names)),
        *read_params,
    ]
    if "alg" not in names:
        own.append(("alg", NO_ALG))
    if evidence.query:
        own.append(("query", evidence.query))
    signature = base64.b64encode(signatures[label][0]).decode("ascii")
    fields = tuple(dict.fromkeys(c.name for c in components if not c.derived))
    created = dict(read_params).get("created")
    return Reading(
        signature=signature,
        source=f"`{label}` in the `Signature` header (its parameters in `Signature-Input`)",
        carriers=(INPUT_HEADER, SIGNATURE_HEADER),
        timestamp=int(created) if created and created.isdigit() else None,
        inputs=tuple(own),
        notes=tuple(notes),
        signed_headers=fields,
    )


def travels(recipe: Recipe, signature: str) -> Pairs:
    """``Signature-Input: label=(…);…`` and ``Signature: label=:base64:``."""
    label = recipe.request.input("label", "sig1") or "sig1"
    try:
        sf.serialize({label: (True, {})})
    except sf.SFError:
        raise InputError(
            "label",
            f"`{label}` cannot label a signature: start with a lower-case letter or `*`, then "
            "lower-case letters, digits, `_`, `-`, `.` or `*`.",
        ) from None
    return (
        ("Signature-Input", f"{label}={build(recipe).params_value}"),
        ("Signature", f"{label}=:{signature}:"),
    )
