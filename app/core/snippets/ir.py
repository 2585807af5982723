"""A signing program as data: a straight line of operations over named values. Pure.

Each scheme turns a recipe into a ``Program`` (``Scheme.program``); one emitter per language
(``app/core/snippets/emit_*.py``) writes it as source code, and ``evaluate`` runs it here, so
a test can hold every scheme's program to its signature without a compiler. The request's
parts enter as literals (``text``, ``pairs``) and every step of the scheme is an operation on
them, so the program builds the string to sign the way the scheme does instead of pasting it.

Values have one of three kinds: ``text`` (a Unicode string, hashed as UTF-8), ``pairs``
(an ordered list of ``(name, value)``, repeats kept) and ``bytes``. An operation names the
values it reads (``Ref``) or carries its literal text (``Lit``), and the step of the page's
trace it belongs to: the emitters write that step's id and title as a comment above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.request import Pairs
from app.core.snippets.names import RESERVED

#: Each operation: the kinds of its arguments and the kind it makes. ``ref`` arguments name a
#: value; ``str`` arguments are fixed text the operation is parameterised with.
OPS: dict[str, tuple[tuple[str, ...], str]] = {
    "text": (("str",), "text"),  # a literal
    "pairs": (("pairs",), "pairs"),  # a literal list of (name, value)
    "concat": (("parts",), "text"),  # refs and literals, one after the other
    "ensure_prefix": (("text", "str"), "text"),  # prepend the prefix unless already there
    "strip_suffix_once": (("text", "str"), "text"),  # drop one suffix, never the whole text
    "strip": (("text",), "text"),  # Python's str.strip(): Unicode whitespace at both ends
    "lower": (("text",), "text"),  # Python's str.lower()
    "upper": (("text",), "text"),  # Python's str.upper()
    "drop_name": (("pairs", "str"), "pairs"),  # remove every pair with exactly this name
    "last_wins": (("pairs",), "pairs"),  # a dict: first position, last value per name
    "unique_pairs": (("pairs",), "pairs"),  # identical pairs kept once, first position
    "lower_names": (("pairs",), "pairs"),  # names lower-cased (Python's str.lower())
    "trim_values": (("pairs",), "pairs"),  # values stripped, inner whitespace runs one space
    "encode_pairs": (("pairs", "str"), "pairs"),  # names and values percent-encoded (RULES)
    "sort_pairs": (("pairs", "str"), "pairs"),  # stable, by SORTS, comparing code points
    "render_pairs": (("pairs", "str", "str", "str"), "text"),  # between, separator, terminator
    "hash": (("str", "text", "str"), "text"),  # algorithm, text (UTF-8), hex or base64
    "secret_key": (("str", "str"), "bytes"),  # SIGSCOPE_SECRET less a prefix, decoded
    "env": (("str",), "text"),  # another secret, from this environment variable ("" unset)
    "percent_encode": (("text", "str"), "text"),  # the text percent-encoded (RULES)
    "percent_encode_bytes": (("bytes", "str"), "text"),  # the same, of bytes
    "utf8": (("text",), "bytes"),  # the text's UTF-8 bytes (a key built as text)
    "prefix_bytes": (("str", "bytes"), "bytes"),  # the text's UTF-8 bytes, then the bytes
    "hmac": (("str", "bytes", "text"), "bytes"),  # algorithm, key, message (UTF-8)
    "encode": (("bytes", "str"), "text"),  # ENCODINGS
}

#: The hash algorithms programs use, and the encodings a digest is written in.
HASHES = ("sha1", "sha256", "sha384", "sha512", "md5")
ENCODINGS = ("hex", "hex_upper", "base64", "base64url")
SECRET_ENCODINGS = ("text", "base64", "hex")
#: Percent-encoding rules: RFC 3986 keeps only ``A-Z a-z 0-9 - _ . ~`` (space is ``%20``);
#: ``form`` is the same with space as ``+`` (Python's ``quote``/``quote_plus``).
RULES = ("rfc3986", "form")
#: Sort orders: by name; by name then value; by the lower-cased name. All stable.
SORTS = ("name", "name_value", "name_insensitive")

#: The variable the programs read the secret from: it is never written into a program.
SECRET_VARIABLE = "SIGSCOPE_SECRET"  # noqa: S105 - a name, not a secret


def variable_for(secret_input: str) -> str:
    """The environment variable a program reads a scheme's second secret from (an
    ``Input(..., secret=True)``): ``token_secret`` is ``SIGSCOPE_TOKEN_SECRET``."""
    return f"SIGSCOPE_{secret_input.upper()}"


def input_for(variable: str) -> str | None:
    """The secret input an environment variable holds (``None``: the main secret)."""
    if variable == SECRET_VARIABLE:
        return None
    return variable.removeprefix("SIGSCOPE_").lower()


@dataclass(frozen=True)
class Ref:
    """A value made by an earlier operation, by its variable name."""

    name: str


@dataclass(frozen=True)
class Lit:
    """Fixed text written into the program (a separator, a prefix)."""

    text: str


Part = Ref | Lit
Arg = Ref | str | Pairs | tuple[Part, ...]


@dataclass(frozen=True)
class Op:
    """``name = kind(args)``, in the trace step ``step``."""

    name: str
    kind: str
    args: tuple[Arg, ...]
    step: str

    @property
    def makes(self) -> str:
        return OPS[self.kind][1]

    def ref(self, index: int) -> str:
        """The name of the value argument ``index`` reads."""
        arg = self.args[index]
        if not isinstance(arg, Ref):
            raise TypeError(f"{self.kind} argument {index} is not a value")
        return arg.name

    def parts(self) -> tuple[Part, ...]:
        """A ``concat``'s pieces."""
        arg = self.args[0]
        if not isinstance(arg, tuple) or not all(isinstance(p, Ref | Lit) for p in arg):
            raise TypeError(f"{self.kind} has no parts")
        return arg  # type: ignore[return-value]

    def refs(self) -> tuple[str, ...]:
        """The names of the values this operation reads."""
        found: list[str] = []
        for arg in self.args:
            if isinstance(arg, Ref):
                found.append(arg.name)
            elif isinstance(arg, tuple):
                found.extend(part.name for part in arg if isinstance(part, Ref))
        return tuple(found)


@dataclass(frozen=True)
class Program:
    """A scheme's signing program for one request: the operations, the value printed (the
    signature as it travels), and each step's title by id for the comments."""

    scheme: str
    ops: tuple[Op, ...]
    result: str
    titles: tuple[tuple[str, str], ...]

    def title(self, step: str) -> str:
        return next((title for given, title in self.titles if given == step), step)

    def uses(self, kind: str) -> bool:
        return any(op.kind == kind for op in self.ops)

    def used(self) -> frozenset[str]:
        return frozenset(op.kind for op in self.ops)

    @property
    def variables(self) -> tuple[str, ...]:
        """The environment variables the program reads its secrets from, in order."""
        found = [
            SECRET_VARIABLE if op.kind == "secret_key" else str(op.args[0])
            for op in self.ops
            if op.kind in ("secret_key", "env")
        ]
        return tuple(dict.fromkeys(found))


@dataclass
class Builder:
    """Writes a program one operation at a time: each method adds one and returns its value.

    ``step`` sets the trace step the next operations belong to. Names are made unique
    (``path``, ``path2``), so a language that forbids redeclaring a variable is served too.
    """

    scheme: str
    step: str = ""
    _ops: list[Op] = field(default_factory=list)
    _names: dict[str, int] = field(default_factory=dict)

    def _add(self, hint: str, kind: str, *args: Arg) -> Ref:
        if hint.lower() in RESERVED:
            hint += "_value"
        count = self._names.get(hint, 0) + 1
        self._names[hint] = count
        name = hint if count == 1 else f"{hint}{count}"
        self._ops.append(Op(name, kind, args, self.step))
        return Ref(name)

    def text(self, hint: str, value: str) -> Ref:
        return self._add(hint, "text", value)

    def pairs(self, hint: str, value: Pairs) -> Ref:
        return self._add(hint, "pairs", tuple(value))

    def concat(self, hint: str, *parts: Part | str) -> Ref:
        given = tuple(Lit(part) if isinstance(part, str) else part for part in parts)
        return self._add(hint, "concat", given)

    def join(self, hint: str, separator: str, values: list[Ref]) -> Ref:
        parts: list[Part | str] = []
        for index, value in enumerate(values):
            parts.extend([separator, value] if index else [value])
        return self.concat(hint, *parts)

    def ensure_prefix(self, hint: str, value: Ref, prefix: str) -> Ref:
        return self._add(hint, "ensure_prefix", value, prefix)

    def strip_suffix_once(self, hint: str, value: Ref, suffix: str) -> Ref:
        return self._add(hint, "strip_suffix_once", value, suffix)

    def strip(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "strip", value)

    def drop_name(self, hint: str, value: Ref, name: str) -> Ref:
        return self._add(hint, "drop_name", value, name)

    def last_wins(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "last_wins", value)

    def sort_pairs(self, hint: str, value: Ref, key: str = "name") -> Ref:
        return self._add(hint, "sort_pairs", value, key)

    def lower(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "lower", value)

    def upper(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "upper", value)

    def unique_pairs(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "unique_pairs", value)

    def lower_names(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "lower_names", value)

    def trim_values(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "trim_values", value)

    def encode_pairs(self, hint: str, value: Ref, rule: str) -> Ref:
        return self._add(hint, "encode_pairs", value, rule)

    def hash(self, hint: str, algorithm: str, value: Ref, form: str) -> Ref:
        return self._add(hint, "hash", algorithm, value, form)

    def render_pairs(
        self, hint: str, value: Ref, between: str, separator: str, terminator: str = ""
    ) -> Ref:
        return self._add(hint, "render_pairs", value, between, separator, terminator)

    def secret_key(self, encoding: str = "text", prefix: str = "") -> Ref:
        return self._add("key", "secret_key", encoding, prefix)

    def env(self, hint: str, variable: str) -> Ref:
        return self._add(hint, "env", variable)

    def percent_encode(self, hint: str, value: Ref, rule: str = "rfc3986") -> Ref:
        return self._add(hint, "percent_encode", value, rule)

    def percent_encode_bytes(self, hint: str, value: Ref, rule: str = "rfc3986") -> Ref:
        return self._add(hint, "percent_encode_bytes", value, rule)

    def prefix_bytes(self, hint: str, prefix: str, value: Ref) -> Ref:
        return self._add(hint, "prefix_bytes", prefix, value)

    def utf8(self, hint: str, value: Ref) -> Ref:
        return self._add(hint, "utf8", value)

    def hmac(self, algorithm: str, key: Ref, message: Ref) -> Ref:
        return self._add("digest", "hmac", algorithm, key, message)

    def encode(self, hint: str, digest: Ref, form: str) -> Ref:
        return self._add(hint, "encode", digest, form)

    def build(self, result: Ref, titles: tuple[tuple[str, str], ...]) -> Program:
        return Program(self.scheme, tuple(self._ops), result.name, titles)
