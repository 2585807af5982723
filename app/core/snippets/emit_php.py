"""A program as PHP 8 (``php sign.php``), no extension beyond the default build. Pure.

PHP strings are bytes: a literal is written in double quotes as its UTF-8 bytes, ``\\xNN``
for any byte that is not plain printable ASCII (and for ``$``, ``"`` and ``\\``, so nothing is
interpolated). Pairs are lists of ``[name, value]``, never arrays keyed by name: PHP would turn
a name like ``"10"`` into the integer 10.
"""

from __future__ import annotations

from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref
from app.core.snippets.source import Language, Parts, chunks, escaped, straight_line

INDENT = "    "


def _escape(char: str) -> str:
    return "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8"))


def literal(text: str, indent: str = "") -> str:
    pieces = [f'"{escaped(piece, _escape)}"' for piece in chunks(text)]
    return f" .\n{indent}{INDENT}".join(pieces)


def _pairs(value: tuple[tuple[str, str], ...]) -> str:
    rows = "".join(f"\n{INDENT}[{literal(n, INDENT)}, {literal(v, INDENT)}]," for n, v in value)
    return f"[{rows}\n]" if value else "[]"


def _var(name: str) -> str:
    return f"${name}"


def _part(part: Ref | Lit) -> str:
    return _var(part.name) if isinstance(part, Ref) else literal(part.text)


HELPERS = {
    "strip": """\
/** Python's str.strip(): the characters str.isspace() accepts, at both ends. */
function py_strip(string $text): string
{
    $whitespace = preg_split(
        '//u',
        "\\t\\n\\x0b\\x0c\\r\\x1c\\x1d\\x1e\\x1f \\u{85}\\u{a0}\\u{1680}\\u{2000}\\u{2001}"
            . "\\u{2002}\\u{2003}\\u{2004}\\u{2005}\\u{2006}\\u{2007}\\u{2008}\\u{2009}"
            . "\\u{200a}\\u{2028}\\u{2029}\\u{202f}\\u{205f}\\u{3000}",
        -1,
        PREG_SPLIT_NO_EMPTY,
    );
    $chars = preg_split('//u', $text, -1, PREG_SPLIT_NO_EMPTY);
    $start = 0;
    $end = count($chars);
    while ($start < $end && in_array($chars[$start], $whitespace, true)) {
        $start++;
    }
    while ($end > $start && in_array($chars[$end - 1], $whitespace, true)) {
        $end--;
    }
    return implode('', array_slice($chars, $start, $end - $start));
}""",
    "last_wins": """\
/** Each name once, where it first appears, with its last value (a dict). */
function last_wins(array $pairs): array
{
    $unique = [];
    $at = [];
    foreach ($pairs as [$name, $value]) {
        if (isset($at["k" . $name])) {
            $unique[$at["k" . $name]][1] = $value;
        } else {
            $at["k" . $name] = count($unique);
            $unique[] = [$name, $value];
        }
    }
    return $unique;
}""",
    "sort_pairs": """\
/**
 * Sorted by name, by name then value, or by the lower-cased name, comparing UTF-8 bytes:
 * code-point order (usort is stable).
 */
function sort_pairs(array $pairs, string $key): array
{
    usort($pairs, fn ($a, $b) => match ($key) {
        'name_value' => strcmp($a[0], $b[0]) ?: strcmp($a[1], $b[1]),
        'name_insensitive' => strcmp(lower($a[0]), lower($b[0])),
        default => strcmp($a[0], $b[0]),
    });
    return $pairs;
}""",
    "unique_pairs": """\
/** Identical pairs kept once, where they first appear. */
function unique_pairs(array $pairs): array
{
    $seen = [];
    $unique = [];
    foreach ($pairs as $pair) {
        $key = json_encode($pair);
        if (!isset($seen[$key])) {
            $seen[$key] = true;
            $unique[] = $pair;
        }
    }
    return $unique;
}""",
    "trim_values": """\
/** Each value stripped as Python's str.strip() does, inner whitespace runs one space. */
function trim_values(array $pairs): array
{
    return array_map(function ($pair) {
        $words = preg_split(
            '/[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}'
                . '\\x{2029}\\x{202f}\\x{205f}\\x{3000}]+/u',
            $pair[1],
            -1,
            PREG_SPLIT_NO_EMPTY,
        );
        return [$pair[0], implode(' ', $words)];
    }, $pairs);
}""",
    "encode_pairs": """\
/** RFC 3986: everything but A-Z a-z 0-9 - _ . ~ as %XX (a form writes a space as +). */
function encode_pairs(array $pairs, bool $plus): array
{
    $encode = function (string $text) use ($plus): string {
        $encoded = rawurlencode($text);
        return $plus ? str_replace('%20', '+', $encoded) : $encoded;
    };
    return array_map(fn ($pair) => [$encode($pair[0]), $encode($pair[1])], $pairs);
}""",
    "lower": """\
/** Lower case: every letter with mbstring, else ASCII letters only. */
function lower(string $text): string
{
    return function_exists('mb_strtolower') ? mb_strtolower($text, 'UTF-8') : strtolower($text);
}""",
    "upper": """\
/** Upper case: every letter with mbstring, else ASCII letters only. */
function upper(string $text): string
{
    return function_exists('mb_strtoupper') ? mb_strtoupper($text, 'UTF-8') : strtoupper($text);
}""",
}
_ENV = f"getenv('{SECRET_VARIABLE}')"
_KEY = {"text": "{}", "base64": "base64_decode({}, true)", "hex": "hex2bin({})"}
_ENCODE = {
    "hex": "bin2hex({})",
    "hex_upper": "strtoupper(bin2hex({}))",
    "base64": "base64_encode({})",
    "base64url": "strtr(base64_encode({}), '+/', '-_')",
}


def _expression(op: Op, parts: Parts) -> str:
    args, kind = op.args, op.kind
    first = _var(args[0].name) if isinstance(args[0], Ref) else ""
    text = [] if op.kind in ("text", "pairs") else [literal(a) for a in args if isinstance(a, str)]
    if kind in HELPERS:
        parts.helper(HELPERS[kind])
    if kind == "text":
        return literal(str(args[0]))
    if kind == "pairs":
        return _pairs(args[0])  # type: ignore[arg-type]
    if kind == "concat":
        return " . ".join(_part(part) for part in op.parts()) or '""'
    if kind == "ensure_prefix":
        return f"str_starts_with({first}, {text[0]}) ? {first} : {text[0]} . {first}"
    if kind == "strip_suffix_once":
        suffix = text[0]
        return (
            f"str_ends_with({first}, {suffix}) && strlen({first}) > strlen({suffix})\n"
            f"{INDENT}? substr({first}, 0, -strlen({suffix}))\n{INDENT}: {first}"
        )
    if kind == "strip":
        return f"py_strip({first})"
    if kind == "drop_name":
        return f"array_values(array_filter({first}, fn ($pair) => $pair[0] !== {text[0]}))"
    if kind in ("last_wins", "unique_pairs", "trim_values", "lower", "upper"):
        return f"{kind}({first})"
    if kind == "sort_pairs":
        parts.helper(HELPERS["lower"])
        return f"sort_pairs({first}, '{args[1]}')"
    if kind == "lower_names":
        parts.helper(HELPERS["lower"])
        return f"array_map(fn ($pair) => [lower($pair[0]), $pair[1]], {first})"
    if kind == "encode_pairs":
        return f"encode_pairs({first}, {'true' if args[1] == 'form' else 'false'})"
    if kind == "env":
        return f"(string) getenv({literal(str(args[0]))})"
    if kind in ("percent_encode", "percent_encode_bytes"):
        if args[1] == "form":
            return f"str_replace('%20', '+', rawurlencode({first}))"
        return f"rawurlencode({first})"
    if kind == "prefix_bytes":
        return f"{literal(str(args[0]))} . {_var(op.ref(1))}"
    if kind == "utf8":
        return first
    if kind == "hash":
        digest = f"hash('{args[0]}', {_var(op.ref(1))}, true)"
        return _ENCODE[str(args[2])].format(digest)
    if kind == "render_pairs":
        between, separator, terminator = text
        return (
            f"implode({separator}, array_map(\n{INDENT}fn ($pair) => $pair[0] . {between} . "
            f"$pair[1] . {terminator},\n{INDENT}{first}\n))"
        )
    if kind == "secret_key":
        secret = _ENV
        if args[1]:
            prefix = literal(str(args[1]))
            secret = (
                f"(str_starts_with({_ENV}, {prefix}) ? substr({_ENV}, strlen({prefix})) : {_ENV})"
            )
        return _KEY[str(args[0])].format(secret)
    if kind == "hmac":
        key, message = (_var(arg.name) for arg in args[1:] if isinstance(arg, Ref))
        return f"hash_hmac('{args[0]}', {message}, {key}, true)"
    if kind == "encode":
        return _ENCODE[str(args[1])].format(first)
    raise ValueError(f"no PHP for {kind!r}")


def emit(program: Program) -> Parts:
    return straight_line(
        program,
        Parts(),
        lambda text: f"// {text}",
        lambda op, parts: [f"{_var(op.name)} = {_expression(op, parts)};"],
        f'echo {_var(program.result)}, "\\n";',
    )


def assemble(parts: Parts, program: Program) -> str:
    helpers = "".join(f"\n{helper}\n" for helper in parts.helpers)
    body = "".join(f"{line}\n" for line in parts.body)
    return (
        "<?php\n"
        f"// Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"// Run with the secret in the environment: {SECRET_VARIABLE}=... php sign.php\n"
        f"declare(strict_types=1);\n{helpers}\n{body}"
    )


LANGUAGE = Language("php", "PHP", "sign.php", "php sign.php", emit, assemble)
