"""Where the signed request carries its ``oauth_*`` parameters (RFC 5849 §3.5).

- ``header``: ``Authorization: OAuth realm="…", oauth_…="…", oauth_signature="…"``, each
  name and value percent-encoded (§3.6) and double-quoted, joined with ``, `` (§3.5.1);
  ``realm`` first and written as given, as oauthlib writes it;
- ``query``: appended to the URL's query (§3.5.3), form-encoded as oauthlib's ``urlencode``;
- ``body``: appended to the form body (§3.5.2), which must then be
  ``application/x-www-form-urlencoded``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes.oauth1.encoding import enc
from app.core.schemes.oauth1.params import (
    BODY,
    FORM_TYPE,
    QUERY,
    form_pairs,
    is_form,
    placement,
    protocol_params,
    realm,
)
from app.core.schemes.oauth1.uri import origin_of

SIGNATURE_PARAM = "oauth_signature"


def authorization(recipe: Recipe, signature: str) -> str:
    params = (*protocol_params(recipe), (SIGNATURE_PARAM, signature))
    items = [f'{enc(name)}="{enc(value)}"' for name, value in params]
    given_realm = realm(recipe.request)
    if given_realm:
        items.insert(0, f'realm="{given_realm}"')
    return "OAuth " + ", ".join(items)


def _own(pairs: Pairs) -> Pairs:
    """The request's own pairs: any ``oauth_*`` protocol pair travels from the inputs."""
    return tuple(pair for pair in pairs if not pair[0].startswith("oauth_"))


def travels(recipe: Recipe, signature: str) -> Pairs:
    request = recipe.request
    where = placement(request)
    oauth = (*protocol_params(recipe), (SIGNATURE_PARAM, signature))
    if where == QUERY:
        origin = origin_of(request)
        path = request.path.partition("?")[0] or "/"
        query = urlencode((*_own(request.params), *oauth))
        return (("URL", f"{origin.scheme}://{origin.netloc()}{path}?{query}"),)
    if where == BODY:
        own = _own(form_pairs(request.body)) if is_form(request) else ()
        return (("Content-Type", FORM_TYPE), ("Body", urlencode((*own, *oauth))))
    return (("Authorization", authorization(recipe, signature)),)
