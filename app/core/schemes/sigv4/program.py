"""SigV4's signing program (``app/core/snippets``): the canonical request, the string to
sign and the four derived keys as operations.

The query's pairs are encoded (``UriEncode``), sorted and joined; the signed headers are
lower-cased, trimmed, sorted and written ``name:value``; the body is hashed with SHA-256;
the canonical request is those six parts joined with LF and hashed again into the string to
sign. The key is ``"AWS4" + secret`` through HMAC-SHA256 with the date, region, service and
``aws4_request``. What the request decides is read here: the canonical URI (normalized and
encoded), which headers are signed (the SDKs add ``host`` and ``x-amz-date``), a header
given twice (its values joined), a presigned URL's own parameters. The program prints the
``Authorization`` header, or the presigned URL.
"""

from __future__ import annotations

from collections import Counter

from app.core.recipe import Recipe
from app.core.schemes.sigv4.canonical import (
    auth_params,
    canonical_headers,
    parts,
    payload_source,
    signed_header_pairs,
)
from app.core.schemes.sigv4.inputs import ALGORITHM_NAME, PRESIGNED, TERMINATOR, scope_names
from app.core.schemes.sigv4.reading import travels
from app.core.snippets.ir import Builder, Program, Ref

#: Stands for the signature in the travelling value, which the program fills in.
_MARK = "\x00signature\x00"


def _headers(build: Builder, recipe: Recipe, payload: str, date: str) -> Ref:
    """``name:value\\n`` per signed header, sorted by name."""
    headers, _ = signed_header_pairs(recipe, payload, date)
    if any(count > 1 for count in Counter(name.lower() for name, _ in headers).values()):
        lines, _ = canonical_headers(recipe, headers)  # a repeated name: its values joined
        joined = tuple((line.partition(":")[0], line.partition(":")[2]) for line in lines)
        pairs = build.pairs("headers", joined)
    else:
        pairs = build.trim_values(
            "headers", build.lower_names("headers", build.pairs("headers", headers))
        )
    ordered = build.sort_pairs("headers_sorted", pairs)
    return build.render_pairs("canonical_headers", ordered, ":", "", "\n")


def program(recipe: Recipe) -> Program:
    made = parts(recipe)
    date, region, service = scope_names(recipe, made.amz_date)
    build = Builder("aws-sigv4", "canonical_uri")
    uri = build.text("canonical_uri", made.canonical_uri)
    build.step = "canonical_query"
    params = recipe.request.params
    if recipe.variant == PRESIGNED:
        params = params + auth_params(recipe, made.signed_headers, made.scope, made.amz_date)
    encoded = build.encode_pairs("query_encoded", build.pairs("query", params), "rfc3986")
    ordered = build.sort_pairs("query_sorted", encoded, "name_value")
    query = build.render_pairs("canonical_query", ordered, "=", "&")
    build.step = "canonical_headers"
    headers = _headers(build, recipe, made.payload_hash, made.amz_date)
    build.step = "signed_headers"
    signed = build.text("signed_headers", made.signed_headers)
    build.step = "payload_hash"
    if payload_source(recipe) == "body":
        payload = build.hash(
            "payload_hash", "sha256", build.text("body", recipe.request.body), "hex"
        )
    else:
        payload = build.text("payload_hash", made.payload_hash)
    build.step = "canonical_request"
    method = build.text("method", made.method)
    canonical = build.join(
        "canonical_request", "\n", [method, uri, query, headers, signed, payload]
    )
    build.step = "canonical_request_hash"
    hashed = build.hash("canonical_request_hash", "sha256", canonical, "hex")
    build.step = "credential_scope"
    amz_date = build.text("amz_date", made.amz_date)
    scope = build.text("scope", made.scope)
    build.step = "string_to_sign"
    string = build.concat(
        "string_to_sign", f"{ALGORITHM_NAME}\n", amz_date, "\n", scope, "\n", hashed
    )
    build.step = "k_date"
    key = build.prefix_bytes("aws4_key", "AWS4", build.secret_key(recipe.secret_encoding))
    for step, message in (
        ("k_date", date),
        ("k_region", region),
        ("k_service", service),
        ("k_signing", TERMINATOR),
    ):
        build.step = step
        key = build.hmac("sha256", key, build.text(step.removeprefix("k_"), message))
    build.step = "hmac"
    signature = build.encode("signature", build.hmac("sha256", key, string), "hex")
    before, _, after = travels(recipe, _MARK)[-1][1].partition(_MARK)
    return build.build(build.concat("travels", before, signature, after), ())
