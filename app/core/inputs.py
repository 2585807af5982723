"""Turn untrusted JSON-shaped input into a scheme and a recipe, or a precise ``InputError``.

The page's form and the JSON API both end here, so they accept and reject the same things.
Every rejection names the field and says how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.errors import InputError, excerpt
from app.core.recipe import Recipe
from app.core.request import Pairs, SignRequest
from app.core.schemes import SCHEMES
from app.core.schemes.apiaxle import DEFAULT_WINDOW
from app.core.schemes.base import Scheme

SIGN_FIELDS = (
    "scheme",
    "variant",
    "method",
    "path",
    "headers",
    "params",
    "body",
    "api_key",
    "secret",
    "timestamp",
    "server_time",
    "window",
)

# RFC 9110 §5.6.2: token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
# "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
HTTP_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_MAX_EPOCH = 2**53  # beyond this a JavaScript client could not have produced the number
_MAX_WINDOW = 86_400


@dataclass(frozen=True)
class Limits:
    """How much one request may hold; the web layer passes them in from its settings.

    They bound the work one request causes: the mistake lens signs the request once per
    mistake, header and param, so its cost grows with each of these. Exceeding one is a 413.
    """

    headers: int = 100
    params: int = 100
    line_length: int = 8192


DEFAULT_LIMITS = Limits()

#: The text fields bounded by ``Limits.line_length``; the body is bounded by the request size.
_LINE_FIELDS = ("method", "path", "api_key", "secret")


@dataclass(frozen=True)
class SignInput:
    scheme: Scheme
    recipe: Recipe
    server_time: int | None
    window: int | None
    #: The caller's ``extra_fields`` as given (present ones only), for it to check and use.
    extra: Mapping[str, object]

    @property
    def context(self) -> Mapping[str, object]:
        """The server-side values the scheme's verdict and the diagnosis read."""
        return {"server_time": self.server_time, "window": self.window}


def text_field(data: Mapping[str, object], name: str, default: str = "") -> str:
    """An optional string field that UTF-8 can carry (``null`` is the default)."""
    value = data.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise InputError(name, f"`{name}` must be a string, not {_kind(value)}.")
    _encodable(name, value)
    return value


def _encodable(name: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            name, f"`{name}` contains a lone UTF-16 surrogate, which is not valid Unicode text."
        ) from None


def _kind(value: object) -> str:
    names = {
        bool: "a boolean",
        str: "a string",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _shown(value: object) -> str:
    """A value quoted in a message: a string's excerpt in quotes, else what kind it is."""
    return repr(excerpt(value)) if isinstance(value, str) else _kind(value)


def _scalar(name: str, value: object) -> str:
    """A header or param value: a string, or an integer written in decimal."""
    if isinstance(value, str):
        _encodable(name, value)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(
        name,
        f'`{name}` values must be strings (write "10", not 10.0 or true), found {_kind(value)}.',
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
            f"[name, value] pairs, not {_kind(value)}.",
        )
    pairs = []
    for key, item in items:
        if not isinstance(key, str):
            raise InputError(name, f"`{name}` names must be strings, found {_kind(key)}.")
        _encodable(name, key)
        pairs.append((key, _scalar(name, item)))
    return tuple(pairs)


def check_limits(data: Mapping[str, object], headers: Pairs, params: Pairs, limits: Limits) -> None:
    """Refuse, with a 413 naming the field and the setting, a request over ``limits``."""
    for field, pairs, most, setting in (
        ("headers", headers, limits.headers, "MAX_HEADERS"),
        ("params", params, limits.params, "MAX_PARAMS"),
    ):
        if len(pairs) > most:
            raise InputError(
                field,
                f"Too many {field}: {len(pairs)} given, at most {most} are accepted "
                f"(the {setting} setting).",
                413,
            )
    for field in _LINE_FIELDS:
        check_length(field, f"`{field}`", data.get(field), limits)
    for field, pairs in (("headers", headers), ("params", params)):
        for index, (name, value) in enumerate(pairs):
            check_length(field, f"The name of `{field}[{index}]`", name, limits)
            check_length(field, f"The value of `{field}[{index}]`", value, limits)


def check_length(field: str, what: str, text: object, limits: Limits) -> None:
    """Refuse, with a 413 naming the setting, a text longer than ``limits.line_length``."""
    if isinstance(text, str) and len(text) > limits.line_length:
        raise InputError(
            field,
            f"{what} is {len(text)} characters long: at most {limits.line_length} are "
            "accepted (the MAX_LINE_LENGTH setting).",
            413,
        )


def check_header(name: str, value: str) -> None:
    if not HTTP_TOKEN.fullmatch(name):
        shown = excerpt(name).encode("unicode_escape").decode("ascii")
        raise InputError(
            "headers",
            f"Header name `{shown}` is not valid: a name is letters, digits and "
            "!#$%&'*+-.^_`|~ only, with no colon, space or newline "
            '(write ["X-Nonce", "abc"], not ["X-Nonce:", "abc"]).',
        )
    if "\r" in value or "\n" in value or "\0" in value:
        raise InputError(
            "headers",
            f"The value of header `{excerpt(name)}` contains a line break or NUL, "
            "which cannot be sent in HTTP/1.1.",
        )


def epoch_field(data: Mapping[str, object], name: str, *, required: bool) -> int | None:
    """A whole number of epoch seconds, within what a JavaScript client can write."""
    value = data.get(name)
    if value is None:
        if required:
            raise InputError(name, f"`{name}` is required: the epoch in whole seconds.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(
            name,
            f"`{name}` must be a whole number of seconds, like 1700000000, not {_kind(value)}.",
        )
    if abs(value) > _MAX_EPOCH:
        raise InputError(name, f"`{name}` is out of range: at most {_MAX_EPOCH} in magnitude.")
    return value


def boolean_field(data: Mapping[str, object], name: str, *, default: bool) -> bool:
    """An optional ``true``/``false`` field (``null`` is the default)."""
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InputError(name, f"`{name}` must be true or false, not {_kind(value)}.")
    return value


def window_field(data: Mapping[str, object]) -> int | None:
    """ApiAxle's ``window`` setting: absent is the default, ``null`` is no setting."""
    if "window" not in data:
        return DEFAULT_WINDOW
    value = data["window"]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_WINDOW:
        raise InputError(
            "window",
            f"`window` must be a whole number from 0 to {_MAX_WINDOW} "
            "(seconds either way), or null for an API with no setting.",
        )
    return value


def resolve_scheme(data: Mapping[str, object]) -> tuple[Scheme, str]:
    known = ", ".join(SCHEMES)
    name = data.get("scheme")
    if name is None:
        raise InputError("scheme", f"`scheme` is required: one of {known}.")
    if not isinstance(name, str) or name not in SCHEMES:
        raise InputError("scheme", f"Unknown scheme {_shown(name)}: use one of {known}.")
    scheme = SCHEMES[name]
    variant = data.get("variant")
    if variant is None or (variant == "" and not scheme.variants):
        return scheme, scheme.default_variant
    if variant not in scheme.variant_ids():
        choices = ", ".join(scheme.variant_ids()) or "none (leave it out)"
        raise InputError(
            "variant", f"Unknown variant {_shown(variant)} for {scheme.title}: use {choices}."
        )
    return scheme, str(variant)


def json_object(data: object, allowed: tuple[str, ...]) -> Mapping[str, object]:
    """``data`` as a JSON object holding only ``allowed`` fields, or an error naming the first
    field that is not (a typo like ``secret_key`` would otherwise be silently ignored)."""
    if not isinstance(data, dict):
        raise InputError(None, f"Send a JSON object, not {_kind(data)}.")
    for name in data:
        if name not in allowed:
            raise InputError(
                str(name),
                f"Unknown field `{excerpt(str(name))}`: the fields are {', '.join(allowed)}.",
            )
    return data


def parse_sign_input(
    data: object, extra_fields: tuple[str, ...] = (), limits: Limits = DEFAULT_LIMITS
) -> SignInput:
    """Validate a ``/api/v1/sign`` body (plus ``extra_fields`` a caller handles itself).

    ``limits`` come from the caller's settings; the defaults suit tests and library use.
    """
    data = json_object(data, SIGN_FIELDS + extra_fields)
    scheme, variant = resolve_scheme(data)
    method = text_field(data, "method", "GET")
    if not HTTP_TOKEN.fullmatch(method):
        raise InputError("method", "`method` must be an HTTP method name, like GET or POST.")
    path = text_field(data, "path")
    if any(char in path for char in "\r\n\0 "):
        raise InputError("path", "`path` cannot contain spaces, line breaks or NUL: encode them.")
    headers = parse_pairs("headers", data.get("headers"))
    params = parse_pairs("params", data.get("params"))
    check_limits(data, headers, params, limits)
    for name, value in headers:
        check_header(name, value)
    secret = text_field(data, "secret")
    if not secret:
        raise InputError("secret", "`secret` is required: the shared secret key to sign with.")
    declared = scheme.input("timestamp")
    timestamp = epoch_field(data, "timestamp", required=declared is not None and declared.required)
    server_time = epoch_field(data, "server_time", required=False)
    request = SignRequest(
        method=method,
        path=path,
        headers=headers,
        params=params,
        body=text_field(data, "body"),
        api_key=text_field(data, "api_key"),
        timestamp=timestamp,
    )
    recipe = Recipe(request, secret, scheme.algorithm, variant)
    window = window_field(data) if scheme.input("window") is not None else None
    extra = {name: data[name] for name in extra_fields if name in data}
    return SignInput(scheme, recipe, server_time, window, extra)
