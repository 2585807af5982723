"""RFC 9421 §2.5: the signature base, step by step. Pure.

One line per covered component, ``"identifier": value``, in the order ``Signature-Input``
lists them, then ``"@signature-params": (…);created=…``; lines joined with LF and no LF after
the last. That string is what HMAC-SHA256 signs (as UTF-8; the RFC requires ASCII).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import InputError
from app.core.recipe import Recipe
from app.core.schemes.rfc9421 import cavage
from app.core.schemes.rfc9421.components import (
    COMPONENTS,
    DEFAULT_PORTS,
    Component,
    Fields,
    Target,
    header_fields,
    parse_components,
    raw_query,
    target,
    value_of,
    write_components,
)
from app.core.schemes.rfc9421.digest import digest_step
from app.core.schemes.rfc9421.params import Value, serialize, signature_params
from app.core.trace import Step, join_notes

PARAMS_ID = '"@signature-params"'


@dataclass(frozen=True)
class Base:
    """What a recipe signs: its components, their lines, the parameters line, the base."""

    components: tuple[Component, ...]
    lines: tuple[str, ...]
    params_value: str
    text: str


def components_of(recipe: Recipe) -> tuple[Component, ...]:
    return parse_components(recipe.request.input(COMPONENTS))


def build(recipe: Recipe) -> Base:
    components = components_of(recipe)
    where = target(recipe)
    params_value = serialize(components, signature_params(recipe))
    fields = header_fields(recipe)
    lines = tuple(
        f"{component.identifier}: {value_of(component, recipe, where, fields)}"
        for component in components
    )
    if "cavage" in recipe.flags:
        text = cavage.signing_string(recipe, components, where, fields)
        return Base(components, lines, params_value, text)
    ordered = tuple(sorted(lines)) if "components_sorted" in recipe.flags else lines
    text = "\n".join([*ordered, f"{PARAMS_ID}: {params_value}"])
    if "base_trailing_newline" in recipe.flags:
        text += "\n"
    return Base(components, lines, params_value, text)


#: What a recipe that cannot be signed "signs" in the lens and the diagnosis: a mistaken
#: recipe (a covered header a hypothesis removed) must not stop the search, and no base can
#: contain this NUL-led text, so it never matches.
UNSIGNABLE = "\x00unsignable: "


def string_to_sign(recipe: Recipe) -> str:
    """The base alone. The correct recipe's errors are raised by ``canonicalize`` first (the
    trace always runs before the lens and the search); a mistaken one's give ``UNSIGNABLE``."""
    try:
        return build(recipe).text
    except InputError as error:
        return UNSIGNABLE + error.message


def _sent_lines(recipe: Recipe) -> dict[str, list[tuple[str, str]]]:
    """Each header's lines as sent, by lower-case name (one pass over the headers)."""
    sent: dict[str, list[tuple[str, str]]] = {}
    for name, value in recipe.request.headers:
        sent.setdefault(name.lower(), []).append((name, value))
    return sent


@dataclass(frozen=True)
class _Headers:
    """The headers as sent and as signed, by lower-case name, for the steps' inputs and notes."""

    sent: dict[str, list[tuple[str, str]]]
    signed: Fields


def _source(component: Component, recipe: Recipe, where: Target, headers: _Headers) -> str:
    """What a component's value is read from, for the step's input."""
    if not component.derived:
        return "\n".join(f"{name}: {value}" for name, value in headers.sent.get(component.name, []))
    origin = recipe.request.input("origin")
    query = "" if where.query is None else "?" + where.query
    sources = {
        "@method": recipe.request.method,
        "@path": where.path,
        "@query": query,
        "@query-param": query,
        "@request-target": where.path + query,
    }
    return sources.get(component.name, f"{origin} {where.path}{query}".strip())


def _note(component: Component, recipe: Recipe, where: Target, headers: _Headers) -> str | None:
    name = component.name
    notes = []
    port = where.port
    default = DEFAULT_PORTS.get(where.scheme.lower())
    if name == "@authority" and port and port.lstrip("0") == default:
        notes.append(f"the default port `:{where.port}` dropped")
    if name == "@authority" and where.host != where.host.lower():
        notes.append("host lower-cased")
    if name == "@target-uri" and where.port is not None:
        notes.append("the authority as the client wrote it: a default port stays")
    if name in {"@path", "@request-target", "@target-uri"} and not where.path:
        notes.append("empty path signed as `/`")
    if name in {"@query", "@target-uri", "@request-target", "@query-param"}:
        built = raw_query(recipe)[1]
        if built:
            notes.append(
                "query built from Query parameters, form-encoded; fill Raw query to sign it "
                "exactly as sent"
            )
    if name == "@method" and recipe.request.method != recipe.request.method.upper():
        notes.append("not upper-case: verifiers read the method as sent, upper-case")
    if not component.derived:
        lines = headers.signed.get(name, [])
        if len(lines) > 1:
            notes.append(f"{len(lines)} field lines joined with `, `")
        if any(value != value.strip(" \t") for _, value in headers.sent.get(name, [])):
            notes.append("leading and trailing spaces trimmed")
        if lines and not any(lines):
            notes.append("an empty field: the line ends with `: `")
    return join_notes(*notes)


def _component_steps(recipe: Recipe, base: Base) -> list[Step]:
    where = target(recipe)
    headers = _Headers(_sent_lines(recipe), header_fields(recipe))
    return [
        Step(
            f"component_{index}",
            f"Component {component.identifier}",
            _source(component, recipe, where, headers),
            line,
            _note(component, recipe, where, headers),
        )
        for index, (component, line) in enumerate(
            zip(base.components, base.lines, strict=True), start=1
        )
    ]


def _params_note(recipe: Recipe, params: dict[str, Value]) -> str | None:
    notes = []
    if "alg" not in params:
        notes.append("no `alg`: the verifier knows the key's algorithm (as RFC 9421 B.2.5)")
    if "created" not in params:
        notes.append("no `created`: http-message-signatures' verifier requires one")
    if "keyid" not in params:
        notes.append("no `keyid`: http-message-signatures' verifier requires one")
    return join_notes(*notes)


def canonicalize(recipe: Recipe) -> list[Step]:
    base = build(recipe)
    components_text = recipe.request.input(COMPONENTS)
    covered = {component.name for component in base.components}
    body_note = None
    if recipe.request.body and "content-digest" not in covered:
        body_note = "`content-digest` not covered: the signature says nothing about the body"
    params = signature_params(recipe)
    steps = [
        Step(
            "components",
            "Covered components",
            components_text,
            write_components(base.components),
            join_notes(f"{len(base.components)} components, signed in this order", body_note),
        ),
        *_component_steps(recipe, base),
    ]
    digest = digest_step(recipe, covered)
    if digest is not None:
        steps.append(digest)
    steps += [
        Step(
            "signature_params",
            "`@signature-params`",
            " ".join(f"{name}={value}" for name, value in params.items()),
            f"{PARAMS_ID}: {base.params_value}",
            _params_note(recipe, params),
        ),
        Step(
            "signature_base",
            "Signature base",
            f"{len(base.lines)} component lines and the `@signature-params` line",
            base.text,
            _base_note(recipe),
        ),
    ]
    return steps


def _base_note(recipe: Recipe) -> str | None:
    if "cavage" in recipe.flags:
        return "draft-cavage's signing string, not RFC 9421's base"
    if "base_trailing_newline" in recipe.flags:
        return "a trailing LF added: RFC 9421's base ends without one"
    if "components_sorted" in recipe.flags:
        return "lines sorted, while `@signature-params` keeps the order sent"
    return "lines joined with LF, no LF after the last"
