"""The shell program for a scheme that builds its key or its signature further. Pure.

``emit_shell`` writes the common case as one pipeline into ``openssl``. A scheme whose key
is derived (SigV4's chain of HMACs, OAuth 1.0a's two percent-encoded secrets) or whose
signature is written further (percent-encoded into a header) is written here instead, one
variable per value that depends on a secret: bytes as lower-case hex (what ``openssl``'s
``hexkey:`` takes), text as text. A value that depends on no secret is printed as Sigscope
computed it, with ``printf``'s octal escapes, exactly as the pipeline prints the string to
sign. A secret-dependent operation with no place here (a sort of secret values) is
``Unsupported``.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.snippets.evaluate import evaluate
from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program
from app.core.snippets.source import Parts, Unsupported, comment_text

INDENT = "  "
HEX = "od -An -v -tx1 | tr -d ' \\n'"
ENCODE = {
    "hex": HEX,
    "hex_upper": f"{HEX} | tr 'a-f' 'A-F'",
    "base64": "openssl base64 -A",
    "base64url": "openssl base64 -A | tr '+/' '-_'",
}

#: Percent-encodes bytes given in hex: RFC 3986 keeps only ``A-Z a-z 0-9 - _ . ~``; ``form``
#: writes a space as ``+``. One byte per line of ``fold``; each kept byte printed from octal.
PCT = """# Percent-encode the bytes given in hex ($2): rfc3986, or form (a space as +)
pct() {
  printf '%s\\n' "$2" | fold -w2 | while IFS= read -r byte; do
    case $byte in
      '') ;;
      2d|2e|5f|7e|3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]) printf "\\\\$(printf %o "0x$byte")" ;;
      20) if [ "$1" = form ]; then printf +; else printf %%20; fi ;;
      *) printf %%%s "$byte" | tr 'a-f' 'A-F' ;;
    esac
  done
}"""


def _indented(lines: list[str], depth: int = 1) -> list[str]:
    return [INDENT * depth + line for line in lines]


class ChainWriter:
    """Writes ``program`` as shell statements, given ``printf`` for literal text."""

    def __init__(self, program: Program, printf: Callable[[str], list[str]]) -> None:
        self.program = program
        self.printf = printf
        self.ops = {op.name: op for op in program.ops}
        self.values = evaluate(program, "")  # right for every value no secret reaches
        self.dynamic: set[str] = set()
        self.users: dict[str, set[str]] = {}
        for op in program.ops:
            if op.kind in ("secret_key", "env") or self.dynamic & set(op.refs()):
                self.dynamic.add(op.name)
            for name in op.refs():
                self.users.setdefault(name, set()).add(op.kind)
        # Held in a variable: every secret-dependent value but a concatenation (printed where
        # it is used) and an encoding that only printing reads (its pipeline prints it).
        self.held = {
            name
            for name in self.dynamic
            if self.ops[name].kind != "concat"
            and (self.ops[name].kind != "encode" or self.users.get(name, set()) - {"concat"})
        }
        self.parts = Parts()
        self.step: str | None = None

    # --- what prints a text value -------------------------------------------------------

    def printing(self, name: str) -> list[str]:
        """Commands that print the text value ``name``, byte for byte."""
        op = self.ops[name]
        if op.kind == "concat":
            lines: list[str] = []
            for part in op.parts():
                lines += (
                    self.printf(part.text) if isinstance(part, Lit) else self.printing(part.name)
                )
            return lines
        if name not in self.dynamic:
            return self.printf(self.values[name])
        if op.kind == "encode" and self.ops[op.ref(0)].kind == "hmac" and name not in self.held:
            return self.signed(self.ops[op.ref(0)], ENCODE[str(op.args[1])])
        return [f'printf %s "${name}"']

    def piped(self, name: str, into: str) -> list[str]:
        """The text value ``name`` printed into the command ``into``."""
        lines = self.printing(name) or ["printf ''"]
        if len(lines) == 1:
            return [f"{lines[0]} | {into}"]
        return ["{", *_indented(lines), f"}} | {into}"]

    def bytes_hex(self, name: str) -> str:
        """The shell word for the bytes value ``name`` in hex."""
        if name in self.dynamic:
            return f"${name}"
        return bytes(self.values[name]).hex()

    def signed(self, digest: Op, then: str) -> list[str]:
        """The HMAC ``digest`` of its message, piped into ``then``."""
        algorithm, key, message = str(digest.args[0]), digest.ref(1), digest.ref(2)
        lines = self.printing(message) or ["printf ''"]
        head = [f"{lines[0]} \\"] if len(lines) == 1 else ["{", *_indented(lines), "} \\"]
        return [
            *head,
            f"{INDENT}| openssl dgst -{algorithm} -mac HMAC -macopt hexkey:{self.bytes_hex(key)} "
            "-binary \\",
            f"{INDENT}| {then}",
        ]

    # --- a variable per secret-dependent value ------------------------------------------

    def _capture(self, name: str, lines: list[str]) -> list[str]:
        if len(lines) == 1:
            return [f"{name}=$({lines[0]})"]
        return [f"{name}=$(", *_indented(lines), ")"]

    def statement(self, op: Op) -> list[str]:
        name, kind = op.name, op.kind
        if kind == "secret_key":
            encoding, prefix = str(op.args[0]), str(op.args[1])
            strip = f'#"{prefix}"' if prefix else ""
            read = [f"{name}=${{{SECRET_VARIABLE}{strip}}}"]
            if encoding == "text":
                return [*read, f'{name}=$(printf %s "${name}" | {HEX})']
            compact = f"{name}=$(printf %s \"${name}\" | tr -d ' \\t\\r\\n'"
            if encoding == "hex":
                return [*read, f"{compact} | tr 'A-F' 'a-f')"]
            return [
                *read,
                f"{compact} | tr -- '-_' '+/')",
                "# base64 padding is optional: what is missing is put back for openssl",
                f"case $((${{#{name}}} % 4)) in "
                f'2) {name}="${name}==" ;; 3) {name}="${name}=" ;; esac',
                f'{name}=$(printf %s "${name}" | openssl base64 -d -A | {HEX})',
            ]
        if kind == "env":
            return [f"{name}=${{{op.args[0]}-}}"]
        if kind == "prefix_bytes":
            prefix = str(op.args[0]).encode("utf-8").hex()
            return [f"{name}={prefix}{self.bytes_hex(op.ref(1))}"]
        if kind == "utf8":
            return self._capture(name, self.piped(op.ref(0), HEX))
        if kind in ("percent_encode", "percent_encode_bytes"):
            self.parts.helper(PCT)
            rule, source = str(op.args[1]), op.ref(0)
            if kind == "percent_encode_bytes":
                return [f'{name}=$(pct {rule} "{self.bytes_hex(source)}")']
            hexed = self._capture("_hexed", self.piped(source, HEX))
            return [*hexed, f'{name}=$(pct {rule} "$_hexed")']
        if kind == "hmac":
            return self._capture(name, self.signed(op, HEX))
        if kind == "encode":
            encoded = self.ops[op.ref(0)]
            form = str(op.args[1])
            if encoded.kind == "hmac":
                return self._capture(name, self.signed(encoded, ENCODE[form]))
            if form in ("hex", "hex_upper"):
                upper = " | tr 'a-f' 'A-F'" if form == "hex_upper" else ""
                return [f'{name}=$(printf %s "{self.bytes_hex(encoded.name)}"{upper})']
        raise Unsupported(
            f"A shell program cannot compute `{kind}` of a secret value: "
            "this scheme builds its key or its signature otherwise"
        )

    def write(self) -> Parts:
        program = self.program
        result = self.ops[program.result]
        for op in program.ops:
            if op.name not in self.dynamic or op.kind == "concat":
                continue
            if op.kind == "hmac" and self.users.get(op.name, set()) <= {"encode"}:
                continue  # its encoding pipes the digest on
            if op.kind == "encode" and op.name not in self.held:
                continue  # printed where it is used
            if op.step != self.step:
                self.step = op.step
                self.parts.body.append(f"# {comment_text(f'{op.step}: {program.title(op.step)}')}")
            self.parts.body.extend(self.statement(op))
        if self.step != result.step:
            self.parts.body.append(
                f"# {comment_text(f'{result.step}: {program.title(result.step)}')}"
            )
        self.parts.body.extend(self.printing(result.name) or ["printf ''"])
        self.parts.body.append("echo")
        return self.parts


def emit_chain(program: Program, printf: Callable[[str], list[str]]) -> Parts:
    return ChainWriter(program, printf).write()
