"""The page's form: raw text fields as typed, and their translation to the API's input.

Everything the page signs goes through ``inputs.parse_sign_input``, like the JSON API, so the
two accept and reject the same things. Text areas follow what people paste: ``Name: value``
header lines, ``name=value`` param lines or a whole query string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import MultiDict

from app.core.errors import InputError
from app.core.importers import ImportResult
from app.core.logged import Logged, read_escapes
from app.core.received import Choices
from app.core.schemes import SCHEMES
from app.core.schemes.declare import Input
from app.web.fields import choices, declared_inputs, first_choice, menu_value

LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n"}


@dataclass(frozen=True)
class FormState:
    """The form as typed. The request's own parts are attributes; what a scheme declares
    beyond them (a timestamp, a server's setting) is in ``inputs``, by input name."""

    scheme: str = ""
    method: str = "GET"
    path: str = "/"
    headers: str = ""
    params: str = ""
    body: str = ""
    line_endings: str = "lf"
    api_key: str = ""
    secret: str = ""
    signature: str = ""
    evidence: str = ""
    compare_expected: str = ""
    compare_actual: str = ""
    #: "form": that side of the comparison is the string to sign computed from the form
    compare_expected_source: str = "form"
    compare_escapes: str = ""
    inputs: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, str]) -> FormState:
        known = {f.name for f in fields(cls)} - {"inputs"}
        declared = declared_inputs().keys() - known
        given = {k: str(v) for k, v in data.items() if k in known}
        given.setdefault("scheme", first_choice())  # a post without the menu: its first entry
        inputs = {k: str(v) for k, v in data.items() if k in declared}
        return cls(**given, inputs=inputs | clock_edits(data, declared))

    def value(self, name: str) -> str:
        """The text of the field for input ``name``: as typed, else the input's initial text."""
        if name in self.inputs:
            return self.inputs[name]
        if name != "inputs" and name in _ATTRIBUTES:
            text: str = getattr(self, name)
            return text
        given = declared_inputs().get(name)
        return given.initial if given else ""

    @property
    def scheme_name(self) -> str:
        choice = choices().get(self.scheme)
        return choice.scheme if choice else ""

    def to_input(self) -> dict[str, object]:
        """The ``/api/v1/sign`` body this form describes: the inputs its scheme declares."""
        choice = choices().get(self.scheme)
        if choice is None:
            raise InputError("scheme", "Pick a scheme from the list.")
        data: dict[str, object] = {"scheme": choice.scheme}
        if choice.variant:
            data["variant"] = choice.variant
        for given in SCHEMES[choice.scheme].inputs:
            value = _READERS.get(given.name, _by_kind)(self, given)
            if value is not _OMITTED:
                data[given.name] = value
        data.setdefault("secret", self.secret)
        return data


_ATTRIBUTES = frozenset(f.name for f in fields(FormState))
#: An optional number left empty: the API's default applies.
_OMITTED = object()


def _by_kind(form: FormState, given: Input) -> object:
    text = form.value(given.name)
    if given.kind == "pairs":
        return parse_param_text(text)
    if given.kind in ("epoch", "integer"):
        return _number(given, text)
    return text


#: How the page reads the request's own fields (browsers submit CRLF; a blank method is GET).
_READERS: dict[str, Callable[[FormState, Input], object]] = {
    "method": lambda form, _: form.method.strip() or "GET",
    "path": lambda form, _: form.path.strip(),
    "headers": lambda form, _: parse_header_lines(form.headers),
    "params": lambda form, _: parse_param_text(form.params),
    "body": lambda form, _: signed_body(form.body, form.line_endings),
}


def imported(form: FormState, found: ImportResult) -> FormState:
    """``form`` with what an import found; the secret (never in evidence) is kept. The menu
    moves to the scheme (and variant) the evidence names, unless it is already on it."""
    request = found.request
    changes: dict[str, object] = {
        "method": request.method,
        "path": request.path,
        "headers": "\n".join(f"{name}: {value}" for name, value in request.headers),
        "params": param_text(request.params),
        "body": request.body,
        "line_endings": "crlf" if "\r\n" in request.body else "lf",
        "signature": found.signature or "",
    }
    if request.api_key:
        changes["api_key"] = request.api_key
    read = dict(request.inputs)  # a scheme's own inputs the evidence gave (``Scheme.read``)
    carried = {
        name: str(value)
        for name in declared_inputs().keys() - _ATTRIBUTES
        if (value := read.get(name, getattr(request, name, None))) is not None
    }
    if carried:
        changes["inputs"] = {**form.inputs, **carried}
    menu = choices()
    if found.scheme in SCHEMES:
        wanted = menu_value(found.scheme, found.variant or "")
        if wanted in menu:
            changes["scheme"] = wanted
        elif form.scheme_name != found.scheme:
            changes["scheme"] = next(v for v, c in menu.items() if c.scheme == found.scheme)
    return replace(form, **changes)  # type: ignore[arg-type]


def clock_edits(data: Mapping[str, str], declared: Iterable[str]) -> dict[str, str]:
    """The server-side inputs edited beside the window picture: ``clock_<name>`` wins over
    the form's field when it differs from the value it was drawn with (``clock_was_<name>``)."""
    return {
        name: str(data[f"clock_{name}"])
        for name in declared
        if f"clock_{name}" in data and data[f"clock_{name}"] != data.get(f"clock_was_{name}")
    }


def header_choices(data: MultiDict[str, str]) -> Choices:
    """The import summary's checkboxes, when the user re-runs the import with them: one
    ``received_header`` per header listed, one ``signed_header`` per box ticked. Names the
    (maybe edited) evidence no longer carries are ignored."""
    if not data.get("reimport"):
        return Choices(strict=False)
    ticked = {name.lower() for name in data.getlist("signed_header")}
    listed = (name.lower() for name in data.getlist("received_header"))
    return Choices({name: name in ticked for name in listed}, strict=False)


def line_endings_note(body: str) -> str | None:
    """A warning for an imported body the page cannot sign byte for byte: a text area holds
    one kind of line ending (the LF/CRLF choice), and this body mixes them."""
    crlf = body.count("\r\n")
    lf, cr = body.count("\n") - crlf, body.count("\r") - crlf
    if not (crlf and lf) and not cr:
        return None
    counts = ", ".join(
        f"{count} {name}" for count, name in ((crlf, "CRLF"), (lf, "LF"), (cr, "lone CR")) if count
    )
    return (
        f"The body mixes line endings ({counts}), and the page signs one kind, so its "
        "signature can differ from the client's. `POST /api/v1/sign` signs the body byte for byte."
    )


def compare_text(text: str, escapes: bool, side: str, name: str) -> Logged:
    """A pasted string to compare (``side`` says which, ``name`` is its field): newlines as
    LF (browsers submit CRLF), and, when asked, read the way logs print it: one pair of
    surrounding quotes taken off, backslash escapes such as ``\\n`` read."""
    text = "\n".join(_lines(text))
    return read_escapes(text, side, name) if escapes else Logged(text)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_header_lines(text: str) -> list[list[str]]:
    """``Name: value`` per line; surrounding spaces and tabs of the value are HTTP whitespace."""
    pairs = []
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise InputError(
                "headers", f"Headers, line {number}: `{line.strip()}` is not `Name: value`."
            )
        pairs.append([name.strip(), value.strip(" \t")])
    return pairs


def parse_param_text(text: str) -> list[list[str]]:
    """``name=value`` per line (taken as typed), or one pasted query string (URL-decoded)."""
    lines = [line for line in _lines(text) if line.strip()]
    if len(lines) == 1 and (lines[0].startswith("?") or "&" in lines[0]):
        query = lines[0].strip().removeprefix("?")
        return [[name, value] for name, value in parse_qsl(query, keep_blank_values=True)]
    pairs = []
    for line in lines:
        name, _, value = line.partition("=")
        pairs.append([name, value])
    return pairs


def param_text(pairs: Sequence[tuple[str, str]]) -> str:
    """The params box's text for ``pairs``: what ``parse_param_text`` reads back as ``pairs``.

    A ``name=value`` line each, as people type them; but where that would be misread (a lone
    line with `&`, as in ``q=a&b``, is a query string; a name with `=`, a line break, a blank
    line), one URL-encoded query string instead.
    """
    lines = "\n".join(f"{name}={value}" for name, value in pairs)
    if parse_param_text(lines) == [[name, value] for name, value in pairs]:
        return lines
    return "?" + urlencode(pairs)


def signed_body(text: str, line_endings: str) -> str:
    """Browsers submit textarea newlines as CRLF: sign the line endings the user picked."""
    newline = LINE_ENDINGS.get(line_endings, "\n")
    return "\n".join(_lines(text)).replace("\n", newline) if text else ""


def _number(given: Input, text: str) -> object:
    """A whole number typed in a field; empty is ``null`` where the input allows it (an API
    with no setting), else the API's default."""
    text = text.strip()
    seconds = " of seconds" if given.kind == "epoch" else ""
    if not text:
        if given.required:
            example = ", e.g. 1700000000" if given.kind == "epoch" else ""
            raise InputError(given.name, f"Enter {given.label} as a whole number{example}.")
        return None if given.nullable else _OMITTED
    try:
        return int(text)
    except ValueError:
        raise InputError(given.name, f"`{text}` is not a whole number{seconds}.") from None
