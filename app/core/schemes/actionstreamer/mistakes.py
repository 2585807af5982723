"""The mistakes specific to ActionStreamer, each with its words for the diagnosis."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from urllib.parse import unquote, urlencode
from weakref import WeakKeyDictionary

from app.core.mistakes import Mistake, single
from app.core.recipe import Recipe
from app.core.request import SignRequest
from app.core.schemes.actionstreamer.canonical import SDK, TUTORIAL

_JSON_FIX = (
    "Sign the body bytes exactly as sent. Two places can re-serialize a JSON body: the client "
    "(serializing once to sign and again to send) or something in between (a proxy, or the "
    "server's framework parsing it before the check). Log the raw body your client sends and "
    "compare it with the bytes the server hashes: if they differ, verify the raw bytes received."
)


def _path_with_query(recipe: Recipe) -> Recipe | None:
    request = recipe.request
    if not request.params:
        return None
    return recipe.with_request(path=f"{request.path}?{urlencode(request.params)}")


def _path_decoded(recipe: Recipe) -> Recipe | None:
    path = recipe.request.path
    return recipe.with_request(path=unquote(path)) if "%" in path else None


def _omit_each_param(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
    # A generator, like every per-item family: a list would hold n recipes of n - 1 params.
    params = recipe.request.params
    for name in dict.fromkeys(name for name, _ in params):
        yield name, recipe.with_request(params=tuple(p for p in params if p[0] != name))


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


SPECIFIC: tuple[Mistake, ...] = (
    Mistake(
        "path_with_query",
        "normalize_path",
        "Query string signed as part of the path",
        "The client signed the URL's path with its `?query` attached; the server signs the "
        "bare path and the params separately.",
        single(_path_with_query),
        clause="signed the path with its query string (`{signed}`)",
        fix="Sign the bare path: the query parameters have their own section.",
    ),
    Mistake(
        "path_url_decoded",
        "normalize_path",
        "URL-decoded path signed",
        "The client signed the path after decoding `%XX` escapes; the server signs it as sent.",
        single(_path_decoded),
        clause="signed the path URL-decoded (`{signed}`, not `{expected}`)",
        fix="Sign the path exactly as it is sent, `%XX` escapes included.",
        harmless="the path has no `%XX` escapes to decode",
    ),
    Mistake(
        "no_leading_slash",
        "normalize_path",
        "Leading slash not added",
        "The path was signed without the `/` that normalization prepends.",
        single(_flag("no_leading_slash")),
        clause="signed the path without its leading slash (`{signed}`)",
        fix="Start the signed path with `/`.",
        harmless="the path already starts with `/`",
    ),
    Mistake(
        "keep_trailing_slash",
        "normalize_path",
        "Trailing slash not stripped",
        "The path was signed with its trailing `/`, which normalization removes.",
        single(_flag("keep_trailing_slash")),
        clause="signed the path with its trailing slash (`{signed}`)",
        fix="Strip one trailing `/` from the path before signing.",
        harmless="the path has no trailing slash",
    ),
    Mistake(
        "method_case",
        "method",
        "Method case changed",
        "The method was signed in a different case from the one the server signs "
        "(HTTP clients upper-case it on the wire).",
        single(_method_case),
        clause="signed the method as `{signed}`, not `{expected}`",
        fix="Sign the method as the server does: `{expected}`.",
    ),
    Mistake(
        "headers_unsorted",
        "header_string",
        "Headers signed in sent order",
        "The headers were signed in the order they were added, not sorted by name.",
        single(_flag("headers_unsorted")),
        clause="signed the headers in the order it sent them",
        fix="Sort the headers by name, by code point, before signing.",
        harmless="your headers are already sorted",
    ),
    Mistake(
        "lowercase_header_names",
        "header_string",
        "Header names lower-cased",
        "A proxy or HTTP/2 lower-cased the header names, and the server signed those.",
        single(_flag("lowercase_header_names")),
        clause="signed the header names in lower case",
        fix="Sign the header names in the case the server signs them; if a proxy or HTTP/2 "
        "lower-cases them on the way, make both sides agree on one case.",
        harmless="your header names are already lower-case",
    ),
    Mistake(
        "case_insensitive_sort",
        "header_string",
        "Keys sorted case-insensitively",
        "Keys were sorted ignoring case (or by locale) instead of by code point, so "
        "`alpha` came before `Zeta`.",
        single(_flag("case_insensitive_sort")),
        clause="sorted the names ignoring case",
        fix="Sort names by code point: upper-case before lower-case (`Zeta` before `alpha`).",
        harmless="your names sort the same with or without case",
    ),
    Mistake(
        "params_unsorted",
        "param_string",
        "Query parameters signed in sent order",
        "The params were signed in the order they appear in the URL, not sorted by name.",
        single(_flag("params_unsorted")),
        clause="signed the query parameters in URL order",
        fix="Sort the query parameters by name, by code point, before signing.",
        harmless="there are no query parameters, or they are already sorted",
    ),
    Mistake(
        "omit_param",
        "param_string",
        "Query parameter `{target}` left out",
        "The client signed the request without `{target}` but sent it.",
        _omit_each_param,
        clause="left the query parameter `{target}` out of the string to sign",
        fix="Sign every query parameter you send, `{target}` included.",
    ),
    Mistake(
        "params_form_encoded",
        "param_string",
        "Params signed URL-encoded",
        "The client signed the encoded values as they travel (`a+b%26c`) instead of the raw "
        "values (`a b&c`).",
        single(_params_form_encoded),
        clause="signed the parameter values URL-encoded",
        fix="Sign the raw parameter values, before URL-encoding them.",
        harmless="your parameter values have nothing URL-encoding changes",
    ),
    Mistake(
        "body_trailing_newline_added",
        "body",
        "Trailing newline added to the body",
        "An editor, `echo` or a heredoc added a final newline to the body that was signed.",
        single(_body(lambda body: body + "\n")),
        clause="signed the body with an extra final newline",
        fix="Sign the body bytes exactly as sent: drop the newline an editor, `echo` or a "
        "heredoc added.",
    ),
    Mistake(
        "body_trailing_newline_removed",
        "body",
        "Trailing newline removed from the body",
        "The body was signed without the final newline it was sent with.",
        single(_body(lambda body: body[:-1] if body.endswith("\n") else None)),
        clause="signed the body without its final newline",
        fix="Sign the body bytes exactly as sent, final newline included.",
    ),
    Mistake(
        "body_crlf",
        "body",
        "Body signed with CRLF line endings",
        "Windows line endings, or a browser textarea (browsers submit CRLF), turned each "
        "`\\n` into `\\r\\n`.",
        single(_body(_to_crlf)),
        clause="signed the body with CRLF line endings",
        fix="Sign the body with the line endings it is sent with (`\\n`, not `\\r\\n`).",
        harmless="the body has no line breaks",
    ),
    Mistake(
        "json_compact",
        "body",
        "JSON re-serialized compactly",
        "The body was parsed and re-serialized without spaces (`JSON.stringify`), by the "
        "client or by something in between, so the bytes hashed are not the bytes sent.",
        single(_reserialized(separators=(",", ":"))),
        cost=JSON_COST,
        clause="signed the JSON body re-serialized without spaces",
        fix=_JSON_FIX,
        harmless="the body is already compact JSON",
    ),
    Mistake(
        "json_spaced",
        "body",
        "JSON re-serialized with spaces",
        "The body was re-serialized with Python's default separators `, ` and `: `.",
        single(_reserialized(separators=(", ", ": "))),
        cost=JSON_COST,
        clause="signed the JSON body re-serialized with `, ` and `: ` separators",
        together=(
            (
                "json_ascii_escaped",
                "signed Python's default `json.dumps(body)` (`, ` and `: ` separators, "
                "non-ASCII characters escaped as `\\uXXXX`)",
            ),
        ),
        fix=_JSON_FIX,
        harmless="the body already uses `, ` and `: ` separators",
    ),
    Mistake(
        "json_sorted_keys",
        "body",
        "JSON re-serialized with sorted keys",
        "The body was re-serialized with its object keys sorted.",
        single(_reserialized(sort_keys=True)),
        cost=JSON_COST,
        clause="signed the JSON body re-serialized with sorted keys",
        fix=_JSON_FIX,
        harmless="the body's object keys are already sorted",
    ),
    Mistake(
        "json_ascii_escaped",
        "body",
        "JSON re-serialized with non-ASCII escaped",
        "Non-ASCII characters were written as `\\uXXXX` escapes (Python's `json.dumps` "
        "default) in the body that was signed.",
        single(_reserialized(ensure_ascii=True)),
        cost=JSON_COST,
        clause="signed the JSON body with its non-ASCII characters escaped as `\\uXXXX`",
        fix=_JSON_FIX,
        harmless="the body has no non-ASCII characters",
    ),
    Mistake(
        "other_variant",
        "join",
        "The other ActionStreamer variant",
        "The tutorial's code and the published SDK build different strings (blank lines "
        "between sections, `str.strip()`, `Content-Type` dropped): one side used the other.",
        single(_other_variant),
        clause="built the string the `{mistaken_variant}` way, not the server's `{variant}` way",
        fix="Build the string as the `{variant}` variant does: the variants differ in blank lines "
        "between sections, the final `str.strip()` and the `Content-Type` header.",
    ),
)
