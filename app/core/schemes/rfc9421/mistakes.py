"""The mistakes RFC 9421 signers and verifiers make (SCHEMES2.md §2.5, §11), with their words.

Each is a pure ``Recipe -> Recipe`` transform; one that cannot happen to a request (``@authority``
not covered, no repeated header) returns ``None`` and stays out of its lens.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.mistakes import AS_TEXT, FORM_FIX, Mistake, common_mistakes, single
from app.core.recipe import Recipe
from app.core.schemes.rfc9421.components import (
    COMPONENTS,
    DEFAULT_PORTS,
    forwarded_host,
    parse_components,
    split_origin,
    write_components,
)
from app.core.schemes.rfc9421.params import ALG, NO_ALG

Transform = Callable[[Recipe], Recipe | None]


def with_input(recipe: Recipe, name: str, value: str) -> Recipe:
    """``recipe`` with its own input ``name`` set to ``value``."""
    inputs = tuple((given, text) for given, text in recipe.request.inputs if given != name)
    return recipe.with_request(inputs=(*inputs, (name, value)))


def _covered(recipe: Recipe) -> set[str]:
    return {component.name for component in parse_components(recipe.request.input(COMPONENTS))}


def _flag_if(flag: str, applies: Callable[[Recipe], bool]) -> Transform:
    return lambda recipe: recipe.with_flag(flag) if applies(recipe) else None


def _covers(*names: str) -> Callable[[Recipe], bool]:
    return lambda recipe: bool(_covered(recipe) & set(names))


def _covers_fields(recipe: Recipe) -> bool:
    return any(not name.startswith("@") for name in _covered(recipe))


def _default_port(recipe: Recipe) -> bool:
    scheme, _, port = split_origin(recipe.request.input("origin"))
    default = DEFAULT_PORTS.get(scheme.lower())
    return default is not None and port in (None, default)


def _forwarded(recipe: Recipe) -> bool:
    return "@authority" in _covered(recipe) and forwarded_host(recipe) is not None


def _alg_toggled(recipe: Recipe) -> list[tuple[str, Recipe]]:
    """``alg`` added to parameters sent without it, or left out of ones sent with it."""
    if recipe.request.input("alg", NO_ALG) == ALG:
        return [("omitted", with_input(recipe, "alg", NO_ALG))]
    return [("added", with_input(recipe, "alg", ALG))]


def _digest_uncovered(recipe: Recipe) -> Recipe | None:
    components = parse_components(recipe.request.input(COMPONENTS))
    kept = tuple(component for component in components if component.name != "content-digest")
    if len(kept) == len(components):
        return None
    return with_input(recipe, COMPONENTS, write_components(kept))


def _query_reencoded(recipe: Recipe) -> bool:
    request = recipe.request
    uses_query = _covers("@query", "@target-uri", "@request-target")(recipe)
    return uses_query and bool(request.input("query")) and bool(request.params)


def _path_decoded(recipe: Recipe) -> bool:
    uses_path = _covers("@path", "@target-uri", "@request-target")(recipe)
    return uses_path and "%" in recipe.request.path


def _keyid_as_key(recipe: Recipe) -> Recipe | None:
    keyid = recipe.request.input("keyid")
    return recipe.with_(secret=keyid, secret_encoding=AS_TEXT) if keyid else None


_ORDER_FIX = (
    "Build the base from the components in the order `Signature-Input` lists them: the "
    "verifier rebuilds it in that order."
)
_AUTHORITY_FIX = (
    "Sign `@authority` as the Host the client sends to: the host lower-cased, with a port "
    "only when it is not the scheme's default."
)

SPECIFIC: tuple[Mistake, ...] = (
    Mistake(
        "components_sorted",
        "signature_base",
        "Component lines in another order",
        "The client built the base from a map that sorted the components, while "
        "`Signature-Input` lists them in the order given: the verifier rebuilds the base in "
        "the listed order.",
        single(_flag_if("components_sorted", lambda r: len(_covered(r)) > 1)),
        clause="signed the component lines sorted, not in the order `Signature-Input` lists",
        fix=_ORDER_FIX,
        harmless="your components are listed in sorted order already",
    ),
    Mistake(
        "alg",
        "signature_params",
        "`alg` {target} in the signed parameters",
        "The client signed the parameters with `alg` {target}, unlike `Signature-Input`. "
        "Libraries add `alg` by default (http-message-signatures' `include_alg=True`), so their "
        "base never matches one without it, such as RFC 9421 B.2.5's.",
        _alg_toggled,
        clause="signed the parameters with `alg` {target}, unlike `Signature-Input`",
        fix="Sign exactly the parameters `Signature-Input` carries, `alg` included or not "
        "(http-message-signatures: `include_alg=False` leaves it out).",
    ),
    Mistake(
        "content_digest_uncovered",
        "components",
        "`content-digest` left out of the covered components",
        "Without `content-digest` among the components, a valid signature says nothing about "
        "the body: it verifies while the body is swapped (interledger/rafiki #654).",
        single(_digest_uncovered),
        clause="left `content-digest` out of the covered components",
        fix="Cover `content-digest`, and have the verifier recompute it from the body it received.",
    ),
    Mistake(
        "authority_default_port",
        "signature_base",
        "`@authority` with the default port",
        "`@authority` drops the scheme's default port (`example.com`, not `example.com:443`); "
        "a client or proxy that keeps it signs another value.",
        single(_flag_if("authority_port", lambda r: _covers("@authority")(r) and _default_port(r))),
        clause="signed `@authority` with the default port",
        fix=_AUTHORITY_FIX,
    ),
    Mistake(
        "authority_forwarded",
        "signature_base",
        "`@authority` from a proxy's forwarded host",
        "The verifier (or a signer behind a proxy) took the host from `X-Forwarded-Host` or "
        "`Forwarded: host=` instead of the Host the client used (nomadium/linzer #9).",
        single(_flag_if("authority_forwarded", _forwarded)),
        clause="signed `@authority` as the forwarded host, not the Host the client sent to",
        fix="Derive `@authority` from the Host the client sent to on both sides; behind a proxy, "
        "restore it before verifying rather than reading `X-Forwarded-Host`.",
    ),
    Mistake(
        "target_uri_port",
        "signature_base",
        "`@target-uri` with or without `:443`",
        "`@target-uri` keeps the authority as the client wrote it (http-message-signatures "
        "keeps `:443`), so adding or dropping the default port changes it.",
        single(
            _flag_if("target_uri_port", lambda r: _covers("@target-uri")(r) and _default_port(r))
        ),
        clause="signed `@target-uri` with the default port toggled",
        fix="Sign `@target-uri` with the authority exactly as in the URL the client requested.",
    ),
    Mistake(
        "field_untrimmed",
        "signature_base",
        "Header value not trimmed",
        "RFC 9421 §2.1 signs each field line stripped of leading and trailing spaces; the "
        "client signed a value with them.",
        single(_flag_if("fields_untrimmed", _covers_fields)),
        clause="signed header values with their surrounding spaces",
        fix="Strip leading and trailing spaces and tabs from each field line before signing.",
        harmless="your covered header values have no surrounding spaces",
    ),
    Mistake(
        "field_lines_not_joined",
        "signature_base",
        "Repeated header lines not joined",
        "A header sent on several lines is signed as all its values joined with `, ` (RFC "
        "9421 §2.1); a client that keeps headers in a map signs only the last line.",
        single(_flag_if("fields_last_line", _covers_fields)),
        clause="signed only the last line of a header sent on several lines",
        fix="Join every line of a repeated header with `, `, in the order sent.",
        harmless="no covered header is sent on several lines",
    ),
    Mistake(
        "query_reencoded",
        "signature_base",
        "Query re-encoded",
        "`@query` signs the query exactly as sent; the client signed it re-encoded from the "
        "parsed parameters (`%20` becoming `+`, `~` escaped, order normalized).",
        single(_flag_if("query_reencoded", _query_reencoded)),
        clause="signed the query re-encoded from its parameters, not as sent",
        fix="Sign the raw query string as it goes on the wire; never re-encode it.",
        harmless="your query is written as form encoding writes it",
    ),
    Mistake(
        "path_decoded",
        "signature_base",
        "Path percent-decoded",
        "`@path` keeps the percent-encoding as sent (`/%7Eitem` stays); the client signed the "
        "decoded path.",
        single(_flag_if("path_decoded", _path_decoded)),
        clause="signed the path percent-decoded",
        fix="Sign the path as sent, its `%XX` escapes included.",
        harmless="your path has no escape that decodes to another character",
    ),
    Mistake(
        "base_trailing_newline",
        "signature_base",
        "Trailing newline after the base",
        "RFC 9421's base ends with the `@signature-params` line and no LF after it; a client "
        "that ends every line with LF signs one more byte.",
        single(lambda recipe: recipe.with_flag("base_trailing_newline")),
        clause="signed the base with a trailing LF",
        fix="Join the lines with LF and add none after `@signature-params`.",
    ),
    Mistake(
        "draft_cavage",
        "signature_base",
        "draft-cavage signing string",
        "The other side still speaks draft-cavage-http-signatures: `(request-target)`, `host:` "
        "and `(created)` lines, no `@signature-params` line (HttpMessageSigning #27).",
        single(lambda recipe: recipe.with_flag("cavage")),
        clause="signed draft-cavage's `(request-target)` string instead of RFC 9421's base",
        fix='Build RFC 9421\'s signature base: `"@method": …` lines and the '
        '`"@signature-params"` line; drop `(request-target)`, `headers="…"` and `hs2019`.',
    ),
    Mistake(
        "keyid_as_key",
        "hmac",
        "`keyid` used as the key",
        "The client passed the key's id (`keyid`) where the shared key belongs.",
        single(_keyid_as_key),
        clause="signed with the `keyid` instead of the shared key",
        fix="Sign with the shared key; `keyid` only names it.",
    ),
    Mistake(
        "output_hex",
        "hmac",
        "Hex sent instead of base64",
        "`Signature` carries the HMAC as an RFC 8941 Byte Sequence: base64 between colons.",
        single(lambda recipe: recipe.with_(output="hex")),
        clause="sent the signature in hex",
        fix=FORM_FIX,
    ),
)

#: The shared mistakes that apply: no API key here, and base64 is the right form.
COMMON = tuple(
    mistake
    for mistake in common_mistakes("base64 between colons (`:…:`)")
    if mistake.id not in {"api_key_as_secret", "output_base64"}
)

MISTAKES = SPECIFIC + COMMON
