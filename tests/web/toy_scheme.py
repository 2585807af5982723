"""A toy scheme, defined here and nowhere else, that tests register at run time: the page
must offer it, render its own inputs and sign it with no edit outside this file."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

from app.core.recipe import Recipe
from app.core.schemes.base import Scheme
from app.core.schemes.declare import BODY, METHOD, PATH, SECRET, Input, Location, Transport
from app.core.trace import Step

NONCE = Input("nonce", "Nonce", "text", "A one-time value the toy client signs last.")
TOLERANCE = Input(
    "tolerance",
    "Tolerance",
    "integer",
    "How many `nonce` reuses the toy server forgives.",
    signed=False,
    default=2,
    minimum=0,
    maximum=9,
    initial="2",
)


def _canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    joined = f"{request.method} {request.path}\n{request.body}"
    return [Step("join", "Method, path and body", repr(request), joined)]


#: Signs ``f"{method} {path}\n{body}"`` with HMAC-SHA256: what ``expected_hex`` computes.
TOY = Scheme(
    name="toy",
    title="Toy",
    algorithm="sha256",
    variants=(),
    inputs=(METHOD, PATH, BODY, SECRET),
    transport=Transport(
        "`X-Toy-Signature` header, lower-case hex", Location(headers=("x-toy-signature",))
    ),
    canonicalize=_canonicalize,
    mistakes=(),
)

#: The same toy with inputs of its own: a signed text and a server-side integer. (Signing it
#: needs the API's validation to read every declared input.)
TOY_WITH_INPUTS = replace(
    TOY, name="toyful", title="Toy with inputs", inputs=(*TOY.inputs, NONCE, TOLERANCE)
)


def expected_hex(secret: str, method: str, path: str, body: str) -> str:
    message = f"{method} {path}\n{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
