"""Run a program here, in Python: the meaning every emitter's code must have. Pure.

The tests hold each scheme's program to the scheme's own signature with this (cheaply, for
every case), and the emitted programs to this and the official libraries by running them. The
shell emitter also uses it to work out the parts a one-liner cannot compute (a sort).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

from app.core.digest import decode_secret
from app.core.snippets.ir import SECRET_VARIABLE, Lit, Op, Program, Ref

Value = Any

#: What Python's ``str.strip()`` removes: every character ``str.isspace()`` accepts.
PY_WHITESPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())


def _part(values: dict[str, Value], part: Ref | Lit) -> str:
    return values[part.name] if isinstance(part, Ref) else part.text


def _strip_suffix_once(text: str, suffix: str) -> str:
    if text.endswith(suffix) and len(text) > len(suffix):
        return text[: -len(suffix)]
    return text


def _last_wins(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict(pairs).items())


_ENCODE: dict[str, Callable[[bytes], str]] = {
    "hex": bytes.hex,
    "hex_upper": lambda digest: digest.hex().upper(),
    "base64": lambda digest: base64.b64encode(digest).decode("ascii"),
    "base64url": lambda digest: base64.urlsafe_b64encode(digest).decode("ascii"),
}
_RULES: dict[str, Callable[[str | bytes], str]] = {
    "rfc3986": lambda text: quote(text, safe="-_.~"),
    "form": lambda text: quote_plus(text, safe="-_.~"),
}
_SORTS: dict[str, Callable[[tuple[str, str]], Any]] = {
    "name": lambda pair: pair[0],
    "name_value": lambda pair: pair,
    "name_insensitive": lambda pair: pair[0].lower(),
}
_RUNS = re.compile(r"\s+")


def _secret(secret: str, encoding: str, prefix: str) -> bytes:
    if prefix and secret.startswith(prefix):
        secret = secret[len(prefix) :]
    return decode_secret(secret, encoding)


def _render(pairs: list[tuple[str, str]], between: str, separator: str, end: str) -> str:
    return separator.join(f"{name}{between}{value}{end}" for name, value in pairs)


#: Each operation's meaning, given its arguments with value references resolved.
_MEANING: dict[str, Callable[..., Value]] = {
    "text": lambda value: value,
    "pairs": lambda value: list(value),
    "ensure_prefix": lambda text, prefix: text if text.startswith(prefix) else prefix + text,
    "strip_suffix_once": _strip_suffix_once,
    "strip": str.strip,
    "drop_name": lambda pairs, name: [pair for pair in pairs if pair[0] != name],
    "last_wins": _last_wins,
    "sort_pairs": lambda pairs, key: sorted(pairs, key=_SORTS[key]),
    "lower": str.lower,
    "upper": str.upper,
    "unique_pairs": lambda pairs: list(dict.fromkeys(pairs)),
    "lower_names": lambda pairs: [(name.lower(), value) for name, value in pairs],
    "trim_values": lambda pairs: [(n, _RUNS.sub(" ", v.strip())) for n, v in pairs],
    "percent_encode": lambda text, rule: _RULES[rule](text),
    "percent_encode_bytes": lambda data, rule: _RULES[rule](data),
    "utf8": lambda text: text.encode("utf-8"),
    "prefix_bytes": lambda prefix, data: prefix.encode("utf-8") + data,
    "encode_pairs": lambda pairs, rule: [(_RULES[rule](n), _RULES[rule](v)) for n, v in pairs],
    "hash": lambda algorithm, text, form: _ENCODE[form](
        hashlib.new(algorithm, text.encode("utf-8")).digest()
    ),
    "render_pairs": _render,
    "hmac": lambda algorithm, key, text: hmac.digest(key, text.encode("utf-8"), algorithm),
    "encode": lambda digest, form: _ENCODE[form](digest),
}


def _run(op: Op, values: dict[str, Value], secret: str) -> Value:
    if op.kind == "concat":
        return "".join(_part(values, part) for part in op.parts())
    if op.kind == "secret_key":
        return _secret(secret, str(op.args[0]), str(op.args[1]))
    args: list[Any] = [values[arg.name] if isinstance(arg, Ref) else arg for arg in op.args]
    return _MEANING[op.kind](*args)


Environment = Mapping[str, str]


def evaluate(program: Program, secret: str | Environment) -> dict[str, Value]:
    """Every value the program makes, by name, for ``secret`` (as the environment holds it;
    or the whole environment, for a program that reads more than one secret)."""
    env = {SECRET_VARIABLE: secret} if isinstance(secret, str) else secret
    values: dict[str, Value] = {}
    for op in program.ops:
        if op.kind == "env":
            values[op.name] = env.get(str(op.args[0]), "")
        else:
            values[op.name] = _run(op, values, env.get(SECRET_VARIABLE, ""))
    return values


def output(program: Program, secret: str | Environment) -> str:
    """What the program prints: its result."""
    result: str = evaluate(program, secret)[program.result]
    return result
