"""A program as Java 17, standard library only (``java Sign.java``). Pure.

Java reads ``\\uXXXX`` escapes before it reads the source, anywhere, so a ``\\u000a`` inside a
literal would end the line: characters below U+0100 are written as octal escapes (always
three digits), only the others as ``\\uXXXX`` (UTF-16 units). A long literal is joined at
run time (``String.join``), not folded into one constant, which may not exceed 65535 bytes;
a very long one joins runs of ``GROUP`` pieces, each folded, so ``main`` stays under 64 KB.
"""

from __future__ import annotations

from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref
from app.core.snippets.source import (
    GROUP,
    Language,
    Parts,
    camel,
    chunks,
    escaped,
    groups,
    straight_line,
    utf16_units,
)

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
    if len(pieces) > GROUP:  # each run one folded constant: a method holds at most 64 KB
        pieces = [f"\n{indent}{INDENT}+ ".join(run) for run in groups(pieces)]
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
    "sort_pairs": """\
    /** Code-point order (compareTo compares UTF-16 units): the UTF-8 bytes, unsigned. */
    static int byCodePoint(String a, String b) {
        return Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** A stable sort by name, by name then value, or by the lower-cased name. */
    static List<String[]> sortPairs(List<String[]> pairs, String key) {
        Comparator<String[]> byName = (a, b) -> byCodePoint(a[0], b[0]);
        Comparator<String[]> order = switch (key) {
            case "name_value" -> byName.thenComparing((a, b) -> byCodePoint(a[1], b[1]));
            case "name_insensitive" -> (a, b) -> byCodePoint(
                    a[0].toLowerCase(Locale.ROOT), b[0].toLowerCase(Locale.ROOT));
            default -> byName;
        };
        List<String[]> sorted = new ArrayList<>(pairs);
        sorted.sort(order);
        return sorted;
    }""",
    "unique_pairs": """\
    /** Identical pairs kept once, where they first appear. */
    static List<String[]> uniquePairs(List<String[]> pairs) {
        Set<List<String>> seen = new HashSet<>();
        return pairs.stream().filter(p -> seen.add(List.of(p))).collect(Collectors.toList());
    }""",
    "trim_values": """\
    /** Each value stripped as Python's str.strip() does, inner whitespace runs one space. */
    static List<String[]> trimValues(List<String[]> pairs) {
        List<String[]> trimmed = new ArrayList<>();
        for (String[] pair : pairs) {
            StringBuilder out = new StringBuilder();
            boolean space = false;
            for (char c : pyStrip(pair[1]).toCharArray()) {
                if (PY_WHITESPACE.indexOf(c) >= 0) {
                    space = true;
                } else {
                    if (space) out.append(' ');
                    out.append(c);
                    space = false;
                }
            }
            trimmed.add(new String[] {pair[0], out.toString()});
        }
        return trimmed;
    }""",
    "encode_pairs": """\
    /** Keeps A-Z a-z 0-9 - _ . ~, writes every other UTF-8 byte as %XX; with plus, a space
     *  is "+" (an HTML form). URLEncoder would keep * and write ~ as %7E. */
    static String percentEncode(String text, boolean plus) {
        return percentEncode(text.getBytes(StandardCharsets.UTF_8), plus);
    }

    static String percentEncode(byte[] bytes, boolean plus) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else if (plus && c == ' ') {
                out.append('+');
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static List<String[]> encodePairs(List<String[]> pairs, boolean plus) {
        return pairs.stream()
                .map(p -> new String[] {percentEncode(p[0], plus), percentEncode(p[1], plus)})
                .collect(Collectors.toList());
    }""",
    "hash": """\
    static byte[] digestOf(String algorithm, String text) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
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
    "sort_pairs": (
        "java.util.ArrayList",
        "java.util.Arrays",
        "java.util.Comparator",
        "java.util.Locale",
        "java.nio.charset.StandardCharsets",
    ),
    "unique_pairs": (
        "java.util.HashSet",
        "java.util.List",
        "java.util.Set",
        "java.util.stream.Collectors",
    ),
    "trim_values": ("java.util.ArrayList",),
    "encode_pairs": ("java.nio.charset.StandardCharsets", "java.util.stream.Collectors"),
    "hash": ("java.nio.charset.StandardCharsets", "java.security.MessageDigest"),
    "lower": ("java.util.Locale",),
    "upper": ("java.util.Locale",),
    "lower_names": ("java.util.Locale", "java.util.stream.Collectors"),
    "render_pairs": ("java.util.stream.Collectors",),
    "drop_name": ("java.util.stream.Collectors",),
    "hmac": (
        "java.nio.charset.StandardCharsets",
        "javax.crypto.Mac",
        "javax.crypto.spec.SecretKeySpec",
    ),
}
CONCAT_BYTES = """\
    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }"""

STRIP_PREFIX = """\
    static String stripPrefix(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }"""

_TYPES = {"text": "String", "pairs": "List<String[]>", "bytes": "byte[]"}
_HASH = {
    "sha1": ("HmacSHA1", "SHA-1"),
    "sha256": ("HmacSHA256", "SHA-256"),
    "sha384": ("HmacSHA384", "SHA-384"),
    "sha512": ("HmacSHA512", "SHA-512"),
    "md5": ("HmacMD5", "MD5"),
}
_ENV = f'System.getenv("{SECRET_VARIABLE}")'
_KEY = {
    "text": ("{}.getBytes(StandardCharsets.UTF_8)", "java.nio.charset.StandardCharsets"),
    "base64": ("Base64.getDecoder().decode({})", "java.util.Base64"),
    "hex": ("HexFormat.of().parseHex({})", "java.util.HexFormat"),
}
_ENCODE = {
    "hex": ("HexFormat.of().formatHex({})", "java.util.HexFormat"),
    "hex_upper": ("HexFormat.of().withUpperCase().formatHex({})", "java.util.HexFormat"),
    "base64": ("Base64.getEncoder().encodeToString({})", "java.util.Base64"),
    "base64url": ("Base64.getUrlEncoder().encodeToString({})", "java.util.Base64"),
}


def _expression(op: Op, parts: Parts) -> str:
    args, kind = op.args, op.kind
    first = camel(args[0].name) if isinstance(args[0], Ref) else ""
    text = [] if op.kind in ("text", "pairs") else [literal(a) for a in args if isinstance(a, str)]
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
    if kind in ("last_wins", "render_pairs", "unique_pairs", "trim_values"):
        if kind == "trim_values":
            parts.helper(HELPERS["strip"])
        return f"{camel(kind)}({', '.join([first, *text])})"
    if kind == "sort_pairs":
        return f'sortPairs({first}, "{args[1]}")'
    if kind == "encode_pairs":
        return f"encodePairs({first}, {'true' if args[1] == 'form' else 'false'})"
    if kind in ("lower", "upper"):
        return f"{first}.to{kind.title()}Case(Locale.ROOT)"
    if kind == "lower_names":
        return (
            f"{first}.stream().map(p -> new String[] {{p[0].toLowerCase(Locale.ROOT), p[1]}})"
            ".collect(Collectors.toList())"
        )
    if kind == "env":
        parts.need("java.util.Objects")
        return f'Objects.requireNonNullElse(System.getenv({literal(str(args[0]))}), "")'
    if kind in ("percent_encode", "percent_encode_bytes"):
        parts.helper(HELPERS["encode_pairs"])
        parts.need(*_IMPORTS["encode_pairs"])
        return f"percentEncode({first}, {'true' if args[1] == 'form' else 'false'})"
    if kind == "prefix_bytes":
        parts.helper(CONCAT_BYTES)
        parts.need("java.nio.charset.StandardCharsets", "java.util.Arrays")
        return (
            f"concat({literal(str(args[0]))}.getBytes(StandardCharsets.UTF_8), {camel(op.ref(1))})"
        )
    if kind == "utf8":
        parts.need("java.nio.charset.StandardCharsets")
        return f"{first}.getBytes(StandardCharsets.UTF_8)"
    if kind == "hash":
        code, module = _ENCODE[str(args[2])]
        parts.need(module)
        return code.format(f'digestOf("{_HASH[str(args[0])][1]}", {camel(op.ref(1))})')
    if kind == "secret_key":
        code, module = _KEY[str(args[0])]
        parts.need(module)
        secret = _ENV
        if args[1]:
            parts.helper(STRIP_PREFIX)
            secret = f"stripPrefix({_ENV}, {literal(str(args[1]))})"
        return code.format(secret)
    if kind == "hmac":
        key, message = (camel(arg.name) for arg in args[1:] if isinstance(arg, Ref))
        return f'hmac("{_HASH[str(args[0])][0]}", {key}, {message})'
    if kind == "encode":
        code, module = _ENCODE[str(args[1])]
        parts.need(module)
        return code.format(first)
    raise ValueError(f"no Java for {kind!r}")


def emit(program: Program) -> Parts:
    return straight_line(
        program,
        Parts(),
        lambda text: f"// {text.replace(chr(92), chr(92) * 2)}",
        lambda op, parts: [f"{_TYPES[op.makes]} {camel(op.name)} = {_expression(op, parts)};"],
        f"System.out.println({camel(program.result)});",
    )


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
