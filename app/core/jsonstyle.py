"""Recognise a JSON body written two ways: the same value, formatted differently. Pure.

A client that parses its body and serializes it again before signing (or a server that
signs the parsed body re-serialized) signs other bytes than it sends, though both hold the
same JSON value. ``same_json`` finds the body in each string to sign, checks that both parse
to the same value, and names how each side wrote it, by re-writing the value the way the
common serializers do and comparing. Every step is one linear pass over the bodies.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

_COMPACT = (",", ":")


def _dumps(**options: Any) -> Callable[[object], str]:
    return partial(json.dumps, **options)


#: How common serializers write a value: (how the answer names it, the same writing).
STYLES: tuple[tuple[str, Callable[[object], str]], ...] = (
    ("`JSON.stringify(body)`", _dumps(ensure_ascii=False, separators=_COMPACT)),
    ("Python's default `json.dumps(body)`", _dumps()),
    ("`json.dumps(body, ensure_ascii=False)`", _dumps(ensure_ascii=False)),
    ('`json.dumps(body, separators=(",", ":"))`', _dumps(separators=_COMPACT)),
    ("`JSON.stringify(body, null, 2)`", _dumps(ensure_ascii=False, indent=2)),
    ("`json.dumps(body, indent=2)`", _dumps(indent=2)),
    ("`JSON.stringify(body, null, 4)`", _dumps(ensure_ascii=False, indent=4)),
    ("`json.dumps(body, indent=4)`", _dumps(indent=4)),
)


@dataclass(frozen=True)
class JsonBody:
    text: str
    value: object

    @property
    def style(self) -> str | None:
        """How the body is written: the first of ``STYLES`` that writes it so."""
        stripped = self.text.strip()
        return next((name for name, write in STYLES if write(self.value) == stripped), None)

    @property
    def canonical(self) -> str:
        return json.dumps(self.value, sort_keys=True, separators=_COMPACT, ensure_ascii=False)


def json_body(text: str) -> JsonBody | None:
    """The JSON body at the end of a string to sign, if one parses: from the string's first
    line that begins with ``{`` or ``[`` (header and param lines begin with a name)."""
    starts = [text.find(f"\n{bracket}") for bracket in "{["]
    found = [start + 1 for start in starts if start >= 0]
    start = 0 if text[:1] in ("{", "[") else min(found, default=-1)
    if start < 0:
        return None
    body = text[start:]
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return JsonBody(body, value) if isinstance(value, dict | list) else None


def _keys(value: object) -> str:
    """The value written with its keys in the order they were read (and nothing else of the
    original formatting), to tell a key order change from a spacing one."""
    return json.dumps(value, separators=_COMPACT, ensure_ascii=False)


def same_json(expected: str, actual: str) -> str | None:
    """Say so when both strings end in a JSON body, the bodies differ as text and parse to
    the same value (numbers as written: ``1`` and ``1.0`` differ)."""
    ours, theirs = json_body(expected), json_body(actual)
    if ours is None or theirs is None or ours.text == theirs.text:
        return None
    try:
        if ours.canonical != theirs.canonical:
            return None
    except RecursionError:  # too deeply nested to write again
        return None
    order = _keys(ours.value) != _keys(theirs.value)
    mine, yours = ours.style, theirs.style
    if mine is not None and mine == yours:
        how = f"both are written as {mine} writes it"
    elif mine is None and yours is None:
        how = "they are written differently"
    else:
        written = [f"as {style} writes it" if style else "another way" for style in (mine, yours)]
        how = f"the expected body is written {written[0]}, the actual one {written[1]}"
    how += ", with the keys in another order" if order else ""
    return (
        f"Same JSON, different formatting: both bodies parse to the same value; {how}. "
        "A client that parses its body and serializes it again before "
        "signing signs other bytes than it sends: sign the body exactly as sent."
    )
