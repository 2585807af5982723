"""A program as Go, standard library only (``go run sign.go``). Pure.

Go strings are bytes: a literal is written as its UTF-8 bytes, ``\\xNN`` for any byte that is
not plain printable ASCII, and comparing strings compares those bytes, which is code-point
order. Pairs are ``[][2]string``.
"""

from __future__ import annotations

from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref
from app.core.snippets.source import Language, Parts, camel, chunks, escaped, straight_line

INDENT = "\t"


def _escape(char: str) -> str:
    return "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8"))


def literal(text: str, indent: str = "") -> str:
    pieces = [f'"{escaped(piece, _escape)}"' for piece in chunks(text)]
    return f" +\n{indent}{INDENT}".join(pieces)


def _pairs(value: tuple[tuple[str, str], ...]) -> str:
    rows = "".join(f"\n{INDENT}{{{literal(n, INDENT)}, {literal(v, INDENT)}}}," for n, v in value)
    return f"[][2]string{{{rows}\n}}" if value else "[][2]string{}"


def _part(part: Ref | Lit) -> str:
    return camel(part.name) if isinstance(part, Ref) else literal(part.text)


HELPERS = {
    "strip": """\
// pyWhitespace is what Python's str.strip() removes: the characters str.isspace() accepts.
const pyWhitespace = "\\t\\n\\v\\f\\r\\x1c\\x1d\\x1e\\x1f \\u0085\\u00a0\\u1680" +
	"\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"

func pyStrip(text string) string {
	isSpace := func(r rune) bool { return strings.ContainsRune(pyWhitespace, r) }
	return strings.TrimFunc(text, isSpace)
}""",
    "drop_name": """\
func dropName(pairs [][2]string, name string) [][2]string {
	kept := [][2]string{}
	for _, pair := range pairs {
		if pair[0] != name {
			kept = append(kept, pair)
		}
	}
	return kept
}""",
    "last_wins": """\
// lastWins keeps each name once, where it first appears, with its last value (a dict).
func lastWins(pairs [][2]string) [][2]string {
	unique := [][2]string{}
	at := map[string]int{}
	for _, pair := range pairs {
		if index, seen := at[pair[0]]; seen {
			unique[index][1] = pair[1]
		} else {
			at[pair[0]] = len(unique)
			unique = append(unique, pair)
		}
	}
	return unique
}""",
    "sort_pairs": """\
// sortPairs sorts stably by name ("name"), by name then value ("name_value") or by the
// lower-cased name ("name_insensitive"), comparing UTF-8 bytes: code-point order.
func sortPairs(pairs [][2]string, key string) [][2]string {
	sorted := append([][2]string{}, pairs...)
	less := func(a, b [2]string) bool {
		switch key {
		case "name_value":
			return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
		case "name_insensitive":
			return strings.ToLower(a[0]) < strings.ToLower(b[0])
		}
		return a[0] < b[0]
	}
	sort.SliceStable(sorted, func(i, j int) bool { return less(sorted[i], sorted[j]) })
	return sorted
}""",
    "unique_pairs": """\
// uniquePairs keeps identical pairs once, where they first appear.
func uniquePairs(pairs [][2]string) [][2]string {
	unique := [][2]string{}
	seen := map[[2]string]bool{}
	for _, pair := range pairs {
		if !seen[pair] {
			seen[pair] = true
			unique = append(unique, pair)
		}
	}
	return unique
}""",
    "lower_names": """\
func lowerNames(pairs [][2]string) [][2]string {
	lowered := make([][2]string, len(pairs))
	for i, pair := range pairs {
		lowered[i] = [2]string{strings.ToLower(pair[0]), pair[1]}
	}
	return lowered
}""",
    "trim_values": """\
// trimValues strips each value as Python's str.strip() does and makes each run of
// whitespace inside it one space.
func trimValues(pairs [][2]string) [][2]string {
	trimmed := make([][2]string, len(pairs))
	for i, pair := range pairs {
		words := strings.FieldsFunc(pair[1], func(r rune) bool {
			return strings.ContainsRune(pyWhitespace, r)
		})
		trimmed[i] = [2]string{pair[0], strings.Join(words, " ")}
	}
	return trimmed
}""",
    "encode_pairs": """\
// percentEncode keeps A-Z a-z 0-9 - _ . ~ and writes every other UTF-8 byte as %XX; with
// plus, a space is "+" (an HTML form).
func percentEncode(text string, plus bool) string {
	var out strings.Builder
	for _, b := range []byte(text) {
		switch {
		case 'A' <= b && b <= 'Z', 'a' <= b && b <= 'z', '0' <= b && b <= '9',
			b == '-', b == '_', b == '.', b == '~':
			out.WriteByte(b)
		case plus && b == ' ':
			out.WriteByte('+')
		default:
			fmt.Fprintf(&out, "%%%02X", b)
		}
	}
	return out.String()
}

func encodePairs(pairs [][2]string, plus bool) [][2]string {
	encoded := make([][2]string, len(pairs))
	for i, pair := range pairs {
		encoded[i] = [2]string{percentEncode(pair[0], plus), percentEncode(pair[1], plus)}
	}
	return encoded
}""",
    "render_pairs": """\
func renderPairs(pairs [][2]string, between, separator, terminator string) string {
	lines := make([]string, len(pairs))
	for i, pair := range pairs {
		lines[i] = pair[0] + between + pair[1] + terminator
	}
	return strings.Join(lines, separator)
}""",
    "hmac": """\
func hmacOf(newHash func() hash.Hash, key []byte, message string) []byte {
	mac := hmac.New(newHash, key)
	mac.Write([]byte(message))
	return mac.Sum(nil)
}""",
    "decode": """\
func must(value []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return value
}""",
}

_IMPORTS = {
    "strip": ("strings",),
    "sort_pairs": ("sort", "strings"),
    "lower_names": ("strings",),
    "trim_values": ("strings",),
    "encode_pairs": ("strings", "fmt"),
    "lower": ("strings",),
    "upper": ("strings",),
    "render_pairs": ("strings",),
    "hmac": ("crypto/hmac", "hash"),
}
#: Each hash: its package, and the function that makes one.
_HASH = {
    "sha1": ("crypto/sha1", "sha1.New"),
    "sha256": ("crypto/sha256", "sha256.New"),
    "sha384": ("crypto/sha512", "sha512.New384"),
    "sha512": ("crypto/sha512", "sha512.New"),
    "md5": ("crypto/md5", "md5.New"),
}
_ENV = f'os.Getenv("{SECRET_VARIABLE}")'
_KEY = {
    "text": ("[]byte({})", ()),
    # Padding optional: what a secret's "=" leaves out, the raw decoder does without.
    "base64": (
        'must(base64.RawStdEncoding.DecodeString(strings.TrimRight({}, "=")))',
        ("encoding/base64", "strings"),
    ),
    "hex": ("must(hex.DecodeString({}))", ("encoding/hex",)),
}
_ENCODE = {
    "hex": ("hex.EncodeToString({})", ("encoding/hex",)),
    "hex_upper": ("strings.ToUpper(hex.EncodeToString({}))", ("encoding/hex", "strings")),
    "base64": ("base64.StdEncoding.EncodeToString({})", ("encoding/base64",)),
    "base64url": ("base64.URLEncoding.EncodeToString({})", ("encoding/base64",)),
}


def _assign(op: Op, parts: Parts) -> list[str]:
    """The statements that make ``op``'s value."""
    args, kind, name = op.args, op.kind, camel(op.name)
    first = camel(args[0].name) if isinstance(args[0], Ref) else ""
    text = [] if op.kind in ("text", "pairs") else [literal(a) for a in args if isinstance(a, str)]
    parts.need(*_IMPORTS.get(kind, ()))
    if kind in HELPERS:
        parts.helper(HELPERS[kind])
    if kind == "text":
        return [f"{name} := {literal(str(args[0]))}"]
    if kind == "pairs":
        return [f"{name} := {_pairs(args[0])}"]  # type: ignore[arg-type]
    if kind == "concat":
        joined = " + ".join(_part(part) for part in op.parts()) or '""'
        return [f"{name} := {joined}"]
    if kind == "ensure_prefix":
        parts.need("strings")
        return [
            f"{name} := {first}",
            f"if !strings.HasPrefix({name}, {text[0]}) {{",
            f"{INDENT}{name} = {text[0]} + {name}",
            "}",
        ]
    if kind == "strip_suffix_once":
        parts.need("strings")
        return [
            f"{name} := {first}",
            f"if len({name}) > len({text[0]}) {{",
            f"{INDENT}{name} = strings.TrimSuffix({name}, {text[0]})",
            "}",
        ]
    if kind == "strip":
        return [f"{name} := pyStrip({first})"]
    if kind == "trim_values":
        parts.helper(HELPERS["strip"])
    if kind in ("lower", "upper"):
        return [f"{name} := strings.To{kind.title()}({first})"]
    if kind == "encode_pairs":
        return [f"{name} := encodePairs({first}, {'true' if args[1] == 'form' else 'false'})"]
    if kind == "sort_pairs":
        return [f'{name} := sortPairs({first}, "{args[1]}")']
    if kind in ("drop_name", "last_wins", "render_pairs", "unique_pairs", "lower_names"):
        return [f"{name} := {camel(kind)}({', '.join([first, *text])})"]
    if kind == "trim_values":
        return [f"{name} := trimValues({first})"]
    if kind == "env":
        parts.need("os")
        return [f"{name} := os.Getenv({literal(str(args[0]))})"]
    if kind == "percent_encode":
        parts.helper(HELPERS["encode_pairs"])
        parts.need(*_IMPORTS["encode_pairs"])
        return [f"{name} := percentEncode({first}, {'true' if args[1] == 'form' else 'false'})"]
    if kind == "percent_encode_bytes":
        parts.helper(HELPERS["encode_pairs"])
        parts.need(*_IMPORTS["encode_pairs"])
        plus = "true" if args[1] == "form" else "false"
        return [f"{name} := percentEncode(string({first}), {plus})"]
    if kind == "prefix_bytes":
        return [f"{name} := append([]byte({literal(str(args[0]))}), {camel(op.ref(1))}...)"]
    if kind == "utf8":
        return [f"{name} := []byte({first})"]
    if kind == "hash":
        module, new = _HASH[str(args[0])]
        code, imports = _ENCODE[str(args[2])]
        parts.need(module, *imports)
        return [
            f"{name}Hash := {new}()",
            f"{name}Hash.Write([]byte({camel(op.ref(1))}))",
            f"{name} := {code.format(f'{name}Hash.Sum(nil)')}",
        ]
    if kind == "secret_key":
        code, imports = _KEY[str(args[0])]
        if args[0] != "text":
            parts.helper(HELPERS["decode"])
        parts.need("os", *imports)
        secret = _ENV
        if args[1]:
            parts.need("strings")
            secret = f"strings.TrimPrefix({_ENV}, {literal(str(args[1]))})"
        return [f"{name} := {code.format(secret)}"]
    if kind == "hmac":
        key, message = (camel(arg.name) for arg in args[1:] if isinstance(arg, Ref))
        module, new = _HASH[str(args[0])]
        parts.need(module)
        return [f"{name} := hmacOf({new}, {key}, {message})"]
    if kind == "encode":
        code, imports = _ENCODE[str(args[1])]
        parts.need(*imports)
        return [f"{name} := {code.format(first)}"]
    raise ValueError(f"no Go for {kind!r}")


def emit(program: Program) -> Parts:
    parts = Parts()
    parts.need("fmt")
    return straight_line(
        program,
        parts,
        lambda text: f"// {text}",
        lambda op, parts: list(_assign(op, parts)),
        f"fmt.Println({camel(program.result)})",
    )


def imports(parts: Parts) -> str:
    return "".join(f'{INDENT}"{name}"\n' for name in sorted(parts.imports))


def assemble(parts: Parts, program: Program) -> str:
    helpers = "".join(f"\n{helper}\n" for helper in parts.helpers)
    body = "".join(f"{INDENT}{line}\n" for text in parts.body for line in text.split("\n"))
    return (
        f"// Sign the request with {program.scheme}: prints the signature as it travels.\n"
        f"// Run with the secret in the environment: {SECRET_VARIABLE}=... go run sign.go\n"
        f"package main\n\nimport (\n{imports(parts)})\n{helpers}\nfunc main() {{\n{body}}}\n"
    )


LANGUAGE = Language("go", "Go", "sign.go", "go run sign.go", emit, assemble)
