"""ApiAxle's signing program (``app/core/snippets``): HMAC-SHA1 over the epoch the request
was signed at followed by the API key, as lower-case hex.

A real client reads its clock there; the program signs the request's own timestamp, so it
prints the signature the page shows (the comment says where the clock goes)."""

from __future__ import annotations

from app.core.recipe import Recipe
from app.core.snippets.ir import Builder, Program


def program(recipe: Recipe) -> Program:
    request = recipe.request
    build = Builder("apiaxle", "epoch")
    epoch = build.text("epoch", str(request.timestamp or 0))
    build.step = "api_key"
    api_key = build.text("api_key", request.api_key)
    build.step = "concat"
    message = build.concat("message", epoch, api_key)
    build.step = "hmac"
    digest = build.hmac("sha1", build.secret_key(recipe.secret_encoding), message)
    signature = build.encode("signature", digest, recipe.output)
    return build.build(signature, ())
