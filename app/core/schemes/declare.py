"""What a scheme declares about its inputs and where its values travel. Pure data.

A scheme module builds these; the rest of Sigscope reads them instead of knowing the scheme:
the API's validation and its OpenAPI document read ``Input``; the page's form renders one
field per ``Input``; the importers look for the signature, the key and the timestamp where
``Transport`` says they travel, and recognise a variant by its ``markers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: The kinds of ``Input``: how its API value is checked and how the page's field reads it.
INPUT_KINDS = ("text", "pairs", "epoch", "integer", "choice")


@dataclass(frozen=True)
class Input:
    """One value a scheme reads, with what the API, the page and the OpenAPI document need.

    ``signed`` inputs are part of the request the client signs: an attribute of
    ``SignRequest`` of the same name where there is one (``timestamp``), else an entry of
    ``SignRequest.inputs`` (read with ``request.input(name)``). The others describe the
    server's side (its clock, its tolerance) and go to the scheme's verdict only.

    A ``secret`` input is a second key (OAuth's token secret): it is never part of the
    request, goes to ``Recipe.secrets`` (read with ``recipe.secret_input(name)``), and the
    page shows it as a password field, never in a link. A ``choice`` input takes one of
    ``choices``.
    """

    name: str
    label: str
    kind: str
    help: str
    signed: bool = True
    required: bool = False
    #: The API's value when the field is absent; ``nullable`` allows ``null`` (no setting).
    default: int | str | None = None
    nullable: bool = False
    minimum: int | None = None
    maximum: int | None = None
    #: The page's field: its text when the page opens, and whether it has a "now" button.
    initial: str = ""
    now_button: bool = False
    secret: bool = False
    choices: tuple[str, ...] = ()
    #: For a second secret: the input whose value means this secret is needed too (OAuth's
    #: token secret, once the request carries an `oauth_token`).
    needed_with: str = ""

    def __post_init__(self) -> None:
        if self.kind not in INPUT_KINDS:
            raise ValueError(f"Input {self.name!r}: kind must be one of {INPUT_KINDS}.")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"Input {self.name!r}: a choice, and only a choice, has choices.")

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "help": self.help,
            "signed": self.signed,
            "required": self.required,
            "default": self.default,
            "nullable": self.nullable,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "secret": self.secret,
            "choices": list(self.choices),
        }


def secrets_needed(inputs: Iterable[Input], value_of: Callable[[str], str]) -> list[Input]:
    """The second secrets a request needs but lacks: each whose ``needed_with`` input holds a
    value while it is empty (``value_of`` reads an input's value by name)."""
    return [
        given
        for given in inputs
        if given.secret
        and given.needed_with
        and value_of(given.needed_with).strip()
        and not value_of(given.name)
    ]


#: The request's own parts, which most schemes read: a scheme lists the ones it signs.
METHOD = Input(
    "method", "Method", "text", "The HTTP method, as the client signs it.", default="GET"
)
PATH = Input("path", "Path", "text", "The path, as the client signs it.", default="")
HEADERS = Input("headers", "Headers", "pairs", "One `Name: value` per line.")
PARAMS = Input("params", "Query parameters", "pairs", "One `name=value` per line.")
BODY = Input("body", "Body", "text", "The body, byte for byte.", default="")
API_KEY = Input("api_key", "API key", "text", "The public key id the client sends.", default="")
SECRET = Input(
    "secret", "Secret key", "text", "The shared secret the HMAC is keyed with.", required=True
)
#: How the secret's text becomes key bytes; every scheme reads it (``digest.secret_bytes``).
SECRET_ENCODINGS = ("text", "base64", "hex")
SECRET_ENCODING = Input(
    "secret_encoding",
    "Secret encoding",
    "choice",
    "How the secret's text becomes the key's bytes: `text` (UTF-8), `base64` (decoded, as "
    "RFC 9421's test key and Standard Webhooks' secrets are) or `hex` (decoded).",
    default="text",
    choices=SECRET_ENCODINGS,
    initial="text",
)
#: Where the client sent the request: ``https://host[:port]``, for schemes that sign it.
ORIGIN = Input(
    "origin",
    "Origin",
    "text",
    "The scheme and authority the client sent the request to, as `https://host[:port]`, "
    "without the path.",
    default="",
    initial="https://example.com",
)


@dataclass(frozen=True)
class Location:
    """Where one value travels in a request, in the order a server reads the places.

    ``headers`` are lower-case names; ``params`` exact query parameter names;
    ``header_params`` ``name=value`` items inside a header's value (``signature="…"`` in an
    ``Authorization`` header); ``prefixes`` are stripped from the value when it is read.
    Of ``params`` the first given a value is read (an empty one is passed over; one given more
    than once is read as its values joined by commas); ``repeated`` says, in words, what the
    server answers to such a repeated param (empty: nothing beyond that).
    """

    headers: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    header_params: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    repeated: str = ""

    def __bool__(self) -> bool:
        return bool(self.headers or self.params or self.header_params)


@dataclass(frozen=True)
class Transport:
    """How a signed request carries what the server needs to check it.

    ``forms`` are the output encodings (keys of ``digest.OUTPUT_ENCODINGS``) the server
    accepts: it compares strings, so a digest in any other form is rejected.
    """

    description: str
    signature: Location
    key: Location = Location()
    timestamp: Location = Location()
    forms: tuple[str, ...] = ("hex",)
