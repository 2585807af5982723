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
from app.core.snippets.source import CHUNK, Language, Parts, comment_text

INDENT = "  "
_PLAIN = frozenset(range(0x20, 0x7F)) - {ord(char) for char in "'\\%"}


def printf(text: str) -> list[str]:
    """``printf`` commands writing ``text``'s UTF-8 bytes exactly (none for empty text)."""
    data = text.encode("utf-8")
    lines = []
    for start in range(0, len(data), CHUNK):
        piece = "".join(
            chr(byte) if byte in _PLAIN else f"\\{byte:03o}" for byte in data[start : start + CHUNK]
        )
        lines.append(f"printf '{piece}'")
    return lines


_HEX = "od -An -v -tx1 | tr -d ' \\n'"
_KEY = {
    "text": f'"key:${SECRET_VARIABLE}"',
    "base64": f'"hexkey:$(printf %s "${SECRET_VARIABLE}" | openssl base64 -d -A | {_HEX})"',
    "hex": f'"hexkey:${SECRET_VARIABLE}"',
}
_ENCODE = {
    "hex": f"{_HEX}; echo",
    "hex_upper": f"{_HEX} | tr 'a-f' 'A-F'; echo",
    "base64": "openssl base64 -A; echo",
}


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


def _final(program: Program) -> tuple[Op, Op, Op]:
    """The operations a pipeline can do: encode(hmac(secret_key, message))."""
    ops = {op.name: op for op in program.ops}
    encode = ops[program.result]
    digest = ops[encode.ref(0)]
    key = ops[digest.ref(1)]
    if encode.kind != "encode" or digest.kind != "hmac" or key.kind != "secret_key":
        raise ValueError("the shell writes programs that end encode(hmac(secret, message))")
    return encode, digest, key


def emit(program: Program) -> Parts:
    encode, digest, key = _final(program)
    writer = _Writer(program)
    writer.write(writer.ops[digest.ref(2)])
    parts = Parts()
    parts.body.append("{")
    parts.body.extend(f"{INDENT}{line}" for line in writer.lines)
    parts.body.append(f"}} | openssl dgst -{digest.args[0]} -mac HMAC \\")
    parts.body.append(f"{INDENT}-macopt {_KEY[str(key.args[0])]} -binary \\")
    parts.body.append(f"{INDENT}| {_ENCODE[str(encode.args[1])]}")
    return parts


def assemble(parts: Parts, program: Program) -> str:
    body = "".join(f"{line}\n" for line in parts.body)
    return (
        "#!/bin/sh\n"
        f"# Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"# Run with the secret in the environment: {SECRET_VARIABLE}=... sh sign.sh\n"
        "# The string to sign is printed part by part into openssl, in the scheme's order.\n"
        f"set -eu\n{body}"
    )


LANGUAGE = Language("shell", "Shell (openssl)", "sign.sh", "sh sign.sh", emit, assemble)
