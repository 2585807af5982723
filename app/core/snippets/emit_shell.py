"""A program as a POSIX shell pipeline into ``openssl``. Pure.

A shell cannot hold NUL in a variable nor sort pairs by code point without a fight, so the
one-liner prints the string to sign part by part with ``printf`` and pipes it into
``openssl dgst``: a part the program builds by concatenation is printed piece by piece, in
the scheme's order; a part it computes otherwise (a sorted section, a stripped string) is
printed as Sigscope computed it, under its step's comment. Every byte goes through
``printf``'s octal escapes, so quotes, ``$``, NUL and non-ASCII text arrive intact.
"""

from __future__ import annotations

from app.core.snippets.evaluate import evaluate
from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program
from app.core.snippets.shell_chain import emit_chain
from app.core.snippets.source import CHUNK, Language, Parts, Unsupported, comment_text

INDENT = "  "
#: Each byte as a ``printf`` format inside single quotes writes it: plain printable ASCII as
#: itself, every other byte (quote, backslash, ``%``, NUL, UTF-8) as an octal escape.
_OCTAL = tuple(
    chr(byte) if 0x20 <= byte < 0x7F and chr(byte) not in "'\\%" else f"\\{byte:03o}"
    for byte in range(256)
)


def printf(text: str) -> list[str]:
    """``printf`` commands writing ``text``'s UTF-8 bytes exactly (none for empty text). A
    format that would start with ``-`` starts with its octal escape: ``printf`` would read
    it as an option."""
    data = text.encode("utf-8")
    formats = (
        "".join(map(_OCTAL.__getitem__, data[i : i + CHUNK])) for i in range(0, len(data), CHUNK)
    )
    return [f"printf '{chr(92)}055{f[1:]}'" if f[:1] == "-" else f"printf '{f}'" for f in formats]


_HEX = "od -An -v -tx1 | tr -d ' \\n'"
#: The ``-macopt`` that keys the HMAC with the secret in ``$secret``.
_KEY = {
    "text": '"key:$secret"',
    "base64": '"hexkey:$(printf %s "$secret" | openssl base64 -d -A | ' + _HEX + ')"',
    "hex": '"hexkey:$secret"',
}
_ENCODE = {
    "hex": _HEX,
    "hex_upper": f"{_HEX} | tr 'a-f' 'A-F'",
    "base64": "openssl base64 -A",
    "base64url": "openssl base64 -A | tr '+/' '-_'",
}
#: openssl's decoder wants base64's padding: what a secret leaves out is put back.
_PAD = [
    "# base64 padding is optional: what is missing is put back for openssl",
    'case $((${#secret} % 4)) in 2) secret="$secret==" ;; 3) secret="$secret=" ;; esac',
]


def quoted(text: str) -> str:
    """``text`` in double quotes, for a parameter expansion's pattern (taken literally)."""
    return '"' + "".join("\\" + char if char in '"$`\\' else char for char in text) + '"'


class _Writer:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.ops = {op.name: op for op in program.ops}
        self.values = evaluate(program, "")
        self.lines: list[str] = []
        self.step: str | None = None

    def comment(self, step: str) -> None:
        if step != self.step:
            self.step = step
            self.lines.append(f"# {comment_text(f'{step}: {self.program.title(step)}')}")

    def write(self, op: Op) -> None:
        """The bytes of ``op``'s text value: its pieces if it concatenates, else its value."""
        if op.kind != "concat":
            self.comment(op.step)
            self.lines.extend(printf(self.values[op.name]))
            return
        for part in op.parts():
            if isinstance(part, Lit):
                self.lines.extend(printf(part.text))
            else:
                self.write(self.ops[part.name])


def _signature(program: Program) -> tuple[Op, list[Lit | Op]]:
    """The ``encode`` operation, and what the result prints around it: a program ends
    ``encode(hmac(secret_key, message))``, maybe inside a concatenation (``sha256=...``)."""
    ops = {op.name: op for op in program.ops}
    result = ops[program.result]
    pieces: list[Lit | Op] = [result]
    if result.kind == "concat":
        pieces = [part if isinstance(part, Lit) else ops[part.name] for part in result.parts()]
    encodes = [piece for piece in pieces if isinstance(piece, Op) and piece.kind == "encode"]
    signed = {op.name for op in program.ops if op.kind == "hmac"}
    for op in program.ops:
        if signed & set(op.refs()):
            signed.add(op.name)
    others = [p for p in pieces if isinstance(p, Op) and p.name in signed and p not in encodes]
    if (
        len(encodes) != 1
        or ops[encodes[0].ref(0)].kind != "hmac"
        or ops[ops[encodes[0].ref(0)].ref(1)].kind != "secret_key"
        or others
    ):
        raise Unsupported(
            "A shell pipeline keys openssl with one secret and prints its digest as it is: "
            "this scheme builds its key or its signature further"
        )
    return encodes[0], pieces


def emit(program: Program) -> Parts:
    try:
        encode, pieces = _signature(program)
    except Unsupported:  # a key derived, or a signature written further: one value at a time
        return emit_chain(program, printf)
    writer = _Writer(program)
    digest = writer.ops[encode.ref(0)]
    key = writer.ops[digest.ref(1)]
    writer.write(writer.ops[digest.ref(2)])
    parts = Parts()
    prefix = str(key.args[1])
    strip = f"#{quoted(prefix)}" if prefix else ""
    parts.body.append(f"secret=${{{SECRET_VARIABLE}{strip}}}")
    if key.args[0] == "base64":
        parts.body.extend(_PAD)
    for piece in pieces:
        if piece is encode:
            parts.body.append("{")
            parts.body.extend(f"{INDENT}{line}" for line in writer.lines)
            if all(line.startswith("#") for line in writer.lines):
                parts.body.append(f"{INDENT}printf ''")  # an empty string to sign
            parts.body.append(f"}} | openssl dgst -{digest.args[0]} -mac HMAC \\")
            parts.body.append(f"{INDENT}-macopt {_KEY[str(key.args[0])]} -binary \\")
            parts.body.append(f"{INDENT}| {_ENCODE[str(encode.args[1])]}")
        else:
            text = piece.text if isinstance(piece, Lit) else writer.values[piece.name]
            parts.body.extend(printf(text))
    parts.body.append("echo")
    return parts


def assemble(parts: Parts, program: Program) -> str:
    body = "".join(f"{line}\n" for line in [*parts.helpers, *parts.body])
    return (
        "#!/bin/sh\n"
        f"# Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"# Run with the secret in the environment: {SECRET_VARIABLE}=... sh sign.sh\n"
        "# The string to sign is printed part by part into openssl, in the scheme's order.\n"
        f"set -eu\n{body}"
    )


LANGUAGE = Language("shell", "Shell (openssl)", "sign.sh", "sh sign.sh", emit, assemble)
