"""The engine: a description and a recipe give the steps, the string to sign and the key.

One step per part (its id is the part's kind, `_2`, `_3`... for a kind used again), then
``join``, whose output is the string to sign. The recipe's ``set:`` flags set options of the
description otherwise (a generated mistake), so the same engine signs the correct and every
mistaken recipe. Linear in the request.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from app.core.digest import decode_secret
from app.core.errors import InputError
from app.core.recipe import Recipe
from app.core.schemes.described.load import overridden, settings_of
from app.core.schemes.described.model import Description
from app.core.schemes.described.parts import TITLES, render
from app.core.trace import Step

#: A scheme's description source: the recipe -> its description as canonical JSON.
Source = Callable[[Recipe], str]


def effective(source: Source, recipe: Recipe) -> Description:
    """The description ``recipe`` signs by: its scheme's, with the recipe's options set."""
    found = overridden(source(recipe), settings_of(recipe.flags))
    if found is None:  # only a mistake's flags can make one: they are checked when applied
        raise InputError("description", "An option set by a mistake does not apply here.")
    return found


def overridden_or_none(source: Source, recipe: Recipe) -> Description | None:
    """The description ``recipe`` signs by, or ``None`` when its settings make none."""
    return overridden(source(recipe), settings_of(recipe.flags))


def step_ids(description: Description) -> list[str]:
    """Each part's step id: its kind, then `kind_2`, `kind_3` for the same kind again."""
    seen: dict[str, int] = {}
    ids = []
    for part in description.parts:
        seen[part.kind] = seen.get(part.kind, 0) + 1
        ids.append(part.kind if seen[part.kind] == 1 else f"{part.kind}_{seen[part.kind]}")
    return ids


def _separator_words(separator: str) -> str:
    shown = separator.replace("\r", "\\r").replace("\n", "\\n")
    return f"`{shown}`" if separator else "nothing"


def build(description: Description, recipe: Recipe) -> tuple[list[Step], str]:
    """The part steps and the string to sign."""
    steps, texts = [], []
    for step_id, part in zip(step_ids(description), description.parts, strict=True):
        given, text, note = render(part, recipe)
        if part.empty == "omit" and not text:
            note = "empty: left out with its separator"
        else:
            texts.append(text)
        steps.append(Step(step_id, TITLES[part.kind], given, text, note))
    joined = description.separator.join(texts)
    if description.trailing_separator:
        joined += description.separator
    return steps, joined


def canonicalize(description: Description, recipe: Recipe) -> list[Step]:
    steps, joined = build(description, recipe)
    ending = ", and after the last" if description.trailing_separator else ""
    title = f"Join the parts with {_separator_words(description.separator)}{ending}"
    shown = "\n".join(repr(step.output) for step in steps)
    return [*steps, Step("join", title, shown, joined, None)]


def string_to_sign(description: Description, recipe: Recipe) -> str:
    return build(description, recipe)[1]


_BASE64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _lenient(text: str, encoding: str) -> bytes:
    """What a permissive decoder makes of any text (Python's ``b64decode`` skips what is not
    base64): a mistaken secret still gives a key, as it does in the mistaken client."""
    if encoding == "hex":
        digits = "".join(char for char in text if char in _HEX_DIGITS)
        return bytes.fromhex(digits[: len(digits) - len(digits) % 2])
    bare = "".join(char for char in text.replace("-", "+").replace("_", "/"))
    bare = "".join(char for char in bare if char in _BASE64_ALPHABET)
    bare = bare[: len(bare) - 1] if len(bare) % 4 == 1 else bare
    return base64.b64decode(bare + "=" * (-len(bare) % 4))


def key_bytes(
    description: Description, secret: str, encoding: str = "text", *, strict: bool = False
) -> bytes:
    """The HMAC key: the secret, its prefix stripped when the description says so, decoded
    as the description says (or as ``encoding`` says, when the secret was given encoded).

    ``strict`` (the server's side, with the user's secret) refuses a secret that does not
    decode, saying why; otherwise it is decoded permissively, as a mistaken client would."""
    key = description.key
    text = secret
    if key.prefix and key.strip_prefix and text.startswith(key.prefix):
        text = text[len(key.prefix) :]
    reading = key.encoding if encoding == "text" else encoding
    try:
        return decode_secret(text, reading)
    except ValueError as error:
        if not strict:
            return _lenient(text, reading)
        after = f" after its `{key.prefix}` prefix" if key.prefix and key.strip_prefix else ""
        raise InputError(
            "secret", f"The secret{after} {error}: this scheme decodes it to get the key."
        ) from None


def key_decodes(description: Description, recipe: Recipe) -> bool:
    """Whether ``recipe``'s secret gives a key under ``description`` without guessing."""
    try:
        key_bytes(description, recipe.secret, recipe.secret_encoding, strict=True)
    except InputError:
        return False
    return True
