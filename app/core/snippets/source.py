"""What every emitter shares: the parts of a program's source, and the walk over its ops. Pure.

An emitter turns each operation into one or more lines of its language and collects the
imports and helper functions those lines need; ``Parts`` keeps the three apart so that the
standalone file (``Language.assemble``) and a test's batch of many programs share them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from app.core.snippets.ir import SECRET_VARIABLE, Op, Program

#: A literal's text is written in chunks of this many characters, one chunk per line, so no
#: line of a program grows with the request (a 1 MiB body is many short lines).
CHUNK = 48


class Unsupported(ValueError):
    """A language's standard library cannot do an operation (WebCrypto has no MD5)."""


@dataclass
class Parts:
    """A program's source, not yet assembled: imports, helper definitions, the main body."""

    imports: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    def need(self, *imports: str) -> None:
        for name in imports:
            if name not in self.imports:
                self.imports.append(name)

    def helper(self, code: str) -> None:
        if code not in self.helpers:
            self.helpers.append(code)


@dataclass(frozen=True)
class Language:
    """One language a program is written in: how to emit it, and how to run the file."""

    id: str
    label: str
    filename: str
    run: str
    emit: Callable[[Program], Parts]
    assemble: Callable[[Parts, Program], str]

    @property
    def command(self) -> str:
        """The shell command that runs the file with the secret set: read from the terminal
        without echo, so it is neither shown nor kept in the shell's history."""
        return self.command_for((SECRET_VARIABLE,))

    def command_for(self, variables: tuple[str, ...]) -> str:
        """The command for a program that reads these secrets: each typed in turn, unseen."""
        reads = "".join(f"IFS= read -rs {name} && " for name in variables)
        return f"{reads}export {' '.join(variables)} && {self.run}"

    def source(self, program: Program) -> str:
        return self.assemble(self.emit(program), program)


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """``text`` in pieces of at most ``size`` characters (at least one piece)."""
    return [text[start : start + size] for start in range(0, len(text), size)] or [""]


#: A compiler folds this many literal pieces joined with ``+`` into one constant: small
#: enough for Java's 65535-byte constant (200 x 48 characters x at most 6 bytes each) and
#: for a compiler that recurses once per ``+`` (Mono's C# compiler overflows its stack on a
#: megabyte's 20,000); a longer literal is several such constants joined at run time.
GROUP = 200


def groups(pieces: list[str], size: int = GROUP) -> list[list[str]]:
    """``pieces`` in runs of at most ``size``."""
    return [pieces[start : start + size] for start in range(0, len(pieces), size)]


def comment_text(text: str) -> str:
    """A step title made safe for a line comment in any language: printable ASCII only, and
    no ``?>`` (which ends PHP code even inside a comment)."""
    safe = "".join(char if " " <= char <= "~" else "?" for char in text)
    return safe.replace("?>", "? >")


def steps(program: Program) -> Iterator[tuple[str | None, Op]]:
    """Each op, with its step's ``"id: title"`` comment text when the op starts a new step."""
    current = None
    for op in program.ops:
        if op.step != current:
            current = op.step
            yield comment_text(f"{op.step}: {program.title(op.step)}"), op
        else:
            yield None, op


def straight_line(
    program: Program,
    parts: Parts,
    comment: Callable[[str], str],
    statement: Callable[[Op, Parts], list[str]],
    last: str,
) -> Parts:
    """The body every emitter writes the same way: each step's comment (``comment`` writes
    it in the language), each op's statement lines, then ``last``, which prints the result."""
    for text, op in steps(program):
        if text:
            parts.body.append(comment(text))
        parts.body.extend(statement(op, parts))
    parts.body.append(last)
    return parts


#: Printable ASCII that some language reads inside a string literal (a quote, an escape, an
#: interpolation, ``</script>``): every emitter escapes these too, by code.
SPECIAL = "\"\\$#<`%'{}?"


class _Table(dict[int, str]):
    """``str.translate``'s table for one language: each character as its literals write it,
    worked out the first time it is met. Only the first 2048 code points are kept, so a
    text of many rare characters cannot grow it without bound."""

    def __init__(self, escape: Callable[[str], str]) -> None:
        super().__init__()
        self.escape = escape

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char if " " <= char <= "~" and char not in SPECIAL else self.escape(char)
        if code < 0x800:
            self[code] = value
        return value


_TABLES: dict[Callable[[str], str], _Table] = {}


def escaped(text: str, escape: Callable[[str], str]) -> str:
    """``text`` with every character but plain printable ASCII written ``escape(char)``
    (``str.translate``: a megabyte body is written in a fraction of a second)."""
    table = _TABLES.get(escape)
    if table is None:
        table = _TABLES.setdefault(escape, _Table(escape))
    return text.translate(table)


def utf16_units(char: str) -> list[int]:
    """The UTF-16 code units of one character (two for a character beyond the BMP)."""
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[index : index + 2], "big") for index in range(0, len(data), 2)]


def camel(name: str) -> str:
    """A value's name in camelCase, for the languages whose variables are written so."""
    head, *rest = name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)
