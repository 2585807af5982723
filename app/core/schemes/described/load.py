"""Reading a description from JSON, with Sigscope's words for what is wrong, and its variants.

``load`` validates JSON text (the ``custom`` scheme's input) or a parsed object; an error
names the JSON path at fault (`parts[2].sort`) and the values allowed, never pydantic's own
text. ``overridden`` gives the description with some options set otherwise: that is how a
generated mistake reads its scheme. Both are cached: a request's lens and diagnosis read the
same few descriptions hundreds of times.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from app.core.errors import InputError, excerpt
from app.core.schemes.described.model import Description

FIELD = "description"


def json_path(loc: tuple[int | str, ...]) -> str:
    """pydantic's location as a JSON path: `parts[2].sort` (a union's tag left out)."""
    path = ""
    for index, item in enumerate(loc):
        if isinstance(item, int):
            path += f"[{item}]"
        elif index >= 2 and isinstance(loc[index - 1], int) and loc[index - 2] == "parts":
            continue  # the discriminator's tag: `parts[2].query.sort` reads `parts[2].sort`
        else:
            path += f".{item}" if path else str(item)
    return path or "(the whole description)"


def _expected(error: ErrorDetails) -> str:
    context = error.get("ctx") or {}
    if "expected" in context:
        return f": expected {context['expected']}"
    if error["type"] == "union_tag_invalid":
        return f": a part's `kind` is one of {context.get('expected_tags', '')}"
    return ""


_WORDS: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "is not an option here (check its spelling and the part's kind)",
    "literal_error": "has a value that is not allowed",
    "union_tag_invalid": "names an unknown kind",
    "union_tag_not_found": "needs a `kind`",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "int_type": "must be an integer",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "does not have the expected form",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "value_error": "",
}


def worded(error: ErrorDetails) -> InputError:
    """One pydantic error in Sigscope's words, naming the JSON path."""
    path = json_path(tuple(error["loc"]))
    words = _WORDS.get(error["type"], "is not valid") or error["msg"].removeprefix("Value error, ")
    given = error.get("input")
    shown = "" if error["type"] == "missing" else f" (got {excerpt(json.dumps(given))})"
    if error["type"] in {"literal_error", "union_tag_invalid", "union_tag_not_found"}:
        shown += _expected(error)
    return InputError(FIELD, f"`{FIELD}` `{path}` {words}{shown}.")


def from_object(data: object) -> Description:
    """A description from parsed JSON, or an ``InputError`` naming the path at fault."""
    try:
        return Description.model_validate(data)
    except ValidationError as error:
        errors = sorted(error.errors(include_url=False), key=lambda e: e["type"] != "missing")
        raise worded(errors[0]) from None


@lru_cache(maxsize=64)
def load(text: str) -> Description:
    """A description from JSON text (the ``custom`` scheme's input)."""
    if not text.strip():
        raise InputError(FIELD, f"`{FIELD}` is empty: paste a scheme description (JSON).")
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InputError(
            FIELD,
            f"`{FIELD}` is not JSON: {error.args[0].partition(':')[0]} "
            f"(line {getattr(error, 'lineno', '?')}, column {getattr(error, 'colno', '?')}).",
        ) from None
    except RecursionError:
        raise InputError(FIELD, f"`{FIELD}` is nested too deeply.") from None
    return from_object(data)


def _set(data: Any, path: str, value: object) -> bool:
    """Set ``path`` (`key.encoding`, `parts.2.sort`) in ``data``; ``False`` if it is absent."""
    *parents, last = path.split(".")
    node = data
    for name in parents:
        if isinstance(node, list) and name.isdigit() and int(name) < len(node):
            node = node[int(name)]
        elif isinstance(node, dict) and isinstance(node.get(name), dict | list):
            node = node[name]
        else:
            return False
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = value
        return True
    if isinstance(node, dict):
        node[last] = value
        return True
    return False


@lru_cache(maxsize=64)
def canonical(text: str) -> str:
    """The description in ``text`` as canonical JSON: the key ``overridden`` caches by."""
    return load(text).model_dump_json()


@lru_cache(maxsize=512)
def overridden(base: str, settings: tuple[tuple[str, str], ...]) -> Description | None:
    """The description in canonical JSON ``base`` with each ``(path, JSON value)`` set;
    ``None`` when the result is no valid description (an option its part does not have)."""
    data = json.loads(base)
    for path, value in settings:
        if not _set(data, path, json.loads(value)):
            return None
    try:
        return Description.model_validate(data)
    except ValidationError:
        return None


SET = "set:"


def set_flag(path: str, value: object) -> str:
    """The recipe flag that sets ``path`` to ``value`` (a JSON value)."""
    return f"{SET}{path}={json.dumps(value)}"


def settings_of(flags: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The ``set:`` flags as sorted ``(path, JSON value)`` pairs."""
    return tuple(
        sorted(
            tuple(flag[len(SET) :].split("=", 1))  # type: ignore[misc]
            for flag in flags
            if flag.startswith(SET)
        )
    )
