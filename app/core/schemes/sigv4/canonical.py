"""SigV4's canonical request and string to sign, with every intermediate (SCHEMES2.md §1.1).

``parts`` builds each piece once; ``canonicalize`` turns them into the trace's steps (the
derived keys included, so the string to sign is the last step), ``string_to_sign`` returns
the string alone. A recipe's flags are the mistakes' deviations (``mistakes.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes.sigv4.encode import (
    encode_uri_component,
    form_encode,
    remove_dot_segments,
    uri_encode,
)
from app.core.schemes.sigv4.inputs import (
    ALGORITHM_NAME,
    EMPTY_SHA256,
    EXPIRES,
    HEADER,
    PAYLOAD,
    PRESIGNED,
    SESSION_TOKEN,
    TERMINATOR,
    UNSIGNED_PAYLOAD,
    amz_date,
    epoch_of,
    header_value,
    is_s3,
    scope_names,
)
from app.core.schemes.sigv4.keys import derived_keys
from app.core.trace import Step, join_notes

DEFAULT_PORTS = {"http": "80", "https": "443"}


@dataclass(frozen=True)
class Parts:
    """Each piece of the canonical request and the string to sign, with its notes."""

    method: str
    canonical_uri: str
    uri_note: str | None
    canonical_query: str
    query_note: str | None
    header_lines: tuple[str, ...]
    headers_note: str | None
    signed_headers: str
    payload_hash: str
    payload_note: str | None
    amz_date: str
    scope: str

    @cached_property
    def canonical_request(self) -> str:
        # The canonical headers end in "\n", so an empty line precedes the signed headers.
        return "\n".join(
            (
                self.method,
                self.canonical_uri,
                self.canonical_query,
                *self.header_lines,
                "",
                self.signed_headers,
                self.payload_hash,
            )
        )

    @cached_property
    def request_hash(self) -> str:
        return hashlib.sha256(self.canonical_request.encode("utf-8")).hexdigest()

    @property
    def string_to_sign(self) -> str:
        return f"{ALGORITHM_NAME}\n{self.amz_date}\n{self.scope}\n{self.request_hash}"


# --- the canonical URI ---------------------------------------------------------------------


def canonical_uri(recipe: Recipe) -> tuple[str, str | None]:
    path = recipe.request.path
    if is_s3(recipe):
        signed = path or "/"
        notes = ["S3: the path exactly as sent, not normalized or encoded again"]
        if "path_normalized" in recipe.flags:
            signed, notes = remove_dot_segments(path), ["normalized (`.`, `..`, `//`)"]
        if "path_encoded_twice" in recipe.flags:
            signed, notes = uri_encode(signed, keep_slash=True), ["encoded again"]
        return signed, join_notes(*notes)
    normalized = remove_dot_segments(path)
    if "path_encoded_once" in recipe.flags:
        return normalized, "normalized but not encoded again"
    encoded = uri_encode(normalized, keep_slash=True)
    changed = "`.`/`..`/`//` resolved" if normalized != (path or "/") else None
    again = "the sent path encoded again (`%` is `%25`)" if "%" in normalized else None
    return encoded, join_notes(changed, again)


# --- the canonical query -------------------------------------------------------------------


def auth_params(recipe: Recipe, signed_headers: str, scope: str, date: str) -> Pairs:
    """A presigned URL's own parameters, all signed (``X-Amz-Signature`` comes after);
    ``date`` is the signed time."""
    request = recipe.request
    params: list[tuple[str, str]] = [
        ("X-Amz-Algorithm", ALGORITHM_NAME),
        ("X-Amz-Credential", f"{request.api_key}/{scope}"),
        ("X-Amz-Date", date),
        ("X-Amz-Expires", request.input(EXPIRES.name, str(EXPIRES.default))),
        ("X-Amz-SignedHeaders", signed_headers),
    ]
    token = request.input(SESSION_TOKEN.name)
    if token and "token_unsigned" not in recipe.flags:
        params.append(("X-Amz-Security-Token", token))
    return tuple(params)


#: How a client writes each name and value into the canonical query, by flag.
_QUERY_ENCODERS: tuple[tuple[str, Callable[[str], str], str], ...] = (
    ("query_space_plus", form_encode, "spaces written `+`"),
    ("query_uri_component", encode_uri_component, "`encodeURIComponent` leaves `!'()*` raw"),
)


def canonical_query(params: Pairs, flags: frozenset[str]) -> tuple[str, str | None]:
    encode: Callable[[str], str] = uri_encode
    note = None
    for flag, encoder, words in _QUERY_ENCODERS:
        if flag in flags:
            encode, note = encoder, words
    pairs = [(encode(name), encode(value)) for name, value in params]
    if "query_unsorted" not in flags:
        pairs.sort()
    bare = "query_bare_key" in flags
    items = [name if bare and not value else f"{name}={value}" for name, value in pairs]
    return "&".join(items), note


# --- the canonical headers ------------------------------------------------------------------


def host_of(origin: str) -> str | None:
    """``host[:port]`` from ``https://host[:port]``, the port only when it is not the
    scheme's default (as ``Host`` is sent), lower-cased; ``None`` without a host."""
    scheme, _, authority = origin.strip().partition("://")
    authority = authority.split("/", 1)[0].rpartition("@")[2].lower()
    if not authority:
        return None
    host, colon, port = authority.rpartition(":")
    if colon and "]" not in port and port == DEFAULT_PORTS.get(scheme.lower()):
        return host
    return authority


def _host(recipe: Recipe) -> str | None:
    return host_of(recipe.request.input("origin"))


def _with_port(host: str, flag: str | None) -> str:
    if flag == "add" and not host.rpartition(":")[1]:
        return f"{host}:443"
    if flag == "drop" and ":" in host and not host.endswith("]"):
        return host.rpartition(":")[0]
    return host


def signed_header_pairs(recipe: Recipe, payload_hash: str, date: str) -> tuple[Pairs, list[str]]:
    """Every header the client signs, as sent, plus those the SDKs add on their own (the
    time ``date``, the token, S3's ``payload_hash``)."""
    headers = list(recipe.request.headers)
    added: list[str] = []
    names = {name.lower() for name, _ in headers}
    if "host" not in names and (host := _host(recipe)) is not None:
        headers.append(("Host", host))
        added.append("`host` from the origin")
    if recipe.variant == HEADER:
        token = recipe.request.input(SESSION_TOKEN.name)
        if "x-amz-date" not in names and date:
            headers.append(("X-Amz-Date", date))
            added.append("`x-amz-date`")
        if token and "x-amz-security-token" not in names:
            headers.append(("X-Amz-Security-Token", token))
            added.append("`x-amz-security-token`")
        if is_s3(recipe) and "x-amz-content-sha256" not in names:
            headers.append(("X-Amz-Content-SHA256", payload_hash))
            added.append("`x-amz-content-sha256` (S3 requires it)")
    if "token_unsigned" in recipe.flags:
        headers = [pair for pair in headers if pair[0].lower() != "x-amz-security-token"]
    port = recipe.flag_value("host_port")
    if port:
        headers = [
            (name, _with_port(value.strip(), port) if name.lower() == "host" else value)
            for name, value in headers
        ]
    return tuple(headers), added


def canonical_headers(recipe: Recipe, headers: Pairs) -> tuple[tuple[str, ...], str]:
    """``name:value`` lines sorted by name (repeated names joined with `,` in sent order),
    and the signed headers' list."""
    lower = "header_names_not_lowercased" not in recipe.flags
    trim = "headers_not_trimmed" not in recipe.flags
    values: dict[str, list[str]] = {}
    for name, value in headers:
        key = name.lower() if lower else name
        # Trimall: ends trimmed, each whitespace run one space (``str.split``'s whitespace,
        # as botocore reads it).
        values.setdefault(key, []).append(" ".join(value.split()) if trim else value)
    names = sorted(values)
    lines = tuple(f"{name}:{','.join(values[name])}" for name in names)
    return lines, ";".join(names)


# --- the payload hash ----------------------------------------------------------------------


def payload_source(recipe: Recipe) -> str:
    """Where the payload hash comes from: ``header`` (a sent ``x-amz-content-sha256``, which
    AWS signs as it reads it), ``unsigned`` (``UNSIGNED-PAYLOAD``), ``empty`` (a mistake:
    the empty body's hash) or ``body`` (SHA-256 of the body)."""
    mistaken = recipe.flag_value("payload")
    if mistaken:
        return mistaken
    if header_value(recipe, "x-amz-content-sha256") is not None:
        return "header"
    choice = recipe.request.input(PAYLOAD.name, str(PAYLOAD.default))
    if choice == UNSIGNED_PAYLOAD:
        return "unsigned"
    if choice == "auto" and recipe.variant == PRESIGNED and is_s3(recipe):
        return "unsigned"
    return "body"


def payload_hash(recipe: Recipe) -> tuple[str, str | None]:
    source = payload_source(recipe)
    if source == "header":
        sent = header_value(recipe, "x-amz-content-sha256") or ""
        return sent.strip(), "the sent `x-amz-content-sha256` header, as AWS reads it"
    if source == "unsigned":
        presigned = recipe.variant == PRESIGNED and is_s3(recipe)
        note = "S3 presigned URLs sign `UNSIGNED-PAYLOAD`" if presigned else "the body is unsigned"
        return UNSIGNED_PAYLOAD, note
    body = b"" if source == "empty" else recipe.request.body.encode("utf-8")
    if not body:
        return EMPTY_SHA256, "the empty body's hash"
    return hashlib.sha256(body).hexdigest(), f"SHA-256 of the {len(body)}-byte body"


# --- everything --------------------------------------------------------------------------


def parts(recipe: Recipe) -> Parts:
    request = recipe.request
    date = amz_date(recipe)
    scope_date, region, service = scope_names(recipe, date)
    scope = f"{scope_date}/{region}/{service}/{TERMINATOR}"
    uri, uri_note = canonical_uri(recipe)
    payload, payload_note = payload_hash(recipe)
    headers, added = signed_header_pairs(recipe, payload, date)
    lines, signed = canonical_headers(recipe, headers)
    params = request.params
    if recipe.variant == PRESIGNED:
        params = params + auth_params(recipe, signed, scope, date)
    query, query_note = canonical_query(params, recipe.flags)
    return Parts(
        method=request.method,
        canonical_uri=uri,
        uri_note=uri_note,
        canonical_query=query,
        query_note=query_note,
        header_lines=lines,
        headers_note=f"added: {', '.join(added)}" if added else None,
        signed_headers=signed,
        payload_hash=payload,
        payload_note=payload_note,
        amz_date=date,
        scope=scope,
    )


def _time_note(made: Parts) -> str | None:
    if epoch_of(made.amz_date) is not None:
        return None
    return (
        f"`X-Amz-Date` `{made.amz_date}` is not `YYYYMMDD'T'HHMMSS'Z'`: type the signed time "
        "(an `X-Amz-Date` header, or the X-Amz-Date field)"
    )


def string_to_sign(recipe: Recipe) -> str:
    return parts(recipe).string_to_sign


def canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    made = parts(recipe)
    keys = derived_keys(recipe, *scope_names(recipe))
    headers_in = "\n".join(f"{name}: {value}" for name, value in request.headers)
    return [
        Step("canonical_uri", "Canonical URI", request.path, made.canonical_uri, made.uri_note),
        Step(
            "canonical_query",
            "Canonical query string",
            "&".join(f"{name}={value}" for name, value in request.params),
            made.canonical_query,
            made.query_note,
        ),
        Step(
            "canonical_headers",
            "Canonical headers",
            headers_in,
            "".join(line + "\n" for line in made.header_lines),
            made.headers_note,
        ),
        Step(
            "signed_headers",
            "Signed headers",
            "\n".join(line.partition(":")[0] for line in made.header_lines),
            made.signed_headers,
        ),
        Step(
            "payload_hash",
            "Payload hash",
            f"{len(request.body)} characters",
            made.payload_hash,
            made.payload_note,
        ),
        Step("canonical_request", "Canonical request", "6 parts", made.canonical_request),
        Step(
            "canonical_request_hash",
            "Hash of the canonical request",
            "SHA-256, hex",
            made.request_hash,
        ),
        Step("credential_scope", "Credential scope", made.amz_date, made.scope, _time_note(made)),
        *(
            Step(step_id, title, given, value.hex(), keyed=True)
            for step_id, title, given, value in keys
        ),
        Step("string_to_sign", "String to sign", "4 lines", made.string_to_sign),
    ]
