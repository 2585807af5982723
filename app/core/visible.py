"""Make invisible characters visible: the string to sign, shown so a stray byte cannot hide.

``tokens`` splits text into runs a renderer can style: plain text, and one token per
character that would otherwise be invisible or ambiguous, with the symbol to show and a
description for assistive technology and tooltips.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Token:
    """``kind`` is ``text``, ``space`` (a significant space), ``mark`` or ``non_ascii``."""

    kind: str
    shown: str
    title: str = ""
    #: a line feed also breaks the line when rendered
    newline: bool = False


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def _special(char: str) -> Token | None:
    if char in SYMBOLS:
        shown, title = SYMBOLS[char]
        return Token("mark", shown, title, newline=char == "\n")
    category = unicodedata.category(char)
    if category in {"Cc", "Cf", "Zl", "Zp"} or (category == "Zs" and char != " "):
        name = unicodedata.name(char, "control character").lower()
        return Token("mark", f"[{_code_point(char)}]", f"{name} ({_code_point(char)})")
    if not char.isascii():
        name = unicodedata.name(char, "character").lower()
        return Token("non_ascii", char, f"{name} ({_code_point(char)}), non-ASCII")
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


def tokens(text: str) -> list[Token]:
    """Split ``text`` into plain runs and visible markers, in order."""
    spaces = _significant_spaces(text)
    out: list[Token] = []
    run: list[str] = []
    for index, char in enumerate(text):
        token = Token("space", "·", "space") if char == " " and index in spaces else _special(char)
        if token is None:
            run.append(char)
            continue
        if run:
            out.append(Token("text", "".join(run)))
            run = []
        out.append(token)
    if run:
        out.append(Token("text", "".join(run)))
    return out


def hex_dump(data: bytes, width: int = 16) -> str:
    """Offset, hex bytes and printable ASCII, ``width`` bytes a line."""
    lines = []
    for offset in range(0, len(data), width):
        chunk = data[offset : offset + width]
        hexes = " ".join(f"{byte:02x}" for byte in chunk)
        text = "".join(chr(byte) if 32 <= byte < 127 else "." for byte in chunk)
        lines.append(f"{offset:08x}  {hexes:<{width * 3 - 1}}  {text}")
    return "\n".join(lines)
