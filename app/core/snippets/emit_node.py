"""A program as JavaScript: Node's ``crypto``, or WebCrypto (a browser, Deno, Node). Pure.

Both read the same way up to the HMAC; WebCrypto's ``subtle.sign`` is asynchronous, so that
program is an ES module with top-level ``await``, and it reads the secret from
``process.env`` where there is one (Node, Deno's compatibility) or asks for it in a browser.
"""

from __future__ import annotations

from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref
from app.core.snippets.source import (
    Language,
    Parts,
    Unsupported,
    camel,
    chunks,
    escaped,
    straight_line,
    utf16_units,
)

INDENT = "  "


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return "".join(f"\\u{unit:04x}" for unit in utf16_units(char))


def literal(text: str, indent: str = "") -> str:
    pieces = [f'"{escaped(piece, _escape)}"' for piece in chunks(text)]
    return f" +\n{indent}{INDENT}".join(pieces)


def _pairs(value: tuple[tuple[str, str], ...]) -> str:
    if not value:
        return "[]"
    rows = "".join(f"\n{INDENT}[{literal(n, INDENT)}, {literal(v, INDENT)}]," for n, v in value)
    return f"[{rows}\n]"


def _part(part: Ref | Lit) -> str:
    return camel(part.name) if isinstance(part, Ref) else literal(part.text)


# Python's str.strip() removes Unicode whitespace; String.prototype.trim's set differs.
PY_STRIP = """\
// Python's str.strip(): the whitespace str.isspace() accepts, at both ends.
const PY_WHITESPACE = "\\t\\n\\v\\f\\r\\x1c\\x1d\\x1e\\x1f \\x85\\xa0\\u1680" +
  "\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
function pyStrip(text) {
  let start = 0;
  let end = text.length;
  while (start < end && PY_WHITESPACE.includes(text[start])) start += 1;
  while (end > start && PY_WHITESPACE.includes(text[end - 1])) end -= 1;
  return text.slice(start, end);
}"""

BY_CODE_POINT = """\
// Compare by Unicode code point (sort()'s default compares UTF-16 code units).
function byCodePoint(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}"""


PERCENT = """\
// Percent-encode the UTF-8 bytes of everything but A-Z a-z 0-9 - _ . ~ (RFC 3986);
// with plus, a space is "+" (an HTML form). encodeURIComponent keeps ! ' ( ) * too.
function percentEncode(text, plus) {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  return Array.from(bytes, (byte) => {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\\-_.~]/.test(char)) return char;
    if (plus && char === " ") return "+";
    return "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }).join("");
}"""

SORT = """\
// A stable sort of [name, value] pairs by code point: by name, by name then value, or by
// the lower-cased name.
function sortPairs(pairs, key) {
  const keyOf = {
    name: ([name]) => [name],
    name_value: ([name, value]) => [name, value],
    name_insensitive: ([name]) => [name.toLowerCase()],
  }[key];
  return [...pairs].sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    for (let i = 0; i < x.length; i += 1) {
      const d = byCodePoint(x[i], y[i]);
      if (d !== 0) return d;
    }
    return 0;
  });
}"""

UNIQUE = """\
// Identical pairs kept once, where they first appear.
function uniquePairs(pairs) {
  const seen = new Set();
  return pairs.filter((pair) => {
    const key = JSON.stringify(pair);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}"""

TRIM_VALUES = """\
// Each value stripped as Python's str.strip() does, its inner whitespace runs one space.
function trimValues(pairs) {
  return pairs.map(([name, value]) => {
    let out = "";
    let space = false;
    for (const char of pyStrip(value)) {
      if (PY_WHITESPACE.includes(char)) space = true;
      else {
        out += (space ? " " : "") + char;
        space = false;
      }
    }
    return [name, out];
  });
}"""


def _expression(op: Op, parts: Parts, web: bool) -> str:
    args = op.args
    first = camel(args[0].name) if isinstance(args[0], Ref) else ""
    text = [] if op.kind in ("text", "pairs") else [literal(a) for a in args if isinstance(a, str)]
    kind = op.kind
    if kind == "text":
        return literal(str(args[0]))
    if kind == "pairs":
        return _pairs(args[0])  # type: ignore[arg-type]
    if kind == "concat":
        return " + ".join(_part(part) for part in op.parts()) or '""'
    if kind == "ensure_prefix":
        return f"{first}.startsWith({text[0]}) ? {first} : {text[0]} + {first}"
    if kind == "strip_suffix_once":
        suffix = text[0]
        return (
            f"{first}.endsWith({suffix}) && {first}.length > {suffix}.length\n"
            f"{INDENT}? {first}.slice(0, -{suffix}.length)\n{INDENT}: {first}"
        )
    if kind == "strip":
        parts.helper(PY_STRIP)
        return f"pyStrip({first})"
    if kind == "drop_name":
        return f"{first}.filter(([name]) => name !== {text[0]})"
    if kind == "last_wins":
        return f"[...new Map({first})]"
    if kind == "sort_pairs":
        parts.helper(BY_CODE_POINT)
        if args[1] == "name":
            return f"[...{first}].sort((a, b) => byCodePoint(a[0], b[0]))"
        parts.helper(SORT)
        return f'sortPairs({first}, "{args[1]}")'
    if kind == "lower":
        return f"{first}.toLowerCase()"
    if kind == "upper":
        return f"{first}.toUpperCase()"
    if kind == "unique_pairs":
        parts.helper(UNIQUE)
        return f"uniquePairs({first})"
    if kind == "lower_names":
        return f"{first}.map(([name, value]) => [name.toLowerCase(), value])"
    if kind == "trim_values":
        parts.helper(PY_STRIP)
        parts.helper(TRIM_VALUES)
        return f"trimValues({first})"
    if kind == "encode_pairs":
        parts.helper(PERCENT)
        plus = "true" if args[1] == "form" else "false"
        return (
            f"{first}.map(([name, value]) => "
            f"[percentEncode(name, {plus}), percentEncode(value, {plus})])"
        )
    if kind == "env":
        if web:
            return f'({_web_env(str(args[0]))} ?? "")'
        return f'process.env.{args[0]} ?? ""'
    if kind in ("percent_encode", "percent_encode_bytes"):
        parts.helper(PERCENT)
        return f"percentEncode({first}, {'true' if args[1] == 'form' else 'false'})"
    if kind == "prefix_bytes":
        prefix, data = literal(str(args[0])), camel(op.ref(1))
        if web:
            return f"new Uint8Array([...new TextEncoder().encode({prefix}), ...{data}])"
        return f'Buffer.concat([Buffer.from({prefix}, "utf8"), {data}])'
    if kind == "utf8":
        return f"new TextEncoder().encode({first})" if web else f'Buffer.from({first}, "utf8")'
    if kind == "hash":
        algorithm, value, form = str(args[0]), camel(op.ref(1)), str(args[2])
        if web:
            if algorithm not in _WEB_HASH:
                raise Unsupported(f"WebCrypto has no {algorithm.upper()}")
            digest = (
                f'new Uint8Array(await crypto.subtle.digest("{_WEB_HASH[algorithm]}", '
                f"new TextEncoder().encode({value})))"
            )
            return _WEB_ENCODE[form].format(digest)
        digest = f'crypto.createHash("{algorithm}").update({value}, "utf8").digest()'
        return _NODE_ENCODE[form].format(digest)
    if kind == "render_pairs":
        between, separator, terminator = text
        return (
            f"{first}.map(([name, value]) => name + {between} + value + {terminator})"
            f".join({separator})"
        )
    if kind == "secret_key":
        secret = _SECRET if web else _ENV
        if args[1]:
            prefix = literal(str(args[1]))
            secret = f"stripPrefix({secret}, {prefix})"
            parts.helper(STRIP_PREFIX)
        return (_WEB_KEY if web else _NODE_KEY)[str(args[0])].format(secret)
    if kind == "hmac":
        key, message = (camel(arg.name) for arg in args[1:] if isinstance(arg, Ref))
        if web:
            if str(args[0]) not in _WEB_HASH:
                raise Unsupported(f"WebCrypto has no HMAC-{str(args[0]).upper()}")
            return _web_hmac(str(args[0]), key, message)
        return f'crypto.createHmac("{args[0]}", {key}).update({message}, "utf8").digest()'
    if kind == "encode":
        return (_WEB_ENCODE if web else _NODE_ENCODE)[str(args[1])].format(first)
    raise ValueError(f"no JavaScript for {kind!r}")


_ENV = f"process.env.{SECRET_VARIABLE}"
_NODE_KEY = {
    "text": 'Buffer.from({}, "utf8")',
    "base64": 'Buffer.from({}, "base64")',
    "hex": 'Buffer.from({}, "hex")',
}
_NODE_ENCODE = {
    "hex": '{}.toString("hex")',
    "hex_upper": '{}.toString("hex").toUpperCase()',
    "base64": '{}.toString("base64")',
    "base64url": '{}.toString("base64").replace(/\\+/g, "-").replace(/\\//g, "_")',
}


def _web_env(variable: str) -> str:
    """A secret in Node (``process.env``) or, in a browser, asked for."""
    return f'(globalThis.process?.env?.{variable} ?? globalThis.prompt("{variable}"))'


_SECRET = _web_env(SECRET_VARIABLE)
_WEB_KEY = {
    "text": "new TextEncoder().encode({})",
    "base64": "Uint8Array.from(atob({}), (c) => c.charCodeAt(0))",
    "hex": "Uint8Array.from(({}).match(/../g) ?? [], (h) => parseInt(h, 16))",
}
_HEX = 'Array.from({}, (b) => b.toString(16).padStart(2, "0")).join("")'
_BASE64 = 'btoa(Array.from({}, (b) => String.fromCharCode(b)).join(""))'
_WEB_ENCODE = {
    "hex": _HEX,
    "hex_upper": _HEX + ".toUpperCase()",
    "base64": _BASE64,
    "base64url": _BASE64 + '.replace(/\\+/g, "-").replace(/\\//g, "_")',
}
STRIP_PREFIX = """\
function stripPrefix(text, prefix) {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}"""


_WEB_HASH = {"sha1": "SHA-1", "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512"}


def _web_hmac(algorithm: str, key: str, message: str) -> str:
    spec = f'{{ name: "HMAC", hash: "{_WEB_HASH[algorithm]}" }}'
    return (
        "new Uint8Array(\n"
        f'{INDENT}await crypto.subtle.sign(\n{INDENT * 2}"HMAC",\n'
        f'{INDENT * 2}await crypto.subtle.importKey("raw", {key}, {spec}, false, ["sign"]),\n'
        f"{INDENT * 2}new TextEncoder().encode({message}),\n{INDENT}),\n)"
    )


def _emit(program: Program, web: bool) -> Parts:
    return straight_line(
        program,
        Parts(),
        lambda text: f"// {text}",
        lambda op, parts: [f"const {camel(op.name)} = {_expression(op, parts, web)};"],
        f"console.log({camel(program.result)});",
    )


def emit_node(program: Program) -> Parts:
    parts = _emit(program, web=False)
    parts.need('const crypto = require("node:crypto");')
    return parts


def emit_web(program: Program) -> Parts:
    return _emit(program, web=True)


def _header(program: Program, run: str) -> str:
    return (
        f"// Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"// Run with the secret in the environment: {SECRET_VARIABLE}=... {run}\n"
    )


def assemble_node(parts: Parts, program: Program) -> str:
    helpers = "".join(f"\n{helper}\n" for helper in parts.helpers)
    body = "".join(f"{INDENT}{line}\n" for text in parts.body for line in text.split("\n"))
    return (
        f'{_header(program, "node sign.js")}"use strict";\n\n'
        + "".join(f"{line}\n" for line in parts.imports)
        + f"{helpers}\nfunction main() {{\n{body}}}\n\nmain();\n"
    )


def assemble_web(parts: Parts, program: Program) -> str:
    helpers = "".join(f"\n{helper}\n" for helper in parts.helpers)
    body = "".join(f"{line}\n" for line in parts.body)
    return (
        f"{_header(program, 'node sign.mjs')}"
        "// In a browser, it asks for the secret: never ship a secret to a browser.\n"
        f"{helpers}\n{body}"
    )


NODE = Language("node", "JavaScript (Node)", "sign.js", "node sign.js", emit_node, assemble_node)
WEBCRYPTO = Language(
    "webcrypto", "JavaScript (WebCrypto)", "sign.mjs", "node sign.mjs", emit_web, assemble_web
)
