"""RFC 9421's signing program (``app/core/snippets``): the signature base as operations.

One line per covered component, ``"identifier": value``, in the order the components are
listed, then the ``"@signature-params"`` line; joined with LF, no LF after the last; then
HMAC-SHA256 in base64. Each component's value is read from the request here (a header's
field lines joined, ``@authority`` from the origin, ``@path`` from the target...), and the
program starts from those values. It prints the ``Signature`` header's value,
``label=:base64:``.
"""

from __future__ import annotations

from app.core.recipe import Recipe
from app.core.schemes.rfc9421.components import header_fields, target, value_of
from app.core.schemes.rfc9421.sigbase import PARAMS_ID, build
from app.core.snippets.ir import Builder, Program


def program(recipe: Recipe) -> Program:
    base = build(recipe)
    where, fields = target(recipe), header_fields(recipe)
    program = Builder("rfc9421")
    lines = []
    for index, component in enumerate(base.components, start=1):
        program.step = f"component_{index}"
        value = program.text(f"value_{index}", value_of(component, recipe, where, fields))
        lines.append(program.concat(f"line_{index}", f"{component.identifier}: ", value))
    program.step = "signature_params"
    params = program.text("signature_params", base.params_value)
    lines.append(program.concat("params_line", f"{PARAMS_ID}: ", params))
    program.step = "signature_base"
    signature_base = program.join("signature_base", "\n", lines)
    program.step = "hmac"
    key = program.secret_key(recipe.secret_encoding)
    digest = program.hmac("sha256", key, signature_base)
    signature = program.encode("signature", digest, "base64")
    label = recipe.request.input("label", "sig1") or "sig1"
    return program.build(program.concat("signature_header", f"{label}=:", signature, ":"), ())
