"""A described scheme's signing program (``app/core/snippets``), written from its description.

Each part becomes the operations its options name, in the engine's order (``parts.py``):
pairs are de-duplicated, encoded, sorted and joined; a part is trimmed, then its case set.
What a part picks out of the request (the headers a description names, one header's value,
the body read as a form, a percent-decoded path) is picked here, and the program starts from
what was picked. The signature is printed as it travels: the description's ``template``
filled in (``sha256=...``, ``t=...,v1=...``).
"""

from __future__ import annotations

from collections.abc import Callable
from string import Formatter
from urllib.parse import unquote

from app.core.recipe import Recipe
from app.core.schemes.described import model
from app.core.schemes.described.engine import Source, effective, step_ids
from app.core.schemes.described.parts import (
    NONCE_INPUT,
    RENDER,
    _header_values,
    carried_body_hash,
    form_pairs,
    render,
    timestamp_text,
)
from app.core.snippets.ir import Builder, Program, Ref

PartProgram = Callable[[Builder, model._Part, Recipe], Ref]


def pair_ops(build: Builder, part: model._Pairs, pairs: Ref, hint: str) -> Ref:
    """De-duplicate, encode, sort and join, as ``parts.pair_text`` does."""
    if part.duplicates == "last":
        pairs = build.last_wins(f"{hint}_unique", pairs)
    elif part.duplicates == "unique":
        pairs = build.unique_pairs(f"{hint}_unique", pairs)
    if part.encoding != "raw":
        pairs = build.encode_pairs(f"{hint}_encoded", pairs, part.encoding)
    if part.sort != "none":
        pairs = build.sort_pairs(f"{hint}_sorted", pairs, part.sort)
    return build.render_pairs(f"{hint}_text", pairs, part.pair, part.join)


def _method(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    return build.text("method", recipe.request.method)


def _path(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    assert isinstance(part, model.PathPart)
    path = recipe.request.path
    if part.decoded and "%" in path:
        path_ref = build.text("path_decoded", unquote(path))
    else:
        path_ref = build.text("path", path)
    if part.leading_slash:
        path_ref = build.ensure_prefix("path", path_ref, "/")
    if part.trailing_slash == "strip":
        path_ref = build.strip_suffix_once("path", path_ref, "/")
    return path_ref


def _query(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    assert isinstance(part, model.QueryPart)
    return pair_ops(build, part, build.pairs("query", recipe.request.params), "query")


def _headers(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    assert isinstance(part, model.HeadersPart)
    headers = build.pairs("headers", _header_values(recipe, part.names))
    if part.name_case == "lower":
        headers = build.lower_names("headers_named", headers)
    if part.values_trimmed:
        headers = build.trim_values("headers_trimmed", headers)
    return pair_ops(build, part, headers, "header")


def _header(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    return build.text("header_value", RENDER["header"](part, recipe)[1])


def _body(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    return build.text("body", recipe.request.body)


def _body_hash(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    assert isinstance(part, model.BodyHashPart)
    body = build.text("body", recipe.request.body)
    return build.hash("body_hash", part.hash, body, part.digest)


def _timestamp(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    return build.text("timestamp", timestamp_text(recipe))


def _input(name: str, hint: str) -> PartProgram:
    def make(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
        return build.text(hint, recipe.request.input(name))

    return make


def _api_key(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    return build.text("api_key", recipe.request.api_key)


def _literal(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    assert isinstance(part, model.LiteralPart)
    return build.text("literal", part.text)


def _url(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    assert isinstance(part, model.UrlPart)
    origin = build.text("origin", recipe.request.input("origin"))
    path = build.text("path", recipe.request.path)
    if not recipe.request.params:
        return build.concat("url", origin, path)
    query = pair_ops(build, part, build.pairs("query", recipe.request.params), "query")
    return build.concat("url", origin, path, "?", query)


def _form_params(build: Builder, part: model._Part, recipe: Recipe) -> Ref:
    assert isinstance(part, model.FormParamsPart)
    if carried_body_hash(part, recipe) is not None:  # the body travels as its hash in the URL
        return build.text("form", "")
    pairs = build.pairs("form", form_pairs(recipe.request.body))
    return pair_ops(build, part, pairs, "form")


PARTS: dict[str, PartProgram] = {
    "method": _method,
    "path": _path,
    "query": _query,
    "headers": _headers,
    "header": _header,
    "body": _body,
    "body_hash": _body_hash,
    "timestamp": _timestamp,
    "nonce": _input(NONCE_INPUT, "nonce"),
    "message_id": _input("message_id", "message_id"),
    "api_key": _api_key,
    "literal": _literal,
    "url": _url,
    "form_params": _form_params,
}


def _finished(build: Builder, part: model._Part, text: Ref) -> Ref:
    """The part's text trimmed, then its case set, as ``parts.render`` finishes it."""
    if part.trim:
        text = build.strip(f"{text.name}_trimmed", text)
    if part.case == "upper":
        text = build.upper(f"{text.name}_upper", text)
    elif part.case == "lower":
        text = build.lower(f"{text.name}_lower", text)
    return text


def _travelling(
    build: Builder, description: model.Description, recipe: Recipe, signature: Ref
) -> Ref:
    """The signature in its travel template (``sha256={signature}``), or alone."""
    travel = description.travel
    if travel is None or travel.template == "{signature}":
        return signature
    values = {
        "timestamp": timestamp_text(recipe),
        "message_id": recipe.request.input("message_id"),
        "nonce": recipe.request.input(NONCE_INPUT),
        "api_key": recipe.request.api_key,
    }
    pieces: list[Ref | str] = []
    for text, field, _, _ in Formatter().parse(travel.template):
        if text:
            pieces.append(text)
        if field == "signature":
            pieces.append(signature)
        elif field:
            pieces.append(build.text(field, values[field]))
    return build.concat("travels", *pieces)


def program(name: str, source: Source) -> Callable[[Recipe], Program]:
    """The program of the described scheme ``name``, for a recipe."""

    def make(recipe: Recipe) -> Program:
        description = effective(source, recipe)
        build = Builder(name)
        texts = []
        for step_id, part in zip(step_ids(description), description.parts, strict=True):
            build.step = step_id
            if part.empty == "omit" and not render(part, recipe)[1]:
                continue  # an empty part the description leaves out, with its separator
            texts.append(_finished(build, part, PARTS[part.kind](build, part, recipe)))
        build.step = "join"
        message = build.join("message", description.separator, texts)
        if description.trailing_separator:
            message = build.concat("message", message, description.separator)
        build.step = "hmac"
        key = description.key
        prefix = key.prefix if key.prefix and key.strip_prefix else ""
        # A secret given encoded (``secret_encoding``) is read so, as ``engine.key_bytes`` does.
        given = recipe.secret_encoding
        encoding = key.encoding if given in ("", "text") else given
        digest = build.hmac(description.hash, build.secret_key(encoding, prefix), message)
        signature = build.encode("signature", digest, description.output)
        return build.build(_travelling(build, description, recipe, signature), ())

    return make
