"""Make invisible characters visible: the string to sign, shown so a stray byte cannot hide.

``tokens`` splits text into runs a renderer can style: plain text, and one token per
character that would otherwise be invisible or ambiguous, with the symbol to show, the
character itself (a renderer keeps it, so copying the text copies the real bytes) and a
description for assistive technology and tooltips.

``literal`` writes text as one line, a JSON string literal: the string as it really is,
every line break, tab and invisible character spelled as its escape.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

#: Characters with a conventional visible symbol (the Unicode Control Pictures block).
SYMBOLS: dict[str, tuple[str, str]] = {
    "\n": ("␊", "line feed (LF)"),
    "\r": ("␍", "carriage return (CR)"),
    "\t": ("→", "tab"),
    "\u00a0": ("⍽", "non-breaking space (U+00A0)"),
    "\u200b": ("[ZWSP]", "zero-width space (U+200B)"),
    "\u200c": ("[ZWNJ]", "zero-width non-joiner (U+200C)"),
    "\u200d": ("[ZWJ]", "zero-width joiner (U+200D)"),
    "\u2060": ("[WJ]", "word joiner (U+2060)"),
    "\ufeff": ("[BOM]", "byte order mark (U+FEFF)"),
    "\u0000": ("␀", "NUL (U+0000)"),
}


#: Categories of characters that show as nothing, or as a blank that could be anything.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})


@dataclass(frozen=True)
class Token:
    """``kind`` is ``text``, ``space`` (a significant space), ``mark`` or ``non_ascii``;
    ``raw`` is the text itself, ``shown`` what stands for it on screen."""

    kind: str
    shown: str
    title: str = ""
    #: a line feed also breaks the line when rendered
    newline: bool = False
    raw: str = ""


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def _special(char: str) -> Token | None:
    if char in SYMBOLS:
        shown, title = SYMBOLS[char]
        return Token("mark", shown, title, char == "\n", char)
    category = unicodedata.category(char)
    if category in INVISIBLE_CATEGORIES and char != " ":
        name = unicodedata.name(char, "control character").lower()
        return Token("mark", f"[{_code_point(char)}]", f"{name} ({_code_point(char)})", raw=char)
    if not char.isascii():
        name = unicodedata.name(char, "character").lower()
        return Token("non_ascii", char, f"{name} ({_code_point(char)}), non-ASCII", raw=char)
    return None


def _significant_spaces(text: str) -> set[int]:
    """Indexes of spaces that matter visually: leading, trailing, or doubled, per line."""
    marked: set[int] = set()
    start = 0
    for line in text.split("\n"):
        n = len(line)
        lead = n - len(line.lstrip(" "))
        trail = n - len(line.rstrip(" "))
        marked.update(range(start, start + lead))
        marked.update(range(start + n - trail, start + n))
        for i in range(n - 1):
            if line[i] == " " and line[i + 1] == " ":
                marked.update((start + i, start + i + 1))
        start += n + 1
    return marked


_SPACE = Token("space", "·", "space", raw=" ")


def tokens(text: str, every_space: bool = False) -> list[Token]:
    """Split ``text`` into plain runs and visible markers, in order. Spaces are marked where
    they matter to the eye (leading, trailing, doubled), or all of them if ``every_space``
    (text a diff inserted or deleted: there a lone space is the change)."""
    spaces = range(len(text)) if every_space else _significant_spaces(text)
    out: list[Token] = []
    run: list[str] = []
    for index, char in enumerate(text):
        token = _SPACE if char == " " and index in spaces else _special(char)
        if token is None:
            run.append(char)
            continue
        if run:
            out.append(Token("text", "".join(run), raw="".join(run)))
            run = []
        out.append(token)
    if run:
        out.append(Token("text", "".join(run), raw="".join(run)))
    return out


def _escape(char: str) -> str:
    """``\\uXXXX`` for ``char``, as a pair of UTF-16 escapes beyond the BMP (as JSON does)."""
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def literal(text: str) -> str:
    """``text`` as the inside of a JSON string literal (no quotes), on one line: what
    ``JSON.stringify`` writes, with every invisible character escaped too (``\\u200b``), so
    the literal reads back as ``text`` and shows all of it. Linear in ``text``."""
    written = json.dumps(text, ensure_ascii=False)[1:-1]
    if written.isascii() and "\x7f" not in written:
        return written
    return "".join(
        _escape(char)
        if char != " " and unicodedata.category(char) in INVISIBLE_CATEGORIES
        else char
        for char in written
    )


def hex_dump(data: bytes, width: int = 16) -> str:
    """Offset, hex bytes and printable ASCII, ``width`` bytes a line."""
    lines = []
    for offset in range(0, len(data), width):
        chunk = data[offset : offset + width]
        hexes = " ".join(f"{byte:02x}" for byte in chunk)
        text = "".join(chr(byte) if 32 <= byte < 127 else "." for byte in chunk)
        lines.append(f"{offset:08x}  {hexes:<{width * 3 - 1}}  {text}")
    return "\n".join(lines)
