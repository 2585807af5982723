"""The page's scheme menu and form fields, built from the scheme registry on each request.

Nothing here knows a scheme: the menu lists every scheme (one entry per variant), and each
``Input`` a scheme declares becomes one field, shown for the menu entries whose scheme reads
it. A scheme registered at run time appears in the page with no other edit, so the registry
is read when a page is built, never kept from import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme, Variant
from app.core.schemes.declare import Input


@dataclass(frozen=True)
class Choice:
    """One entry of the scheme menu: ``scheme:variant``, or the scheme's name alone."""

    value: str
    scheme: str
    variant: str
    label: str


def menu_value(scheme: str, variant: str = "") -> str:
    return f"{scheme}:{variant}" if variant else scheme


def _choice(scheme: Scheme, variant: Variant | None) -> Choice:
    if variant is None:
        return Choice(scheme.name, scheme.name, "", scheme.title)
    label = f"{scheme.title} ({variant.title})"
    return Choice(menu_value(scheme.name, variant.id), scheme.name, variant.id, label)


def choices() -> dict[str, Choice]:
    """The scheme menu, by value, in the registry's order."""
    found = (
        _choice(scheme, variant)
        for scheme in SCHEMES.values()
        for variant in (scheme.variants or (None,))
    )
    return {choice.value: choice for choice in found}


def first_choice() -> str:
    return next(iter(choices()), "")


def declared_inputs() -> dict[str, Input]:
    """Every input some scheme reads, by name (the first scheme to declare a name labels it)."""
    found: dict[str, Input] = {}
    for scheme in SCHEMES.values():
        for given in scheme.inputs:
            found.setdefault(given.name, given)
    return found


#: The request's own parts, in the "Request" group; the credentials; the rest of what the
#: schemes declare goes in a group of its own. Multi-line fields and their heights.
REQUEST = ("method", "path", "headers", "params", "body")
CREDENTIALS = ("api_key", "secret", "secret_encoding")
#: A scheme written in the page (``custom``'s description, with its builder): under the menu.
OWN = ("description",)
ROWS = {"headers": 4, "params": 3, "body": 6, "description": 12}
#: Fields that share a line (the method beside the path), and the secret, always shown.
INLINE = ("method", "path")
ALWAYS = frozenset({"secret"})
#: Where the page's field behaves differently from the API's input, its own hint ("" none).
PAGE_HINTS = {
    "method": "",
    "path": "",
    "body": "",
    "api_key": "",
    "params": "One `name=value` per line (signed as typed), or paste a query string like "
    "`?a=1&b=x+y` (decoded).",
    "secret": "Used for this answer only: never stored, logged or put in a link.",
    # Declared by several schemes, each in its own words (GET /api/v1/schemes has them).
    "server_time": "The server's clock, epoch seconds, that it checks the signed time "
    "against; empty means the time the client signed.",
    "timestamp": "The epoch second the client signed.",
    "description": "The builder above writes it, and follows what you type here. Its JSON "
    "Schema: `GET /api/v1/schemes/description-schema`.",
}


@dataclass(frozen=True)
class Field:
    """One form field for a declared input, and the menu entries it is shown for."""

    input: Input
    schemes: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.input.name

    @property
    def id(self) -> str:
        return "f-" + self.name.replace("_", "-")

    @property
    def hint_id(self) -> str:
        return "h-" + self.name.replace("_", "-")

    @property
    def hint(self) -> str:
        return PAGE_HINTS.get(self.name, self.input.help)

    @property
    def widget(self) -> str:
        """``secret``, ``password`` (another secret), ``select`` (a choice), ``textarea``
        (pairs, and the body) or ``input``."""
        if self.name == "secret":
            return "secret"
        if self.input.secret:
            return "password"
        if self.input.kind == "choice":
            return "select"
        return "textarea" if self.name in ROWS or self.input.kind == "pairs" else "input"

    @property
    def rows(self) -> int:
        return ROWS.get(self.name, 3)

    @property
    def numeric(self) -> bool:
        return self.input.kind in ("epoch", "integer")

    @property
    def line_endings(self) -> bool:
        """The body's field carries the LF/CRLF choice (browsers submit CRLF)."""
        return self.name == "body"

    @property
    def css(self) -> str:
        return {"method": "method", "path": "grow"}.get(self.name, "")

    @property
    def data_schemes(self) -> str:
        """The menu entries the field shows for, as the page's script reads them."""
        return "" if self.name in ALWAYS else " ".join(self.schemes)

    def shown(self, value: str) -> bool:
        return self.name in ALWAYS or value in self.schemes


@dataclass(frozen=True)
class Group:
    """A fieldset: its fields, in rows (fields of one row sit side by side)."""

    legend: str
    rows: tuple[tuple[Field, ...], ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(field for row in self.rows for field in row)

    @property
    def data_schemes(self) -> str:
        if any(field.name in ALWAYS for field in self.fields):
            return ""
        return " ".join(dict.fromkeys(value for f in self.fields for value in f.schemes))

    def shown(self, value: str) -> bool:
        return any(field.shown(value) for field in self.fields)


def _rows(fields: list[Field]) -> tuple[tuple[Field, ...], ...]:
    inline = tuple(field for field in fields if field.name in INLINE)
    rest = ((field,) for field in fields if field.name not in INLINE)
    return ((inline,) if inline else ()) + tuple(rest)


def groups() -> list[Group]:
    """The form's fieldsets: your own scheme (its description), the request, the credentials,
    then every other declared input."""
    menu = choices().values()
    fields = {
        name: Field(given, tuple(c.value for c in menu if SCHEMES[c.scheme].input(name)))
        for name, given in declared_inputs().items()
    }
    credentials = CREDENTIALS + tuple(name for name, f in fields.items() if f.input.secret)
    others = [field for name, field in fields.items() if name not in REQUEST + credentials + OWN]
    found = [
        Group("Your scheme", _rows([fields[name] for name in OWN if name in fields])),
        Group("Request", _rows([fields[name] for name in REQUEST if name in fields])),
        Group("Credentials", _rows([fields[name] for name in credentials if name in fields])),
        Group("For this scheme", _rows(others)),
    ]
    return [group for group in found if group.rows]
