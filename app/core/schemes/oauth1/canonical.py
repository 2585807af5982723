"""OAuth 1.0a's signature base string (RFC 5849 §3.4.1), step by step.

    base string = METHOD "&" enc(base string URI) "&" enc(normalized parameters)
    normalized  = the collected (enc(name), enc(value)) pairs, sorted by name then value in
                  byte order, each "name=value", joined with "&"

so every name and value is in effect encoded twice (``%20`` becomes ``%2520``). The flags a
mistaken recipe carries (``mistakes.py``) change one rule each.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes.oauth1.encoding import ENCODERS, RFC3986, Encoder
from app.core.schemes.oauth1.key import key_step
from app.core.schemes.oauth1.params import (
    BODY,
    HEADER,
    PARAMETER_OF,
    QUERY,
    content_type,
    form_pairs,
    is_form,
    looks_like_form,
    placement,
    protocol_params,
    realm,
)
from app.core.schemes.oauth1.uri import base_uri, origin_of
from app.core.trace import Step, join_notes


def encoder(recipe: Recipe) -> Encoder:
    return ENCODERS.get(recipe.flag_value("encoder") or RFC3986, ENCODERS[RFC3986])


def _body_params(recipe: Recipe) -> tuple[Pairs, str | None]:
    """The body's pairs the client signs, and why (not) in words."""
    request, flags = recipe.request, recipe.flags
    kind = content_type(request) or "none"
    if is_form(request):
        if "body_left_out" in flags:
            return (), "the form body left out"
        return form_pairs(request.body), None
    if "body_included" in flags and looks_like_form(request.body):
        return form_pairs(request.body), f"the body signed as a form though its type is `{kind}`"
    if request.body:
        return (), f"the body is not signed: its `Content-Type` is `{kind}`, not a form"
    return (), None


def _own(pairs: Pairs) -> Pairs:
    """The pairs of the part that carries the protocol parameters, but those: every
    ``oauth_*`` value is signed from the inputs, once."""
    return tuple(pair for pair in pairs if not pair[0].startswith("oauth_"))


def _collapsed(pairs: Pairs) -> Pairs:
    """A map of the pairs, as a client that keeps one value per name builds it (the last)."""
    return tuple(dict(pairs).items())


@dataclass(frozen=True)
class Built:
    """Everything the steps show; ``canonicalize`` and ``string_to_sign`` both read it, so
    they cannot disagree (the notes, in words, only when the steps are wanted)."""

    collected: Pairs
    notes: tuple[str, ...]
    encoded: Pairs
    normalized: str
    uri: str
    uri_note: str | None
    method: str
    base_string: str


def build(recipe: Recipe, *, with_notes: bool = True) -> Built:
    request, flags = recipe.request, recipe.flags
    where = placement(request)
    query = () if "query_left_out" in flags else request.params
    if where == QUERY:
        query = _own(query)
    protocol = protocol_params(recipe)
    if "realm_signed" in flags and realm(request):
        protocol = (("realm", realm(request)), *protocol)
    body, body_note = _body_params(recipe)
    if where == BODY:
        body = _own(body)
        collected = (*query, *body, *protocol)
    else:
        collected = (*query, *protocol, *body)
    if "params_collapsed" in flags:
        collected = _collapsed(collected)
    encode = encoder(recipe)
    encoded = tuple((encode(name), encode(value)) for name, value in collected)
    normalized = "&".join(f"{name}={value}" for name, value in sorted(encoded))
    origin = origin_of(request)
    query_text = ""
    if "query_in_uri" in flags and request.params:
        query_text = "&".join(f"{encode(name)}={encode(value)}" for name, value in request.params)
    uri = base_uri(
        origin,
        request.path,
        keep_default_port="default_port_kept" in flags,
        decode_unreserved="path_unreserved_decoded" in flags,
        query=query_text,
    )
    method = request.method.upper()
    base_string = "&".join((encode(method), encode(uri), encode(normalized)))
    notes = _collect_notes(recipe, query, body_note) if with_notes else ()
    uri_note = _uri_note(recipe, origin.source, origin.port) if with_notes else None
    return Built(collected, notes, encoded, normalized, uri, uri_note, method, base_string)


def _collect_notes(recipe: Recipe, query: Pairs, body_note: str | None) -> tuple[str, ...]:
    request, flags = recipe.request, recipe.flags
    notes = []
    if "query_left_out" in flags and request.params:
        notes.append("the query parameters left out")
    if realm(request):
        if "realm_signed" in flags:
            notes.append("`realm` signed")
        else:
            notes.append("`realm` is sent but never signed")
    if body_note:
        notes.append(body_note)
    doubled = sorted({name for name, _ in query if name in PARAMETER_OF.values()})
    if doubled:
        notes.append(f"{', '.join(doubled)} in the query too: signed twice")
    if placement(request) != HEADER:
        notes.append(
            f"the `oauth_*` parameters travel in the {placement(request)}: signed from the "
            "fields, once"
        )
    repeated = [name for name, count in Counter(name for name, _ in query).items() if count > 1]
    if repeated and "params_collapsed" in flags:
        notes.append(f"repeated {', '.join(repeated)} collapsed to one value")
    elif repeated:
        notes.append(f"repeated {', '.join(repeated)}: every value is signed")
    return tuple(notes)


def _uri_note(recipe: Recipe, source: str, port: int | None) -> str | None:
    flags = recipe.flags
    notes = [f"scheme and host from {source}, lower-cased"]
    if "default_port_kept" in flags:
        notes.append("the default port kept")
    elif port is not None and port in (80, 443):
        notes.append(f"the default port `:{port}` left out")
    if "path_unreserved_decoded" in flags:
        notes.append("unreserved `%XX` escapes in the path decoded")
    elif "%7E" in recipe.request.path.upper():
        notes.append("`%7E` kept as sent (encoded again: `%257E`)")
    if "query_in_uri" in flags:
        notes.append("the query left in the URI")
    return join_notes(*notes)


def _pair_lines(pairs: Pairs) -> str:
    return "\n".join(f"{name}={value}" for name, value in pairs)


def _sources(recipe: Recipe) -> str:
    request = recipe.request
    lines = [
        f"query: {len(request.params)} parameter(s)",
        f"oauth_* ({placement(request)}): {len(protocol_params(recipe))} parameter(s)",
        f"body: {content_type(request) or 'no Content-Type'}",
    ]
    return "\n".join(lines)


def string_to_sign(recipe: Recipe) -> str:
    """The base string alone: the lens and the diagnosis build it dozens of times."""
    return build(recipe, with_notes=False).base_string


def canonicalize(recipe: Recipe) -> list[Step]:
    built = build(recipe)
    encoder_note = None
    if recipe.flag_value("encoder") not in (None, RFC3986):
        encoder_note = f"encoded with `{recipe.flag_value('encoder')}`, not RFC 3986"
    return [
        Step(
            "collect_params",
            "Collect the parameters: query, `oauth_*` (no `realm`, no `oauth_signature`), "
            "form body",
            _sources(recipe),
            _pair_lines(built.collected),
            join_notes(*built.notes),
        ),
        Step(
            "encode_params",
            "Percent-encode each name and value (RFC 3986)",
            _pair_lines(built.collected),
            _pair_lines(built.encoded),
            encoder_note,
        ),
        Step(
            "normalize_params",
            "Sort by name, then value (byte order), join with `&`",
            _pair_lines(built.encoded),
            built.normalized,
            None,
        ),
        Step(
            "base_uri",
            "Base string URI: scheme, host, port, path",
            f"{recipe.request.input('origin')} {recipe.request.path}".strip(),
            built.uri,
            built.uri_note,
        ),
        key_step(recipe),
        Step(
            "base_string",
            "Signature base string: METHOD `&` enc(URI) `&` enc(parameters)",
            f"{built.method}\n{built.uri}\n{built.normalized}",
            built.base_string,
            encoder_note,
        ),
    ]
