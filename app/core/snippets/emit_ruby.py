"""A program as Ruby (``ruby sign.rb``), standard library only. Pure.

A literal is double-quoted: ``\\u{...}`` for characters beyond ASCII, ``\\xNN`` for the
others that are not plain printable ASCII (and for ``#``, so nothing is interpolated). Ruby
compares strings byte by byte, which for UTF-8 is code-point order.
"""

from __future__ import annotations

from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref
from app.core.snippets.source import (
    GROUP,
    Language,
    Parts,
    chunks,
    escaped,
    groups,
    straight_line,
)

INDENT = "  "


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{{{code:x}}}"


def literal(text: str, indent: str = "") -> str:
    pieces = [f'"{escaped(piece, _escape)}"' for piece in chunks(text)]
    if len(pieces) <= GROUP:
        return f" +\n{indent}{INDENT}".join(pieces)
    # Ruby's compiler recurses once per `+`: runs of GROUP, joined at run time.
    runs = [f" +\n{indent}{INDENT * 2}".join(run) for run in groups(pieces)]
    inner = f",\n{indent}{INDENT}".join(runs)
    return f"[\n{indent}{INDENT}{inner}\n{indent}].join"


def _pairs(value: tuple[tuple[str, str], ...]) -> str:
    rows = "".join(f"\n{INDENT}[{literal(n, INDENT)}, {literal(v, INDENT)}]," for n, v in value)
    return f"[{rows}\n]" if value else "[]"


def _part(part: Ref | Lit) -> str:
    return part.name if isinstance(part, Ref) else literal(part.text)


HELPERS = {
    "strip": """\
# What Python's str.strip() removes: the characters str.isspace() accepts
# (Ruby's own strip knows fewer, and strips NUL too).
PY_WHITESPACE = "\\t\\n\\v\\f\\r\\x1c\\x1d\\x1e\\x1f \\u0085\\u00a0\\u1680" \\
                "\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"

def py_strip(text)
  chars = text.chars
  start = 0
  finish = chars.length
  start += 1 while start < finish && PY_WHITESPACE.include?(chars[start])
  finish -= 1 while finish > start && PY_WHITESPACE.include?(chars[finish - 1])
  chars[start...finish].join
end""",
    "sort_pairs": """\
# Sorted by name, by name then value, or by the lower-cased name (bytes: code-point order),
# equal keys kept in order.
def sort_pairs(pairs, key)
  pairs.each_with_index.sort_by do |(name, value), index|
    case key
    when "name_value" then [name, value, index]
    when "name_insensitive" then [name.downcase, index]
    else [name, index]
    end
  end.map(&:first)
end""",
    "trim_values": """\
# Each value stripped as Python's str.strip() does, inner whitespace runs one space.
PY_SPACE_RUN = /[#{PY_WHITESPACE}]+/

def trim_values(pairs)
  pairs.map { |name, value| [name, py_strip(value).split(PY_SPACE_RUN).join(" ")] }
end""",
    "encode_pairs": """\
# Keeps A-Z a-z 0-9 - _ . ~ and writes every other UTF-8 byte as %XX; with plus, a space
# is "+" (an HTML form).
def percent_encode(text, plus)
  text.b.gsub(/[^A-Za-z0-9\\-_.~]/n) do |byte|
    plus && byte == " " ? "+" : format("%%%02X", byte.ord)
  end
end""",
}
_ENV = f'ENV.fetch("{SECRET_VARIABLE}")'
_KEY = {"text": "{}.b", "base64": '{}.unpack1("m")', "hex": '[{}].pack("H*")'}
_ENCODE = {
    "hex": '{}.unpack1("H*")',
    "hex_upper": '{}.unpack1("H*").upcase',
    "base64": '[{}].pack("m0")',
    "base64url": '[{}].pack("m0").tr("+/", "-_")',
}


def _expression(op: Op, parts: Parts) -> str:
    args, kind = op.args, op.kind
    first = args[0].name if isinstance(args[0], Ref) else ""
    text = [] if op.kind in ("text", "pairs") else [literal(a) for a in args if isinstance(a, str)]
    if kind == "trim_values":
        parts.helper(HELPERS["strip"])  # defines the whitespace trim_values splits on
    if kind in HELPERS:
        parts.helper(HELPERS[kind])
    if kind == "text":
        return literal(str(args[0]))
    if kind == "pairs":
        return _pairs(args[0])  # type: ignore[arg-type]
    if kind == "concat":
        return " + ".join(_part(part) for part in op.parts()) or '""'
    if kind == "ensure_prefix":
        return f"{first}.start_with?({text[0]}) ? {first} : {text[0]} + {first}"
    if kind == "strip_suffix_once":
        suffix = text[0]
        return f"{first}.length > {suffix}.length ? {first}.delete_suffix({suffix}) : {first}"
    if kind == "strip":
        return f"py_strip({first})"
    if kind == "drop_name":
        return f"{first}.reject {{ |name, _| name == {text[0]} }}"
    if kind == "last_wins":
        return f"{first}.to_h.to_a"
    if kind == "sort_pairs":
        return f'sort_pairs({first}, "{args[1]}")'
    if kind == "lower":
        return f"{first}.downcase"
    if kind == "upper":
        return f"{first}.upcase"
    if kind == "unique_pairs":
        return f"{first}.uniq"
    if kind == "lower_names":
        return f"{first}.map {{ |name, value| [name.downcase, value] }}"
    if kind == "trim_values":
        return f"trim_values({first})"
    if kind == "encode_pairs":
        plus = "true" if args[1] == "form" else "false"
        return (
            f"{first}.map {{ |name, value| "
            f"[percent_encode(name, {plus}), percent_encode(value, {plus})] }}"
        )
    if kind == "env":
        return f'ENV.fetch({literal(str(args[0]))}, "")'
    if kind in ("percent_encode", "percent_encode_bytes"):
        parts.helper(HELPERS["encode_pairs"])
        return f"percent_encode({first}, {'true' if args[1] == 'form' else 'false'})"
    if kind == "prefix_bytes":
        return f"{literal(str(args[0]))}.b + {op.ref(1)}"
    if kind == "utf8":
        return f"{first}.b"
    if kind == "hash":
        parts.need("openssl")
        digest = f'OpenSSL::Digest.digest("{str(args[0]).upper()}", {op.ref(1)})'
        return _ENCODE[str(args[2])].format(digest)
    if kind == "render_pairs":
        between, separator, terminator = text
        return (
            f"{first}.map {{ |name, value| name + {between} + value + {terminator} }}"
            f".join({separator})"
        )
    if kind == "secret_key":
        secret = _ENV
        if args[1]:
            secret = f"{_ENV}.delete_prefix({literal(str(args[1]))})"
        return _KEY[str(args[0])].format(secret)
    if kind == "hmac":
        parts.need("openssl")
        key, message = (arg.name for arg in args[1:] if isinstance(arg, Ref))
        return f'OpenSSL::HMAC.digest("{str(args[0]).upper()}", {key}, {message})'
    if kind == "encode":
        return _ENCODE[str(args[1])].format(first)
    raise ValueError(f"no Ruby for {kind!r}")


def emit(program: Program) -> Parts:
    return straight_line(
        program,
        Parts(),
        lambda text: f"# {text}",
        lambda op, parts: [f"{op.name} = {_expression(op, parts)}"],
        f"puts {program.result}",
    )


def assemble(parts: Parts, program: Program) -> str:
    requires = "".join(f'require "{name}"\n' for name in sorted(parts.imports))
    helpers = "".join(f"\n{helper}\n" for helper in parts.helpers)
    body = "".join(f"{line}\n" for line in parts.body)
    return (
        f"# Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"# Run with the secret in the environment: {SECRET_VARIABLE}=... ruby sign.rb\n"
        f"{requires}{helpers}\n{body}"
    )


LANGUAGE = Language("ruby", "Ruby", "sign.rb", "ruby sign.rb", emit, assemble)
