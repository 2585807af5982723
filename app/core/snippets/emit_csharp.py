"""A program as C# (.NET or Mono), base class library only. Pure.

Literals use ``\\uXXXX`` (UTF-16 units) for everything but plain printable ASCII: never
``\\x``, whose length varies. String tests are ordinal: the culture-aware defaults of
``StartsWith``/``EndsWith`` ignore some characters altogether.
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
    return "".join(f"\\u{unit:04x}" for unit in utf16_units(char))


def literal(text: str, indent: str = "") -> str:
    pieces = [f'"{escaped(piece, _escape)}"' for piece in chunks(text)]
    if len(pieces) <= GROUP:
        return f" +\n{indent}{INDENT}".join(pieces)
    # A compiler that recurses once per `+`: runs of GROUP, joined by string.Concat.
    runs = [f" +\n{indent}{INDENT * 2}".join(run) for run in groups(pieces)]
    inner = f",\n{indent}{INDENT}".join(runs)
    return f"string.Concat(\n{indent}{INDENT}{inner})"


def _pairs(value: tuple[tuple[str, str], ...]) -> str:
    rows = "".join(
        f"\n{INDENT}new[] {{ {literal(n, INDENT)}, {literal(v, INDENT)} }}," for n, v in value
    )
    return f"new List<string[]> {{{rows}\n}}" if value else "new List<string[]>()"


def _part(part: Ref | Lit) -> str:
    return camel(part.name) if isinstance(part, Ref) else literal(part.text)


HELPERS = {
    "strip": """\
    // What Python's str.strip() removes: the characters str.isspace() accepts.
    const string PyWhitespace = "\\t\\n\\v\\f\\r\\u001c\\u001d\\u001e\\u001f \\u0085\\u00a0\\u1680"
        + "\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a"
        + "\\u2028\\u2029\\u202f\\u205f\\u3000";

    static string PyStrip(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && PyWhitespace.IndexOf(text[start]) >= 0) start++;
        while (end > start && PyWhitespace.IndexOf(text[end - 1]) >= 0) end--;
        return text.Substring(start, end - start);
    }""",
    "last_wins": """\
    // Each name once, where it first appears, with its last value (a dict).
    static List<string[]> LastWins(List<string[]> pairs)
    {
        var unique = new List<string[]>();
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            if (at.TryGetValue(pair[0], out var index)) unique[index] = new[] { pair[0], pair[1] };
            else { at[pair[0]] = unique.Count; unique.Add(pair); }
        }
        return unique;
    }""",
    "sort_pairs": """\
    // Code-point order: the UTF-8 bytes compared (string.CompareOrdinal compares UTF-16).
    static int ByCodePoint(string x, string y)
    {
        byte[] a = Encoding.UTF8.GetBytes(x), b = Encoding.UTF8.GetBytes(y);
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return a.Length.CompareTo(b.Length);
    }

    // Sorted by name, by name then value, or by the lower-cased name; OrderBy is stable.
    static List<string[]> SortPairs(List<string[]> pairs, string key)
    {
        var byCodePoint = Comparer<string>.Create(ByCodePoint);
        if (key == "name_value")
            return pairs.OrderBy(p => p[0], byCodePoint).ThenBy(p => p[1], byCodePoint).ToList();
        if (key == "name_insensitive")
            return pairs.OrderBy(p => p[0].ToLowerInvariant(), byCodePoint).ToList();
        return pairs.OrderBy(p => p[0], byCodePoint).ToList();
    }""",
    "unique_pairs": """\
    // Identical pairs kept once, where they first appear.
    static List<string[]> UniquePairs(List<string[]> pairs)
    {
        var seen = new HashSet<Tuple<string, string>>();
        return pairs.Where(p => seen.Add(Tuple.Create(p[0], p[1]))).ToList();
    }""",
    "trim_values": """\
    // Each value stripped as Python's str.strip() does, inner whitespace runs one space.
    static List<string[]> TrimValues(List<string[]> pairs)
    {
        return pairs.Select(p => new[] {
            p[0],
            string.Join(" ", p[1].Split(PyWhitespace.ToCharArray(),
                StringSplitOptions.RemoveEmptyEntries)),
        }).ToList();
    }""",
    "encode_pairs": """\
    // Keeps A-Z a-z 0-9 - _ . ~ and writes every other UTF-8 byte as %XX; with plus, a
    // space is "+" (an HTML form).
    static string PercentEncode(string text, bool plus)
    {
        return PercentEncode(Encoding.UTF8.GetBytes(text), plus);
    }

    static string PercentEncode(byte[] bytes, bool plus)
    {
        var out_ = new StringBuilder();
        foreach (byte b in bytes)
        {
            char c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || "-_.~".IndexOf(c) >= 0)
                out_.Append(c);
            else if (plus && c == ' ')
                out_.Append('+');
            else
                out_.Append('%').Append(b.ToString("X2"));
        }
        return out_.ToString();
    }""",
    "hex_key": """\
    static byte[] FromHex(string hex)
    {
        var bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
        return bytes;
    }""",
}
_METHODS = {
    "last_wins": "LastWins",
    "unique_pairs": "UniquePairs",
    "trim_values": "TrimValues",
}
_HASH = {
    "sha1": ("HMACSHA1", "SHA1"),
    "sha256": ("HMACSHA256", "SHA256"),
    "sha384": ("HMACSHA384", "SHA384"),
    "sha512": ("HMACSHA512", "SHA512"),
    "md5": ("HMACMD5", "MD5"),
}
_ENV = f'Environment.GetEnvironmentVariable("{SECRET_VARIABLE}")'
_KEY = {
    "text": "Encoding.UTF8.GetBytes({})",
    "base64": "FromBase64({})",
    "hex": "FromHex({})",
}
_HEX = 'BitConverter.ToString({}).Replace("-", "")'
_ENCODE = {
    "hex": _HEX + ".ToLowerInvariant()",
    "hex_upper": _HEX,
    "base64": "Convert.ToBase64String({})",
    "base64url": 'Convert.ToBase64String({}).Replace("+", "-").Replace("/", "_")',
}
BASE64_KEY = """\
    // Padding optional: a secret's missing "=" are put back before decoding.
    static byte[] FromBase64(string text)
    {
        int padding = (4 - text.Length % 4) % 4;
        return Convert.FromBase64String(text + new string('=', padding));
    }"""
STRIP_PREFIX = """\
    static string StripPrefix(string text, string prefix)
    {
        bool has = text.StartsWith(prefix, StringComparison.Ordinal);
        return has ? text.Substring(prefix.Length) : text;
    }"""


def _expression(op: Op, parts: Parts) -> str:
    args, kind = op.args, op.kind
    first = camel(args[0].name) if isinstance(args[0], Ref) else ""
    text = [] if op.kind in ("text", "pairs") else [literal(a) for a in args if isinstance(a, str)]
    if kind in HELPERS:
        parts.helper(HELPERS[kind])
    if kind == "text":
        return literal(str(args[0]))
    if kind == "pairs":
        return _pairs(args[0])  # type: ignore[arg-type]
    if kind == "concat":
        return " + ".join(_part(part) for part in op.parts()) or '""'
    if kind == "ensure_prefix":
        test = f"{first}.StartsWith({text[0]}, StringComparison.Ordinal)"
        return f"{test} ? {first} : {text[0]} + {first}"
    if kind == "strip_suffix_once":
        suffix = text[0]
        return (
            f"{first}.EndsWith({suffix}, StringComparison.Ordinal)"
            f" && {first}.Length > {suffix}.Length\n"
            f"{INDENT}? {first}.Substring(0, {first}.Length - {suffix}.Length)\n{INDENT}: {first}"
        )
    if kind == "strip":
        return f"PyStrip({first})"
    if kind == "drop_name":
        return f"{first}.Where(pair => pair[0] != {text[0]}).ToList()"
    if kind in _METHODS:
        if kind == "trim_values":
            parts.helper(HELPERS["strip"])
        return f"{_METHODS[kind]}({first})"
    if kind == "sort_pairs":
        return f'SortPairs({first}, "{args[1]}")'
    if kind in ("lower", "upper"):
        return f"{first}.To{kind.title()}Invariant()"
    if kind == "lower_names":
        return f"{first}.Select(p => new[] {{ p[0].ToLowerInvariant(), p[1] }}).ToList()"
    if kind == "encode_pairs":
        plus = "true" if args[1] == "form" else "false"
        return (
            f"{first}.Select(p => new[] {{ PercentEncode(p[0], {plus}), "
            f"PercentEncode(p[1], {plus}) }}).ToList()"
        )
    if kind == "env":
        return f'Environment.GetEnvironmentVariable({literal(str(args[0]))}) ?? ""'
    if kind in ("percent_encode", "percent_encode_bytes"):
        parts.helper(HELPERS["encode_pairs"])
        return f"PercentEncode({first}, {'true' if args[1] == 'form' else 'false'})"
    if kind == "prefix_bytes":
        prefix = literal(str(args[0]))
        return f"Encoding.UTF8.GetBytes({prefix}).Concat({camel(op.ref(1))}).ToArray()"
    if kind == "utf8":
        return f"Encoding.UTF8.GetBytes({first})"
    if kind == "hash":
        digest = (
            f"{_HASH[str(args[0])][1]}.Create().ComputeHash("
            f"Encoding.UTF8.GetBytes({camel(op.ref(1))}))"
        )
        return _ENCODE[str(args[2])].format(digest)
    if kind == "render_pairs":
        between, separator, terminator = text
        return (
            f"string.Join({separator}, {first}.Select(pair => pair[0] + {between} + pair[1] + "
            f"{terminator}))"
        )
    if kind == "secret_key":
        if args[0] == "hex":
            parts.helper(HELPERS["hex_key"])
        if args[0] == "base64":
            parts.helper(BASE64_KEY)
        secret = _ENV
        if args[1]:
            parts.helper(STRIP_PREFIX)
            secret = f"StripPrefix({_ENV}, {literal(str(args[1]))})"
        return _KEY[str(args[0])].format(secret)
    if kind == "hmac":
        key, message = (camel(arg.name) for arg in args[1:] if isinstance(arg, Ref))
        mac = _HASH[str(args[0])][0]
        return f"new {mac}({key}).ComputeHash(Encoding.UTF8.GetBytes({message}))"
    if kind == "encode":
        return _ENCODE[str(args[1])].format(first)
    raise ValueError(f"no C# for {kind!r}")


def emit(program: Program) -> Parts:
    parts = Parts()
    parts.need(
        "System",
        "System.Collections.Generic",
        "System.Linq",
        "System.Security.Cryptography",
        "System.Text",
    )
    return straight_line(
        program,
        parts,
        lambda text: f"// {text}",
        lambda op, parts: [f"var {camel(op.name)} = {_expression(op, parts)};"],
        f"Console.WriteLine({camel(program.result)});",
    )


def body(parts: Parts, indent: str) -> str:
    return "".join(f"{indent}{line}\n" for text in parts.body for line in text.split("\n"))


def assemble(parts: Parts, program: Program) -> str:
    usings = "".join(f"using {name};\n" for name in parts.imports)
    helpers = "".join(f"\n{helper}\n" for helper in parts.helpers)
    return (
        f"// Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"// Run with the secret in the environment: {SECRET_VARIABLE}=... {RUN}\n"
        f"{usings}\npublic static class Sign\n{{\n{INDENT}public static void Main()\n"
        f"{INDENT}{{\n{body(parts, INDENT * 2)}{INDENT}}}\n{helpers}}}\n"
    )


RUN = "mcs -out:Sign.exe Sign.cs && mono Sign.exe"
LANGUAGE = Language("csharp", "C#", "Sign.cs", RUN, emit, assemble)
