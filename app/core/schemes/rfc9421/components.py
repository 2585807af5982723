"""RFC 9421 §2: the covered components, and the value each one signs. Pure.

A component is an RFC 8941 String (its lower-case name) with parameters; the list is written
as the inner list of ``Signature-Input`` (``"@method" "@authority" "content-digest"``) and
parsed with ``http_sf``, the same parser http-message-signatures 3 builds on. Values follow
the RFC, and where the RFC leaves room, http-message-signatures 3.0.0 (SCHEMES2.md §2.4):
``@target-uri`` keeps the authority as the client wrote it (``:443`` stays) while
``@authority`` drops the scheme's default port.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import parse_qs, quote, unquote, urlencode

from app.core.errors import InputError, excerpt
from app.core.recipe import Recipe
from app.core.schemes.rfc9421 import sf

#: The input the covered components are read from.
COMPONENTS = "components"

#: RFC 9421 §2.2: the derived components of a request (``@status`` is a response's).
DERIVED = (
    "@method",
    "@target-uri",
    "@authority",
    "@scheme",
    "@request-target",
    "@path",
    "@query",
    "@query-param",
)

#: RFC 9421 §2.1 field parameters Sigscope resolves (``tr``, trailers, is not sent here).
FIELD_PARAMS = frozenset({"key", "sf", "bs"})

DEFAULT_PORTS = {"http": "80", "https": "443"}

_EXAMPLE = '`"@method" "@authority" "@path" "content-digest"`'


@dataclass(frozen=True)
class Component:
    """One covered component: its name, its parameters in order, and its identifier as the
    signature base writes it (``"@query-param";name="q"``)."""

    name: str
    params: tuple[tuple[str, object], ...]

    @cached_property
    def identifier(self) -> str:
        return sf.serialize((self.name, dict(self.params)))

    @property
    def derived(self) -> bool:
        return self.name.startswith("@")

    def param(self, name: str) -> object:
        return dict(self.params).get(name)


def _error(message: str) -> InputError:
    return InputError(COMPONENTS, f"{message} Write them as in `Signature-Input`: {_EXAMPLE}.")


@lru_cache(maxsize=64)
def parse_components(text: str) -> tuple[Component, ...]:
    """The components listed in ``text``: an inner list's content (the parentheses are
    optional), or bare names separated by spaces (``@method @path``). Kept for the few texts
    last read: the lens and the diagnosis rebuild the base of one request hundreds of times."""
    inner = text.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    try:
        if inner and '"' not in inner:
            inner = " ".join(sf.serialize(name) for name in inner.split())
        items = sf.inner_list(inner)
    except sf.SFError as error:
        raise _error(f"`{excerpt(text)}` is not a list of component names ({error}).") from None
    found: list[Component] = []
    seen: set[tuple[str, frozenset[tuple[str, object]]]] = set()
    for name, params in items:
        if not isinstance(name, str) or name != name.lower():
            raise _error(f"`{name}` is not a lower-case quoted name.")
        component = Component(name, tuple(params.items()))
        identity = (name, frozenset(params.items()))
        if identity in seen:
            raise _error(f"`{component.identifier}` is listed twice.")
        seen.add(identity)
        found.append(component)
    return tuple(found)


def write_components(components: tuple[Component, ...]) -> str:
    """The components as the input holds them: the inner list's content."""
    return " ".join(component.identifier for component in components)


@dataclass(frozen=True)
class Target:
    """Where the request went: the origin's parts as the client wrote them, the path as sent,
    and the raw query (``None``: no query at all)."""

    scheme: str
    host: str
    port: str | None
    path: str
    query: str | None

    @property
    def authority(self) -> str:
        return self.host if self.port is None else f"{self.host}:{self.port}"


def split_origin(origin: str) -> tuple[str, str, str | None]:
    """``https://Example.com:8443`` -> ``("https", "Example.com", "8443")``; a path after the
    authority is ignored. ``("", "", None)`` when no origin is given."""
    scheme, separator, rest = origin.strip().partition("://")
    if not separator:
        return "", "", None
    authority = rest.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2]
    host, colon, port = authority.rpartition(":")
    if colon and port.isdigit() and (host.endswith("]") or "[" not in host):
        return scheme, host, port
    return scheme, authority, None


def raw_query(recipe: Recipe) -> tuple[str | None, bool]:
    """The query the request carries, and whether it was built from the params: the raw
    ``query`` input as sent; else the params, form-encoded (as ``requests`` writes them)."""
    request = recipe.request
    raw = request.input("query")
    if raw and "query_reencoded" not in recipe.flags:
        return raw.removeprefix("?"), False
    if request.params:
        return urlencode(request.params), True
    return (raw.removeprefix("?") if raw else None), False


def target(recipe: Recipe) -> Target:
    scheme, host, port = split_origin(recipe.request.input("origin"))
    query, _ = raw_query(recipe)
    return Target(scheme, host, port, recipe.request.path, query)


def _needs_origin(component: Component, where: Target) -> None:
    if not where.scheme or not where.host:
        raise InputError(
            "origin",
            f"`{component.name}` signs where the request went: fill Origin with the scheme and "
            "host the client sent it to, e.g. `https://example.com` (a port too, if it gave one).",
        )


def _authority(recipe: Recipe, where: Target) -> str:
    port = where.port
    if "authority_forwarded" in recipe.flags:
        forwarded = forwarded_host(recipe)
        if forwarded is not None:
            return forwarded
    default = DEFAULT_PORTS.get(where.scheme.lower())
    if "authority_port" in recipe.flags:
        return f"{where.host.lower()}:{port or default}"
    if port is not None and port.lstrip("0") == default:
        port = None
    return where.host.lower() if port is None else f"{where.host.lower()}:{port}"


def forwarded_host(recipe: Recipe) -> str | None:
    """The host a proxy reports (``X-Forwarded-Host``, or ``host=`` in ``Forwarded``)."""
    for name, value in recipe.request.headers:
        lower = name.lower()
        if lower == "x-forwarded-host" and value.strip():
            return value.split(",")[0].strip().lower()
        if lower == "forwarded":
            for element in value.split(",")[0].split(";"):
                key, _, given = element.strip().partition("=")
                if key.lower() == "host" and given:
                    return given.strip('"').lower()
    return None


def path_of(recipe: Recipe, where: Target) -> str:
    path = unquote(where.path) if "path_decoded" in recipe.flags else where.path
    return path or "/"


def _target_uri(recipe: Recipe, where: Target) -> str:
    authority = where.authority
    if "target_uri_port" in recipe.flags:
        default = DEFAULT_PORTS.get(where.scheme.lower())
        authority = where.host if where.port else f"{where.host}:{default}"
    # An OPTIONS request to the server as a whole keeps its empty path (RFC 9110 §4.2.3).
    path = where.path if recipe.request.method == "OPTIONS" else path_of(recipe, where)
    suffix = "" if where.query is None else "?" + where.query
    return f"{where.scheme}://{authority}{path}{suffix}"


def _query_param(component: Component, where: Target) -> str:
    name = component.param("name")
    if not isinstance(name, str):
        raise _error(f'`{component.identifier}` needs `;name="…"`, the parameter it signs.')
    values = parse_qs(where.query or "", keep_blank_values=True).get(unquote(name), [])
    if len(values) != 1:
        given = "is not in the query" if not values else f"is given {len(values)} times"
        raise InputError(
            COMPONENTS,
            f"`{component.identifier}`: the query parameter `{unquote(name)}` {given}; "
            "`@query-param` signs exactly one value.",
        )
    # RFC 9421 §2.2.8: decoded, then re-encoded with the form percent-encode set, SP as %20.
    return quote(values[0], safe="*").replace("~", "%7E")


def derived_value(component: Component, recipe: Recipe, where: Target) -> str:
    """A derived component's value (RFC 9421 §2.2) for the request."""
    name = component.name
    if name not in DERIVED:
        raise _error(f"`{name}` is not a derived component of a request ({', '.join(DERIVED)}).")
    unknown = {key for key, _ in component.params} - ({"name"} if name == "@query-param" else set())
    if unknown:
        raise _error(f"`{component.identifier}`: `{name}` takes no `;{sorted(unknown)[0]}`.")
    if name == "@method":
        return recipe.request.method
    if name == "@path":
        return path_of(recipe, where)
    if name == "@query":
        return "?" + (where.query or "")
    if name == "@request-target":
        return path_of(recipe, where) + ("" if where.query is None else "?" + where.query)
    if name == "@query-param":
        return _query_param(component, where)
    _needs_origin(component, where)
    if name == "@authority":
        return _authority(recipe, where)
    if name == "@scheme":
        return where.scheme.lower()
    return _target_uri(recipe, where)


#: Each header's lines by lower-case name, in the order sent.
Fields = dict[str, list[str]]


def header_fields(recipe: Recipe) -> Fields:
    """Every header's lines by lower-case name, in order, each trimmed of SP and HTAB: one
    pass over the headers, however many components read them."""
    untrimmed = "fields_untrimmed" in recipe.flags
    found: Fields = {}
    for name, value in recipe.request.headers:
        found.setdefault(name.lower(), []).append(value if untrimmed else value.strip(" \t"))
    if "fields_last_line" in recipe.flags:
        return {name: lines[-1:] for name, lines in found.items()}
    return found


def _structured(component: Component, value: str) -> str:
    try:
        tltype = "dictionary" if component.name == "content-digest" else None
        parsed = sf.parse(value, tltype, name=component.name)
    except KeyError:
        raise _error(
            f"`{component.identifier}`: `;sf` needs a field of a registered structured type "
            f"(`priority`, `cache-control`...); `{component.name}` is not one."
        ) from None
    except sf.SFError as error:
        raise _error(f"`{component.identifier}`: the field is not valid ({error}).") from None
    return sf.serialize(parsed)


def _member(component: Component, value: str) -> str:
    key = component.param("key")
    try:
        parsed = sf.dictionary(value)
    except sf.SFError as error:
        raise _error(
            f"`{component.identifier}`: the field is not a Dictionary ({error})."
        ) from None
    if not isinstance(key, str) or key not in parsed:
        raise _error(f"`{component.identifier}`: the field has no member `{key}`.")
    return sf.member(parsed[key])


def field_value(component: Component, fields: Fields) -> str:
    """A header field's value (RFC 9421 §2.1): its lines trimmed and joined with ``, ``; with
    ``;key`` one Dictionary member, ``;sf`` the whole field re-serialized, ``;bs`` each line
    as a Byte Sequence."""
    params = dict(component.params)
    if "req" in params:
        raise _error(
            f"`{component.identifier}`: `;req` names the request a response answers; "
            "Sigscope signs requests."
        )
    unknown = set(params) - FIELD_PARAMS
    if unknown:
        raise _error(f"`{component.identifier}`: `;{sorted(unknown)[0]}` is not supported.")
    lines = fields.get(component.name, [])
    if not lines:
        raise InputError(
            COMPONENTS,
            f"`{component.identifier}` is covered but the request has no `{component.name}` "
            "header: add it to Headers, or take it out of the covered components.",
        )
    if "bs" in params:
        if len(params) > 1:
            raise _error(f"`{component.identifier}`: `;bs` cannot be combined.")
        try:
            return sf.serialize([(line.encode("latin-1"), {}) for line in lines])
        except UnicodeEncodeError:
            raise _error(f"`{component.identifier}`: `;bs` needs Latin-1 values.") from None
    value = ", ".join(lines)
    if "key" in params:
        return _member(component, value)
    if "sf" in params:
        return _structured(component, value)
    return value


def value_of(component: Component, recipe: Recipe, where: Target, fields: Fields) -> str:
    if component.derived:
        return derived_value(component, recipe, where)
    return field_value(component, fields)
