"""The mistakes OAuth 1.0a clients make (SCHEMES2.md §3.5 and §11), each with its words.

Each is one rule of ``canonical.py`` or ``key.py`` broken (a flag), or an input changed as
the mistaken client changes it (``oauth_version``, ``oauth_body_hash``).
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Callable

from app.core.mistakes import FORM_FIX, Mistake, common_mistakes, single
from app.core.recipe import Recipe
from app.core.schemes.oauth1.encoding import FORM, URI_COMPONENT
from app.core.schemes.oauth1.key import TOKEN_SECRET
from app.core.schemes.oauth1.params import (
    NO_VERSION,
    VERSION_1,
    form_pairs,
    is_form,
    looks_like_form,
    realm,
    version,
)
from app.core.schemes.oauth1.uri import DEFAULT_PORTS, ESCAPE, UNRESERVED, origin_of

Transform = Callable[[Recipe], Recipe | None]


def _flag_if(flag: str, applies: Callable[[Recipe], bool]) -> Transform:
    return lambda recipe: recipe.with_flag(flag) if applies(recipe) else None


def _with_input(recipe: Recipe, name: str, value: str) -> Recipe:
    inputs = tuple((given, text) for given, text in recipe.request.inputs if given != name)
    return recipe.with_request(inputs=(*inputs, (name, value)))


def _has_repeats(recipe: Recipe) -> bool:
    request = recipe.request
    pairs = (*request.params, *form_pairs(request.body if is_form(request) else ""))
    return any(count > 1 for count in Counter(name for name, _ in pairs).values())


def _port_is_default(recipe: Recipe) -> bool:
    try:
        origin = origin_of(recipe.request)
    except ValueError:
        return False
    default = DEFAULT_PORTS.get(origin.scheme)
    return default is not None and origin.port in (None, default)


def _scheme_swapped(recipe: Recipe) -> Recipe | None:
    """The origin with the other scheme (`http` for `https`, and back), its host kept."""
    given = recipe.request.input("origin").strip()
    hosts = [value for name, value in recipe.request.headers if name.lower() == "host"]
    text = given or (f"https://{hosts[-1].strip()}" if hosts and hosts[-1].strip() else "")
    scheme, sep, rest = text.partition("://")
    other = {"https": "http", "http": "https"}.get(scheme.lower())
    if not sep or other is None:
        return None
    return _with_input(recipe, "origin", f"{other}://{rest}")


def _unreserved_escaped(recipe: Recipe) -> bool:
    return any(
        chr(int(found[1:], 16)) in UNRESERVED for found in ESCAPE.findall(recipe.request.path)
    )


def _version_added(recipe: Recipe) -> Recipe | None:
    if version(recipe.request):
        return None
    return _with_input(recipe, "oauth_version", VERSION_1)


def _version_left_out(recipe: Recipe) -> Recipe | None:
    if not version(recipe.request):
        return None
    return _with_input(recipe, "oauth_version", NO_VERSION)


def _body_hash_added(recipe: Recipe) -> Recipe | None:
    request = recipe.request
    if is_form(request) or not request.body or request.input("oauth_body_hash"):
        return None
    # draft-eaton-oauth-bodyhash: base64(SHA-1(body)), as oauthlib's Client adds it.
    digest = hashlib.sha1(request.body.encode("utf-8")).digest()  # noqa: S324
    return _with_input(recipe, "oauth_body_hash", base64.b64encode(digest).decode("ascii"))


def _encoded_by(recipe: Recipe, name: str) -> Recipe:
    return recipe.with_flag(f"encoder={name}")


SPECIFIC: tuple[Mistake, ...] = (
    Mistake(
        "encode_uri_component",
        "encode_params",
        "`encodeURIComponent` instead of RFC 3986",
        "JavaScript's `encodeURIComponent` (and Dart's `Uri.encodeComponent`) leaves "
        "`! * ' ( )` raw; RFC 5849 §3.6 encodes every character but `A-Z a-z 0-9 - . _ ~`. "
        "Twitter and others answer 401 only for requests that hold one of them.",
        single(lambda r: _encoded_by(r, URI_COMPONENT)),
        clause="percent-encoded with `encodeURIComponent`, which leaves `! * ' ( )` raw",
        fix="Encode names, values and the base string's parts per RFC 3986: also `!` as "
        "`%21`, `*` as `%2A`, `'` as `%27`, `(` as `%28`, `)` as `%29`.",
        harmless="nothing signed holds `! * ' ( )`",
    ),
    Mistake(
        "form_encoding",
        "encode_params",
        "Form encoding (`+` for a space) instead of RFC 3986",
        "The client encoded with `application/x-www-form-urlencoded` rules (`URLEncoder`, "
        "`quote_plus`): a space becomes `+`, where RFC 5849 §3.6 writes `%20`.",
        single(lambda r: _encoded_by(r, FORM)),
        clause="percent-encoded with form encoding, a space as `+` instead of `%20`",
        fix="Encode per RFC 3986 (`%20` for a space), not with a form or URL encoder.",
        harmless="nothing signed holds a space",
    ),
    Mistake(
        "query_left_out",
        "collect_params",
        "Query parameters left out",
        "The client signed only the `oauth_*` parameters; the server signs the query too "
        "(RFC 5849 §3.4.1.3.1).",
        single(_flag_if("query_left_out", lambda r: bool(r.request.params))),
        clause="left the query parameters out of the base string",
        fix="Collect the query's parameters, form-decoded, with the `oauth_*` ones.",
    ),
    Mistake(
        "query_in_uri",
        "base_uri",
        "Query left in the base string URI",
        "The client signed the URL with its `?query` as the base string URI; RFC 5849 "
        "§3.4.1.2 leaves the query out of it (its parameters are signed as parameters).",
        single(_flag_if("query_in_uri", lambda r: bool(r.request.params))),
        clause="signed the URL with its query as the base string URI (`{signed}`)",
        fix="Strip `?query` from the base string URI; sign its parameters among the others.",
    ),
    Mistake(
        "body_left_out",
        "collect_params",
        "Form body parameters left out",
        "The body is `application/x-www-form-urlencoded`, so its parameters are signed "
        "(RFC 5849 §3.4.1.3.1); the client left them out.",
        single(_flag_if("body_left_out", lambda r: is_form(r.request) and bool(r.request.body))),
        clause="left the form body's parameters out of the base string",
        fix="Sign the form body's parameters with the query's and the `oauth_*` ones.",
    ),
    Mistake(
        "body_included",
        "collect_params",
        "Body signed though it is not a form",
        "Only a body sent as `Content-Type: application/x-www-form-urlencoded` is signed; "
        "the client signed this one's `name=value` pairs though its type says otherwise.",
        single(
            _flag_if(
                "body_included",
                lambda r: not is_form(r.request) and looks_like_form(r.request.body),
            )
        ),
        clause="signed the body's pairs though its `Content-Type` is not a form",
        fix="Send the body as `application/x-www-form-urlencoded`, or do not sign it.",
    ),
    Mistake(
        "realm_signed",
        "collect_params",
        "`realm` signed",
        "`realm` travels in the `Authorization` header but is never signed (RFC 5849 §3.4.1.3.1).",
        single(_flag_if("realm_signed", lambda r: bool(realm(r.request)))),
        clause="signed the `realm` parameter",
        fix="Leave `realm` out of the signed parameters: it is sent, never signed.",
    ),
    Mistake(
        "params_collapsed",
        "collect_params",
        "Repeated parameters collapsed",
        "The client kept its parameters in a map, so a name given twice was signed once; "
        "the server signs every value, sorted.",
        single(_flag_if("params_collapsed", _has_repeats)),
        clause="signed a repeated parameter once (a map keeps one value)",
        fix="Keep parameters as a list of pairs: sign every value of a repeated name.",
    ),
    Mistake(
        "version_added",
        "collect_params",
        "`oauth_version` signed but not sent",
        "The request sends no `oauth_version` (it is OPTIONAL), but the client signed "
        "`oauth_version=1.0`, as oauthlib's `Client` always adds.",
        single(_version_added),
        clause="signed `oauth_version=1.0`, which the request does not send",
        fix="Sign exactly the `oauth_*` parameters you send.",
    ),
    Mistake(
        "version_left_out",
        "collect_params",
        "`oauth_version` sent but not signed",
        "The request sends `oauth_version=1.0`; the client left it out of the base string.",
        single(_version_left_out),
        clause="left `oauth_version` out of the base string",
        fix="Sign every `oauth_*` parameter you send, `oauth_version` too.",
    ),
    Mistake(
        "body_hash_added",
        "collect_params",
        "`oauth_body_hash` signed but not sent",
        "oauthlib's `Client` adds `oauth_body_hash` (base64 of the body's SHA-1) to any "
        "request with a non-form body; a client signed it, and the server builds its base "
        "string without it.",
        single(_body_hash_added),
        clause="signed an `oauth_body_hash` the server does not read",
        fix="Sign exactly the `oauth_*` parameters you send: drop `oauth_body_hash` or send it.",
    ),
    Mistake(
        "default_port_kept",
        "base_uri",
        "Default port kept in the base string URI",
        "RFC 5849 §3.4.1.2: the port is left out when it is the default (80 for http, 443 "
        "for https). A client, or a proxy's `Host: api.example.com:443`, kept it.",
        single(_flag_if("default_port_kept", _port_is_default)),
        clause="kept the default port in the base string URI (`{signed}`)",
        fix="Leave `:80` and `:443` out of the base string URI.",
    ),
    Mistake(
        "scheme_swapped",
        "base_uri",
        "`http` and `https` swapped in the base string URI",
        "The base string URI names the scheme the request went over (RFC 5849 §3.4.1.2). "
        "Behind a proxy that ends TLS the server sees `http://` where the client called "
        "`https://`; or one side was configured with the other scheme.",
        single(_scheme_swapped),
        clause="signed the base string URI with the other scheme (`{signed}`)",
        fix="Sign the URL the request is sent to, scheme included; a server behind a TLS "
        "proxy rebuilds it from `X-Forwarded-Proto`.",
    ),
    Mistake(
        "path_unreserved_decoded",
        "base_uri",
        "Path escapes decoded",
        "The client decoded `%7E` (and other escapes of unreserved characters) in the path "
        "before signing; oauthlib signs the path as sent (`%257E` in the base string).",
        single(_flag_if("path_unreserved_decoded", _unreserved_escaped)),
        clause="signed the path with `%XX` escapes decoded (`{signed}`)",
        fix="Sign the path exactly as it is sent.",
    ),
    Mistake(
        "token_secret_forgotten",
        "signing_key",
        "Token secret left out of the key",
        "The key is `enc(consumer secret)&enc(token secret)`; the client signed with the "
        "consumer secret and an `&` alone.",
        single(_flag_if("token_secret_forgotten", lambda r: bool(r.secret_input(TOKEN_SECRET)))),
        clause="left the token secret out of the key",
        fix="Key the HMAC with `enc(consumer secret) & enc(token secret)`.",
    ),
    Mistake(
        "ampersand_dropped",
        "signing_key",
        "`&` dropped from the key",
        "With no token secret the key is `enc(consumer secret)&`: the `&` MUST be there "
        "even when a secret is empty (RFC 5849 §3.4.2).",
        single(_flag_if("ampersand_dropped", lambda r: not r.secret_input(TOKEN_SECRET))),
        clause="dropped the `&` from the key because the token secret is empty",
        fix="Key the HMAC with the consumer secret followed by `&`, even with no token secret.",
    ),
    Mistake(
        "output_hex",
        "hmac",
        "Hex sent instead of base64",
        "`oauth_signature` is the digest in base64 (RFC 5849 §3.4.2); the client sent hex.",
        single(lambda r: r.with_(output="hex")),
        clause="sent the signature in hex",
        fix=FORM_FIX,
    ),
)

#: The shared mistakes but the output forms: an OAuth signature travels in base64, and a
#: digest sent in hex is ``output_hex`` above.
COMMON = tuple(
    mistake
    for mistake in common_mistakes("base64")
    if mistake.id not in ("output_base64", "output_hex_upper")
)

MISTAKES = SPECIFIC + COMMON
