"""A program as Java 17, standard library only (``java Sign.java``). Pure.

Java reads ``\\uXXXX`` escapes before it reads the source, anywhere, so a ``\\u000a`` inside a
literal would end the line: characters below U+0100 are written as octal escapes (always
three digits), only the others as ``\\uXXXX`` (UTF-16 units). A long literal is joined at
run time (``String.join``), not folded into one constant, which may not exceed 65535 bytes.
"""

from __future__ import annotations

from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref
from app.core.snippets.source import Language, Parts, camel, chunks, escaped, steps, utf16_units

INDENT = "    "


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\{code:03o}"
    return "".join(f"\\u{unit:04x}" for unit in utf16_units(char))


def literal(text: str, indent: str = "") -> str:
    pieces = [f'"{escaped(piece, _escape)}"' for piece in chunks(text)]
    if len(pieces) == 1:
        return pieces[0]
    inner = f",\n{indent}{INDENT}".join(pieces)
    return f'String.join(\n{indent}{INDENT}"",\n{indent}{INDENT}{inner})'


def _pairs(value: tuple[tuple[str, str], ...]) -> str:
    if not value:
        return "List.of()"
    rows = ",".join(
        f"\n{INDENT}new String[] {{{literal(n, INDENT)}, {literal(v, INDENT)}}}" for n, v in value
    )
    return f"List.<String[]>of({rows})"


def _part(part: Ref | Lit) -> str:
    return camel(part.name) if isinstance(part, Ref) else literal(part.text)


HELPERS = {
    "strip": """\
    /** What Python's str.strip() removes: the characters str.isspace() accepts. */
    static final String PY_WHITESPACE = "\\t\\n\\013\\f\\r\\034\\035\\036\\037 \\205\\240\\u1680"
            + "\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a"
            + "\\u2028\\u2029\\u202f\\u205f\\u3000";

    static String pyStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && PY_WHITESPACE.indexOf(text.charAt(start)) >= 0) start++;
        while (end > start && PY_WHITESPACE.indexOf(text.charAt(end - 1)) >= 0) end--;
        return text.substring(start, end);
    }""",
    "last_wins": """\
    /** Each name once, where it first appears, with its last value (a dict). */
    static List<String[]> lastWins(List<String[]> pairs) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String[] pair : pairs) unique.put(pair[0], pair[1]);
        List<String[]> out = new ArrayList<>();
        unique.forEach((name, value) -> out.add(new String[] {name, value}));
        return out;
    }""",
    "sort_by_name": """\
    /** Sorted by name in code-point order (compareTo compares UTF-16 units). */
    static List<String[]> sortByName(List<String[]> pairs) {
        List<String[]> sorted = new ArrayList<>(pairs);
        sorted.sort((a, b) -> Arrays.compareUnsigned(
                a[0].getBytes(StandardCharsets.UTF_8), b[0].getBytes(StandardCharsets.UTF_8)));
        return sorted;
    }""",
    "render_pairs": """\
    static String renderPairs(
            List<String[]> pairs, String between, String separator, String terminator) {
        return pairs.stream()
                .map(pair -> pair[0] + between + pair[1] + terminator)
                .collect(Collectors.joining(separator));
    }""",
    "hmac": """\
    static byte[] hmac(String algorithm, byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }""",
}

_IMPORTS = {
    "pairs": ("java.util.List",),
    "last_wins": ("java.util.ArrayList", "java.util.LinkedHashMap", "java.util.Map"),
    "sort_by_name": (
        "java.util.ArrayList",
        "java.util.Arrays",
        "java.nio.charset.StandardCharsets",
    ),
    "render_pairs": ("java.util.stream.Collectors",),
    "drop_name": ("java.util.stream.Collectors",),
    "hmac": (
        "java.nio.charset.StandardCharsets",
        "javax.crypto.Mac",
        "javax.crypto.spec.SecretKeySpec",
    ),
}
_TYPES = {"text": "String", "pairs": "List<String[]>", "bytes": "byte[]"}
_HASH = {"sha1": "HmacSHA1", "sha256": "HmacSHA256", "sha512": "HmacSHA512"}
_ENV = f'System.getenv("{SECRET_VARIABLE}")'
_KEY = {
    "text": (f"{_ENV}.getBytes(StandardCharsets.UTF_8)", "java.nio.charset.StandardCharsets"),
    "base64": (f"Base64.getDecoder().decode({_ENV})", "java.util.Base64"),
    "hex": (f"HexFormat.of().parseHex({_ENV})", "java.util.HexFormat"),
}
_ENCODE = {
    "hex": ("HexFormat.of().formatHex({})", "java.util.HexFormat"),
    "hex_upper": ("HexFormat.of().withUpperCase().formatHex({})", "java.util.HexFormat"),
    "base64": ("Base64.getEncoder().encodeToString({})", "java.util.Base64"),
}


def _expression(op: Op, parts: Parts) -> str:
    args, kind = op.args, op.kind
    first = camel(args[0].name) if isinstance(args[0], Ref) else ""
    text = [literal(arg) for arg in args if isinstance(arg, str)]
    parts.need(*_IMPORTS.get(kind, ()))
    if kind in HELPERS:
        parts.helper(HELPERS[kind])
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
            f"{first}.endsWith({suffix}) && {first}.length() > {suffix}.length()\n"
            f"{INDENT * 2}? {first}.substring(0, {first}.length() - {suffix}.length())\n"
            f"{INDENT * 2}: {first}"
        )
    if kind == "strip":
        return f"pyStrip({first})"
    if kind == "drop_name":
        return (
            f"{first}.stream().filter(pair -> !pair[0].equals({text[0]}))"
            ".collect(Collectors.toList())"
        )
    if kind in ("last_wins", "sort_by_name", "render_pairs"):
        return f"{camel(kind)}({', '.join([first, *text])})"
    if kind == "secret_key":
        code, module = _KEY[str(args[0])]
        parts.need(module)
        return code
    if kind == "hmac":
        key, message = (camel(arg.name) for arg in args[1:] if isinstance(arg, Ref))
        return f'hmac("{_HASH[str(args[0])]}", {key}, {message})'
    if kind == "encode":
        code, module = _ENCODE[str(args[1])]
        parts.need(module)
        return code.format(first)
    raise ValueError(f"no Java for {kind!r}")


def emit(program: Program) -> Parts:
    parts = Parts()
    for comment, op in steps(program):
        if comment:
            parts.body.append(f"// {comment.replace(chr(92), chr(92) * 2)}")
        value = _expression(op, parts)
        parts.body.append(f"{_TYPES[op.makes]} {camel(op.name)} = {value};")
    parts.body.append(f"System.out.println({camel(program.result)});")
    return parts


def body(parts: Parts, indent: str) -> str:
    return "".join(f"{indent}{line}\n" for text in parts.body for line in text.split("\n"))


def assemble(parts: Parts, program: Program) -> str:
    imports = "".join(f"import {name};\n" for name in sorted(parts.imports))
    helpers = "".join(f"\n{helper}\n" for helper in parts.helpers)
    return (
        f"// Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"// Run with the secret in the environment: {SECRET_VARIABLE}=... java Sign.java\n"
        f"{imports}\npublic class Sign {{\n"
        f"{INDENT}public static void main(String[] args) throws Exception {{\n"
        f"{body(parts, INDENT * 2)}{INDENT}}}\n{helpers}}}\n"
    )


LANGUAGE = Language("java", "Java", "Sign.java", "java Sign.java", emit, assemble)
