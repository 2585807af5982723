"""RFC 9421 §2.3: the signature parameters and the ``@signature-params`` value. Pure.

Every parameter is optional in the RFC; which ones a signer writes, and in which order, is
its own choice, and the verifier copies them verbatim from ``Signature-Input``: so the order
is an input too (``param_order``), defaulting to http-message-signatures' own
(``created``, ``keyid``, ``alg``, ``expires``, ``nonce``, ``tag``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from app.core.errors import InputError
from app.core.recipe import Recipe
from app.core.schemes.rfc9421 import sf
from app.core.schemes.rfc9421.components import Component

#: The algorithm this scheme signs with, as ``alg`` names it (RFC 9421 §6.2.2).
ALG = "hmac-sha256"
#: The ``alg`` input's choice that leaves the parameter out.
NO_ALG = "omitted"

#: The parameters a signature may carry (RFC 9421 §2.3), in http-message-signatures' order.
ORDER = ("created", "keyid", "alg", "expires", "nonce", "tag")
INTEGERS = frozenset({"created", "expires"})
#: The input each parameter is read from: its own name, but ``nonce`` and ``expires``, which
#: name other schemes' inputs (the API has one field per name).
INPUT_OF = {**{name: name for name in ORDER}, "nonce": "sig_nonce", "expires": "sig_expires"}


def order_of(recipe: Recipe) -> tuple[str, ...]:
    """The order the signer writes its parameters in: the ``param_order`` input (names
    separated by spaces, commas or ``;``), then any it leaves out, in the default order."""
    text = recipe.request.input("param_order")
    named = [word for word in text.replace(",", " ").replace(";", " ").split() if word]
    unknown = [word for word in named if word not in ORDER]
    if unknown:
        raise InputError(
            "param_order",
            f"`{unknown[0]}` is not a signature parameter: name some of {', '.join(ORDER)}.",
        )
    return tuple(dict.fromkeys([*named, *ORDER]))


Value = int | Decimal | str


def _number(recipe: Recipe, name: str) -> int | Decimal | None:
    """An epoch parameter; a decimal one only comes from the clock search's hypotheses
    (``Date.now() / 1000`` unfloored), which RFC 8941 writes as a Decimal."""
    text = recipe.request.input(name)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InputError(name, f"`{name}` must be whole epoch seconds.") from None


def signature_params(recipe: Recipe) -> dict[str, Value]:
    """The parameters the signer writes, in its order."""
    request = recipe.request
    values: dict[str, Value | None] = {
        "created": _number(recipe, "created"),
        "keyid": request.input("keyid") or None,
        "alg": ALG if request.input("alg", NO_ALG) == ALG else None,
        "expires": _number(recipe, INPUT_OF["expires"]),
        "nonce": request.input(INPUT_OF["nonce"]) or None,
        "tag": request.input("tag") or None,
    }
    ordered = {name: values[name] for name in order_of(recipe)}
    return {name: value for name, value in ordered.items() if value is not None}


def serialize(components: tuple[Component, ...], params: dict[str, Value]) -> str:
    """The ``@signature-params`` value: the inner list of component identifiers with the
    parameters, as ``Signature-Input`` carries it (RFC 8941 serialization). Numbers are
    written as given: the clock search tries times longer than an RFC 8941 Integer."""
    # RFC 8941 §4.1.1.1: an inner list is its items' serializations, space-separated, in
    # parentheses; each identifier is serialized once per parsed list.
    written = ["(" + " ".join(component.identifier for component in components) + ")"]
    for name, value in params.items():
        if isinstance(value, str):
            try:
                value = sf.serialize(value)
            except sf.SFError:
                field = INPUT_OF[name]
                raise InputError(
                    field,
                    f"`{name}` must be printable ASCII to travel in `Signature-Input` "
                    "(an RFC 8941 String).",
                ) from None
        written.append(f";{name}={value}")
    return "".join(written)
