"""The API's request models, built from the registry's declarations when a request needs them.

The registry can change at run time (a test registers a scheme), so nothing here is built at
import: each builder is cached by the registry's contents and the limits, and a scheme added
later appears at once in the enums, the fields and the validation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, Strict, create_model

from app.core.contract.fields import (
    HTTP_TOKEN,
    Limits,
    input_field,
    integral,
    kind_of,
    shown,
    text_type,
)
from app.core.contract.messages import Contract
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme
from app.core.schemes.declare import (
    API_KEY,
    BODY,
    HEADERS,
    METHOD,
    PARAMS,
    PATH,
    SECRET,
    SECRET_ENCODING,
    Input,
)
from app.core.signing import LENS_FORMS

#: The request's own parts, which every signing request carries whatever its scheme.
COMMON = (METHOD, PATH, HEADERS, PARAMS, BODY, API_KEY, SECRET, SECRET_ENCODING)
#: Constraints on the request's own parts that JSON Schema can state.
CONSTRAINTS: dict[str, dict[str, Any]] = {
    "method": {"pattern": f"^{HTTP_TOKEN.pattern}$"},
    "path": {"pattern": "^[^\\r\\n\\x00 ]*$"},
}


class Registry:
    """The registry's schemes as a cache key: equal while the very same schemes are listed
    (by identity, so a scheme rebuilt under the same name is a new key)."""

    def __init__(self) -> None:
        self.schemes = tuple(SCHEMES.values())

    def __hash__(self) -> int:
        return hash(tuple(map(id, self.schemes)))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Registry)
            and len(other.schemes) == len(self.schemes)
            and all(a is b for a, b in zip(self.schemes, other.schemes, strict=True))
        )


def known_schemes() -> str:
    return ", ".join(SCHEMES)


def scheme_field(required: bool) -> tuple[Any, Any]:
    names = tuple(SCHEMES)
    annotation: Any = Literal[names] if required else Literal[names] | None
    return annotation, Field(... if required else None, description="The signing scheme.")


def variant_ids() -> tuple[str, ...]:
    """Every scheme's variants, in registry order, once each."""
    found = (variant.id for scheme in SCHEMES.values() for variant in scheme.variants)
    return tuple(dict.fromkeys(found))


def variant_field() -> tuple[Any, Any]:
    annotation: Any = Literal[(*variant_ids(), "")] | None
    return annotation, Field(
        None,
        description="The scheme's variant; null or absent: its first. A scheme without "
        'variants takes "" or null.',
    )


def scheme_wording() -> dict[str, Callable[[object], str]]:
    """Words for a scheme or a variant the registry does not hold."""
    return {
        "scheme": lambda value: f"Unknown scheme {shown(value)}: use one of {known_schemes()}.",
        "variant": lambda value: (
            f"Unknown variant {shown(value)}: use one of {', '.join(variant_ids())}, "
            "or leave it out."
        ),
    }


def scheme_required() -> dict[str, Callable[[], str]]:
    return {"scheme": lambda: f"`scheme` is required: one of {known_schemes()}."}


def scheme_inputs(schemes: tuple[Scheme, ...]) -> tuple[Input, ...]:
    """Every scheme's own inputs, once each (the first declaration of a name holds), none
    required here: which are required depends on the scheme (``per_scheme``)."""
    seen = {given.name for given in COMMON}
    found = []
    for scheme in schemes:
        for given in scheme.inputs:
            if given.name not in seen:
                seen.add(given.name)
                found.append(replace(given, required=False))
    return tuple(found)


def per_scheme(schemes: tuple[Scheme, ...], *, inputs: bool = True) -> list[dict[str, Any]]:
    """JSON Schema's ``if``/``then``: with this scheme, these variants, and (``inputs``) these
    inputs required, not null."""
    rules = []
    for scheme in schemes:
        ids = scheme.variant_ids()
        variants = [*ids, None] if ids else ["", None]
        then: dict[str, Any] = {"properties": {"variant": {"enum": variants}}}
        names = [given.name for given in scheme.inputs if given.required and given not in COMMON]
        if names and inputs:
            then["required"] = names
            then["properties"].update({name: {"not": {"type": "null"}} for name in names})
        rules.append(
            {
                "if": {"required": ["scheme"], "properties": {"scheme": {"const": scheme.name}}},
                "then": then,
            }
        )
    return rules


#: The fields a caller of the signing contract may add, each with its words for a wrong value.
EXTRAS: dict[str, tuple[Any, Any, Callable[[object], str] | None]] = {
    "lens": (
        Annotated[bool, Strict()] | Literal[LENS_FORMS] | None,
        Field(
            True,
            description='How `mistakes` carry each mistaken string: `true` (or `"edits"`) '
            'as `edits` against `string_to_sign`; `"full"` as a whole `string_to_sign`, one '
            "copy per mistake (the answer before edits became the default); `false` leaves "
            "`mistakes` out: the signature alone, quicker.",
        ),
        lambda value: (
            f"`lens` must be true, false, {', '.join(map(json.dumps, LENS_FORMS))}, not "
            f"{json.dumps(value, ensure_ascii=False)[:40]}."
        ),
    ),
    "signature": (
        Annotated[str, Strict()],
        Field(
            description="The signature the client sent, as pasted: hex or base64 "
            "(base64url, unpadded, or behind a prefix such as `sha256=` are recognised).",
            examples=[
                "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d",
                "sha256=B0Gyrtok4ppPminRaaJPUBy3SPTSy7KPFvhTbKY3cC0=",
            ],
        ),
        None,
    ),
}

#: Model names per set of extras, as the OpenAPI document names them.
SIGN_MODELS = {(): "SignFields", ("lens",): "SignRequest", ("signature",): "DiagnoseRequest"}


def sign_contract(extras: tuple[str, ...], limits: Limits) -> Contract:
    """The ``/api/v1/sign`` request's contract, plus ``extras`` (keys of ``EXTRAS``)."""
    return _sign_contract(Registry(), extras, limits)


@lru_cache(maxsize=32)
def _sign_contract(registry: Registry, extras: tuple[str, ...], limits: Limits) -> Contract:
    inputs = COMMON + scheme_inputs(registry.schemes)
    fields: dict[str, Any] = {"scheme": scheme_field(True), "variant": variant_field()}
    for given in inputs:
        fields[given.name] = input_field(given, limits, **CONSTRAINTS.get(given.name, {}))
    wording = scheme_wording()
    for given in inputs:
        if given.kind == "choice":
            wording[given.name] = choice_words(given)
    for name in extras:
        annotation, info, words = EXTRAS[name]
        fields[name] = (annotation, info)
        if words is not None:
            wording[name] = words
    rules: Any = {"allOf": per_scheme(registry.schemes)}
    config = ConfigDict(extra="forbid", json_schema_extra=rules)
    name = SIGN_MODELS.get(extras, "SignRequest")
    model = create_model(name, __config__=config, **fields)
    return Contract(model, {given.name: given for given in inputs}, wording, scheme_required())


def choice_words(given: Input) -> Callable[[object], str]:
    def words(value: object) -> str:
        return f"`{given.name}` must be one of {', '.join(given.choices)}, not {shown(value)}."

    return words


# --- the evidence endpoints: import, compare, the ApiAxle gateway ---------------------------


def _signed_words(_: object) -> str:
    return '`signed` must be an object of header names and booleans: {"Accept": true}.'


def _no_default(schema: dict[str, Any]) -> None:
    """One of two fields is required: neither has a default to state."""
    schema.pop("default", None)


def _text_words(value: object) -> str:
    if isinstance(value, str):
        return "`text` is empty: paste a curl command, an HTTP request, a HAR or a URL."
    return f"`text` must be a string, not {kind_of(value)}."


def import_contract() -> Contract:
    return _import_contract()


@lru_cache(maxsize=1)
def _import_contract() -> Contract:
    text = Input("text", "Text", "text", "What was pasted.")
    pasted: Any = text_type(None, min_length=1, pattern="\\S")
    model = create_model(
        "ImportRequest",
        __config__=ConfigDict(
            extra="forbid",
            json_schema_extra={"oneOf": [{"required": ["text"]}, {"required": ["har"]}]},
            title="ImportRequest",
        ),
        text=(
            pasted,
            Field(None, description=text.help, json_schema_extra=_no_default),
        ),
        har=(
            Annotated[dict[str, Any], Strict()],
            Field(
                None,
                description="A HAR as JSON instead of `text`.",
                json_schema_extra=_no_default,
            ),
        ),
        entry=(
            Annotated[Annotated[int, Strict(), Field(ge=0)] | None, BeforeValidator(integral)],
            Field(None, description="Which HAR entry to read (default 0)."),
        ),
        signed=(
            Annotated[dict[str, Annotated[bool, Strict()]], Strict()],
            Field(
                default_factory=dict,
                description="Which received headers the client signed, overriding the "
                'classification: {"Accept": true, "X-Trace-Id": false}. Names ignore case; '
                "each must be a header of the request, and not the one carrying the signature.",
            ),
        ),
    )
    wording = {
        "entry": lambda _: "`entry` must be the index of a HAR entry: 0, 1, 2...",
        "signed": _signed_words,
        "text": _text_words,
    }
    return Contract(model, {"text": text}, wording)


def compare_contract() -> Contract:
    return _compare_contract(Registry())


@lru_cache(maxsize=8)
def _compare_contract(registry: Registry) -> Contract:
    expected = Input(
        "expected", "Expected", "text", "The string to sign Sigscope built (or yours)."
    )
    actual = Input("actual", "Actual", "text", "The string the server logged.")
    fields: dict[str, Any] = {
        given.name: (text_type(None), Field(description=given.help)) for given in (expected, actual)
    }
    rules: Any = {"allOf": per_scheme(registry.schemes, inputs=False)}
    escapes: Any = (
        Annotated[bool, Strict()],
        Field(
            False,
            description="Read both strings as a log prints them: one pair of surrounding "
            "quotes taken off (`\"...\"` as `JSON.stringify` prints, `'...'` and `b'...'` as "
            "Python's `repr` does), then backslash escapes such as `\\n`. `notes` says what "
            "was taken off.",
        ),
    )
    model = create_model(
        "CompareRequest",
        __config__=ConfigDict(extra="forbid", json_schema_extra=rules),
        **fields,
        scheme=scheme_field(False),
        variant=variant_field(),
        escapes=escapes,
    )
    inputs = {"expected": expected, "actual": actual}
    wording = {**scheme_wording(), "escapes": _escapes_words}
    return Contract(model, inputs, wording, scheme_required())


def _escapes_words(value: object) -> str:
    return f"`escapes` must be true or false, not {kind_of(value)}."


def gateway_contract(limits: Limits) -> Contract:
    return _gateway_contract(limits)


@lru_cache(maxsize=8)
def _gateway_contract(limits: Limits) -> Contract:
    from app.core.schemes.apiaxle.clock import WINDOW
    from app.core.schemes.apiaxle.gateway import KEY_STATUSES

    inputs = (
        Input(
            "url",
            "URL",
            "text",
            "The URL the client called, api_key and api_sig included.",
            required=True,
        ),
        Input("secret", "Secret", "text", "The key's shared secret; empty for a key without one."),
        Input(
            "server_time",
            "Server time",
            "epoch",
            "The gateway's clock, epoch seconds.",
            required=True,
        ),
        WINDOW,
    )
    fields: dict[str, Any] = {given.name: input_field(given, limits) for given in inputs}
    statuses = tuple(KEY_STATUSES)
    fields["key_status"] = (
        Literal[statuses],
        Field("valid", description="What the gateway's key store holds for the key."),
    )
    model = create_model("GatewayRequest", __config__=ConfigDict(extra="forbid"), **fields)
    wording = {"key_status": lambda _: f"`key_status` must be one of {', '.join(statuses)}."}
    required = {"url": lambda: "`url` is required."}
    return Contract(model, {given.name: given for given in inputs}, wording, required)
