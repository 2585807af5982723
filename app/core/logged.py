"""Read a string the way a log printed it. Pure.

Clients log their string to sign with its escapes (``GET\\n/users\\n...``), and often inside
the quotes of the language that printed it: ``"..."`` from ``JSON.stringify`` or
``console.log(JSON.stringify(s))``, ``'...'`` from Python's ``repr`` of a ``str`` and
``b'...'`` from its ``repr`` of ``bytes``. ``read_escapes`` takes one pair of such quotes off
and reads the escapes with the rules of the language that wrote them (a JSON ``\\ud83d\\ude00``
is one emoji; Python's ``\\x00`` is a byte), and says what it did, so a comparison of the
string with the server's starts at the string's first character, not at its quote.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass

from app.core.errors import InputError


@dataclass(frozen=True)
class Logged:
    """The string read, and what was done to read it (``None``: escapes only)."""

    text: str
    note: str | None = None


def _json(text: str) -> str | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def _python(text: str) -> str | None:
    """A Python ``str`` or ``bytes`` literal, read without running anything: ``ast`` reads
    literals only. Bytes are read as UTF-8, what a client's ``.encode()`` wrote."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")  # a UnicodeDecodeError: read_escapes says so
    return value if isinstance(value, str) else None


#: Quotes a log puts around a string: (opening, closing, reader, what prints it this way).
#: The first whose quotes surround the text and whose reader reads it wins.
QUOTES: tuple[tuple[str, str, Callable[[str], str | None], str], ...] = (
    ('"', '"', _json, "a JSON string (as `JSON.stringify` prints one)"),
    ('"', '"', _python, "a Python string literal"),
    ("'", "'", _python, "Python's `repr` of a `str`"),
    ("b'", "'", _python, "Python's `repr` of `bytes` (decoded as UTF-8)"),
    ('b"', '"', _python, "Python's `repr` of `bytes` (decoded as UTF-8)"),
)


def _escapes(text: str, field: str) -> str:
    """Backslash escapes (``\\n``, ``\\r``, ``\\t``, ``\\u00e9``...) read, the rest kept."""
    try:
        return text.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError as error:
        raise InputError(
            field, f"An escape near character {error.start} is incomplete: {error.reason}."
        ) from None


def read_escapes(text: str, side: str, field: str) -> Logged:
    """``text`` as a log printed it: one pair of surrounding quotes taken off, if there is
    one (``side`` names the string in the note: "Actual"), and its escapes read. An
    incomplete escape is an ``InputError`` on ``field``."""
    bare = text.strip()
    for opening, closing, read, printer in QUOTES:
        if len(bare) < len(opening) + len(closing):
            continue
        if not (bare.startswith(opening) and bare.endswith(closing)):
            continue
        try:
            value = read(bare)
        except UnicodeDecodeError as error:
            raise InputError(
                field, f"The bytes in `{opening}…{closing}` are not UTF-8 (byte {error.start})."
            ) from None
        if value is not None:
            quotes = f"`{opening}…{closing}`"
            return Logged(value, f"{side}: read as {printer}: the quotes {quotes} taken off.")
    if len(bare) >= 2 and bare[0] == bare[-1] and bare[0] in "\"'":
        inner = _escapes(bare[1:-1], field)
        return Logged(
            inner,
            f"{side}: the quotes `{bare[0]}…{bare[0]}` around it taken off.",
        )
    return Logged(_escapes(text, field))
