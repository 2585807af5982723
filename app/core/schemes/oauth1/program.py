"""OAuth 1.0a's signing program (``app/core/snippets``): RFC 5849 §3.4 as operations.

The parameters are collected as ``canonical.build`` collects them (the query, the ``oauth_*``
parameters, a form body's pairs: which of them a request has is decided here), then encoded,
sorted and joined; the base string is the method, the base string URI and those parameters,
each percent-encoded. The key is the two secrets, each percent-encoded, joined by ``&``: the
consumer secret from ``SIGSCOPE_SECRET`` (decoded first if it is base64 or hex), the token
secret from ``SIGSCOPE_TOKEN_SECRET``.
The program prints the signature where it travels: the ``Authorization`` header's value, or
the URL or form body that carries the ``oauth_*`` parameters.
"""

from __future__ import annotations

from urllib.parse import urlencode

from app.core.recipe import Recipe
from app.core.schemes.oauth1.canonical import build as canonical
from app.core.schemes.oauth1.key import TOKEN_SECRET
from app.core.schemes.oauth1.params import (
    BODY,
    QUERY,
    algorithm,
    form_pairs,
    is_form,
    placement,
    protocol_params,
    realm,
)
from app.core.schemes.oauth1.travel import SIGNATURE_PARAM
from app.core.schemes.oauth1.uri import origin_of
from app.core.snippets.ir import Builder, Program, Ref, variable_for

#: Where the program reads the token secret (the key's second half; empty before a token).
TOKEN_VARIABLE = variable_for(TOKEN_SECRET)


def _own(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(pair for pair in pairs if not pair[0].startswith("oauth_"))


def _travelling(build: Builder, recipe: Recipe, signature: Ref) -> Ref:
    """The signature where it travels (``travel.travels``): in the ``Authorization`` header
    with the other ``oauth_*`` parameters, or appended to the URL's query or the form body."""
    request = recipe.request
    where = placement(request)
    build.step = "travels"
    if where in (QUERY, BODY):
        if where == QUERY:
            carried = _own(request.params)
        else:
            carried = _own(form_pairs(request.body)) if is_form(request) else ()
        before = build.text("carried", urlencode((*carried, *protocol_params(recipe))))
        quoted = build.percent_encode("signature_quoted", signature, "form")
        if where == BODY:
            return build.concat("body_sent", before, f"&{SIGNATURE_PARAM}=", quoted)
        origin = origin_of(request)
        path = request.path.partition("?")[0] or "/"
        url = build.text("url", f"{origin.scheme}://{origin.netloc()}{path}")
        return build.concat("url_sent", url, "?", before, f"&{SIGNATURE_PARAM}=", quoted)
    params = build.pairs("oauth_params", protocol_params(recipe))
    encoded = build.encode_pairs("oauth_encoded", params, "rfc3986")
    items = build.render_pairs("oauth_items", encoded, '="', ", ", '"')
    quoted = build.percent_encode("signature_quoted", signature)
    given_realm = realm(request)
    head = f'OAuth realm="{given_realm}", ' if given_realm else "OAuth "
    return build.concat("authorization", head, items, f', {SIGNATURE_PARAM}="', quoted, '"')


def program(recipe: Recipe) -> Program:
    built = canonical(recipe)
    build = Builder("oauth1", "collect_params")
    params = build.pairs("params", built.collected)
    build.step = "encode_params"
    encoded = build.encode_pairs("encoded", params, "rfc3986")
    build.step = "normalize_params"
    ordered = build.sort_pairs("ordered", encoded, "name_value")
    normalized = build.render_pairs("normalized", ordered, "=", "&")
    build.step = "base_uri"
    uri = build.text("base_uri", built.uri)
    build.step = "signing_key"
    secret = build.secret_key(recipe.secret_encoding)
    consumer = build.percent_encode_bytes("consumer", secret)
    token = build.percent_encode("token", build.env("token_secret", TOKEN_VARIABLE))
    key = build.utf8("key", build.concat("key_text", consumer, "&", token))
    build.step = "base_string"
    method = build.upper("method", build.text("method", recipe.request.method))
    base = build.concat(
        "base_string",
        build.percent_encode("method_encoded", method),
        "&",
        build.percent_encode("uri_encoded", uri),
        "&",
        build.percent_encode("params_encoded", normalized),
    )
    build.step = "hmac"
    digest = build.hmac(algorithm(recipe.request), key, base)
    signature = build.encode("signature", digest, "base64")
    return build.build(_travelling(build, recipe, signature), ())
