"""Schemes written as descriptions: the webhook providers, and ``custom`` (your own).

A description (``model.Description``) is JSON: the parts of the string to sign and their
canonicalization, the key, the hash, the output and where it travels, the clock. The engine
signs from it (``engine``), each option it fixes is a mistake to try flipped (``options``),
and its own mistakes name request transforms (``transforms``). The providers' descriptions
are package data (``providers/*.json``); ``custom`` reads one from its ``description`` input.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from app.core.recipe import Recipe
from app.core.schemes.base import Scheme
from app.core.schemes.clock import Tolerance
from app.core.schemes.declare import API_KEY, HEADERS, ORIGIN, Input, Location, Transport
from app.core.schemes.described import model
from app.core.schemes.described.build import KEY_INPUTS, MESSAGE_ID, NONCE, build
from app.core.schemes.described.clock import TIMESTAMP
from app.core.schemes.described.load import canonical, from_object, load
from app.core.schemes.described.model import Description

#: The providers, by scheme id, in the order the registry lists them.
PROVIDERS = ("stripe", "github", "slack", "standard-webhooks", "twilio", "shopify")


def provider_text(name: str) -> str:
    """A provider's description, as the JSON file ships it."""
    return resources.files(__package__).joinpath("providers", f"{name}.json").read_text("utf-8")


@cache
def provider(name: str) -> Description:
    """A provider's description, validated."""
    return from_object(json.loads(provider_text(name)))


def description_schema() -> dict[str, Any]:
    """The JSON Schema of a description, as the API serves it."""
    schema = model.Description.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Sigscope scheme description"
    return schema


def _provider_scheme(name: str) -> Scheme:
    description = provider(name)
    text = description.model_dump_json()
    return build(name, lambda recipe: text, description, generated=description)


#: What ``custom`` opens with: an in-house scheme of the most common kind.
EXAMPLE = {
    "title": "In-house: method, path, sorted query, timestamp, body hash",
    "parts": [
        {"kind": "method", "case": "upper"},
        {"kind": "path"},
        {"kind": "query", "sort": "name", "encoding": "rfc3986"},
        {"kind": "timestamp"},
        {"kind": "body_hash", "hash": "sha256", "digest": "hex"},
    ],
    "separator": "\n",
    "hash": "sha256",
    "output": "base64",
    "travel": {
        "place": {"headers": ["X-Signature"]},
        "values": {"timestamp": {"headers": ["X-Timestamp"]}},
    },
    "clock": {"tolerance": 300, "direction": "both"},
}

DESCRIPTION = Input(
    "description",
    "Scheme description",
    "text",
    "Your scheme as JSON (its JSON Schema: `GET /api/v1/schemes/description-schema`).",
    required=True,
    initial=json.dumps(EXAMPLE, indent=2),
)


def _custom_source(recipe: Recipe) -> str:
    return canonical(recipe.request.input("description"))


def _correct(recipe: Recipe) -> Recipe:
    """The hash and output form the recipe's own description says."""
    description = load(recipe.request.input("description"))
    return recipe.with_(algorithm=description.hash, output=description.output)


def _custom_scheme() -> Scheme:
    example = from_object(EXAMPLE)
    scheme = build("custom", _custom_source, example)
    inputs = (
        DESCRIPTION,
        *(given for given in scheme.inputs if given not in (*KEY_INPUTS, TIMESTAMP)),
        # What a description's `headers`, `header` and `api_key` parts read.
        HEADERS,
        API_KEY,
        replace(TIMESTAMP, required=False),
        NONCE,
        MESSAGE_ID,
        ORIGIN,
    )
    # The form is each description's (``_correct`` puts it in the recipe, which
    # ``Scheme.forms`` reads); these are the forms a description may say.
    # Where it travels is the description's too: the importers never pick ``custom`` by a
    # header (an `Authorization` item names no scheme).
    transport = Transport(
        "where the description's `travel` says, in its `output` form",
        Location(header_params=("signature",)),
        forms=("hex", "base64", "base64url", "hex_upper"),
    )
    clock = scheme.clock and replace(
        scheme.clock, tolerance=Tolerance("as the description's `clock` says (none: no check)")
    )
    return replace(
        scheme,
        clock=clock,
        transport=transport,
        correct=_correct,
        title="Your own scheme (a description)",
        inputs=tuple(dict.fromkeys((*inputs, *KEY_INPUTS))),
        layout=scheme.layout,
    )


SCHEMES: tuple[Scheme, ...] = (
    *(_provider_scheme(name) for name in PROVIDERS),
    _custom_scheme(),
)

__all__ = [
    "DESCRIPTION",
    "EXAMPLE",
    "PROVIDERS",
    "SCHEMES",
    "description_schema",
    "load",
    "provider",
    "provider_text",
]
