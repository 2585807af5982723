"""Each part of a description, rendered from a request: its input, its text and a note.

One function per part kind, looked up in ``RENDER``; each is linear in what it reads.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, unquote

from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes.described import model
from app.core.trace import join_notes

#: A part's rendering: (what it read, its text, a note or ``None``).
Rendered = tuple[str, str, str | None]

_WHITESPACE = re.compile(r"\s+")

#: The request input a `nonce` part reads (``nonce`` alone is a common name for other
#: schemes' own inputs).
NONCE_INPUT = "client_nonce"

ENCODE: dict[str, Callable[[str], str]] = {
    "raw": lambda text: text,
    "rfc3986": lambda text: quote(text, safe="-_.~"),
    "form": lambda text: quote_plus(text, safe="-_.~"),
}

SORT_KEYS: dict[str, Callable[[tuple[str, str]], Any] | None] = {
    "none": None,
    "name": lambda pair: pair[0],
    "name_value": lambda pair: pair,
    "name_insensitive": lambda pair: pair[0].lower(),
}

SORT_WORDS = {
    "none": "in the order sent",
    "name": "sorted by name (code point order)",
    "name_value": "sorted by name, then value",
    "name_insensitive": "sorted by name, ignoring case",
}

CASES: dict[str, Callable[[str], str]] = {
    "as_is": lambda text: text,
    "upper": str.upper,
    "lower": str.lower,
}


def _deduplicated(pairs: Pairs, rule: str) -> Pairs:
    if rule == "last":
        return tuple(dict(pairs).items())
    if rule == "unique":
        return tuple(dict.fromkeys(pairs))
    return pairs


def pair_text(part: model._Pairs, pairs: Pairs) -> tuple[str, str | None]:
    """The pairs encoded, de-duplicated, sorted and joined by ``part``'s rules."""
    encode = ENCODE[part.encoding]
    kept = _deduplicated(pairs, part.duplicates)
    encoded = [(encode(name), encode(value)) for name, value in kept]
    key = SORT_KEYS[part.sort]
    ordered = sorted(encoded, key=key) if key is not None else encoded
    text = part.join.join(f"{name}{part.pair}{value}" for name, value in ordered)
    notes = []
    if len(kept) < len(pairs):
        notes.append(f"{len(pairs) - len(kept)} repeated pair(s) dropped ({part.duplicates})")
    if len(pairs) > 1:
        notes.append(SORT_WORDS[part.sort])
    if part.encoding != "raw" and any(e != p for e, p in zip(encoded, kept, strict=True)):
        notes.append(f"{part.encoding} encoding applied")
    return text, join_notes(*notes)


def _lines(pairs: Pairs, separator: str) -> str:
    return "\n".join(f"{name}{separator}{value}" for name, value in pairs)


def _method(part: model._Part, recipe: Recipe) -> Rendered:
    return recipe.request.method, recipe.request.method, None


def _path(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.PathPart)
    raw = recipe.request.path
    path, notes = raw, []
    if part.decoded and "%" in path:
        path = unquote(path)
        notes.append("percent-decoded")
    if part.leading_slash and not path.startswith("/"):
        path = "/" + path
        notes.append("leading `/` added")
    if part.trailing_slash == "strip" and len(path) > 1 and path.endswith("/"):
        path = path[:-1]
        notes.append("one trailing `/` stripped")
    return raw, path, join_notes(*notes)


def _query(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.QueryPart)
    text, note = pair_text(part, recipe.request.params)
    return _lines(recipe.request.params, "="), text, note


def _header_values(recipe: Recipe, names: list[str] | None) -> Pairs:
    headers = recipe.request.headers
    if names is None:
        return headers
    by_name: dict[str, list[tuple[str, str]]] = {}
    for name, value in headers:
        by_name.setdefault(name.lower(), []).append((name, value))
    return tuple(pair for wanted in names for pair in by_name.get(wanted.lower(), ()))


def _headers(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.HeadersPart)
    pairs = _header_values(recipe, part.names)
    if part.name_case == "lower":
        pairs = tuple((name.lower(), value) for name, value in pairs)
    if part.values_trimmed:
        pairs = tuple((name, _WHITESPACE.sub(" ", value.strip())) for name, value in pairs)
    text, note = pair_text(part, pairs)
    missing = [
        name
        for name in part.names or ()
        if not any(sent.lower() == name.lower() for sent, _ in recipe.request.headers)
    ]
    missing_note = f"not in the request: {', '.join(missing)}" if missing else None
    return _lines(recipe.request.headers, ": "), text, join_notes(note, missing_note)


def _header(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.HeaderPart)
    wanted = part.name.lower()
    values = [value for name, value in recipe.request.headers if name.lower() == wanted]
    note = None if values else f"no `{part.name}` header: an empty value is signed"
    return part.name, values[-1] if values else "", note


def _body(part: model._Part, recipe: Recipe) -> Rendered:
    body = recipe.request.body
    return body, body, None if body else "no body: an empty string is signed"


def _body_hash(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.BodyHashPart)
    digest = hashlib.new(part.hash, recipe.request.body.encode("utf-8")).digest()
    text = digest.hex() if part.digest == "hex" else base64.b64encode(digest).decode("ascii")
    return (
        recipe.request.body,
        text,
        f"{part.hash.upper()} of the body's UTF-8 bytes, {part.digest}",
    )


def timestamp_text(recipe: Recipe) -> str:
    """The signed time as decimal text; a fraction (``epoch_fraction=``) as written."""
    timestamp = recipe.request.timestamp
    if timestamp is None:
        return ""
    fraction = recipe.flag_value("epoch_fraction")
    return f"{timestamp}.{fraction}" if fraction else str(timestamp)


def _timestamp(part: model._Part, recipe: Recipe) -> Rendered:
    text = timestamp_text(recipe)
    return str(recipe.request.timestamp or ""), text, None if text else "no timestamp given"


def _input(name: str) -> Callable[[model._Part, Recipe], Rendered]:
    def render(part: model._Part, recipe: Recipe) -> Rendered:
        value = recipe.request.input(name)
        return value, value, None if value else f"no `{name}` given: an empty string is signed"

    return render


def _api_key(part: model._Part, recipe: Recipe) -> Rendered:
    key = recipe.request.api_key
    return key, key, None


def _literal(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.LiteralPart)
    return part.text, part.text, None


def _url(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.UrlPart)
    origin = recipe.request.input("origin")
    path = recipe.request.path
    query, note = pair_text(part, recipe.request.params)
    url = f"{origin}{path}" + (f"?{query}" if recipe.request.params else "")
    missing = None if origin else "no origin given: the URL starts at the path"
    return f"{origin} {path} {_lines(recipe.request.params, '=')}", url, join_notes(missing, note)


def form_pairs(body: str) -> Pairs:
    """The body read as an HTML form, in order, repeats kept."""
    return tuple(parse_qsl(body, keep_blank_values=True))


def carried_body_hash(part: model._Part, recipe: Recipe) -> tuple[str, str] | None:
    """For a form part whose body may travel as its hash in the query (``body_hash_param``)
    and whose query carries it: that value and the body's own SHA-256, in lower-case hex."""
    name = getattr(part, "body_hash_param", None)
    sent = next((value for key, value in recipe.request.params if key == name), None)
    if not name or sent is None:
        return None
    return sent, hashlib.sha256(recipe.request.body.encode("utf-8")).hexdigest()


def _form_params(part: model._Part, recipe: Recipe) -> Rendered:
    assert isinstance(part, model.FormParamsPart)
    carried = carried_body_hash(part, recipe)
    if carried is not None:
        sent, actual = carried
        said = f"the query carries `{part.body_hash_param}`: the body is signed through it"
        checked = (
            "it is the body's SHA-256"
            if hmac.compare_digest(sent, actual)
            else f"⚠ it is not the body's SHA-256 (`{actual}`): the verifier refuses the delivery"
        )
        return recipe.request.body, "", f"{said}, not as parameters; {checked}"
    pairs = form_pairs(recipe.request.body)
    text, note = pair_text(part, pairs)
    return recipe.request.body, text, join_notes(note, None if pairs else "no form parameters")


RENDER: dict[str, Callable[[model._Part, Recipe], Rendered]] = {
    "method": _method,
    "path": _path,
    "query": _query,
    "headers": _headers,
    "header": _header,
    "body": _body,
    "body_hash": _body_hash,
    "timestamp": _timestamp,
    "nonce": _input(NONCE_INPUT),
    "message_id": _input("message_id"),
    "api_key": _api_key,
    "literal": _literal,
    "url": _url,
    "form_params": _form_params,
}

#: Each part kind's step title.
TITLES = {
    "method": "Method",
    "path": "Path",
    "query": "Query parameters",
    "headers": "Headers",
    "header": "Header value",
    "body": "Body",
    "body_hash": "Body hash",
    "timestamp": "Timestamp",
    "nonce": "Nonce",
    "message_id": "Message id",
    "api_key": "API key",
    "literal": "Literal text",
    "url": "Full URL",
    "form_params": "Form parameters",
}


def render(part: model._Part, recipe: Recipe) -> Rendered:
    """The part's input, its finished text (case, trim) and its note."""
    kind: str = getattr(part, "kind")  # noqa: B009 - every concrete part has its kind
    given, text, note = RENDER[kind](part, recipe)
    finished = CASES[part.case](text.strip() if part.trim else text)
    return given, finished, note
