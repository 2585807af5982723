"""A program as Python 3, standard library only. Pure."""

from __future__ import annotations

from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref
from app.core.snippets.source import Language, Parts, chunks, escaped, straight_line

INDENT = "    "


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def literal(text: str, indent: str = "") -> str:
    """A string literal (implicitly concatenated chunks in parentheses when long)."""
    pieces = [f'"{escaped(piece, _escape)}"' for piece in chunks(text)]
    if len(pieces) == 1:
        return pieces[0]
    inner = "".join(f"\n{indent}{INDENT}{piece}" for piece in pieces)
    return f"({inner}\n{indent})"


def _pairs(value: tuple[tuple[str, str], ...]) -> str:
    if not value:
        return "[]"
    rows = "".join(f"\n{INDENT}({literal(n, INDENT)}, {literal(v, INDENT)})," for n, v in value)
    return f"[{rows}\n]"


def _part(part: Ref | Lit) -> str:
    return part.name if isinstance(part, Ref) else literal(part.text)


_KEY = {
    "text": '{}.encode("utf-8")',
    "base64": 'base64.b64decode({} + "==")',  # padding optional: extra "=" is ignored
    "hex": "bytes.fromhex({})",
}
_ENCODE = {
    "hex": "{}.hex()",
    "hex_upper": "{}.hex().upper()",
    "base64": 'base64.b64encode({}).decode("ascii")',
    "base64url": 'base64.urlsafe_b64encode({}).decode("ascii")',
}
_QUOTE = {"rfc3986": "quote", "form": "quote_plus"}
_SORT_KEYS = {
    "name": "lambda pair: pair[0]",
    "name_value": "lambda pair: pair",
    "name_insensitive": "lambda pair: pair[0].lower()",
}


def _expression(op: Op, parts: Parts) -> str:
    args = op.args
    first = args[0].name if isinstance(args[0], Ref) else ""
    text = [] if op.kind in ("text", "pairs") else [literal(a) for a in args if isinstance(a, str)]
    kind = op.kind
    if kind == "text":
        return literal(str(args[0]))
    if kind == "pairs":
        return _pairs(args[0])  # type: ignore[arg-type]
    if kind == "concat":
        return " + ".join(_part(part) for part in op.parts()) or '""'
    if kind == "ensure_prefix":
        return f"{first} if {first}.startswith({text[0]}) else {text[0]} + {first}"
    if kind == "strip_suffix_once":
        return f"{first}.removesuffix({text[0]}) if len({first}) > len({text[0]}) else {first}"
    if kind == "strip":
        return f"{first}.strip()"
    if kind == "drop_name":
        return f"[(name, value) for name, value in {first} if name != {text[0]}]"
    if kind == "last_wins":
        return f"list(dict({first}).items())"
    if kind == "sort_pairs":
        return f"sorted({first}, key={_SORT_KEYS[str(args[1])]})"
    if kind in ("lower", "upper"):
        return f"{first}.{kind}()"
    if kind == "unique_pairs":
        return f"list(dict.fromkeys({first}))"
    if kind == "lower_names":
        return f"[(name.lower(), value) for name, value in {first}]"
    if kind == "trim_values":
        parts.need("re")
        return f'[(name, re.sub(r"\\s+", " ", value.strip())) for name, value in {first}]'
    if kind == "encode_pairs":
        parts.need("urllib.parse")
        quote = f"urllib.parse.{_QUOTE[str(args[1])]}"
        return f'[({quote}(n, safe="-_.~"), {quote}(v, safe="-_.~")) for n, v in {first}]'
    if kind == "env":
        parts.need("os")
        return f'os.environ.get({literal(str(args[0]))}, "")'
    if kind in ("percent_encode", "percent_encode_bytes"):
        parts.need("urllib.parse")
        return f'urllib.parse.{_QUOTE[str(args[1])]}({first}, safe="-_.~")'
    if kind == "prefix_bytes":
        return f'{literal(str(args[0]))}.encode("utf-8") + {op.ref(1)}'
    if kind == "utf8":
        return f'{first}.encode("utf-8")'
    if kind == "hash":
        parts.need("hashlib", *(("base64",) if "base64" in str(args[2]) else ()))
        digest = f'hashlib.{args[0]}({op.ref(1)}.encode("utf-8")).digest()'
        return _ENCODE[str(args[2])].format(digest)
    if kind == "render_pairs":
        between, separator, terminator = text
        return (
            f"{separator}.join(name + {between} + value + {terminator} for name, value in {first})"
        )
    if kind == "secret_key":
        parts.need("os", *(("base64",) if args[0] == "base64" else ()))
        secret = f'os.environ["{SECRET_VARIABLE}"]'
        if args[1]:
            secret += f".removeprefix({literal(str(args[1]))})"
        return _KEY[str(args[0])].format(secret)
    if kind == "hmac":
        parts.need("hashlib", "hmac")
        key, message = (arg.name for arg in args[1:] if isinstance(arg, Ref))
        return f'hmac.new({key}, {message}.encode("utf-8"), hashlib.{args[0]}).digest()'
    if kind == "encode":
        if "base64" in str(args[1]):
            parts.need("base64")
        return _ENCODE[str(args[1])].format(first)
    raise ValueError(f"no Python for {kind!r}")


def emit(program: Program) -> Parts:
    return straight_line(
        program,
        Parts(),
        lambda text: f"# {text}",
        lambda op, parts: [f"{op.name} = {_expression(op, parts)}"],
        f"print({program.result})",
    )


def assemble(parts: Parts, program: Program) -> str:
    imports = "".join(f"import {name}\n" for name in sorted(parts.imports))
    body = "".join(f"{INDENT}{line}\n" for text in parts.body for line in text.split("\n"))
    return (
        "#!/usr/bin/env python3\n"
        f'"""Sign the request with {program.scheme}: prints the signature as it travels.\n\n'
        f'Run with the secret in the environment: {SECRET_VARIABLE}=... python3 sign.py\n"""\n\n'
        f"{imports}\n\ndef main() -> None:\n{body}\n\n"
        'if __name__ == "__main__":\n    main()\n'
    )


LANGUAGE = Language("python", "Python", "sign.py", "python3 sign.py", emit, assemble)
