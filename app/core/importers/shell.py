"""bash's quoting, as "Copy as cURL (bash)" writes it: a command line into its words. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from app.core.errors import InputError
from app.core.importers.result import FIELD

#: bash's ANSI-C quoting ``$'...'``: a backslash escapes anything, ``'`` ends it.
_ANSI_C = re.compile(r"\$'((?:[^'\\]|\\.)*)'", re.S)
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
_SINGLE = re.compile(r"'([^']*)'")
#: Inside double quotes a backslash only escapes these (bash manual, "Double Quotes").
_DOUBLE_ESCAPE = re.compile(r'\\([$`"\\\n])')
#: ``${...}`` stops at the next ``$``: tried at every unquoted ``$``, a scan to the end of
#: the text would make ``${${${…`` quadratic.
_VARIABLE = re.compile(r"\$(?:[A-Za-z_]\w*|\{[^}$]*\}|\(|[0-9#?@*!$-])|`")
#: Unquoted, these end the simple command (a pipe, a list, a redirection, a subshell).
_OPERATORS = ";&|<>()"

#: bash's ANSI-C escapes (bash manual, "ANSI-C Quoting"): \\nnn and \\xHH are *bytes*,
#: \\uHHHH and \\UHHHHHHHH are characters, \\cx is control-x; any other backslash is kept.
_ANSI_C_ESCAPE = re.compile(
    r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|c(.)|(.))",
    re.S,
)
_ANSI_C_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _control(char: str) -> str:
    # bash's TOCTRL: `\c?` is DEL, otherwise the upper-cased letter's low five bits.
    return "\x7f" if char == "?" else chr(ord(char.upper()) & 0x1F)


class _Bytes:
    """A run of byte escapes, decoded as UTF-8 when it is; else as Latin-1, Firefox's intent
    (it writes `é` as `\\xe9`, which bash turns into the lone byte 0xE9)."""

    def __init__(self, notes: list[str]) -> None:
        self.pending = bytearray()
        self.notes = notes

    def flush(self, out: list[str]) -> None:
        if not self.pending:
            return
        try:
            out.append(self.pending.decode("utf-8"))
        except UnicodeDecodeError:
            text = self.pending.decode("latin-1")
            escapes = "".join(f"\\x{byte:02x}" for byte in self.pending)
            self.notes.append(
                f"`{escapes}` in a `$'…'` string is not UTF-8: bash would send those bytes as "
                f"they are, but Firefox writes `{text}` that way, so it was read as `{text}`."
            )
            out.append(text)
        self.pending.clear()


def _ansi_c(body: str, notes: list[str]) -> str:
    """The value of ``$'body'``."""
    out: list[str] = []
    run = _Bytes(notes)
    position = 0
    for match in _ANSI_C_ESCAPE.finditer(body):
        literal = body[position : match.start()]
        position = match.end()
        octal, hex_byte, small_u, big_u, control, other = match.groups()
        if octal or hex_byte:
            if literal:
                run.flush(out)
                out.append(literal)
            run.pending.append(int(octal, 8) & 0xFF if octal else int(hex_byte, 16))
            continue
        run.flush(out)
        out.append(literal)
        if small_u or big_u:
            code = int(small_u or big_u, 16)
            if code > 0x10FFFF:
                raise InputError(FIELD, f"`\\U{big_u}` in a `$'…'` string is not a character.")
            out.append(chr(code))
        elif control:
            out.append(_control(control))
        else:
            out.append(_ANSI_C_SIMPLE.get(other, "\\" + other))
    run.flush(out)
    out.append(body[position:])
    return _join_surrogates("".join(out), notes)


def _join_surrogates(text: str, notes: list[str]) -> str:
    """Browsers escape a character beyond U+FFFF as two UTF-16 halves (`\\ud83d\\ude00`)."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    try:
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise InputError(
            FIELD, "A `$'…'` string holds half of a UTF-16 surrogate pair, which is not text."
        ) from None
    notes.append(
        "A `$'…'` string writes a character beyond U+FFFF as two `\\u` halves, as browsers "
        "do; they were joined into one character."
    )
    return joined


def _note_expansion(found: re.Match[str], notes: list[str]) -> None:
    notes.append(
        f"`{found.group()}` is shell syntax Sigscope cannot expand (a variable or a command): "
        "it was kept as written."
    )


def _double_quoted(body: str, notes: list[str]) -> str:
    for found in _VARIABLE.finditer(body):
        _note_expansion(found, notes)
    return _DOUBLE_ESCAPE.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), body)


#: Each quoting form by its opening: the pattern of the whole quoted string, and its value.
_QUOTES: dict[str, tuple[re.Pattern[str], Callable[[str, list[str]], str]]] = {
    "$'": (_ANSI_C, _ansi_c),
    '"': (_DOUBLE, _double_quoted),
    "'": (_SINGLE, lambda body, _: body),
}


def _quoted(text: str, position: int, notes: list[str]) -> tuple[str, int] | None:
    """The value of the quoted string at ``position``, and where it ends."""
    opening = next((quote for quote in _QUOTES if text.startswith(quote, position)), None)
    if opening is None:
        return None
    pattern, value = _QUOTES[opening]
    match = pattern.match(text, position)
    if match is None:
        line = text.count("\n", 0, position) + 1
        raise InputError(
            FIELD, f"Unterminated quote: the `{opening}` on line {line} is never closed."
        )
    return value(match.group(1), notes), match.end()


#: What separates words when unquoted (a newline ends the command instead).
_BLANK_RUN = re.compile(r"[ \t\r]+")
#: A run of characters that stand for themselves: read at once, not one by one.
_PLAIN = re.compile(r"[^ \t\r\n\\'\"$`#;&|<>()]+")


def shell_words(text: str, notes: list[str]) -> tuple[list[str], str]:
    """Split a bash command line into words, and return what follows the first command.

    bash's quoting as bash reads it: ``'…'``, ``"…"`` (where ``\\`` escapes only
    ``$ ` " \\`` and newline), ``$'…'``, and an unquoted ``\\`` escaping any character; line
    continuations are removed, and an unquoted newline or operator ends the command. Each
    word is built from its pieces in one pass (``shlex`` grows a word one character at a
    time, which is quadratic in its length).
    """
    words: list[str] = []
    word: list[str] | None = None  # the pieces of the word being read; None between words
    position, rest = 0, ""
    while position < len(text):
        char = text[position]
        piece: str | None = None
        if text.startswith(("\\\n", "\\\r\n"), position):
            position = text.index("\n", position) + 1
        elif char == "\\":
            if position + 1 == len(text):
                raise InputError(FIELD, "The command ends with a `\\` that escapes nothing.")
            piece, position = text[position + 1], position + 2
        elif char == "\n" or char in _OPERATORS:
            rest = text[position:].strip()
            break
        elif char == "#" and (position == 0 or text[position - 1].isspace()):
            end = text.find("\n", position)
            position = len(text) if end < 0 else end
        elif (quoted := _quoted(text, position, notes)) is not None:
            piece, position = quoted
        elif blanks := _BLANK_RUN.match(text, position):
            if word is not None:
                words.append("".join(word))
                word = None
            position = blanks.end()
        elif plain := _PLAIN.match(text, position):
            piece, position = plain.group(), plain.end()
        else:
            expansion = _VARIABLE.match(text, position)
            if expansion:
                _note_expansion(expansion, notes)
            piece, position = char, position + 1
        if piece is not None:
            word = [] if word is None else word
            word.append(piece)
    if word is not None:
        words.append("".join(word))
    return words, rest
