"""The page's form: raw text fields as typed, and their translation to the API's input.

Everything the page signs goes through ``inputs.parse_sign_input``, like the JSON API, so the
two accept and reject the same things. Text areas follow what people paste: ``Name: value``
header lines, ``name=value`` param lines or a whole query string.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import MultiDict

from app.core.errors import InputError
from app.core.importers import ImportResult
from app.core.received import Choices

#: The scheme menu: value -> (scheme, variant, label).
SCHEME_CHOICES: dict[str, tuple[str, str | None, str]] = {
    "actionstreamer:tutorial": ("actionstreamer", "tutorial", "ActionStreamer (tutorial)"),
    "actionstreamer:sdk": ("actionstreamer", "sdk", "ActionStreamer (SDK)"),
    "apiaxle": ("apiaxle", None, "ApiAxle"),
}

LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n"}


@dataclass(frozen=True)
class FormState:
    scheme: str = "actionstreamer:tutorial"
    method: str = "GET"
    path: str = "/"
    headers: str = ""
    params: str = ""
    body: str = ""
    line_endings: str = "lf"
    api_key: str = ""
    secret: str = ""
    timestamp: str = ""
    server_time: str = ""
    window: str = "3"
    signature: str = ""
    evidence: str = ""
    compare_expected: str = ""
    compare_actual: str = ""
    #: "form": that side of the comparison is the string to sign computed from the form
    compare_expected_source: str = "form"
    compare_escapes: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, str]) -> FormState:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known})

    @property
    def scheme_name(self) -> str:
        return SCHEME_CHOICES.get(self.scheme, ("", None, ""))[0]

    def to_input(self) -> dict[str, object]:
        """The ``/api/v1/sign`` body this form describes."""
        if self.scheme not in SCHEME_CHOICES:
            raise InputError("scheme", "Pick a scheme from the list.")
        scheme, variant, _ = SCHEME_CHOICES[self.scheme]
        data: dict[str, object] = {
            "scheme": scheme,
            "method": self.method.strip() or "GET",
            "path": self.path.strip(),
            "headers": parse_header_lines(self.headers),
            "params": parse_param_text(self.params),
            "body": signed_body(self.body, self.line_endings),
            "api_key": self.api_key,
            "secret": self.secret,
        }
        if variant:
            data["variant"] = variant
        if scheme == "apiaxle":
            data["timestamp"] = _integer_field("timestamp", self.timestamp)
            server_time = _integer_field("server_time", self.server_time, required=False)
            if server_time is not None:
                data["server_time"] = server_time
            data["window"] = _integer_field("window", self.window, required=False)
        return data


def imported(form: FormState, found: ImportResult) -> FormState:
    """``form`` with what an import found; the secret (never in evidence) is kept."""
    request = found.request
    changes = {
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
    if request.timestamp is not None:
        changes["timestamp"] = str(request.timestamp)
    if found.scheme == "apiaxle":
        changes["scheme"] = "apiaxle"
    elif found.variant:
        changes["scheme"] = f"{found.scheme}:{found.variant}"
    elif found.scheme == "actionstreamer" and form.scheme_name != "actionstreamer":
        changes["scheme"] = "actionstreamer:tutorial"
    return replace(form, **changes)


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


def compare_text(text: str, escapes: bool) -> str:
    """A pasted string to compare: newlines as LF (browsers submit CRLF), and, when asked,
    backslash escapes such as ``\\n`` read the way logs print them."""
    text = "\n".join(_lines(text))
    if not escapes:
        return text
    try:
        return text.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError as error:
        raise InputError(
            "compare", f"An escape near character {error.start} is incomplete: {error.reason}."
        ) from None


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


def _integer_field(name: str, text: str, *, required: bool = True) -> int | None:
    text = text.strip()
    if not text:
        if required:
            raise InputError(name, "Enter the epoch in whole seconds, e.g. 1700000000.")
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(name, f"`{text}` is not a whole number of seconds.") from None
