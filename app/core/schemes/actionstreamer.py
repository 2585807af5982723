"""ActionStreamer: HMAC-SHA256 over a canonical request, in two variants.

``tutorial`` is the string the published tutorial's code builds (the ActionStreamer seed)::

    "\\n".join([method, normalize_path(path), dict_string(headers), dict_string(params),
               body or ""])
    dict_string(d) = "\\n".join(f"{k}: {d[k]}" for k in sorted(d))

``sdk`` is what the published Python SDK really signs (SCHEMES.md §1b): every entry ends with
its own newline, ``Content-Type`` is deleted first, and the whole string goes through
``str.strip()``. Both sort keys by code point and treat headers and params as dicts (a name
given twice keeps its last value).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlencode
from weakref import WeakKeyDictionary

from app.core.mistakes import Mistake, common_mistakes, single
from app.core.recipe import Recipe
from app.core.request import Pairs, SignRequest
from app.core.schemes import actionstreamer_layout
from app.core.schemes.base import Scheme, SignedHeaders, Variant
from app.core.schemes.declare import (
    API_KEY,
    BODY,
    HEADERS,
    METHOD,
    PARAMS,
    PATH,
    SECRET,
    Location,
    Transport,
)
from app.core.trace import Step, join_notes

TUTORIAL = "tutorial"
SDK = "sdk"

#: The SDK deletes exactly this header name (case-sensitive) before signing.
SDK_DROPPED_HEADER = "Content-Type"

SortKey = Callable[[str], str]


def normalize_path(path: str, *, add_leading: bool = True, strip_trailing: bool = True) -> str:
    """The seed's ``normalize_path``: prepend ``/`` if missing, strip ONE trailing ``/``."""
    if add_leading and not path.startswith("/"):
        path = "/" + path
    if strip_trailing and path.endswith("/") and len(path) > 1:
        path = path[:-1]
    return path


def _path_notes(raw: str, normalized: str, recipe: Recipe) -> str | None:
    notes = []
    added = not raw.startswith("/") and normalized.startswith("/")
    if added:
        notes.append("leading `/` added")
    if len(normalized) == len(raw) + added - 1:
        notes.append("one trailing `/` stripped")
    if normalized.endswith("/") and len(normalized) > 1:
        if "keep_trailing_slash" in recipe.flags:
            notes.append("trailing `/` kept")
        else:
            notes.append("only ONE trailing `/` is stripped: the path still ends with `/`")
    if "?" in raw:
        notes.append("the path contains `?`: the query string is signed as part of the path")
    return join_notes(*notes)


def dict_string(pairs: Pairs, *, sdk: bool, sort: SortKey | None) -> str:
    """The seed's ``build_dictionary_string`` (tutorial) or the SDK's per-line variant."""
    values = dict(pairs)
    keys = sorted(values, key=sort) if sort else list(values)
    if sdk:
        return "".join(f"{key}: {values[key]}\n" for key in keys)
    return "\n".join(f"{key}: {values[key]}" for key in keys)


def _sort_key(recipe: Recipe, unsorted_flag: str) -> SortKey | None:
    if unsorted_flag in recipe.flags:
        return None
    return str.lower if "case_insensitive_sort" in recipe.flags else str


def _section_notes(kind: str, pairs: Pairs, sort: SortKey | None, sdk: bool) -> str | None:
    notes = []
    counts = Counter(name for name, _ in pairs)
    for name, count in counts.items():
        if count > 1:
            notes.append(f"`{name}` given {count} times: only its last value is signed")
    unique = list(counts)
    if sort is str:
        by_code_point = sorted(unique)
        by_case = sorted(unique, key=str.lower)
        if by_code_point != by_case:
            first, second = next(
                (a, b) for a, b in zip(by_code_point, by_case, strict=True) if a != b
            )
            notes.append(
                f"keys sorted by code point: upper-case first, `{first}` before `{second}`"
            )
        elif by_code_point != unique:
            notes.append("keys sorted by code point")
    elif sort is None and len(unique) > 1:
        notes.append("keys left in sent order, not sorted")
    elif sort is not None:
        notes.append("keys sorted case-insensitively")
    if not pairs:
        notes.append(
            f"no {kind}: an empty line is still signed"
            if not sdk
            else f"no {kind}: nothing is signed for them"
        )
    return join_notes(*notes)


def _pair_lines(pairs: Pairs, separator: str) -> str:
    return "\n".join(f"{name}{separator}{value}" for name, value in pairs)


@dataclass(frozen=True)
class _Sections:
    """The five parts a recipe signs, and the string they make (before and after the SDK's
    strip). ``canonicalize`` and ``string_to_sign`` both read this, so they cannot disagree."""

    headers: Pairs
    dropped_content_type: bool
    method: str
    path: str
    header_sort: SortKey | None
    param_sort: SortKey | None
    header_string: str
    param_string: str
    body: str
    joined: str
    final: str

    @property
    def parts(self) -> tuple[str, str, str, str, str]:
        return (self.method, self.path, self.header_string, self.param_string, self.body)


def _sections(recipe: Recipe) -> _Sections:
    request, flags = recipe.request, recipe.flags
    sdk = recipe.variant == SDK
    headers = request.headers
    dropped = sdk and any(name == SDK_DROPPED_HEADER for name, _ in headers)
    if dropped:
        headers = tuple(pair for pair in headers if pair[0] != SDK_DROPPED_HEADER)
    if "lowercase_header_names" in flags:
        headers = tuple((name.lower(), value) for name, value in headers)
    path = normalize_path(
        request.path,
        add_leading="no_leading_slash" not in flags,
        strip_trailing="keep_trailing_slash" not in flags,
    )
    header_sort = _sort_key(recipe, "headers_unsorted")
    param_sort = _sort_key(recipe, "params_unsorted")
    header_string = dict_string(headers, sdk=sdk, sort=header_sort)
    param_string = dict_string(request.params, sdk=sdk, sort=param_sort)
    body = request.body or ""
    joined = "\n".join((request.method, path, header_string, param_string, body))
    return _Sections(
        headers,
        dropped,
        request.method,
        path,
        header_sort,
        param_sort,
        header_string,
        param_string,
        body,
        joined,
        joined.strip() if sdk else joined,
    )


def string_to_sign(recipe: Recipe) -> str:
    """The string to sign alone: what the lens and the diagnosis need, many times over."""
    return _sections(recipe).final


def canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    sdk = recipe.variant == SDK
    built = _sections(recipe)
    method = built.method
    method_note = None
    if method != method.upper():
        method_note = f"signed as typed; HTTP clients send it upper-cased (`{method.upper()}`)"
    dropped_note = (
        "`Content-Type` removed by the SDK before signing (and so never sent)"
        if built.dropped_content_type
        else None
    )
    steps = [
        Step("method", "Method", request.method, method, method_note),
        Step(
            "normalize_path",
            "Normalize the path",
            request.path,
            built.path,
            _path_notes(request.path, built.path, recipe),
        ),
        Step(
            "header_string",
            "Headers, sorted",
            _pair_lines(request.headers, ": "),
            built.header_string,
            join_notes(
                dropped_note, _section_notes("headers", built.headers, built.header_sort, sdk)
            ),
        ),
        Step(
            "param_string",
            "Query parameters, sorted",
            _pair_lines(request.params, "="),
            built.param_string,
            join_notes(_section_notes("params", request.params, built.param_sort, sdk)),
        ),
        Step(
            "body",
            "Body",
            request.body,
            built.body,
            None if built.body else "no body: an empty string is signed",
        ),
        Step(
            "join",
            "Join the five parts with `\\n`",
            "\n".join(repr(part) for part in built.parts),
            built.joined,
            None,
        ),
    ]
    if sdk:
        removed = len(built.joined) - len(built.final)
        steps.append(
            Step(
                "strip",
                "Strip surrounding whitespace (`str.strip()`)",
                built.joined,
                built.final,
                f"{removed} whitespace character(s) removed from the ends" if removed else None,
            )
        )
    return steps


# --- mistakes specific to ActionStreamer -------------------------------------------------


def _path_with_query(recipe: Recipe) -> Recipe | None:
    request = recipe.request
    if not request.params:
        return None
    return recipe.with_request(path=f"{request.path}?{urlencode(request.params)}")


def _path_decoded(recipe: Recipe) -> Recipe | None:
    path = recipe.request.path
    return recipe.with_request(path=unquote(path)) if "%" in path else None


def _omit_each_param(recipe: Recipe) -> list[tuple[str, Recipe]]:
    params = recipe.request.params
    names = dict.fromkeys(name for name, _ in params)
    return [
        (name, recipe.with_request(params=tuple(p for p in params if p[0] != name)))
        for name in names
    ]


def _params_form_encoded(recipe: Recipe) -> Recipe | None:
    params = recipe.request.params
    if not params:
        return None
    encoded = tuple(tuple(item.split("=", 1)) for item in urlencode(params).split("&"))
    return recipe.with_request(params=encoded)


def _method_case(recipe: Recipe) -> Recipe:
    method = recipe.request.method
    flipped = method.lower() if method == method.upper() else method.upper()
    return recipe.with_request(method=flipped)


def _body(edit: Callable[[str], str | None]) -> Callable[[Recipe], Recipe | None]:
    def transform(recipe: Recipe) -> Recipe | None:
        body = edit(recipe.request.body)
        return None if body is None else recipe.with_request(body=body)

    return transform


def _to_crlf(body: str) -> str | None:
    return body.replace("\r\n", "\n").replace("\n", "\r\n") if "\n" in body else None


JsonStyle = tuple[object, tuple[str, str], bool]

#: Each request's body, parsed once for the four re-serialization mistakes. An entry goes
#: when its request does, so no body outlives the request that brought it.
_JSON_STYLES: WeakKeyDictionary[SignRequest, JsonStyle | None] = WeakKeyDictionary()


def _json_style(request: SignRequest) -> JsonStyle | None:
    """The request's JSON body, parsed, and the serializer settings that reproduce it."""
    try:
        return _JSON_STYLES[request]
    except KeyError:
        try:
            style = _detect_json_style(request.body)
        except RecursionError:  # nested deeper than Python reads: no JSON mistakes apply
            style = None
        _JSON_STYLES[request] = style
        return style


def _detect_json_style(body: str) -> JsonStyle | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    if not isinstance(value, dict | list):
        return None
    # Without non-ASCII text, raw or escaped, both ``ensure_ascii`` settings write the same.
    ascii_settings = (False, True) if "\\u" in body or not body.isascii() else (False,)
    for separators in ((",", ":"), (", ", ": ")):
        for ensure_ascii in ascii_settings:
            if json.dumps(value, separators=separators, ensure_ascii=ensure_ascii) == body:
                return value, separators, ensure_ascii
    return value, (",", ":"), False


#: What parsing and re-writing a body costs, per byte, against hashing it: ``json.dumps``
#: of a body of floats costs about 75 times, and the first ``json.loads`` more again.
JSON_COST = 96


def _reserialized(
    separators: tuple[str, str] | None = None,
    sort_keys: bool = False,
    ensure_ascii: bool | None = None,
) -> Callable[[Recipe], Recipe | None]:
    def transform(recipe: Recipe) -> Recipe | None:
        style = _json_style(recipe.request)
        if style is None:
            return None
        value, own_separators, own_ascii = style
        try:
            body = json.dumps(
                value,
                separators=separators or own_separators,
                sort_keys=sort_keys,
                ensure_ascii=own_ascii if ensure_ascii is None else ensure_ascii,
            )
        except RecursionError:  # read back, but nested too deep to write from here
            return None
        return recipe.with_request(body=body)

    return transform


def _other_variant(recipe: Recipe) -> Recipe:
    return recipe.with_(variant=TUTORIAL if recipe.variant == SDK else SDK)


def _flag(flag: str) -> Callable[[Recipe], Recipe]:
    return lambda recipe: recipe.with_flag(flag)


_SPECIFIC = (
    Mistake(
        "path_with_query",
        "normalize_path",
        "Query string signed as part of the path",
        "The client signed the URL's path with its `?query` attached; the server signs the "
        "bare path and the params separately.",
        single(_path_with_query),
    ),
    Mistake(
        "path_url_decoded",
        "normalize_path",
        "URL-decoded path signed",
        "The client signed the path after decoding `%XX` escapes; the server signs it as sent.",
        single(_path_decoded),
    ),
    Mistake(
        "no_leading_slash",
        "normalize_path",
        "Leading slash not added",
        "The path was signed without the `/` that normalization prepends.",
        single(_flag("no_leading_slash")),
    ),
    Mistake(
        "keep_trailing_slash",
        "normalize_path",
        "Trailing slash not stripped",
        "The path was signed with its trailing `/`, which normalization removes.",
        single(_flag("keep_trailing_slash")),
    ),
    Mistake(
        "method_case",
        "method",
        "Method case changed",
        "The method was signed in a different case from the one the server signs "
        "(HTTP clients upper-case it on the wire).",
        single(_method_case),
    ),
    Mistake(
        "headers_unsorted",
        "header_string",
        "Headers signed in sent order",
        "The headers were signed in the order they were added, not sorted by name.",
        single(_flag("headers_unsorted")),
    ),
    Mistake(
        "lowercase_header_names",
        "header_string",
        "Header names lower-cased",
        "A proxy or HTTP/2 lower-cased the header names, and the server signed those.",
        single(_flag("lowercase_header_names")),
    ),
    Mistake(
        "case_insensitive_sort",
        "header_string",
        "Keys sorted case-insensitively",
        "Keys were sorted ignoring case (or by locale) instead of by code point, so "
        "`alpha` came before `Zeta`.",
        single(_flag("case_insensitive_sort")),
    ),
    Mistake(
        "params_unsorted",
        "param_string",
        "Query parameters signed in sent order",
        "The params were signed in the order they appear in the URL, not sorted by name.",
        single(_flag("params_unsorted")),
    ),
    Mistake(
        "omit_param",
        "param_string",
        "Query parameter `{target}` left out",
        "The client signed the request without `{target}` but sent it.",
        _omit_each_param,
    ),
    Mistake(
        "params_form_encoded",
        "param_string",
        "Params signed URL-encoded",
        "The client signed the encoded values as they travel (`a+b%26c`) instead of the raw "
        "values (`a b&c`).",
        single(_params_form_encoded),
    ),
    Mistake(
        "body_trailing_newline_added",
        "body",
        "Trailing newline added to the body",
        "An editor, `echo` or a heredoc added a final newline to the body that was signed.",
        single(_body(lambda body: body + "\n")),
    ),
    Mistake(
        "body_trailing_newline_removed",
        "body",
        "Trailing newline removed from the body",
        "The body was signed without the final newline it was sent with.",
        single(_body(lambda body: body[:-1] if body.endswith("\n") else None)),
    ),
    Mistake(
        "body_crlf",
        "body",
        "Body signed with CRLF line endings",
        "Windows line endings, or a browser textarea (browsers submit CRLF), turned each "
        "`\\n` into `\\r\\n`.",
        single(_body(_to_crlf)),
    ),
    Mistake(
        "json_compact",
        "body",
        "JSON re-serialized compactly",
        "The body was parsed and re-serialized without spaces (`JSON.stringify`), by the "
        "client or by something in between, so the bytes hashed are not the bytes sent.",
        single(_reserialized(separators=(",", ":"))),
        cost=JSON_COST,
    ),
    Mistake(
        "json_spaced",
        "body",
        "JSON re-serialized with spaces",
        "The body was re-serialized with Python's default separators `, ` and `: `.",
        single(_reserialized(separators=(", ", ": "))),
        cost=JSON_COST,
    ),
    Mistake(
        "json_sorted_keys",
        "body",
        "JSON re-serialized with sorted keys",
        "The body was re-serialized with its object keys sorted.",
        single(_reserialized(sort_keys=True)),
        cost=JSON_COST,
    ),
    Mistake(
        "json_ascii_escaped",
        "body",
        "JSON re-serialized with non-ASCII escaped",
        "Non-ASCII characters were written as `\\uXXXX` escapes (Python's `json.dumps` "
        "default) in the body that was signed.",
        single(_reserialized(ensure_ascii=True)),
        cost=JSON_COST,
    ),
    Mistake(
        "other_variant",
        "join",
        "The other ActionStreamer variant",
        "The tutorial's code and the published SDK build different strings (blank lines "
        "between sections, `str.strip()`, `Content-Type` dropped): one side used the other.",
        single(_other_variant),
    ),
)

_SDK_SIGNS = "the SDK adds it and signs it (`send_signed_request`)"

#: The headers the SDK adds to every request before it signs (SCHEMES.md §1b); a request
#: carrying all four was sent by the SDK.
SDK_HEADERS = ("authorization", "x-accesskey", "x-nonce", "x-timestamp")
#: The same headers as the SDK sends them (``Variant.own_headers``).
SDK_OWN_HEADERS = (
    ("Authorization", "HMAC-SHA256 {api_key}"),
    ("X-AccessKey", "{api_key}"),
    ("X-Nonce", "{nonce}"),
    ("X-Timestamp", "{now}"),
)

_SIGNED_HEADERS = (
    SignedHeaders(
        TUTORIAL,
        (),
        True,
        "set by the client's own code: the tutorial signs the headers it is given",
    ),
    SignedHeaders(
        SDK,
        (
            *((name, True, _SDK_SIGNS) for name in SDK_HEADERS),
            (
                SDK_DROPPED_HEADER.lower(),
                False,
                "the SDK deletes `Content-Type` before signing (and so never sends it)",
            ),
        ),
        True,
        "passed to the SDK by its caller: the SDK signs every header it is given",
    ),
)

SCHEME = Scheme(
    name="actionstreamer",
    title="ActionStreamer",
    algorithm="sha256",
    variants=(
        Variant(TUTORIAL, "Tutorial", "The string the published tutorial's code builds."),
        Variant(
            SDK,
            "SDK",
            "The string the published Python SDK really signs.",
            markers=(("authorization", "HMAC-SHA256 "), *((name, "") for name in SDK_HEADERS[1:])),
            own_headers=SDK_OWN_HEADERS,
        ),
    ),
    inputs=(METHOD, PATH, HEADERS, PARAMS, BODY, API_KEY, SECRET),
    transport=Transport(
        "`X-Signature` header, 64 lower-case hex characters",
        signature=Location(headers=("x-signature",), header_params=("signature",)),
        key=Location(headers=("x-accesskey",)),
        timestamp=Location(headers=("x-timestamp",)),
    ),
    canonicalize=canonicalize,
    string_only=string_to_sign,
    mistakes=_SPECIFIC + common_mistakes("lower-case hex"),
    signed_headers=_SIGNED_HEADERS,
    layout=actionstreamer_layout.read,
)
