"""Turn untrusted JSON-shaped input into a scheme and a recipe, or a precise ``InputError``.

The page's form and the JSON API both end here, so they accept and reject the same things.
The rules are the contract's (``app/core/contract``), declared once as pydantic models that the
OpenAPI document is generated from; every rejection names the field and says how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from app.core.contract.fields import DEFAULT_LIMITS, HTTP_TOKEN, Limits, shown
from app.core.contract.messages import required_message
from app.core.contract.models import sign_contract
from app.core.digest import decode_secret
from app.core.errors import InputError
from app.core.recipe import Recipe
from app.core.request import SignRequest
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme

__all__ = [
    "DEFAULT_LIMITS",
    "HTTP_TOKEN",
    "Limits",
    "SignInput",
    "parse_sign_input",
    "resolve_variant",
]

#: The ``SignRequest`` attributes an input of the same name fills (a scheme's other signed
#: inputs go to ``SignRequest.inputs``).
_REQUEST_FIELDS = frozenset(field.name for field in fields(SignRequest)) - {"inputs"}


@dataclass(frozen=True)
class SignInput:
    scheme: Scheme
    recipe: Recipe
    #: The server-side inputs (``Input.signed`` false: the server's clock, its tolerance...)
    #: for the scheme's verdict and the diagnosis: those the scheme declares, defaults filled
    #: in, and any other given (a clock without a declared input reads ``server_time`` too).
    context: Mapping[str, object]
    #: The caller's ``extra_fields`` as given (present ones only), for it to use.
    extra: Mapping[str, object]


def resolve_variant(scheme: Scheme, variant: object) -> str:
    """``variant`` if ``scheme`` has it; null (or ``""`` for a scheme without variants) is
    the scheme's first."""
    if variant is None or (variant == "" and not scheme.variants):
        return scheme.default_variant
    if variant not in scheme.variant_ids():
        choices = ", ".join(scheme.variant_ids()) or "none (leave it out)"
        raise InputError(
            "variant", f"Unknown variant {shown(variant)} for {scheme.title}: use {choices}."
        )
    return str(variant)


def parse_sign_input(
    data: object, extra_fields: tuple[str, ...] = (), limits: Limits = DEFAULT_LIMITS
) -> SignInput:
    """Validate a ``/api/v1/sign`` body (plus ``extra_fields``: ``lens``, ``signature``).

    ``limits`` come from the caller's settings; the defaults suit tests and library use.
    Which inputs are required, and which go to the scheme's verdict, its declarations say.
    """
    contract = sign_contract(extra_fields, limits)
    values, given = contract.validate(data)
    scheme = SCHEMES[values["scheme"]]
    variant = resolve_variant(scheme, values["variant"])
    for declared in scheme.inputs:
        if declared.required and values.get(declared.name) is None:
            raise InputError(declared.name, required_message(declared, declared.name))
    own_signed = tuple(
        (declared.name, str(values[declared.name]))
        for declared in scheme.inputs
        if declared.signed
        and not declared.secret
        and declared.name not in _REQUEST_FIELDS
        and values.get(declared.name) is not None
    )
    request = SignRequest(
        **{
            name: value
            for name, value in values.items()
            if name in _REQUEST_FIELDS and value is not None
        },
        inputs=own_signed,
    )
    encoding = values["secret_encoding"] or "text"
    secrets = tuple(
        (declared.name, str(values.get(declared.name) or ""))
        for declared in scheme.inputs
        if declared.secret
    )
    try:
        decode_secret(values["secret"], encoding)
    except ValueError as error:  # the message never quotes the secret
        raise InputError("secret", f"`secret` {error} (`secret_encoding` is {encoding}).") from None
    # A correct client sends the digest in the first form its server accepts.
    recipe = Recipe(
        request,
        values["secret"],
        scheme.hash_for(request),
        variant,
        output=scheme.transport.forms[0],
        secret_encoding=encoding,
        secrets=secrets,
    )
    if scheme.correct is not None:
        recipe = scheme.correct(recipe)
    own = {declared.name for declared in scheme.inputs}
    context = {
        name: values[name]
        for name, declared in contract.inputs.items()
        if not declared.signed and not declared.secret and (name in own or name in given)
    }
    extra = {name: values[name] for name in extra_fields if name in given}
    return SignInput(scheme, recipe, context, extra)
