"""The API's fields, each declared once: its type, its limits and its JSON Schema, for pydantic.

A scheme's ``Input`` (``app/core/schemes/declare.py``) says what kind of value it is; this
module turns each kind into a pydantic field. Validation and the OpenAPI document both read
the result, so they cannot disagree. What JSON Schema cannot say (a header name that is no
HTTP token, a lone UTF-16 surrogate) is checked here too and documented in the field's
``description``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
)

from app.core.errors import InputError, excerpt
from app.core.request import Pairs
from app.core.schemes.declare import BODY, Input

# RFC 9110 §5.6.2: token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
# "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
HTTP_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: Beyond this a JavaScript client could not have produced the number.
MAX_EPOCH = 2**53


@dataclass(frozen=True)
class Limits:
    """How much one request may hold; the web layer passes them in from its settings.

    They bound the work one request causes: the mistake lens signs the request once per
    mistake, header and param, so its cost grows with each of these. Exceeding one is a 413.
    The generated schema states them (``maxItems``, ``maxLength``) as this server sets them.
    """

    headers: int = 100
    params: int = 100
    line_length: int = 8192


DEFAULT_LIMITS = Limits()

#: Which ``Limits`` field bounds how many pairs a field holds, and the setting that sets it.
PAIR_LIMITS = {"headers": ("headers", "MAX_HEADERS"), "params": ("params", "MAX_PARAMS")}


def kind_of(value: object) -> str:
    """What a JSON value is, in words, for a message."""
    names = {
        bool: "a boolean",
        str: "a string",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }
    return names.get(type(value), "null" if value is None else type(value).__name__)


def shown(value: object) -> str:
    """A value quoted in a message: a string's excerpt in quotes, else what kind it is."""
    return repr(excerpt(value)) if isinstance(value, str) else kind_of(value)


def encodable(name: str, value: str) -> str:
    """``value``, or an ``InputError`` naming the lone UTF-16 surrogate it holds (and its line,
    in a text of several)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        line = value.count("\n", 0, error.start) + 1
        where = f" on line {line}" if "\n" in value else ""
        raise InputError(
            name,
            f"`{name}` contains a lone UTF-16 surrogate{where}, which is not valid Unicode text.",
        ) from None
    return value


def too_long(field: str, what: str, text: str, limits: Limits) -> InputError:
    return InputError(
        field,
        f"{what} is {len(text)} characters long: at most {limits.line_length} are "
        "accepted (the MAX_LINE_LENGTH setting).",
        413,
    )


def check_length(field: str, what: str, text: object, limits: Limits) -> None:
    """Refuse, with a 413 naming the setting, a text longer than ``limits.line_length``."""
    if isinstance(text, str) and len(text) > limits.line_length:
        raise too_long(field, what, text, limits)


def integral(value: object) -> object:
    """JSON Schema counts ``766124.0`` an integer: so does the API."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_EPOCH:
        return int(value)
    return value


# --- pairs: headers and params ------------------------------------------------------------


def _scalar(name: str, value: object) -> str:
    """A header or param value: a string, or an integer written in decimal."""
    if isinstance(value, str):
        return encodable(name, value)
    # The schema says integer, unbounded: a whole float of any size is one (not only epochs).
    whole = int(value) if isinstance(value, float) and value.is_integer() else value
    if isinstance(whole, int) and not isinstance(whole, bool):
        return str(whole)
    raise InputError(
        name,
        f'`{name}` values must be strings (write "10", not 1.5 or true), found {kind_of(value)}.',
    )


def parse_pairs(name: str, value: object) -> Pairs:
    """Accept ``{"name": "value"}`` or ``[["name", "value"], ...]`` (duplicates kept)."""
    if value is None:
        return ()
    items: list[tuple[object, object]]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            if not (isinstance(item, list) and len(item) == 2):
                raise InputError(
                    name,
                    f'`{name}[{index}]` must be a [name, value] pair, like ["Accept", "*/*"].',
                )
            items.append((item[0], item[1]))
    else:
        raise InputError(
            name,
            f'`{name}` must be an object ({{"name": "value"}}) or a list of '
            f"[name, value] pairs, not {kind_of(value)}.",
        )
    pairs = []
    for key, item in items:
        if not isinstance(key, str):
            raise InputError(name, f"`{name}` names must be strings, found {kind_of(key)}.")
        pairs.append((encodable(name, key), _scalar(name, item)))
    return tuple(pairs)


def check_header(name: str, value: str) -> None:
    if not HTTP_TOKEN.fullmatch(name):
        quoted = excerpt(name).encode("unicode_escape").decode("ascii")
        raise InputError(
            "headers",
            f"Header name `{quoted}` is not valid: a name is letters, digits and "
            "!#$%&'*+-.^_`|~ only, with no colon, space or newline "
            '(write ["X-Nonce", "abc"], not ["X-Nonce:", "abc"]).',
        )
    if "\r" in value or "\n" in value or "\0" in value:
        raise InputError(
            "headers",
            f"The value of header `{excerpt(name)}` contains a line break or NUL, "
            "which cannot be sent in HTTP/1.1.",
        )


def _pairs_validator(name: str, limits: Limits) -> Callable[[object], Pairs]:
    bound, setting = PAIR_LIMITS.get(name, ("", ""))
    most = getattr(limits, bound) if bound else None

    def validate(value: object) -> Pairs:
        pairs = parse_pairs(name, value)
        if most is not None and len(pairs) > most:
            raise InputError(
                name,
                f"Too many {name}: {len(pairs)} given, at most {most} are accepted "
                f"(the {setting} setting).",
                413,
            )
        for index, (key, item) in enumerate(pairs):
            check_length(name, f"The name of `{name}[{index}]`", key, limits)
            check_length(name, f"The value of `{name}[{index}]`", item, limits)
        if name == "headers":
            for key, item in pairs:
                check_header(key, item)
        return pairs

    return validate


def _pairs_schema(name: str, help: str, limits: Limits) -> dict[str, Any]:
    bound, setting = PAIR_LIMITS.get(name, ("", ""))
    count = {"maxItems": getattr(limits, bound)} if bound else {}
    line: dict[str, Any] = {"type": "string", "maxLength": limits.line_length}
    key, text = line, line
    if name == "headers":
        key = {**line, "pattern": f"^{HTTP_TOKEN.pattern}$"}
        text = {**line, "pattern": "^[^\\r\\n\\x00]*$"}
    value = {"anyOf": [text, {"type": "integer"}]}
    header_rule = (
        " Header names are HTTP tokens (no colon, space or newline); values hold no CR, LF or NUL."
        if name == "headers"
        else ""
    )
    return {
        "description": f'{help} Either {{"name": "value"}} or [["name", "value"], ...]; '
        "the list form keeps order and duplicates. Values are strings; integers are accepted. "
        f"At most {count.get('maxItems', 'any number of')} pairs"
        f"{setting and f' ({setting})'}, each name and value at most "
        f"{limits.line_length} characters (MAX_LINE_LENGTH)." + header_rule,
        "anyOf": [
            {
                "type": "object",
                "propertyNames": key,
                "additionalProperties": value,
                **_max_props(count),
            },
            {
                "type": "array",
                "items": {
                    "type": "array",
                    "prefixItems": [key, value],
                    "minItems": 2,
                    "maxItems": 2,
                },
                **count,
            },
            {"type": "null"},
        ],
    }


def _max_props(count: dict[str, int]) -> dict[str, int]:
    return {"maxProperties": count["maxItems"]} if count else {}


# --- one pydantic field per declared input ------------------------------------------------


def _utf8(value: str, info: ValidationInfo) -> str:
    return encodable(info.field_name or "", value)


def text_type(limits: Limits | None, **constraints: Any) -> Any:
    """A string UTF-8 can carry (JSON can write a lone UTF-16 surrogate, ``"\\ud800"``; no
    text holds one), at most ``limits.line_length`` characters when ``limits`` are given."""
    if limits is not None:
        constraints.setdefault("max_length", limits.line_length)
    return Annotated[str, Field(strict=True, **constraints), AfterValidator(_utf8)]


def input_field(
    given: Input, limits: Limits, *, bounded: bool = True, **constraints: Any
) -> tuple[Any, Any]:
    """``given`` as a pydantic ``(annotation, default)`` pair. Text is one line of at most
    ``MAX_LINE_LENGTH`` characters, except the body and what is not ``bounded``."""
    line = limits if bounded and given is not BODY else None
    described = given.help
    if given.kind == "pairs":
        annotation: Any = Annotated[
            Pairs,
            PlainValidator(_pairs_validator(given.name, limits)),
            WithJsonSchema(_pairs_schema(given.name, given.help, limits)),
        ]
        return annotation, Field(default=(), description=described)
    if given.kind == "choice":
        choice: Any = Literal[given.choices]
        return choice | None, Field(given.default, description=described)
    if given.kind == "text":
        if given.required:
            return text_type(line, min_length=1, **constraints), Field(description=described)
        default = given.default if isinstance(given.default, str) else ""
        return text_type(line, **constraints) | None, Field(default, description=described)
    low, high = (-MAX_EPOCH, MAX_EPOCH) if given.kind == "epoch" else (given.minimum, given.maximum)
    number: Any = Annotated[int, Field(strict=True, ge=low, le=high)]
    if given.required:
        return Annotated[number, BeforeValidator(integral)], Field(description=described)
    nullable = given.nullable or given.default is None
    annotation = Annotated[number | None if nullable else number, BeforeValidator(integral)]
    return annotation, Field(given.default, description=described)
