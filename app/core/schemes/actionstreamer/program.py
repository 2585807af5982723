"""ActionStreamer's signing program (``app/core/snippets``): the canonicalization of
``canonical.py`` as operations, for both variants, then HMAC-SHA256 as lower-case hex."""

from __future__ import annotations

from app.core.recipe import Recipe
from app.core.schemes.actionstreamer.canonical import SDK, SDK_DROPPED_HEADER
from app.core.snippets.ir import Builder, Program, Ref


def _section(program: Builder, hint: str, pairs: Ref, sdk: bool) -> Ref:
    """``dict(pairs)``, its keys sorted by code point, one ``name: value`` line each."""
    unique = program.last_wins(f"{hint}_unique", pairs)
    ordered = program.sort_pairs(f"{hint}_sorted", unique)
    if sdk:
        return program.render_pairs(f"{hint}_string", ordered, ": ", "", "\n")
    return program.render_pairs(f"{hint}_string", ordered, ": ", "\n")


def program(recipe: Recipe) -> Program:
    request, sdk = recipe.request, recipe.variant == SDK
    build = Builder("actionstreamer", "method")
    method = build.text("method", request.method)
    build.step = "normalize_path"
    path = build.text("path", request.path)
    path = build.ensure_prefix("path", path, "/")
    path = build.strip_suffix_once("path", path, "/")
    build.step = "header_string"
    headers = build.pairs("headers", request.headers)
    if sdk:
        headers = build.drop_name("headers", headers, SDK_DROPPED_HEADER)
    header_string = _section(build, "header", headers, sdk)
    build.step = "param_string"
    params = build.pairs("query", request.params)
    param_string = _section(build, "query", params, sdk)
    build.step = "body"
    body = build.text("body", request.body)
    build.step = "join"
    joined = build.join("joined", "\n", [method, path, header_string, param_string, body])
    if sdk:
        build.step = "strip"
        joined = build.strip("message", joined)
    build.step = "hmac"
    digest = build.hmac("sha256", build.secret_key(recipe.secret_encoding), joined)
    signature = build.encode("signature", digest, recipe.output)
    return build.build(signature, ())
