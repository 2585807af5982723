"""Named request transforms: what a framework, a proxy or a client does to a delivery.

A description's own mistakes (``DescribedMistake.transform``) and the variants its server
also accepts (``Description.also_accept``) name these; each returns the changed recipe, or
``None`` when it cannot happen to this request (a body that is not JSON). Linear in the
request.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from urllib.parse import parse_qsl, quote_plus, unquote_plus, urlencode, urlsplit

from app.core.recipe import Recipe

Transform = Callable[[Recipe], Recipe | None]

#: The port a scheme uses when the URL names none.
DEFAULT_PORTS = {"https": "443", "http": "80"}


def _json(body: str) -> object | None:
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict | list) else None


def _body(recipe: Recipe, body: str | None) -> Recipe | None:
    if body is None or body == recipe.request.body:
        return None
    return recipe.with_request(body=body)


def _json_stringified(recipe: Recipe) -> Recipe | None:
    """`JSON.stringify(req.body)`: compact, non-ASCII kept raw, `/` unescaped."""
    value = _json(recipe.request.body)
    if value is None:
        return None
    try:
        body = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    except RecursionError:
        return None
    return _body(recipe, body)


def _json_python(recipe: Recipe) -> Recipe | None:
    """Python's default `json.dumps(body)`: `, ` and `: `, non-ASCII as `\\uXXXX`."""
    value = _json(recipe.request.body)
    if value is None:
        return None
    try:
        return _body(recipe, json.dumps(value))
    except RecursionError:
        return None


def _form_reencoded(recipe: Recipe) -> Recipe | None:
    """A form body parsed and written again (`qs.stringify`, Rack): `%20` becomes `+`."""
    body = recipe.request.body
    if "=" not in body:
        return None
    pairs = parse_qsl(body, keep_blank_values=True)
    return _body(recipe, urlencode(pairs))


def _form_decoded(recipe: Recipe) -> Recipe | None:
    """A form body handed over decoded: `a=b%20c` read as `a=b c`."""
    body = recipe.request.body
    if "=" not in body or ("%" not in body and "+" not in body):
        return None
    return _body(recipe, unquote_plus(body))


def _payload_json(recipe: Recipe) -> Recipe | None:
    """A form delivery (`payload=<urlencoded JSON>`) verified over the JSON inside it."""
    body = recipe.request.body
    if not body.startswith("payload="):
        return None
    pairs = dict(parse_qsl(body, keep_blank_values=True))
    return _body(recipe, pairs.get("payload"))


def _payload_form(recipe: Recipe) -> Recipe | None:
    """A JSON delivery verified as the form GitHub sends with that content type."""
    if _json(recipe.request.body) is None:
        return None
    return _body(recipe, "payload=" + quote_plus(recipe.request.body))


def _js_string(value: object) -> str:
    """JavaScript's `String(value)` for a JSON value, as `key + params[key]` writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, list):
        return ",".join("" if item is None else _js_string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _json_as_params(recipe: Recipe) -> Recipe | None:
    """A JSON delivery's members handed to the validator as form parameters (twilio-node's
    `validateRequest(token, signature, url, req.body)` on a parsed JSON body): each
    top-level member, its value as JavaScript writes it, as the body read as a form."""
    value = _json(recipe.request.body)
    if not isinstance(value, dict):
        return None
    pairs = [(str(name), _js_string(member)) for name, member in value.items()]
    return _body(recipe, urlencode(pairs))


def _body_base64(recipe: Recipe) -> Recipe | None:
    """AWS API Gateway's `isBase64Encoded` body, verified without decoding it."""
    body = recipe.request.body
    if not body:
        return None
    return _body(recipe, base64.b64encode(body.encode("utf-8")).decode("ascii"))


def _origin(recipe: Recipe, origin: str) -> Recipe | None:
    if origin == recipe.request.input("origin"):
        return None
    inputs = tuple(
        (name, origin if name == "origin" else value) for name, value in recipe.request.inputs
    )
    if not any(name == "origin" for name, _ in inputs):
        inputs += (("origin", origin),)
    return recipe.with_request(inputs=inputs)


def _http(recipe: Recipe) -> Recipe | None:
    """The URL rebuilt as `http://` behind a proxy that terminates TLS."""
    origin = recipe.request.input("origin")
    if not origin.startswith("https://"):
        return None
    return _origin(recipe, "http://" + origin[len("https://") :])


def _split(origin: str) -> tuple[str, str, str | None] | None:
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    return (
        parts.scheme,
        parts.netloc.rpartition(":")[0] if port else parts.netloc,
        (str(port) if port else None),
    )


def _port_removed(recipe: Recipe) -> Recipe | None:
    """The URL rebuilt without the port the client called (a proxy, `request.host`)."""
    split = _split(recipe.request.input("origin"))
    if split is None or split[2] is None:
        return None
    return _origin(recipe, f"{split[0]}://{split[1]}")


def _port_added(recipe: Recipe) -> Recipe | None:
    """The URL rebuilt with the scheme's default port written out (`:443`)."""
    split = _split(recipe.request.input("origin"))
    if split is None or split[2] is not None or split[0] not in DEFAULT_PORTS:
        return None
    return _origin(recipe, f"{split[0]}://{split[1]}:{DEFAULT_PORTS[split[0]]}")


TRANSFORMS: dict[str, Transform] = {
    "json_stringified": _json_stringified,
    "json_python": _json_python,
    "form_reencoded": _form_reencoded,
    "form_decoded": _form_decoded,
    "payload_json": _payload_json,
    "payload_form": _payload_form,
    "body_base64": _body_base64,
    "json_as_params": _json_as_params,
    "url_http": _http,
    "url_port_removed": _port_removed,
    "url_port_added": _port_added,
}
